#include "common/outbox/outbox.h"

#include "common/auth/crypto.h"
#include "common/store/sql_text.h"

namespace earshot {

namespace {

// Rows per INSERT statement.
constexpr size_t kBatch = 100;

}  // namespace

Status NewMessageId(std::string* id) {
  std::string bytes;
  Status s = RandomBytes(16, &bytes);
  if (!s.ok()) return s;
  *id = "msg_" + HexEncode(bytes);
  return Status::OK();
}

Status EnqueueMessages(Connection* db,
                       const std::vector<OutboxMessage>& messages) {
  for (size_t start = 0; start < messages.size(); start += kBatch) {
    size_t end = std::min(messages.size(), start + kBatch);
    std::vector<SqlParam> params;
    for (size_t i = start; i < end; ++i) {
      const OutboxMessage& m = messages[i];
      std::string id;
      Status s = NewMessageId(&id);
      if (!s.ok()) return s;
      bool email = m.kind == OutboxKind::kEmail;
      params.push_back(SqlParam::Text(email ? "email" : "webhook"));
      params.push_back(SqlParam::Text(m.recipient));
      params.push_back(email ? SqlParam::Text(m.subject) : SqlParam::Null());
      params.push_back(SqlParam::Text(m.body));
      params.push_back(m.headers_json.empty() ? SqlParam::Null()
                                              : SqlParam::Text(m.headers_json));
      params.push_back(m.secret.empty() ? SqlParam::Null()
                                        : SqlParam::Text(m.secret));
      params.push_back(SqlParam::Text(id));
      params.push_back(SqlParam::Text(m.origin.substr(0, 255)));
      params.push_back(SqlParam::Int(m.hops));
    }
    Status s = db->Run(
        "INSERT INTO outbox (kind, recipient, subject, body, headers, secret, "
        "message_id, origin, hops, queued_by) VALUES " +
            Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, CONNECTION_ID())",
                   static_cast<int>(end - start), ", "),
        params, nullptr);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

}  // namespace earshot
