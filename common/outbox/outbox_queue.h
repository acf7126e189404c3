// The outbox, as workers drain it. Several workers, on several hosts, may
// drain one outbox at once; none ever takes a message another holds:
//
//   claim    one short transaction: a batch of due pending messages,
//            per receiving host, SELECT ... FOR UPDATE SKIP LOCKED, is
//            leased (next_attempt_at moved forward by the lease, a fresh
//            lease token, attempts + 1) and committed before anything is
//            sent;
//   send     outside any transaction;
//   settle   one short transaction for a batch of ended sends, each only
//            while its lease token is still the message's: sent, or
//            pending again at its next retry time, or dead after the last
//            attempt; with its attempt row.
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
#include <vector>

#include "common/base/status.h"
#include "common/outbox/outbox.h"
#include "common/outbox/outbox_hosts.h"
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
  std::string host;  // OutboxHostKey
};

// Claims due messages for `lease_s` seconds, per host as `slots` allows
// (HostSlots::Plan over the hosts with due messages, the host waiting
// longest first; each host's oldest first), with one lease token for the
// batch; commits. Messages to a host at its limit stay unclaimed, for
// this worker later or another now. Rows queued without a target_host get
// theirs first. NotFound when nothing could be claimed. Ends the
// transaction either way.
Status ClaimBatch(Connection* db, int lease_s, const std::string& worker,
                  const HostSlots& slots, std::vector<ClaimedMessage>* claimed);

enum class Settled { kSent, kRetry, kDead, kLeaseLost };

// The end of one send, to record.
struct SendOutcome {
  const ClaimedMessage* message = nullptr;
  std::string error;  // empty for success
  int64_t duration_ms = 0;
  // A failure is retried after `retry_delay_ms`, unless this was attempt
  // `max_attempts` (then dead).
  int max_attempts = 1;
  int64_t retry_delay_ms = 0;
};

// Records `outcomes` in one transaction of a few statements, whatever
// their number: sent, pending again, or dead, each with its attempt row;
// (*settled)[i] says what became of outcomes[i]: kLeaseLost when its
// claim had expired and another worker took it (the message is left
// alone, its attempt is still recorded: it did send). Commits.
Status SettleBatch(Connection* db, const std::vector<SendOutcome>& outcomes,
                   const std::string& worker, std::vector<Settled>* settled);

// Deletes up to `batch` messages sent more than `retention_days` ago, with
// their attempts; *deleted says how many. Commits.
Status PurgeSent(Connection* db, int retention_days, int batch,
                 int64_t* deleted);

}  // namespace earshot

#endif  // EARSHOT_COMMON_OUTBOX_OUTBOX_QUEUE_H_
