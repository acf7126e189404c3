// JSON Pointers (RFC 6901) into a delivery's body: where identify, data
// fields, comments and template tags read their values.
//
// Thread-safety: pure functions; a JsonPointer is immutable once built and
// may be read by several threads.

#ifndef EARSHOT_COMMON_BASE_JSON_POINTER_H_
#define EARSHOT_COMMON_BASE_JSON_POINTER_H_

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include <memory>
#include <string_view>

namespace earshot {

// True for a syntactically valid JSON Pointer that starts with '/'.
bool IsJsonPointer(std::string_view text);
// The value at `pointer` in `root`, or null when absent. Parses `pointer`
// on every call: what is read on every delivery holds a JsonPointer.
const rapidjson::Value* ResolvePointer(const rapidjson::Value& root,
                                       std::string_view pointer);

// A JSON Pointer parsed once, when a listener is loaded, and resolved on
// every delivery. An invalid text resolves to null.
class JsonPointer {
 public:
  JsonPointer() = default;
  explicit JsonPointer(std::string_view text);

  const rapidjson::Value* Resolve(const rapidjson::Value& root) const {
    return compiled_ ? compiled_->Get(root) : nullptr;
  }

 private:
  // Tokens on the heap (rapidjson's default allocator would take a 64 KiB
  // pool per pointer); shared, so copying a listener copies no tokens.
  using Compiled =
      rapidjson::GenericPointer<rapidjson::Value, rapidjson::CrtAllocator>;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_JSON_POINTER_H_
