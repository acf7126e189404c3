// ListenerTypeSpec: one listener type, described once. Its name and purpose
// as people read them, the targets it serves, the settings of its own (how
// they are entered, checked and shown), how those settings are checked
// against the database as a whole, and what a handler needs loaded beyond
// the stored row. earshotctl's options and messages, the console's forms,
// `listener show` and the listener loader are all built from these, so a
// new type is its handler, its descriptor (a file beside data_type.cc and
// a line in listener_type.cc's table), a migration and its tests.
//
// The settings every type shares (API key, scope, identify, filter,
// signature, name, description) are described the same way, in
// CommonSettings().
//
// Thread-safety: constant data and functions of their arguments.

#ifndef EARSHOT_COMMON_STORE_LISTENER_TYPE_H_
#define EARSHOT_COMMON_STORE_LISTENER_TYPE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

struct Listener;
struct ListenerSettings;

// What kind of value a setting takes: how a form asks for it.
enum class SettingInput {
  kLine,     // one line of text
  kText,     // free text over several lines
  kPointer,  // a JSON Pointer into the body ("/comment/body")
  kEmail,
  kNumber,
  kName,    // the name of something stored: an API key, a group, a macro
  kChoice,  // one of `choices`
  kSecret,  // never shown again once saved; may repeat
};

// How messages name a setting: as earshotctl's option ("--comment-field")
// or as the console's label ("Comment field").
enum class SettingNaming { kOption, kLabel };

struct SettingSpec {
  const char* option;  // "comment-field": the option and the form field
  const char* label;   // "Comment field"
  const char* help;    // one sentence for the form
  SettingInput input;
  const char* choices;  // kChoice: the values, space-separated
  // Reads the setting as text ("" when unset; secrets as their count).
  std::string (*get)(const ListenerSettings& settings);
  // Sets it from what was typed (every value, for a kSecret), checking
  // what can be checked without the database. Messages name the setting
  // as `named`.
  Status (*set)(const std::vector<std::string>& values,
                const std::string& named, ListenerSettings* settings);
  // Whether the setting means something for these settings (shown by
  // `listener show` and the console); null: always.
  bool (*applies)(const ListenerSettings& settings);
};

struct ListenerTypeSpec {
  ListenerType type;
  const char* title;    // "Store external data"
  const char* summary;  // one sentence: what a delivery does
  std::vector<TargetKind> targets;
  std::vector<SettingSpec> settings;  // its own, beyond CommonSettings()
  // Pairs of its settings that are alternatives: give one, not both.
  std::vector<std::pair<const char*, const char*>> alternatives;
  // Checks its own settings as a whole against `db` and fills in their
  // ids. REQUIRES: the common settings have been validated.
  Status (*validate)(Connection* db, SettingNaming naming,
                     ListenerSettings* settings);
  // Loads what a handler needs beyond the stored row (a group's fields, a
  // parsed macro). Invalid when the stored settings no longer load.
  Status (*load)(Connection* db, Listener* listener);
};

// Every type, in the order people see them.
const std::vector<const ListenerTypeSpec*>& ListenerTypes();
const ListenerTypeSpec& TypeSpec(ListenerType type);

// The settings every listener has, in the order they are applied.
const std::vector<SettingSpec>& CommonSettings();

// The setting called `option`, among the common ones and `type`'s; null
// when `type` has none such.
const SettingSpec* FindSetting(ListenerType type, std::string_view option);

// "--comment-field" or "Comment field".
std::string SettingName(const SettingSpec& spec, SettingNaming naming);
// "--comment-field /pointer" or "a Comment field": what a message asks
// for when the setting is missing. `placeholder` is the option's value as
// usage lines show it.
std::string SettingNeeded(ListenerType type, std::string_view option,
                          std::string_view placeholder, SettingNaming naming);

// The descriptors, one file each.
extern const ListenerTypeSpec kMacroType;
extern const ListenerTypeSpec kCommentType;
extern const ListenerTypeSpec kDataType;

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_LISTENER_TYPE_H_
