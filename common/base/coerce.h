// Coercion of payload values into typed external data, exactly per the
// contract's table:
//
//   boolean   true/false, or the strings "true"/"false"
//   datetime  RFC 3339 text or a date (see datetime.h), or a Unix time in
//             seconds (number or digit string); above 100000000000 it is
//             milliseconds
//   integer   a JSON integer in signed 64-bit range, or a string of one
//   string    any JSON scalar, as text, at most 65535 bytes
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_COERCE_H_
#define EARSHOT_COMMON_BASE_COERCE_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <string>

#include "common/base/domain.h"
#include "common/base/status.h"

namespace earshot {

constexpr size_t kMaxStringValueBytes = 65535;

struct TypedValue {
  FieldType type = FieldType::kString;
  // kBoolean: 0 or 1; kInteger: the value; kDatetime: microseconds since
  // the epoch, UTC.
  int64_t number = 0;
  // kString only.
  std::string text;
};

// REQUIRES: !value.IsNull() (a null clears a field; callers handle it).
// On a value the type does not accept, returns Invalid with a reason such
// as "expected an integer in signed 64-bit range".
Status CoerceValue(FieldType type, const rapidjson::Value& value,
                   TypedValue* out);
// The same, with the sender's text of `value` when it is a number (see
// JsonBody::NumberText): a string field stores those digits.
Status CoerceValue(FieldType type, const rapidjson::Value& value,
                   const std::string* number_text, TypedValue* out);

// The one text form of a value: "true"/"false", a decimal integer,
// Rfc3339Utc() for datetimes, the string itself. Identify by
// data:GROUP.LABEL compares these.
std::string CanonicalText(const TypedValue& value);

// Any JSON scalar as text (a double as ShortestNumberText). Returns false
// for arrays, objects and null.
bool ScalarToText(const rapidjson::Value& value, std::string* text);

// The shortest decimal that reads back as `d`, laid out as JavaScript's
// JSON.stringify does ("0.30000000000000004", "1e+21", "1.5e-7", "100"):
// for a number the sender's text is not known for. RapidJSON 1.1.0's own
// writer can give other digits ("0.30000000000000007").
std::string ShortestNumberText(double d);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_COERCE_H_
