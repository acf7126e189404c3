#include "common/store/ops_state.h"

namespace earshot {

namespace {

constexpr char kUtc[] = "'%Y-%m-%d %H:%i:%s'";

}  // namespace

Status ReadDatabaseState(Connection* db, DatabaseState* state) {
  *state = DatabaseState();
  QueryResult r;
  Status s = db->Run("SELECT VERSION()", &r);
  if (!s.ok()) return s;
  if (!r.rows.empty()) state->version = r.rows[0].Text(0);
  // No such variables (a server without Galera support): not Galera.
  s = db->Run("SHOW GLOBAL VARIABLES LIKE 'wsrep_on'", &r);
  if (!s.ok()) return s;
  state->galera = !r.rows.empty() && r.rows[0].Text(1) == "ON";
  if (!state->galera) return Status::OK();
  s = db->Run(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ("
      "'wsrep_local_state_comment', 'wsrep_ready', 'wsrep_cluster_status', "
      "'wsrep_cluster_size')",
      &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    const std::string& name = row.Text(0);
    if (name == "wsrep_local_state_comment") state->node_state = row.Text(1);
    if (name == "wsrep_ready") state->ready = row.Text(1);
    if (name == "wsrep_cluster_status") state->cluster_status = row.Text(1);
    if (name == "wsrep_cluster_size") state->cluster_size = row.Text(1);
  }
  return Status::OK();
}

Status ReadOutboxDepth(Connection* db, OutboxDepth* depth) {
  *depth = OutboxDepth();
  QueryResult r;
  // The (state, next_attempt_at) index: only pending and dead rows, never
  // the sent history.
  Status s = db->Run(
      std::string(
          "SELECT COALESCE(SUM(state = 'pending'), 0), "
          "COALESCE(SUM(state = 'pending' AND next_attempt_at <= "
          "UTC_TIMESTAMP(6)), 0), "
          "COALESCE(SUM(state = 'pending' AND last_error IS NOT NULL), 0), "
          "COALESCE(SUM(state = 'dead'), 0), "
          "DATE_FORMAT(MIN(IF(state = 'pending' AND next_attempt_at <= "
          "UTC_TIMESTAMP(6), next_attempt_at, NULL)), ") +
          kUtc + ") FROM outbox WHERE state IN ('pending', 'dead')",
      &r);
  if (!s.ok() || r.rows.empty()) return s;
  depth->pending = r.rows[0].Int(0);
  depth->due = r.rows[0].Int(1);
  depth->failing = r.rows[0].Int(2);
  depth->dead = r.rows[0].Int(3);
  depth->oldest_due = r.rows[0].Text(4);
  return Status::OK();
}

Status ReadWorkers(Connection* db, std::vector<WorkerSeen>* workers) {
  workers->clear();
  QueryResult r;
  Status s =
      db->Run(std::string("SELECT name, DATE_FORMAT(started_at, ") + kUtc +
                  "), DATE_FORMAT(seen_at, " + kUtc +
                  "), TIMESTAMPDIFF(MICROSECOND, seen_at, UTC_TIMESTAMP(6)) "
                  "FROM outbox_workers ORDER BY seen_at DESC LIMIT 100",
              &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    workers->push_back({row.Text(0), row.Text(1), row.Text(2),
                        static_cast<double>(row.Int(3)) / 1e6});
  }
  return Status::OK();
}

Status ReadRetentionState(Connection* db, RetentionState* state) {
  *state = RetentionState();
  QueryResult r;
  Status s = db->Run(std::string("SELECT DATE_FORMAT(received_at, ") + kUtc +
                         ") FROM events ORDER BY received_at LIMIT 1",
                     &r);
  if (!s.ok()) return s;
  if (!r.rows.empty()) state->oldest_event = r.rows[0].Text(0);
  s = db->Run(
      "SELECT COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES WHERE "
      "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events'",
      &r);
  if (!s.ok()) return s;
  if (!r.rows.empty()) state->approx_events = r.rows[0].Int(0);
  s = db->Run(std::string("SELECT DATE_FORMAT(purged_at, ") + kUtc +
                  "), purged_events, event_id, DATE_FORMAT(folded_at, " + kUtc +
                  ") FROM delivery_rollup WHERE id = 1",
              &r);
  if (!s.ok() || r.rows.empty()) return s;
  state->purged_at = r.rows[0].Text(0);
  state->purged_events = r.rows[0].Int(1);
  state->rolled_up_to = r.rows[0].Int(2);
  state->folded_at = r.rows[0].Text(3);
  return Status::OK();
}

Status ReadMigrations(Connection* db, std::vector<Migration>* migrations) {
  migrations->clear();
  QueryResult r;
  Status s = db->Run(std::string("SELECT version, name, DATE_FORMAT("
                                 "applied_at, ") +
                         kUtc + ") FROM schema_migrations ORDER BY version",
                     &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    migrations->push_back({row.Int(0), row.Text(1), row.Text(2)});
  }
  return Status::OK();
}

}  // namespace earshot
