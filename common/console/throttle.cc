#include "common/console/throttle.h"

#include <string>

#include "common/base/email.h"

namespace earshot::console {

namespace {

// The subject column holds at most 254 characters.
std::string AccountSubject(std::string_view email) {
  std::string key = EmailKey(email);
  if (key.size() > 254) key.resize(254);
  return key;
}

std::string AddressSubject(std::string_view addr) {
  return std::string(addr.substr(0, 64));
}

}  // namespace

Status IsThrottled(Connection* db, std::string_view email,
                   std::string_view client_addr, bool* throttled) {
  QueryResult r;
  Status s = db->Run(
      "SELECT "
      "(SELECT COUNT(*) FROM console_login_failures WHERE kind = 'account' "
      " AND subject = ? AND failed_at > CURRENT_TIMESTAMP(6) - INTERVAL ? "
      " MINUTE), "
      "(SELECT COUNT(*) FROM console_login_failures WHERE kind = 'address' "
      " AND subject = ? AND failed_at > CURRENT_TIMESTAMP(6) - INTERVAL ? "
      " MINUTE)",
      {SqlParam::Text(AccountSubject(email)),
       SqlParam::Int(kThrottleWindowMinutes),
       SqlParam::Text(AddressSubject(client_addr)),
       SqlParam::Int(kThrottleWindowMinutes)},
      &r);
  if (!s.ok()) return s;
  *throttled = r.rows[0].Int(0) >= kMaxAccountFailures ||
               r.rows[0].Int(1) >= kMaxAddressFailures;
  return Status::OK();
}

Status RecordLoginFailure(Connection* db, std::string_view email,
                          std::string_view client_addr) {
  Status s = db->Run(
      "DELETE FROM console_login_failures WHERE failed_at < "
      "CURRENT_TIMESTAMP(6) - INTERVAL ? MINUTE LIMIT 100",
      {SqlParam::Int(kThrottleWindowMinutes)}, nullptr);
  if (!s.ok()) return s;
  return db->Run(
      "INSERT INTO console_login_failures (kind, subject) VALUES "
      "('account', ?), ('address', ?)",
      {SqlParam::Text(AccountSubject(email)),
       SqlParam::Text(AddressSubject(client_addr))},
      nullptr);
}

Status ClearAccountFailures(Connection* db, std::string_view email) {
  return db->Run(
      "DELETE FROM console_login_failures WHERE kind = 'account' AND "
      "subject = ?",
      {SqlParam::Text(AccountSubject(email))}, nullptr);
}

}  // namespace earshot::console
