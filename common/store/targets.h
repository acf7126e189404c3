// Finding a delivery's targets: one query that resolves what the payload
// names (by id, email or external data), keeps to the listener's scope,
// locks the rows in id order and evaluates the listener's filter on each.
//
// Thread-safety: uses the caller's Connection.

#ifndef EARSHOT_COMMON_STORE_TARGETS_H_
#define EARSHOT_COMMON_STORE_TARGETS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/store/db.h"
#include "common/store/listener.h"

namespace earshot {

struct Target {
  int64_t id = 0;
  std::string identifier;  // the value that named it
  bool matched = false;    // passed the filter
  int64_t column = 0;      // the asked-for extra column (0 for NULL, none)
};

// For each identifier, the targets it names, at most once each, in id
// order, and the identifiers that named nothing. Deleted users are never
// targets; a project-scoped user listener only finds that project's
// participants. Also checks that `listener` is still the configured one
// (its config_version is current): if not, finds nothing and sets
// *config_changed (the caller reloads the listener and starts over); if
// so, the transaction need not check again before its event row
// (RecordEvent's kChecked). `column`, when not null, is an integer SQL
// expression on the target row `t` (Action::TargetColumn) that the same
// query reads into each Target's `column`, so that the action need not read
// it again. REQUIRES: an open transaction (the rows stay locked until it
// ends); identifiers is not empty.
Status FindTargets(Connection* db, const Listener& listener,
                   const std::vector<std::string>& identifiers,
                   std::vector<Target>* found,
                   std::vector<std::string>* not_found, bool* config_changed,
                   const char* column = nullptr);

// The SQL FindTargets runs for `identifiers` and its parameters, in
// order. Exposed for tests. REQUIRES: identifiers is not empty.
void BuildTargetQuery(const Listener& listener,
                      const std::vector<std::string>& identifiers,
                      std::string* sql, std::vector<SqlParam>* params,
                      const char* column = nullptr);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_TARGETS_H_
