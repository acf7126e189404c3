// The outbox, as workers drain it. Several workers, on several hosts, may
// drain one outbox at once; none ever takes a message another holds:
//
//   claim    one short transaction: the oldest due pending message,
//            SELECT ... FOR UPDATE SKIP LOCKED, is leased (next_attempt_at
//            moved forward by the lease, a fresh lease token, attempts
//            + 1) and committed before anything is sent;
//   send     outside any transaction;
//   settle   one short transaction, only while the lease token is still
//            the message's: sent, or pending again at its next retry
//            time, or dead after the last attempt; with its attempt row.
//
// Delivery is at least once, not exactly once, and cannot be otherwise: a
// worker that dies (or loses the database) after the receiver accepted a
// message but before settling it leaves the message to be sent again when
// the lease runs out. Receivers drop such repeats by the message id, which
// never changes (webhook-id; the Message-ID of an email). Two live workers
// never send one message twice: a claim is exclusive until its lease runs
// out, and the lease is longer than a send may take.
//
// Thread-safety: uses the caller's Connection.

#ifndef EARSHOT_COMMON_OUTBOX_OUTBOX_QUEUE_H_
#define EARSHOT_COMMON_OUTBOX_OUTBOX_QUEUE_H_

#include <cstdint>
#include <string>

#include "common/base/status.h"
#include "common/outbox/outbox.h"
#include "common/store/db.h"

namespace earshot {

struct ClaimedMessage {
  int64_t id = 0;
  OutboxKind kind = OutboxKind::kEmail;
  std::string recipient, subject, body, headers_json, secret, message_id,
      origin;
  int attempts = 0;  // including this one
  int hops = 1;      // webhooks: the Earshot-Hops header to send
  std::string lease_token;
};

// Claims the oldest due message for `lease_s` seconds, committing the
// claim. NotFound when nothing is due. Ends the transaction either way.
Status ClaimMessage(Connection* db, int lease_s, const std::string& worker,
                    ClaimedMessage* message);

enum class Settled { kSent, kRetry, kDead, kLeaseLost };

// Records the outcome of sending `m`: `error` empty for success. A failure
// is retried after `retry_delay_ms`, unless this was attempt
// `max_attempts` (then dead). kLeaseLost when the claim had expired and
// another worker took the message (nothing is changed then). Commits.
Status SettleMessage(Connection* db, const ClaimedMessage& m,
                     const std::string& worker, const std::string& error,
                     int64_t duration_ms, int max_attempts,
                     int64_t retry_delay_ms, Settled* settled);

// Deletes up to `batch` messages sent more than `retention_days` ago, with
// their attempts; *deleted says how many. Commits.
Status PurgeSent(Connection* db, int retention_days, int batch,
                 int64_t* deleted);

}  // namespace earshot

#endif  // EARSHOT_COMMON_OUTBOX_OUTBOX_QUEUE_H_
