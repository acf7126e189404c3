// earshot-outbox's share of the delivery log's retention: every purge
// round (see Worker::MaybePurge) deletes events older than
// event_retention_days, a small batch per transaction so deliveries never
// wait long behind it. Several workers may purge at once; they only
// repeat each other's deletes.

#include <chrono>
#include <cstdio>

#include "common/base/log.h"
#include "common/store/event_purge.h"
#include "tools/outbox/worker.h"

namespace earshot {

namespace {

// Events carry up to event_body_bytes each: small batches keep each
// transaction's undo small.
constexpr int kEventPurgeBatch = 200;
// A round's time budget, so a backlog (the first purge after an upgrade)
// does not hold up the outbox: the rest goes in the next rounds.
constexpr auto kEventPurgeBudget = std::chrono::seconds(1);

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool Worker::PurgeEvents() {
  const int64_t cutoff = RetentionCutoff(config_, NowMicros());
  if (cutoff == 0) return false;
  const auto until = std::chrono::steady_clock::now() + kEventPurgeBudget;
  int64_t total = 0, deleted = 0;
  bool more = false;
  do {
    Status s = Connect();
    if (s.ok())
      s = PurgeEventsBatch(db_.get(), cutoff, kEventPurgeBatch, &deleted);
    if (!s.ok()) {
      LogLine(LogLevel::kError, "cannot purge old events: " + s.ToString());
      if (db_ && db_->broken()) db_.reset();
      return false;
    }
    total += deleted;
    more = deleted == kEventPurgeBatch;
  } while (more && !*stop_ && std::chrono::steady_clock::now() < until);
  if (total > 0) {
    LogLine(LogLevel::kInfo,
            "deleted " + std::to_string(total) + " events received more than " +
                std::to_string(config_.event_retention_days) + " days ago");
  }
  return more;
}

}  // namespace earshot
