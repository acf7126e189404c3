#include "common/base/json_pointer.h"

#include <rapidjson/pointer.h>

namespace earshot {

bool IsJsonPointer(std::string_view text) {
  if (text.empty() || text[0] != '/') return false;
  rapidjson::Pointer pointer(text.data(), text.size());
  return pointer.IsValid();
}

const rapidjson::Value* ResolvePointer(const rapidjson::Value& root,
                                       std::string_view pointer) {
  rapidjson::Pointer p(pointer.data(), pointer.size());
  if (!p.IsValid()) return nullptr;
  return p.Get(root);
}

}  // namespace earshot
