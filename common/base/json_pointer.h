// JSON Pointers (RFC 6901) into a delivery's body: where identify, data
// fields, comments and template tags read their values.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_JSON_POINTER_H_
#define EARSHOT_COMMON_BASE_JSON_POINTER_H_

#include <rapidjson/document.h>

#include <string_view>

namespace earshot {

// True for a syntactically valid JSON Pointer that starts with '/'.
bool IsJsonPointer(std::string_view text);
// The value at `pointer` in `root`, or null when absent.
const rapidjson::Value* ResolvePointer(const rapidjson::Value& root,
                                       std::string_view pointer);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_JSON_POINTER_H_
