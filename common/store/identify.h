// Identify: how a delivery names its targets. A listener's identify is
// `ATTRIBUTE=SOURCE`:
//
//   ATTRIBUTE  id | email (users only) | data:GROUP.LABEL
//   SOURCE     a JSON Pointer into the body (`/issue/key`) or query:NAME
//
// The value found there is one scalar or an array of scalars; each names
// targets. data:GROUP.LABEL names the targets whose external data field
// equals the value, compared as canonical text (see coerce.h).
//
// Thread-safety: pure functions; an IdentifySpec is a value.

#ifndef EARSHOT_COMMON_STORE_IDENTIFY_H_
#define EARSHOT_COMMON_STORE_IDENTIFY_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/http/json_body.h"
#include "common/http/query_string.h"

namespace earshot {

enum class IdentifyAttribute { kId, kEmail, kData };

struct IdentifySpec {
  IdentifyAttribute attribute = IdentifyAttribute::kId;
  std::string group, label;  // kData
  bool from_query = false;
  // The JSON Pointer, or the query parameter's name when from_query.
  std::string source;
  // kData, filled in when a listener is loaded: the field and its type.
  int64_t data_field_id = 0;
  FieldType data_field_type = FieldType::kString;
};

// "email=/email" for users, "id=/feedback_id", "id=/project_id".
const char* DefaultIdentify(TargetKind kind);

// Parses and checks `text` for targets of `kind`. Errors are Invalid with
// a message fit for an operator ("identify: email is only for users").
Status ParseIdentify(std::string_view text, TargetKind kind,
                     IdentifySpec* spec);
// The text ParseIdentify reads back.
std::string FormatIdentify(const IdentifySpec& spec);

// The longest identifier a delivery may give: an email is at most
// kMaxEmailBytes (email.h); an id or a data value at most this.
constexpr size_t kMaxIdentifierBytes = 1024;

// The identifiers a delivery names, as canonical text, without repeats
// (emails: without two of one EmailKey), in the order given. A number
// named for a data string field is the sender's text of it. Refusals:
// kMissingIdentifier (absent, null or an empty array), kInvalidValue (not
// a scalar; an id that is not a positive integer; a data value its field's
// type refuses; longer than its limit), kTooManyTargets (more than `max`
// values).
Status ExtractIdentifiers(const IdentifySpec& spec, const JsonBody& body,
                          const QueryParams& query, int max,
                          std::vector<std::string>* identifiers);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_IDENTIFY_H_
