// Stored macros as operators change them, for earshotctl (macro create,
// update, delete) and the console's macro pages: one place for what a
// valid macro is (the parser every macro listener uses, common/macro/
// macro.h, against the data fields that exist now) and for what may not be
// deleted (a macro a listener runs).
//
// A macro with webhooks and no webhook_secret, on an install without one,
// gets a fresh secret stored in its document, so that no webhook is ever
// sent unsigned. Every change bumps the config version.
//
// Thread-safety: functions over the caller's Connection, in its open
// transaction (committed by the caller).

#ifndef EARSHOT_COMMON_STORE_MACROS_H_
#define EARSHOT_COMMON_STORE_MACROS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

// `[A-Za-z0-9][A-Za-z0-9_.-]{0,63}`.
Status CheckMacroName(std::string_view name);

struct MacroSave {
  std::string name;
  bool create = false;
  TargetKind target = TargetKind::kUsers;  // create only; users or feedback
  std::string document;                    // the JSON text
  std::string install_webhook_secret;      // the config's; "" when none
};

// Creates or replaces macro `save.name`. Invalid, with ParseMacro's line
// after "macro: " ("macro: action 3 (email): ..."), for a bad document;
// Duplicate when creating a name that exists; NotFound when updating one
// that does not. On success *stored is the document as stored (with a
// generated webhook secret, then in *generated; else *generated is ""),
// *id and *target the macro's.
Status SaveMacro(Connection* db, const MacroSave& save, std::string* stored,
                 std::string* generated, int64_t* id, TargetKind* target);

// The keys of the listeners that run macro `id`, sorted; `lock` locks their
// rows until the transaction ends.
Status MacroListeners(Connection* db, int64_t id, bool lock,
                      std::vector<std::string>* keys);

// Invalid, naming the listeners, while a listener runs it.
Status DeleteMacro(Connection* db, std::string_view name);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_MACROS_H_
