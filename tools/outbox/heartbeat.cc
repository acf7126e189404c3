// The outbox worker's heartbeat: one row per worker in outbox_workers
// (sql/008_outbox_workers.sql), its seen_at moved forward every
// kHeartbeatIntervalMs, so `earshotctl doctor` can tell that some worker
// is alive. A failed heartbeat is logged once and never stops delivery
// (a database not yet migrated to 008 has no such table).

#include <chrono>
#include <cstdio>

#include "common/base/log.h"
#include "tools/outbox/worker.h"

namespace earshot {

namespace {

constexpr int64_t kHeartbeatIntervalMs = 10 * 1000;
// Rows of workers not seen for this long are deleted.
constexpr int kForgetWorkerDays = 7;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void Worker::Heartbeat() {
  const int64_t now = NowMs();
  if (last_heartbeat_ms_ >= 0 &&
      now - last_heartbeat_ms_ < kHeartbeatIntervalMs) {
    return;
  }
  last_heartbeat_ms_ = now;
  Status s = Connect();
  if (s.ok()) {
    s = db_->Run(
        "INSERT INTO outbox_workers (name, started_at, seen_at) VALUES "
        "(?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE "
        "seen_at = UTC_TIMESTAMP(6)",
        {SqlParam::Text(name_)}, nullptr);
  }
  if (s.ok()) {
    s = db_->Run(
        "DELETE FROM outbox_workers WHERE seen_at < UTC_TIMESTAMP(6) - "
        "INTERVAL ? DAY",
        {SqlParam::Int(kForgetWorkerDays)}, nullptr);
  }
  if (s.ok()) s = db_->Commit();
  if (!s.ok()) {
    if (db_ && !db_->broken()) db_->Rollback();
    if (db_ && db_->broken()) db_.reset();
    if (!heartbeat_warned_) {
      LogLine(LogLevel::kWarning,
              "cannot record the heartbeat: " + s.ToString());
    }
    heartbeat_warned_ = true;
    return;
  }
  heartbeat_warned_ = false;
}

}  // namespace earshot
