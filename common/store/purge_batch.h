// One batch of a retention purge (old events, old sent outbox messages):
// the rows a SELECT picks are deleted with the rows that reference them,
// in one short transaction, so a long purge never holds a big one.
//
// Thread-safety: uses the caller's Connection.

#ifndef EARSHOT_COMMON_STORE_PURGE_BATCH_H_
#define EARSHOT_COMMON_STORE_PURGE_BATCH_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/store/db.h"
#include "common/store/sql_param.h"

namespace earshot {

// What a purge deletes: rows of `table` (by `id`), each with the rows of
// `child_table` whose `child_column` names it, deleted first.
struct PurgeTables {
  const char* table;
  const char* child_table;
  const char* child_column;
};

// Runs `select` (the ids to delete in its first column), deletes those
// rows as `tables` says, and commits; on failure rolls back (unless the
// connection broke) and deletes nothing. *deleted: how many rows of
// tables.table went. `before_delete`, when given, runs in the same
// transaction with the ids selected (perhaps none) before anything is
// deleted; its failure fails the batch. REQUIRES: no open work in `db`'s
// transaction.
using PurgeHook = std::function<Status(const std::vector<SqlParam>& ids)>;
Status PurgeBatch(Connection* db, std::string_view select,
                  const std::vector<SqlParam>& params,
                  const PurgeTables& tables, int64_t* deleted,
                  const PurgeHook& before_delete = nullptr);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_PURGE_BATCH_H_
