#include "common/outbox/outbox_retry.h"

#include <string>

#include "common/store/lookup.h"

namespace earshot {

Status RetryOutboxMessage(Connection* db, int64_t id, bool* was_dead) {
  QueryResult r;
  Status s = QueryOne(
      db,
      "SELECT state, state = 'pending' AND lease_token IS NOT NULL AND "
      "next_attempt_at > NOW(6), leased_by FROM outbox WHERE id = ? "
      "FOR UPDATE",
      {SqlParam::Int(id)}, "no outbox message " + std::to_string(id), &r);
  if (!s.ok()) return s;
  const Row& row = r.rows[0];
  if (row.Text(0) == "sent") {
    return Status::Invalid("outbox message " + std::to_string(id) +
                           " was already sent");
  }
  if (row.Int(1) != 0) {
    return Status::Invalid("outbox message " + std::to_string(id) +
                           " is being sent right now by " + row.Text(2));
  }
  *was_dead = row.Text(0) == "dead";
  // attempts first: MariaDB assigns left to right, so after state it
  // would read the new 'pending' and never reset a dead one's count.
  return db->Run(
      "UPDATE outbox SET attempts = IF(state = 'dead', 0, attempts), "
      "state = 'pending', next_attempt_at = NOW(6), lease_token = NULL "
      "WHERE id = ?",
      {SqlParam::Int(id)}, nullptr);
}

}  // namespace earshot
