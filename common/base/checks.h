// Checks of the values operators type: ids, numbers, emails, names and
// free text. Each returns Invalid with one line naming what was wrong, so
// that nothing malformed reaches the database.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_CHECKS_H_
#define EARSHOT_COMMON_BASE_CHECKS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/domain.h"
#include "common/base/email.h"
#include "common/base/status.h"

namespace earshot {

// `text` in single quotes, for messages that name what the operator typed.
std::string Quote(std::string_view text);

// A positive decimal integer ("12"); `what` names it in the message
// ("project id").
Status ParseId(std::string_view text, std::string_view what, int64_t* id);

// A decimal integer from `min` to `max`.
Status ParseInt(std::string_view text, std::string_view what, int64_t min,
                int64_t max, int64_t* value);

// An email address, sanely: valid UTF-8, at most 254 bytes, exactly one
// '@' with a local part of at most 64 bytes before it and a domain after
// it, no blanks or control characters, the domain neither starting nor
// ending with '.' nor holding "..".
Status CheckEmail(std::string_view email);

// One line for people (a name, a title): valid UTF-8, no control
// characters, at most `max_chars` characters, not empty unless
// `allow_empty`.
Status CheckLine(std::string_view text, std::string_view what, size_t max_chars,
                 bool allow_empty);

// Free text (a description): valid UTF-8, at most `max_bytes`, no control
// characters but newlines and tabs.
Status CheckText(std::string_view text, std::string_view what,
                 size_t max_bytes);

// External data groups and fields, as earshotctl and the console take
// them. `what` is "group name" or "field label": a letter, then up to 63
// letters, digits or _ (IsValidDataName).
Status CheckDataName(std::string_view name, std::string_view what);
// A field's Parameter: a JSON Pointer into delivery bodies, at most
// kMaxFieldParamBytes.
constexpr size_t kMaxFieldParamBytes = 1024;
Status CheckFieldParam(std::string_view param);
// "boolean", "datetime", "integer" or "string".
Status ParseFieldTypeText(std::string_view text, FieldType* type);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_CHECKS_H_
