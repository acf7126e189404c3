// The console's audit log: who changed what, when. Every change made
// through the console writes one row in the transaction of the change
// itself, so a change and its record commit together. Sign-ins, sign-outs
// and refused sign-ins are recorded too.
//
// Thread-safety: functions over a Connection, which belongs to one thread.

#ifndef EARSHOT_COMMON_CONSOLE_AUDIT_H_
#define EARSHOT_COMMON_CONSOLE_AUDIT_H_

#include <cstdint>
#include <string_view>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot::console {

struct AuditEntry {
  int64_t user_id = 0;      // 0 when no account is known
  std::string_view actor;   // the account's email, or "earshotctl (USER)"
  std::string_view action;  // "sign_in", "replay", "listener.disable"...
  std::string_view object;  // what it acted on: "event 12", "listener k"
  std::string_view detail;  // free text, may be empty
  std::string_view client_addr;
};

Status WriteAudit(Connection* db, const AuditEntry& entry);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_AUDIT_H_
