#include "common/store/event_purge.h"

#include <vector>

#include "common/base/datetime.h"
#include "common/store/sql_text.h"

namespace earshot {

namespace {

constexpr int64_t kDayMicros = int64_t{86400} * 1000000;

}  // namespace

Status PurgeEventsBatch(Connection* db, int64_t cutoff_micros, int batch,
                        int64_t* deleted) {
  *deleted = 0;
  QueryResult r;
  Status s = db->Run(
      "SELECT id FROM events WHERE received_at < ? ORDER BY received_at "
      "LIMIT ?",
      {SqlParam::Text(SqlDatetime(cutoff_micros)), SqlParam::Int(batch)}, &r);
  if (s.ok() && !r.rows.empty()) {
    std::vector<SqlParam> ids;
    ids.reserve(r.rows.size());
    for (const Row& row : r.rows) ids.push_back(SqlParam::Int(row.Int(0)));
    const std::string in =
        "(" + Placeholders(static_cast<int>(ids.size())) + ")";
    s = db->Run("DELETE FROM event_subjects WHERE event_id IN " + in, ids,
                nullptr);
    if (s.ok())
      s = db->Run("DELETE FROM events WHERE id IN " + in, ids, nullptr);
  }
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    if (!db->broken()) db->Rollback();
    return s;
  }
  *deleted = static_cast<int64_t>(r.rows.size());
  return Status::OK();
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
