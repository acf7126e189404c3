// Small helpers for building the JSON documents earshotctl prints: every
// command builds one RapidJSON value, printed as JSON under --json and
// rendered as a table or a list of fields otherwise (see output.h).
//
// Thread-safety: as RapidJSON's: a document and its allocator belong to
// one thread.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_JSON_H_
#define EARSHOT_TOOLS_EARSHOTCTL_JSON_H_

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

namespace earshot::ctl {

using JsonAlloc = rapidjson::Document::AllocatorType;

inline rapidjson::Value JsonString(std::string_view text, JsonAlloc& alloc) {
  return rapidjson::Value(text.data(),
                          static_cast<rapidjson::SizeType>(text.size()), alloc);
}

// Adds member `key` to `object` (which must be an object), copying the key
// and any text.
inline void Put(rapidjson::Value* object, std::string_view key,
                rapidjson::Value value, JsonAlloc& alloc) {
  object->AddMember(JsonString(key, alloc), std::move(value), alloc);
}
inline void Put(rapidjson::Value* object, std::string_view key,
                std::string_view text, JsonAlloc& alloc) {
  Put(object, key, JsonString(text, alloc), alloc);
}
inline void Put(rapidjson::Value* object, std::string_view key,
                const char* text, JsonAlloc& alloc) {
  Put(object, key, std::string_view(text), alloc);
}
// Numbers and booleans.
template <typename T>
requires std::is_arithmetic_v<T>
inline void Put(rapidjson::Value* object, std::string_view key, T value,
                JsonAlloc& alloc) {
  Put(object, key, rapidjson::Value(value), alloc);
}
inline void Put(rapidjson::Value* object, std::string_view key, std::nullptr_t,
                JsonAlloc& alloc) {
  Put(object, key, rapidjson::Value(rapidjson::kNullType), alloc);
}

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_JSON_H_
