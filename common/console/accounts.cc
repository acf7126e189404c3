#include "common/console/accounts.h"

#include "common/auth/crypto.h"
#include "common/base/email.h"
#include "common/console/web.h"

namespace earshot::console {

const char kAccountCondition[] =
    "u.role IN ('admin', 'manager') AND u.status = 'active' AND "
    "u.deleted_at IS NULL AND u.email IS NOT NULL";

namespace {

void ReadAccount(const Row& row, Account* account) {
  account->user_id = row.Int(0);
  account->email = row.Text(1);
  account->name = row.Text(2);
  account->role = row.Text(3);
}

}  // namespace

Status FindAccountByEmail(Connection* db, std::string_view email,
                          Account* account, std::string* password_hash) {
  QueryResult r;
  Status s = db->Run(
      std::string("SELECT u.id, u.email, u.name, u.role, p.hash FROM users u "
                  "LEFT JOIN console_passwords p ON p.user_id = u.id "
                  "WHERE u.email_key = ? AND ") +
          kAccountCondition,
      {SqlParam::Text(EmailKey(email))}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no console account");
  ReadAccount(r.rows[0], account);
  *password_hash = r.rows[0].Text(4);
  return Status::OK();
}

Status StorePasswordHash(Connection* db, int64_t user_id,
                         const std::string& hash) {
  QueryResult r;
  Status s =
      db->Run(std::string("SELECT u.id FROM users u WHERE u.id = ? AND ") +
                  kAccountCondition,
              {SqlParam::Int(user_id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) {
    return Status::Invalid(
        "only active users with the role admin or manager sign in to the "
        "console");
  }
  return db->Run(
      "INSERT INTO console_passwords (user_id, hash) VALUES (?, ?) "
      "ON DUPLICATE KEY UPDATE hash = VALUES(hash), "
      "updated_at = CURRENT_TIMESTAMP(6)",
      {SqlParam::Int(user_id), SqlParam::Text(hash)}, nullptr);
}

Status CreateSetupToken(Connection* db, int64_t user_id, int hours,
                        std::string* token) {
  std::string t;
  Status s = NewToken(32, &t);
  if (!s.ok()) return s;
  s = db->Run(
      "UPDATE console_setup_tokens SET used_at = CURRENT_TIMESTAMP(6) "
      "WHERE user_id = ? AND used_at IS NULL",
      {SqlParam::Int(user_id)}, nullptr);
  if (!s.ok()) return s;
  s = db->Run(
      "INSERT INTO console_setup_tokens (token_hash, user_id, expires_at) "
      "VALUES (?, ?, CURRENT_TIMESTAMP(6) + INTERVAL ? HOUR)",
      {SqlParam::Blob(Sha256(t)), SqlParam::Int(user_id), SqlParam::Int(hours)},
      nullptr);
  if (!s.ok()) return s;
  *token = std::move(t);
  return Status::OK();
}

Status FindSetupToken(Connection* db, std::string_view token,
                      Account* account) {
  if (token.empty() || token.size() > 128) {
    return Status::NotFound("no such setup link");
  }
  QueryResult r;
  Status s = db->Run(
      std::string("SELECT u.id, u.email, u.name, u.role FROM "
                  "console_setup_tokens t JOIN users u ON u.id = t.user_id "
                  "WHERE t.token_hash = ? AND t.used_at IS NULL AND "
                  "t.expires_at > CURRENT_TIMESTAMP(6) AND ") +
          kAccountCondition + " FOR UPDATE",
      {SqlParam::Blob(Sha256(token))}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) {
    return Status::NotFound(
        "this setup link is not valid: it was used already, has expired, or "
        "was replaced by a newer one");
  }
  ReadAccount(r.rows[0], account);
  return Status::OK();
}

Status UseSetupToken(Connection* db, std::string_view token) {
  return db->Run(
      "UPDATE console_setup_tokens SET used_at = CURRENT_TIMESTAMP(6) "
      "WHERE token_hash = ?",
      {SqlParam::Blob(Sha256(token))}, nullptr);
}

}  // namespace earshot::console
