// ListenerSettings: one listener's stored row as operators edit it, with
// earshotctl or the console. Creating starts from defaults, updating from
// the stored row; both apply what was typed (ApplyListenerSettings), then
// check the whole against the database (ValidateListenerSettings), so that
// every way in refuses exactly the same listeners. What each setting is,
// and each type's own, is described in listener_type.h.
//
// Thread-safety: a value type; the functions use the caller's Connection.

#ifndef EARSHOT_COMMON_STORE_LISTENER_SETTINGS_H_
#define EARSHOT_COMMON_STORE_LISTENER_SETTINGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/auth/signature.h"
#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/db.h"
#include "common/store/listener_type.h"

namespace earshot {

// What was typed, setting by setting, in the order given: option names
// without dashes ("comment-field"), "type" and "target" among them when
// creating. A kSecret setting may appear several times.
using SettingValues = std::vector<std::pair<std::string, std::string>>;

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

// Applies `values` to `settings`: for a new listener (`creating`; type,
// target and api-key required), or an update (which refuses type and
// target). Checks what can be checked without the database: the values,
// and settings that do not belong to the listener's type.
Status ApplyListenerSettings(const SettingValues& values, bool creating,
                             SettingNaming naming, ListenerSettings* settings);

// Checks the settings as a whole against the database (key free when
// `creating`, project, API key, identify, filter, group, macro, author,
// signature) and fills in the ids; normalises identify and filter.
Status ValidateListenerSettings(Connection* db, bool creating,
                                SettingNaming naming,
                                ListenerSettings* settings);

// Writes the settings: a new row (setting settings->id) or the stored one.
Status InsertListener(Connection* db, ListenerSettings* settings);
Status UpdateListener(Connection* db, const ListenerSettings& settings);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_LISTENER_SETTINGS_H_
