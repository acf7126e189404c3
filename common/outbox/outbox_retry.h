// Retrying an outbox message by hand (earshotctl outbox retry, the
// console's outbox page): a dead message, or a pending one waiting for its
// next attempt, becomes due now; a dead one gets a fresh attempt budget.
// A sent message, and one a worker holds an unexpired lease on (being sent
// right now), are left alone with a message saying why.
//
// Thread-safety: functions over the caller's Connection, in its open
// transaction (committed by the caller).

#ifndef EARSHOT_COMMON_OUTBOX_OUTBOX_RETRY_H_
#define EARSHOT_COMMON_OUTBOX_OUTBOX_RETRY_H_

#include <cstdint>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

// NotFound without message `id`; Invalid when it was sent or is being
// sent. *was_dead says whether it was dead.
Status RetryOutboxMessage(Connection* db, int64_t id, bool* was_dead);

}  // namespace earshot

#endif  // EARSHOT_COMMON_OUTBOX_OUTBOX_RETRY_H_
