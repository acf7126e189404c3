// Running a macro: every action, in order, on every target of one
// delivery, inside the delivery's transaction. Any refusal (a filled value
// a field or status refuses, a comment author who may not comment) stops
// the run; the pipeline then rolls everything back, so a macro applies
// all its actions or none.
//
// Emails and webhooks become outbox rows (outbox.h). Templates are filled
// from values read afresh after any action that changed them, so a later
// action sees the effect of an earlier one ({{user.score}} after a score).
//
// Thread-safety: uses the caller's Connection.

#ifndef EARSHOT_COMMON_MACRO_MACRO_RUN_H_
#define EARSHOT_COMMON_MACRO_MACRO_RUN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/macro/macro.h"
#include "common/macro/macro_facts.h"
#include "common/store/db.h"

namespace earshot {

// Runs `macro` on `targets` (ids of scope.kind, ascending, locked).
// *erased_personal_data is set when a delete_user action erased a user:
// the delivery's own log entry must then keep no copy of the payload.
// Appends to *comment_authors (when not null) the addresses its comment
// actions wrote as. REQUIRES: an open transaction.
Status RunMacro(Connection* db, const Macro& macro, const MacroScope& scope,
                const std::vector<int64_t>& targets, bool* erased_personal_data,
                std::vector<std::string>* comment_authors = nullptr);

}  // namespace earshot

#endif  // EARSHOT_COMMON_MACRO_MACRO_RUN_H_
