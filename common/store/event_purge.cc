#include "common/store/event_purge.h"

#include <vector>

#include "common/base/datetime.h"
#include "common/store/delivery_metrics.h"
#include "common/store/purge_batch.h"

namespace earshot {

namespace {

constexpr int64_t kDayMicros = int64_t{86400} * 1000000;

}  // namespace

Status PurgeEventsBatch(Connection* db, int64_t cutoff_micros, int batch,
                        int64_t* deleted) {
  return PurgeBatch(
      db,
      "SELECT id FROM events WHERE received_at < ? ORDER BY received_at "
      "LIMIT ?",
      {SqlParam::Text(SqlDatetime(cutoff_micros)), SqlParam::Int(batch)},
      {"events", "event_subjects", "event_id"}, deleted,
      // The delivery counters keep what goes (delivery_metrics.h).
      [db](const std::vector<SqlParam>& ids) {
        Status s = FoldPurgedEvents(db, ids);
        if (s.ok()) s = RecordPurge(db, static_cast<int64_t>(ids.size()));
        return s;
      });
}

int64_t RetentionCutoff(const Config& config, int64_t now_micros) {
  if (config.event_retention_days == 0) return 0;
  return now_micros - config.event_retention_days * kDayMicros;
}

Status CheckPurgeCutoff(const Config& config, int64_t now_micros,
                        int64_t cutoff_micros) {
  if (cutoff_micros >
      now_micros - config.delivery_retention_days * kDayMicros) {
    return Status::Invalid(
        "events received in the last delivery_retention_days (" +
        std::to_string(config.delivery_retention_days) +
        " days) hold the delivery ids duplicates are caught by: purge only "
        "before that");
  }
  return Status::OK();
}

}  // namespace earshot
