// Retention of the delivery log: deletes events received before a cutoff,
// with their erasure-index entries, in small transactions, walking the
// received_at index so it never scans the table. Used by earshot-outbox
// (periodically, per event_retention_days) and `earshotctl events purge`.
//
// Nothing else references an event by key: a duplicate_of or replay_of
// link to a purged event is left as a bare id. Callers never purge inside
// delivery_retention_days, where events hold delivery-id claims.
//
// Thread-safety: uses the caller's Connection.

#ifndef EARSHOT_COMMON_STORE_EVENT_PURGE_H_
#define EARSHOT_COMMON_STORE_EVENT_PURGE_H_

#include <cstdint>
#include <string>

#include "common/base/status.h"
#include "common/config.h"
#include "common/store/db.h"

namespace earshot {

// Deletes up to `batch` events received before `cutoff_micros` (UTC), and
// commits; *deleted says how many (fewer than `batch`: none are left).
// REQUIRES: no open work in `db`'s transaction.
Status PurgeEventsBatch(Connection* db, int64_t cutoff_micros, int batch,
                        int64_t* deleted);

// The cutoff event_retention_days gives at `now_micros`; 0 when events are
// kept forever.
int64_t RetentionCutoff(const Config& config, int64_t now_micros);

// Invalid unless `cutoff_micros` is at least delivery_retention_days before
// `now_micros`.
Status CheckPurgeCutoff(const Config& config, int64_t now_micros,
                        int64_t cutoff_micros);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_EVENT_PURGE_H_
