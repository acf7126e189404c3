// Reading a delivery's body: a JSON object within the configured size and
// nesting limits, in valid UTF-8. RapidJSON's recursive parser would
// overflow the stack on deep input, so depth is counted first, on the raw
// bytes, and parsing is iterative.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_JSON_BODY_H_
#define EARSHOT_COMMON_JSON_BODY_H_

#include <string_view>

#include <rapidjson/document.h>

#include "common/status.h"

namespace earshot {

// The deepest nesting of arrays and objects in `json`, ignoring brackets
// inside strings; stops counting past `limit` + 1. Not a validator.
int JsonNestingDepth(std::string_view json, int limit);

// Parses `body` into `doc`. Refusals: kInvalidUtf8, kTooDeep (more than
// `max_depth` levels), kInvalidJson (with RapidJSON's reason and offset, or
// a member name repeated within one object: parsers disagree on which copy
// counts, so a sender and earshot could read different values),
// kNotAnObject (valid JSON that is not an object).
Status ParseJsonBody(std::string_view body, int max_depth,
                     rapidjson::Document* doc);

// kInvalidJson when any object in `doc` repeats a member name.
// REQUIRES: doc nests no deeper than a checked maximum.
Status RefuseDuplicateMembers(const rapidjson::Value& doc);

}  // namespace earshot

#endif  // EARSHOT_COMMON_JSON_BODY_H_
