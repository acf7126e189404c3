// Reading a delivery's body: one JSON object, and nothing after it but
// whitespace, within the configured size and nesting limits, in valid
// UTF-8, with no unpaired surrogate escape. RapidJSON's recursive parser
// would overflow the stack on deep input, so parsing is iterative and stops
// as soon as it goes deeper than the limit.
//
// Thread-safety: pure functions; a JsonBody is used by one thread.

#ifndef EARSHOT_COMMON_HTTP_JSON_BODY_H_
#define EARSHOT_COMMON_HTTP_JSON_BODY_H_

#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "common/base/status.h"

namespace earshot {

// A delivery's parsed body: a rapidjson::Document that also knows how the
// sender wrote each number. A double keeps its value, not its digits
// ("1.50", "1e3"), and the places that store a number as text must store
// the sender's digits (a data string field, a data: identifier).
class JsonBody : public rapidjson::Document {
 public:
  JsonBody() = default;
  JsonBody(const JsonBody&) = delete;
  JsonBody& operator=(const JsonBody&) = delete;

  // The text the sender wrote for `number`, a number inside this document.
  // The first call on a body holding doubles reads the body again (a
  // number stored as text is the rare case; parsing stays as fast as it
  // was). Without the sender's text (a body not read by ParseJsonBody),
  // ShortestNumberText (coerce.h).
  // REQUIRES: number.IsNumber(); the text given to ParseJsonBody is alive.
  std::string NumberText(const rapidjson::Value& number) const;

 private:
  friend Status ParseJsonBody(std::string_view body, int max_depth,
                              JsonBody* doc);
  void IndexNumbers() const;

  std::string_view text_;
  mutable bool indexed_ = false;
  mutable std::unordered_map<const rapidjson::Value*, std::string_view>
      numbers_;
};

// The deepest nesting of arrays and objects in `json`, ignoring brackets
// inside strings; stops counting past `limit` + 1. Not a validator.
int JsonNestingDepth(std::string_view json, int limit);

// The offset of the first \u escape of a low surrogate (DC00-DFFF) that
// does not directly follow a high one (D800-DBFF), or npos. RapidJSON
// 1.1.0 refuses a lone high surrogate itself but turns a lone low one into
// invalid UTF-8. Not a validator.
size_t FindLoneLowSurrogate(std::string_view json);

// Parses `body` into `doc`. Refusals: kInvalidUtf8, kTooDeep (more than
// `max_depth` levels), kInvalidJson (with RapidJSON's reason and offset; a
// NUL byte anywhere, or anything but whitespace after the value; an
// unpaired surrogate escape; a member name repeated within one object:
// parsers disagree on which copy counts, so a sender and earshot could read
// different values), kNotAnObject (valid JSON that is not an object).
// Numbers are read at RapidJSON's default precision (see json_body.cc).
Status ParseJsonBody(std::string_view body, int max_depth,
                     rapidjson::Document* doc);
// The same, remembering `body` for NumberText. REQUIRES: `body` outlives
// `doc`.
Status ParseJsonBody(std::string_view body, int max_depth, JsonBody* doc);

// kInvalidJson when any object in `doc` repeats a member name.
// REQUIRES: doc nests no deeper than a checked maximum.
Status RefuseDuplicateMembers(const rapidjson::Value& doc);

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_JSON_BODY_H_
