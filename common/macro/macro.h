// Macros: a named, ordered list of actions for users or for feedback,
// saved as a JSON document, checked when saved and parsed once per
// listener load. The document:
//
//   {
//     "actions": [ ACTION, ... ],          1 to 50 actions, run in order
//     "webhook_secret": "whsec_...",       optional; signs this macro's
//                                          webhooks instead of the
//                                          install's webhook_secret
//     "description": "..."                 optional, for people
//   }
//
// ACTION is an object with a "type" and that type's parameters; any other
// member is refused (a typo is an error, not an ignored setting). TEXT is
// a template (see template.h).
//
//   {"type":"score","points":N}        N an integer, -1e9..1e9. Users: the
//                                      user's score (the participation's
//                                      under a project scope). Feedback:
//                                      the ticket author's score.
//   {"type":"status","value":TEXT}     users: account status (participation
//                                      status under a project scope);
//                                      feedback: the ticket's status. The
//                                      filled value: 1..64 characters, no
//                                      control characters; never "deleted"
//                                      for users (see delete_user).
//   {"type":"email","to":TO,"subject":TEXT,"body":TEXT}
//                                      TO: "target" (users: the user;
//                                      feedback: the ticket's author),
//                                      "author" (feedback: the ticket's
//                                      author), "followers" (feedback: one
//                                      email per follower), or an address.
//   {"type":"webhook","url":URL,"body":JSON,"headers":{NAME:TEXT}}
//                                      URL http(s), fixed. body: the
//                                      template as a JSON value (or a
//                                      string holding JSON text); its
//                                      strings are templates, a string
//                                      that is exactly one tag becomes a
//                                      typed value. Default body:
//                                      {"macro":..,"target":..,"id":..}.
//                                      Signed per Standard Webhooks.
//   {"type":"set_data","field":"GROUP.LABEL","value":TEXT|null|scalar}
//                                      GROUP of the macro's target kind.
//                                      A value that is exactly one
//                                      payload tag passes the payload's
//                                      value as the data listener would
//                                      (absent: left as is; null: cleared);
//                                      else the filled text is coerced to
//                                      the field's type.
//   {"type":"comment","author":TEXT,"text":TEXT}
//                                      the author (an email; tags allowed)
//                                      must be an active admin or manager.
//   {"type":"delete_user"}             users only: erases the user's email,
//                                      name and external data, sets the
//                                      status "deleted"; comments stay.
//
// Thread-safety: a parsed Macro is immutable and may be shared.

#ifndef EARSHOT_COMMON_MACRO_MACRO_H_
#define EARSHOT_COMMON_MACRO_MACRO_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/coerce.h"
#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/filter/filter.h"
#include "common/macro/template.h"

namespace earshot {

constexpr int kMaxMacroActions = 50;
// A status, as the action `status` sets it: 1 to kMaxStatusChars
// characters (at most 4 bytes each), no control characters. Checked when a
// macro is saved (for a value without tags) and again when it runs.
constexpr size_t kMaxStatusChars = 64;
bool IsValidStatusValue(std::string_view value);
constexpr size_t kMaxMacroBytes = 1 << 20;

enum class MacroActionType {
  kScore,
  kStatus,
  kEmail,
  kWebhook,
  kSetData,
  kComment,
  kDeleteUser
};
enum class EmailTo { kTarget, kAuthor, kFollowers, kAddress };

// "score", "status", ...
const char* MacroActionName(MacroActionType type);

struct MacroAction {
  MacroActionType type = MacroActionType::kScore;
  int64_t points = 0;  // score

  Template value;  // status; set_data (unless clear or constant)

  EmailTo to = EmailTo::kTarget;  // email
  std::string address;            // email, kAddress
  Template subject;               // email
  Template text;                  // email body; comment text

  std::string url;  // webhook
  JsonTemplate json_body;
  std::vector<std::pair<std::string, Template>> headers;

  std::string field;  // set_data: "GROUP.LABEL"
  DataFieldRef field_ref{0, FieldType::kString};
  bool clear = false;                  // set_data: "value": null
  std::optional<TypedValue> constant;  // set_data: a value known when saved

  Template author;  // comment
};

struct Macro {
  std::string name;
  TargetKind target = TargetKind::kUsers;
  std::vector<MacroAction> actions;
  std::string webhook_secret;  // "" when the install's is used
  // External data fields the templates read, without repeats.
  std::vector<int64_t> data_fields;
  bool has_webhooks = false;
};

// Parses and checks `json` for a macro on `kind` (users or feedback);
// `lookup` resolves GROUP.LABEL among `kind`'s fields. Invalid with one
// line, naming the action ("action 3 (email): ...") when it is one's.
Status ParseMacro(std::string_view json, TargetKind kind,
                  const DataFieldLookup& lookup, Macro* macro);

// A new Standard Webhooks secret: "whsec_" + base64 of 24 random bytes.
Status GenerateWebhookSecret(std::string* secret);

// A plausible single address: valid shape, at most 254 bytes, no blanks
// or control characters, one '@' with text on both sides.
bool IsPlausibleEmail(std::string_view email);

// An absolute http or https URL with a host, at most 2048 bytes.
bool IsWebhookUrl(std::string_view url);

}  // namespace earshot

#endif  // EARSHOT_COMMON_MACRO_MACRO_H_
