// Delivery counters for /admin/metrics that never go down although
// retention deletes events, and that cost the delivery path nothing: no
// row is updated per delivery (a hot counter row would serialise every
// delivery behind one lock). Events are counted after the fact instead:
//
// - delivery_totals and delivery_duration_buckets (sql/011) hold
//   cumulative counts of every event up to delivery_rollup.event_id, the
//   watermark, plus every event a purge deleted above it.
// - A read answers those totals plus the events above the watermark, in
//   one statement (one snapshot), through the events primary key: its cost
//   follows the deliveries since the last fold, not the table's size.
// - A fold (FoldDeliveries) moves the watermark forward over settled
//   events, adding them to the totals in the same transaction.
// - A purge adds the events it deletes above the watermark to the totals
//   in its own transaction (FoldPurgedEvents), so deleting never lowers a
//   count, whoever purges and whether or not anyone ever scrapes.
//
// Why "settled": event ids are handed out when the event row is inserted,
// but rows commit later, and not in id order. A fold that moved the
// watermark past an id whose row had not committed yet would never count
// it. So a fold takes only a run of events whose rows were inserted at
// least SettleSeconds ago (received_at + duration_us is when the row was
// inserted); an event still uncommitted then would have a transaction
// running longer than the database timeouts allow.
//
// Every fold and purge batch takes delivery_rollup's row lock first, so
// they never count an event twice; on Galera, the same row written by both
// makes concurrent ones on two nodes conflict at certification.
//
// Thread-safety: uses the caller's Connection.

#ifndef EARSHOT_COMMON_STORE_DELIVERY_METRICS_H_
#define EARSHOT_COMMON_STORE_DELIVERY_METRICS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/base/status.h"
#include "common/config.h"
#include "common/store/db.h"
#include "common/store/sql_param.h"

namespace earshot {

// The histogram's upper bounds, in microseconds, ascending: Prometheus'
// default buckets (5 ms to 10 s).
const std::vector<int64_t>& DurationBucketsUs();

struct DeliveryCounts {
  // (listener type, HTTP status) -> deliveries. A listener deleted before
  // sql/011 leaves its events under type "unknown".
  std::map<std::pair<std::string, int>, int64_t> deliveries;
  struct Durations {
    int64_t count = 0;
    int64_t sum_us = 0;
    // Upper bound (µs) -> deliveries in that bucket alone (not
    // cumulative); slower than every bound: only in count.
    std::map<int64_t, int64_t> buckets;
  };
  // Listener type -> its durations; count is the sum of its deliveries.
  std::map<std::string, Durations> durations;
};

// How long after its row was inserted an event may be folded: well above
// the longest a delivery's transaction can stay open after inserting its
// event under `db`'s timeouts.
int SettleSeconds(const DbOptions& db);

// Folds up to about `max_events` settled events above the watermark into
// the totals and commits. *folded: how many; *more: whether settled
// events remain beyond them. REQUIRES: no open work in `db`'s transaction.
Status FoldDeliveries(Connection* db, int settle_s, int max_events,
                      int64_t* folded, bool* more);

// Totals plus the events above the watermark, as of one snapshot.
Status ReadDeliveryCounts(Connection* db, DeliveryCounts* counts);

// For a purge batch, inside its transaction, before it deletes the events
// `ids`: locks the watermark and adds the events above it to the totals.
Status FoldPurgedEvents(Connection* db, const std::vector<SqlParam>& ids);
// Then, after the delete: records the batch (delivery_rollup.purged_*).
Status RecordPurge(Connection* db, int64_t deleted);

// In the transaction that deletes listener `listener_id`, before the
// DELETE: keeps its type, which its events go on counting under.
Status RecordListenerDeletion(Connection* db, int64_t listener_id);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_DELIVERY_METRICS_H_
