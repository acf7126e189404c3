// The outbox, as listeners fill it: emails and webhooks queued as rows in
// the delivery's own transaction, so that a rolled-back delivery sends
// nothing and a committed one is never forgotten. earshot-outbox delivers
// them (see outbox_queue.h).
//
// Every message gets a message id ("msg_" + 32 hex digits) when queued;
// it never changes across retries: webhooks carry it as `webhook-id` and
// emails as their Message-ID, so receivers can drop a repeat.
//
// Thread-safety: pure functions, plus writes through a caller's Connection.

#ifndef EARSHOT_COMMON_OUTBOX_OUTBOX_H_
#define EARSHOT_COMMON_OUTBOX_OUTBOX_H_

#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

enum class OutboxKind { kEmail, kWebhook };

struct OutboxMessage {
  OutboxKind kind = OutboxKind::kEmail;
  std::string recipient;     // an email address, or the webhook's URL
  std::string subject;       // emails
  std::string body;          // an email's text, or a webhook's JSON
  std::string headers_json;  // webhooks: {"Name":"value"}; "" for none
  std::string secret;        // webhooks: "" signs with the install's
  std::string origin;        // for operators: "macro NAME", "comment"
  int hops = 1;              // webhooks: the Earshot-Hops they carry
};

// "msg_" + 32 lowercase hex digits from the CSPRNG.
Status NewMessageId(std::string* id);

// Queues `messages`, due now, marked as queued by this session until the
// delivery's event links them (RecordEvent; sql/014). REQUIRES: an open
// transaction.
Status EnqueueMessages(Connection* db,
                       const std::vector<OutboxMessage>& messages);

}  // namespace earshot

#endif  // EARSHOT_COMMON_OUTBOX_OUTBOX_H_
