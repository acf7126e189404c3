#include "common/auth/key_notify.h"

#include <string>
#include <vector>

#include "common/outbox/outbox.h"

namespace earshot {

namespace {

// Printable ASCII only: an address from REMOTE_ADDR is always that, but an
// email subject is no place to find out otherwise.
std::string Printable(std::string_view text) {
  std::string out;
  for (char c : text) out += (c > ' ' && c <= '~') ? c : '?';
  return out;
}

}  // namespace

Status NoteApiKeyAddress(Connection* db, const Listener& listener,
                         std::string_view client_addr, int max_per_hour) {
  if (listener.api_key_notify_email.empty()) return Status::OK();
  const std::string address(client_addr.substr(0, kMaxKeyAddressBytes));
  QueryResult r;
  // The primary key decides "new": of two deliveries from one new address
  // racing, the second waits on the first's row and then finds it.
  Status s = db->Run(
      "INSERT IGNORE INTO api_key_addresses (api_key_id, client_addr, "
      "first_seen_at) VALUES (?, ?, UTC_TIMESTAMP(6))",
      {SqlParam::Int(listener.api_key_id), SqlParam::Text(address)}, &r);
  if (!s.ok() || r.affected_rows == 0) return s;

  // The key's row serialises the hourly count across processes and hosts;
  // its notify_email is read again, so a change just committed is used.
  s = db->Run(
      "SELECT notify_email, name, prefix, DATE_FORMAT(UTC_TIMESTAMP(), "
      "'%Y-%m-%d %H:%i:%s') FROM api_keys WHERE id = ? FOR UPDATE",
      {SqlParam::Int(listener.api_key_id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty() || r.rows[0].IsNull(0)) return Status::OK();
  const std::string to = r.rows[0].Text(0), name = r.rows[0].Text(1),
                    prefix = r.rows[0].Text(2), now = r.rows[0].Text(3);
  QueryResult count;
  s = db->Run(
      "SELECT COUNT(*) FROM api_key_addresses WHERE api_key_id = ? AND "
      "notified_at > UTC_TIMESTAMP(6) - INTERVAL 1 HOUR",
      {SqlParam::Int(listener.api_key_id)}, &count);
  if (!s.ok()) return s;
  const int64_t sent = count.rows[0].Int(0);
  if (sent >= max_per_hour) return Status::OK();
  s = db->Run(
      "UPDATE api_key_addresses SET notified_at = UTC_TIMESTAMP(6) "
      "WHERE api_key_id = ? AND client_addr = ?",
      {SqlParam::Int(listener.api_key_id), SqlParam::Text(address)}, nullptr);
  if (!s.ok()) return s;

  const std::string where = Printable(address);
  OutboxMessage m;
  m.kind = OutboxKind::kEmail;
  m.recipient = to;
  m.subject = "earshot: API key " + name + " used from a new address, " + where;
  m.body = "The API key " + name + " (" + prefix + "...) was used from " +
           where +
           ", an address it had not been used from before.\n\n"
           "When:     " +
           now +
           " UTC\n"
           "Listener: " +
           listener.key + " (" + ListenerTypeName(listener.type) +
           ")\n\n"
           "If you expected this (a new server, a changed network), there is "
           "nothing to do. If not, revoke the key on the console's API keys "
           "page or with `earshotctl apikey revoke " +
           name +
           "`, and give its senders a new one.\n\n"
           "You get this email because new-address notification is on for "
           "this key; turn it off on the API keys page or with `earshotctl "
           "apikey notify " +
           name + " --off`.\n";
  if (sent + 1 >= max_per_hour) {
    m.body += "\nThis is email number " + std::to_string(sent + 1) +
              " for this key within an hour, the most earshot sends: "
              "further new addresses in the next hour are recorded on "
              "the key's page but not emailed.\n";
  }
  m.origin = "api key " + name;
  return EnqueueMessages(db, {m});
}

}  // namespace earshot
