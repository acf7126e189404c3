#include "common/store/delivery_metrics.h"

#include <algorithm>

#include "common/store/sql_text.h"

namespace earshot {

namespace {

// Totals to add, per (type, status) and per (type, bucket).
struct Delta {
  std::map<std::pair<std::string, int>, std::pair<int64_t, int64_t>> totals;
  std::map<std::pair<std::string, int64_t>, int64_t> buckets;
  int64_t events = 0;
};

// A row's listener type: the listener's, else the one kept when it was
// deleted (two columns: their collations differ), else "unknown".
std::string TypeOf(const Row& row, size_t listener_col, size_t deleted_col) {
  if (!row.IsNull(listener_col)) return row.Text(listener_col);
  if (!row.IsNull(deleted_col)) return row.Text(deleted_col);
  return "unknown";
}

// The histogram bucket of e.duration_us as SQL: its upper bound, NULL
// when slower than every bound. Built from constants only.
std::string BucketSql() {
  std::string sql = "CASE";
  for (int64_t le : DurationBucketsUs()) {
    sql += " WHEN e.duration_us <= " + std::to_string(le) + " THEN " +
           std::to_string(le);
  }
  return sql + " ELSE NULL END";
}

// Columns: listener's type, deleted listener's type, status, bucket,
// events, summed duration; of the events `where` picks.
std::string AggregateSql(const std::string& where) {
  return "SELECT l.type, d.listener_type, e.http_status, " + BucketSql() +
         " AS le, COUNT(*), SUM(e.duration_us) FROM events e "
         "LEFT JOIN listeners l ON l.id = e.listener_id "
         "LEFT JOIN deleted_listeners d ON d.listener_id = e.listener_id "
         "WHERE " +
         where + " GROUP BY l.type, d.listener_type, e.http_status, le";
}

Status Aggregate(Connection* db, const std::string& where,
                 const std::vector<SqlParam>& params, Delta* delta) {
  QueryResult r;
  Status s = db->Run(AggregateSql(where), params, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    const std::string type = TypeOf(row, 0, 1);
    const int64_t n = row.Int(4);
    auto& t = delta->totals[{type, static_cast<int>(row.Int(2))}];
    t.first += n;
    t.second += row.Int(5);
    if (!row.IsNull(3)) delta->buckets[{type, row.Int(3)}] += n;
    delta->events += n;
  }
  return Status::OK();
}

Status AddToTotals(Connection* db, const Delta& delta) {
  for (const auto& [key, value] : delta.totals) {
    Status s = db->Run(
        "INSERT INTO delivery_totals (listener_type, http_status, deliveries, "
        "duration_us) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
        "deliveries = deliveries + VALUES(deliveries), "
        "duration_us = duration_us + VALUES(duration_us)",
        {SqlParam::Text(key.first), SqlParam::Int(key.second),
         SqlParam::Int(value.first), SqlParam::Int(value.second)},
        nullptr);
    if (!s.ok()) return s;
  }
  for (const auto& [key, n] : delta.buckets) {
    Status s = db->Run(
        "INSERT INTO delivery_duration_buckets (listener_type, le_us, "
        "deliveries) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
        "deliveries = deliveries + VALUES(deliveries)",
        {SqlParam::Text(key.first), SqlParam::Int(key.second),
         SqlParam::Int(n)},
        nullptr);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

// The watermark, with delivery_rollup's row locked until the transaction
// ends.
Status LockWatermark(Connection* db, int64_t* watermark) {
  QueryResult r;
  Status s = db->Run(
      "SELECT event_id FROM delivery_rollup WHERE id = 1 FOR UPDATE", &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) {
    return Status::Internal(
        "delivery_rollup has no row; run earshotctl "
        "migrate");
  }
  *watermark = r.rows[0].Int(0);
  return Status::OK();
}

// One fold; leaves the transaction open.
Status FoldOnce(Connection* db, int settle_s, int max_events, int64_t* folded,
                bool* more) {
  int64_t watermark = 0;
  Status s = LockWatermark(db, &watermark);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run("SELECT MIN(id) FROM events WHERE id > ?",
              {SqlParam::Int(watermark)}, &r);
  if (!s.ok() || r.rows.empty() || r.rows[0].IsNull(0)) return s;
  const int64_t first = r.rows[0].Int(0);
  int64_t end = first + std::max(max_events, 1);  // exclusive
  // The first event not settled yet ends the run: an event below it may
  // still be uncommitted, one below a settled event may not.
  s = db->Run(
      "SELECT id FROM events WHERE id >= ? AND id < ? AND received_at + "
      "INTERVAL duration_us MICROSECOND >= UTC_TIMESTAMP(6) - INTERVAL ? "
      "SECOND ORDER BY id LIMIT 1",
      {SqlParam::Int(first), SqlParam::Int(end), SqlParam::Int(settle_s)}, &r);
  if (!s.ok()) return s;
  const bool unsettled = !r.rows.empty();
  if (unsettled) end = r.rows[0].Int(0);
  s = db->Run("SELECT MAX(id) FROM events WHERE id >= ? AND id < ?",
              {SqlParam::Int(first), SqlParam::Int(end)}, &r);
  if (!s.ok() || r.rows.empty() || r.rows[0].IsNull(0)) return s;
  const int64_t last = r.rows[0].Int(0);
  Delta delta;
  s = Aggregate(db, "e.id > ? AND e.id <= ?",
                {SqlParam::Int(watermark), SqlParam::Int(last)}, &delta);
  if (s.ok()) s = AddToTotals(db, delta);
  if (s.ok()) {
    s = db->Run(
        "UPDATE delivery_rollup SET event_id = ?, folded_at = "
        "UTC_TIMESTAMP(6) WHERE id = 1",
        {SqlParam::Int(last)}, nullptr);
  }
  if (!s.ok()) return s;
  *folded = delta.events;
  if (!unsettled) {
    s = db->Run("SELECT 1 FROM events WHERE id > ? LIMIT 1",
                {SqlParam::Int(last)}, &r);
    if (!s.ok()) return s;
    *more = !r.rows.empty();
  }
  return Status::OK();
}

}  // namespace

const std::vector<int64_t>& DurationBucketsUs() {
  static const std::vector<int64_t> kBounds = {
      5000,   10000,   25000,   50000,   100000,  250000,
      500000, 1000000, 2500000, 5000000, 10000000};
  return kBounds;
}

int SettleSeconds(const DbOptions& db) {
  return 3 * std::max(db.read_timeout_s, db.write_timeout_s) +
         db.lock_wait_timeout_s + 30;
}

Status FoldDeliveries(Connection* db, int settle_s, int max_events,
                      int64_t* folded, bool* more) {
  *folded = 0;
  *more = false;
  Status s = FoldOnce(db, settle_s, max_events, folded, more);
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    *folded = 0;
    *more = false;
    if (!db->broken()) db->Rollback();
  }
  return s;
}

Status ReadDeliveryCounts(Connection* db, DeliveryCounts* counts) {
  *counts = DeliveryCounts();
  // One statement, one snapshot: a fold or purge commits its totals and
  // watermark (or deletes) at once, so no event is counted twice or
  // missed. delivery_rollup, read by its primary key, is a constant to
  // the optimiser: the events part is a primary-key range.
  QueryResult r;
  Status s = db->Run(
      "SELECT t.listener_type, NULL, NULL, t.http_status, NULL, "
      "t.deliveries, t.duration_us FROM delivery_totals t "
      "UNION ALL "
      "SELECT b.listener_type, NULL, NULL, NULL, b.le_us, b.deliveries, 0 "
      "FROM delivery_duration_buckets b "
      "UNION ALL "
      "SELECT NULL, l.type, d.listener_type, e.http_status, " +
          BucketSql() +
          " AS le, COUNT(*), SUM(e.duration_us) "
          "FROM delivery_rollup r JOIN events e ON e.id > r.event_id "
          "LEFT JOIN listeners l ON l.id = e.listener_id "
          "LEFT JOIN deleted_listeners d ON d.listener_id = e.listener_id "
          "WHERE r.id = 1 "
          "GROUP BY l.type, d.listener_type, e.http_status, le",
      &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    const std::string type = row.IsNull(0) ? TypeOf(row, 1, 2) : row.Text(0);
    const int64_t n = row.Int(5);
    DeliveryCounts::Durations& d = counts->durations[type];
    if (!row.IsNull(3)) {
      counts->deliveries[{type, static_cast<int>(row.Int(3))}] += n;
      d.count += n;
      d.sum_us += row.Int(6);
    }
    if (!row.IsNull(4)) d.buckets[row.Int(4)] += n;
  }
  return Status::OK();
}

Status FoldPurgedEvents(Connection* db, const std::vector<SqlParam>& ids) {
  int64_t watermark = 0;
  Status s = LockWatermark(db, &watermark);
  if (!s.ok() || ids.empty()) return s;
  std::vector<SqlParam> params = ids;
  params.push_back(SqlParam::Int(watermark));
  Delta delta;
  s = Aggregate(db,
                "e.id IN (" + Placeholders(static_cast<int>(ids.size())) +
                    ") AND e.id > ?",
                params, &delta);
  if (!s.ok()) return s;
  return AddToTotals(db, delta);
}

Status RecordPurge(Connection* db, int64_t deleted) {
  return db->Run(
      "UPDATE delivery_rollup SET purged_at = UTC_TIMESTAMP(6), "
      "purged_events = purged_events + ? WHERE id = 1",
      {SqlParam::Int(deleted)}, nullptr);
}

Status RecordListenerDeletion(Connection* db, int64_t listener_id) {
  return db->Run(
      "INSERT INTO deleted_listeners (listener_id, listener_type, deleted_at) "
      "SELECT id, type, UTC_TIMESTAMP(6) FROM listeners WHERE id = ? "
      "ON DUPLICATE KEY UPDATE listener_type = VALUES(listener_type)",
      {SqlParam::Int(listener_id)}, nullptr);
}

}  // namespace earshot
