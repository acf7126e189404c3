// JSON Pointers (RFC 6901) into a delivery's body: where identify, data
// fields, comments and template tags read their values.
//
// Thread-safety: pure functions (ResolvePointer's cache is per thread); a
// JsonPointer is immutable once built and may be read by several threads.

#ifndef EARSHOT_COMMON_BASE_JSON_POINTER_H_
#define EARSHOT_COMMON_BASE_JSON_POINTER_H_

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

// True for a syntactically valid JSON Pointer that starts with '/'.
bool IsJsonPointer(std::string_view text);
// The value at `pointer` in `root`, or null when absent. Each text is
// parsed once per thread (a bounded cache): meant for pointers taken from
// the configuration, not from bodies.
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

// Several JSON Pointers compiled once and resolved together: every object
// on their paths is scanned once, however many of them read its members (a
// data group's fields mostly read members of one object, such as a Jira
// issue's /issue/fields). Each resolves to what ResolvePointer gives: the
// first member of a name, an array element by its decimal index (no
// leading zero), null when absent or when the text is not a valid pointer.
class JsonPointerSet {
 public:
  JsonPointerSet() = default;
  explicit JsonPointerSet(const std::vector<std::string>& texts);

  size_t size() const;
  // (*values)[i] is pointer i's value in `root`, or null.
  void Resolve(const rapidjson::Value& root,
               std::vector<const rapidjson::Value*>* values) const;

 private:
  struct Impl;  // json_pointer.cc
  // Shared: copying a listener copies no nodes.
  std::shared_ptr<const Impl> impl_;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_JSON_POINTER_H_
