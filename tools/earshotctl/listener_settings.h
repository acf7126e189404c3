// ListenerSettings: one listener's row as earshotctl edits it. `listener
// create` starts from defaults, `listener update` from the stored row; both
// apply the command's options (ApplyListenerOptions), then check the whole
// against the database (ValidateListenerSettings), so that create and
// update refuse exactly the same listeners.
//
// Thread-safety: a value type; the functions use the caller's Connection.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_LISTENER_SETTINGS_H_
#define EARSHOT_TOOLS_EARSHOTCTL_LISTENER_SETTINGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/signature.h"
#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/db.h"
#include "tools/earshotctl/args.h"

namespace earshot::ctl {

// The options `listener create` takes; `update` takes the same.
constexpr const char* kListenerOptions =
    "type target api-key scope identify filter group macro author-field "
    "author comment-field popularity-weight signature secret* token-header "
    "name description";

struct ListenerSettings {
  int64_t id = 0;  // 0 until stored
  std::string key;
  ListenerType type = ListenerType::kData;
  TargetKind target = TargetKind::kUsers;
  int64_t scope_project_id = 0;  // 0: community
  std::string api_key_name;
  std::string identify;    // ATTRIBUTE=SOURCE
  std::string filter;      // "" for none; normalised once validated
  std::string group_name;  // data
  std::string macro_name;  // macro
  // comment; "" is NULL in the row
  std::string author_field, author_email, comment_field;
  int64_t popularity_weight = 1;
  SignatureScheme scheme = SignatureScheme::kNone;
  std::vector<std::string> secrets;
  std::string token_header;  // "" for the scheme's default
  bool enabled = true;
  std::string name, description;

  // Set by ValidateListenerSettings.
  int64_t api_key_id = 0, group_id = 0, macro_id = 0;
};

// "community" or "project:ID".
std::string FormatScope(int64_t scope_project_id);

// Reads the stored listener `key`, locking its row. NotFound if none.
Status ReadListenerSettings(Connection* db, std::string_view key,
                            ListenerSettings* settings);

// Applies the options in `args` to `settings`: all of them for a new
// listener (`creating`; --type and --target required), only those given
// for an update (which refuses --type and --target). Checks what can be
// checked without the database: option values, and options that do not
// apply to the listener's type.
Status ApplyListenerOptions(const Args& args, bool creating,
                            ListenerSettings* settings);

// Checks the settings as a whole against the database (key free when
// `creating`, project, API key, identify, filter, group, macro, author,
// signature) and fills in the ids; normalises identify and filter.
Status ValidateListenerSettings(Connection* db, bool creating,
                                ListenerSettings* settings);

// Writes the settings: a new row (setting settings->id) or the stored one.
Status InsertListener(Connection* db, ListenerSettings* settings);
Status UpdateListener(Connection* db, const ListenerSettings& settings);

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_LISTENER_SETTINGS_H_
