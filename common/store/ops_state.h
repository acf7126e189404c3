// What the console's Ops page and /admin/metrics report about the
// install, read from the database: the server, the outbox's depth, the
// outbox workers' heartbeats (sql/008), the delivery log's retention and
// the migrations applied. Each is a few index lookups; none reads a whole
// table.
//
// Thread-safety: uses the caller's Connection.

#ifndef EARSHOT_COMMON_STORE_OPS_STATE_H_
#define EARSHOT_COMMON_STORE_OPS_STATE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

struct DatabaseState {
  std::string version;  // SELECT VERSION()
  bool galera = false;  // wsrep_on
  // Galera only: wsrep_local_state_comment ("Synced"), wsrep_ready,
  // wsrep_cluster_status ("Primary"), wsrep_cluster_size.
  std::string node_state, ready, cluster_status, cluster_size;
};
Status ReadDatabaseState(Connection* db, DatabaseState* state);

struct OutboxDepth {
  int64_t pending = 0;
  int64_t due = 0;      // pending and due now (not leased)
  int64_t failing = 0;  // pending after a failed attempt
  int64_t dead = 0;
  std::string oldest_due;  // UTC, "" when none is due
};
Status ReadOutboxDepth(Connection* db, OutboxDepth* depth);

struct WorkerSeen {
  std::string name;                 // host:pid
  std::string started_at, seen_at;  // UTC
  double seen_ago_s = 0;
};
// Every worker with a heartbeat row, most recently seen first.
Status ReadWorkers(Connection* db, std::vector<WorkerSeen>* workers);

struct RetentionState {
  std::string oldest_event;   // received_at, UTC; "" when none
  int64_t approx_events = 0;  // the table statistics' estimate
  std::string purged_at;      // the last purge batch, UTC; "" for never
  int64_t purged_events = 0;  // deleted since sql/011
  int64_t rolled_up_to = 0;   // delivery_rollup.event_id
  std::string folded_at;
};
Status ReadRetentionState(Connection* db, RetentionState* state);

struct Migration {
  int64_t version = 0;
  std::string name, applied_at;
};
Status ReadMigrations(Connection* db, std::vector<Migration>* migrations);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_OPS_STATE_H_
