#include "common/base/json_pointer.h"

namespace earshot {

namespace {

using HeapPointer =
    rapidjson::GenericPointer<rapidjson::Value, rapidjson::CrtAllocator>;

}  // namespace

bool IsJsonPointer(std::string_view text) {
  if (text.empty() || text[0] != '/') return false;
  HeapPointer pointer(text.data(), text.size());
  return pointer.IsValid();
}

const rapidjson::Value* ResolvePointer(const rapidjson::Value& root,
                                       std::string_view pointer) {
  HeapPointer p(pointer.data(), pointer.size());
  if (!p.IsValid()) return nullptr;
  return p.Get(root);
}

JsonPointer::JsonPointer(std::string_view text) {
  auto compiled = std::make_shared<Compiled>(text.data(), text.size());
  if (compiled->IsValid()) compiled_ = std::move(compiled);
}

}  // namespace earshot
