#include "common/console/session.h"

#include "common/auth/crypto.h"
#include "common/console/web.h"

namespace earshot::console {

Status CreateSession(Connection* db, const Account& account,
                     std::string_view client_addr, int hours,
                     std::string* cookie_token, Session* session) {
  std::string token, csrf;
  Status s = NewToken(32, &token);
  if (s.ok()) s = NewToken(32, &csrf);
  if (!s.ok()) return s;
  s = db->Run(
      "DELETE FROM console_sessions WHERE expires_at < CURRENT_TIMESTAMP(6) "
      "LIMIT 100",
      nullptr);
  if (!s.ok()) return s;
  s = db->Run(
      "INSERT INTO console_sessions (token_hash, user_id, csrf_token, "
      "client_addr, expires_at) VALUES (?, ?, ?, ?, "
      "CURRENT_TIMESTAMP(6) + INTERVAL ? HOUR)",
      {SqlParam::Blob(Sha256(token)), SqlParam::Int(account.user_id),
       SqlParam::Text(csrf),
       SqlParam::Text(std::string(client_addr.substr(0, 64))),
       SqlParam::Int(hours)},
      nullptr);
  if (!s.ok()) return s;
  *cookie_token = std::move(token);
  session->account = account;
  session->csrf_token = std::move(csrf);
  return Status::OK();
}

Status LoadSession(Connection* db, std::string_view cookie_token,
                   Session* session) {
  if (cookie_token.empty() || cookie_token.size() > 128) {
    return Status::NotFound("no session");
  }
  QueryResult r;
  Status s = db->Run(
      std::string("SELECT u.id, u.email, u.name, u.role, s.csrf_token FROM "
                  "console_sessions s JOIN users u ON u.id = s.user_id "
                  "WHERE s.token_hash = ? AND "
                  "s.expires_at > CURRENT_TIMESTAMP(6) AND ") +
          kAccountCondition,
      {SqlParam::Blob(Sha256(cookie_token))}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no session");
  const Row& row = r.rows[0];
  session->account.user_id = row.Int(0);
  session->account.email = row.Text(1);
  session->account.name = row.Text(2);
  session->account.role = row.Text(3);
  session->csrf_token = row.Text(4);
  return Status::OK();
}

Status DeleteSession(Connection* db, std::string_view cookie_token) {
  return db->Run("DELETE FROM console_sessions WHERE token_hash = ?",
                 {SqlParam::Blob(Sha256(cookie_token))}, nullptr);
}

Status DeleteUserSessions(Connection* db, int64_t user_id) {
  return db->Run("DELETE FROM console_sessions WHERE user_id = ?",
                 {SqlParam::Int(user_id)}, nullptr);
}

}  // namespace earshot::console
