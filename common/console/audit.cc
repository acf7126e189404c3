#include "common/console/audit.h"

#include <string>

#include "common/base/utf8.h"

namespace earshot::console {

namespace {

// `text` cut to at most `max` bytes on a character boundary.
std::string Cut(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end));
}

}  // namespace

Status WriteAudit(Connection* db, const AuditEntry& entry) {
  return db->Run(
      "INSERT INTO console_audit (user_id, actor, action, object, detail, "
      "client_addr) VALUES (?, ?, ?, ?, ?, ?)",
      {entry.user_id > 0 ? SqlParam::Int(entry.user_id) : SqlParam::Null(),
       SqlParam::Text(Cut(entry.actor, 300)),
       SqlParam::Text(Cut(entry.action, 64)),
       SqlParam::Text(Cut(entry.object, 255)),
       entry.detail.empty() ? SqlParam::Null()
                            : SqlParam::Text(Cut(entry.detail, 65535)),
       SqlParam::Text(Cut(entry.client_addr, 64))},
      nullptr);
}

}  // namespace earshot::console
