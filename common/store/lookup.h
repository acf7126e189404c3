// Lookups of the things operators name (projects, users, API keys, data
// groups, macros, listeners, targets), for earshotctl and the console,
// each answering NotFound with one line naming what is missing
// ("no project 7").
//
// Thread-safety: as Connection's.

#ifndef EARSHOT_COMMON_STORE_LOOKUP_H_
#define EARSHOT_COMMON_STORE_LOOKUP_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

struct ApiKeyRef {
  int64_t id = 0;
  bool revoked = false;
};

struct GroupRef {
  int64_t id = 0;
  TargetKind target = TargetKind::kUsers;
};

struct MacroRef {
  int64_t id = 0;
  TargetKind target = TargetKind::kUsers;
};

// "users", "feedback" or "projects"; `allowed` lists the ones the command
// takes, as the message shows them ("users|feedback").
Status ParseTargetArg(std::string_view text, std::string_view allowed,
                      TargetKind* kind);

// "user 5", "feedback 7", "project 3": a target as messages name it.
std::string DescribeTarget(TargetKind kind, int64_t id);

Status CheckProjectExists(Connection* db, int64_t id);
Status CheckTargetExists(Connection* db, TargetKind kind, int64_t id);
// Deleted users (email erased) are not found by email. Emails compare as
// their EmailKey (common/base/email.h): exactly, but for ASCII letter case.
Status FindUserByEmail(Connection* db, std::string_view email, int64_t* id);
// A user named by id (all digits) or by email.
Status FindUser(Connection* db, std::string_view email_or_id, int64_t* id);
Status FindApiKey(Connection* db, std::string_view name, ApiKeyRef* key);
Status FindGroup(Connection* db, std::string_view name, GroupRef* group);
Status FindMacro(Connection* db, std::string_view name, MacroRef* macro);
Status FindListenerId(Connection* db, std::string_view key, int64_t* id);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_LOOKUP_H_
