#include "common/outbox/outbox_queue.h"

#include "common/auth/crypto.h"
#include "common/store/purge_batch.h"

namespace earshot {

Status ClaimMessage(Connection* db, int lease_s, const std::string& worker,
                    ClaimedMessage* message) {
  QueryResult r;
  Status s = db->Run(
      "SELECT id, kind, recipient, subject, body, headers, secret, "
      "message_id, origin, attempts, hops FROM outbox WHERE state = 'pending' AND "
      "next_attempt_at <= NOW(6) ORDER BY next_attempt_at, id LIMIT 1 "
      "FOR UPDATE SKIP LOCKED",
      &r);
  if (!s.ok() || r.rows.empty()) {
    db->Rollback();
    return s.ok() ? Status::NotFound("nothing is due") : s;
  }
  const Row& row = r.rows[0];
  ClaimedMessage m;
  m.id = row.Int(0);
  m.kind = row.Text(1) == "webhook" ? OutboxKind::kWebhook : OutboxKind::kEmail;
  m.recipient = row.Text(2);
  m.subject = row.Text(3);
  m.body = row.Text(4);
  m.headers_json = row.Text(5);
  m.secret = row.Text(6);
  m.message_id = row.Text(7);
  m.origin = row.Text(8);
  m.attempts = static_cast<int>(row.Int(9)) + 1;
  m.hops = static_cast<int>(row.Int(10));
  std::string token;
  s = RandomBytes(16, &token);
  if (s.ok()) {
    m.lease_token = HexEncode(token);
    s = db->Run(
        "UPDATE outbox SET attempts = attempts + 1, lease_token = ?, "
        "leased_by = ?, next_attempt_at = NOW(6) + INTERVAL ? SECOND "
        "WHERE id = ?",
        {SqlParam::Text(m.lease_token), SqlParam::Text(worker.substr(0, 128)),
         SqlParam::Int(lease_s), SqlParam::Int(m.id)},
        nullptr);
  }
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    if (!db->broken()) db->Rollback();
    return s;
  }
  *message = std::move(m);
  return Status::OK();
}

Status SettleMessage(Connection* db, const ClaimedMessage& m,
                     const std::string& worker, const std::string& error,
                     int64_t duration_ms, int max_attempts,
                     int64_t retry_delay_ms, Settled* settled) {
  QueryResult r;
  Status s = db->Run(
      "SELECT lease_token FROM outbox WHERE id = ? AND state = 'pending' "
      "FOR UPDATE",
      {SqlParam::Int(m.id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty() || r.rows[0].Text(0) != m.lease_token) {
    *settled = Settled::kLeaseLost;
  } else if (error.empty()) {
    *settled = Settled::kSent;
    s = db->Run(
        "UPDATE outbox SET state = 'sent', sent_at = NOW(6), last_error = "
        "NULL, "
        "lease_token = NULL WHERE id = ?",
        {SqlParam::Int(m.id)}, nullptr);
  } else if (m.attempts >= max_attempts) {
    *settled = Settled::kDead;
    s = db->Run(
        "UPDATE outbox SET state = 'dead', last_error = ?, lease_token = NULL "
        "WHERE id = ?",
        {SqlParam::Text(error), SqlParam::Int(m.id)}, nullptr);
  } else {
    *settled = Settled::kRetry;
    s = db->Run(
        "UPDATE outbox SET last_error = ?, lease_token = NULL, "
        "next_attempt_at = NOW(6) + INTERVAL ? MICROSECOND WHERE id = ?",
        {SqlParam::Text(error), SqlParam::Int(retry_delay_ms * 1000),
         SqlParam::Int(m.id)},
        nullptr);
  }
  // Every attempt is kept, a lost lease's too: it did send.
  if (s.ok()) {
    s = db->Run(
        "INSERT INTO outbox_attempts (outbox_id, duration_ms, worker, error) "
        "VALUES (?, ?, ?, ?)",
        {SqlParam::Int(m.id), SqlParam::Int(duration_ms),
         SqlParam::Text(worker.substr(0, 128)),
         error.empty() ? SqlParam::Null() : SqlParam::Text(error)},
        nullptr);
  }
  if (s.ok()) s = db->Commit();
  if (!s.ok() && !db->broken()) db->Rollback();
  return s;
}

Status PurgeSent(Connection* db, int retention_days, int batch,
                 int64_t* deleted) {
  return PurgeBatch(
      db,
      "SELECT id FROM outbox WHERE state = 'sent' AND "
      "sent_at < NOW(6) - INTERVAL ? DAY ORDER BY id LIMIT ? FOR UPDATE "
      "SKIP LOCKED",
      {SqlParam::Int(retention_days), SqlParam::Int(batch)},
      {"outbox", "outbox_attempts", "outbox_id"}, deleted);
}

}  // namespace earshot
