// What a macro's templates are filled from: per target, the facts its tags
// name (see template.h), the values of the external data fields they read,
// and the delivery's body. Read inside the delivery's transaction, so a
// macro's later actions see what its earlier ones changed.
//
// Thread-safety: reads through a caller's Connection.

#ifndef EARSHOT_COMMON_MACRO_MACRO_FACTS_H_
#define EARSHOT_COMMON_MACRO_MACRO_FACTS_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/macro/macro.h"
#include "common/macro/template.h"
#include "common/store/db.h"

namespace earshot {

struct MacroScope {
  TargetKind kind = TargetKind::kUsers;
  int64_t project_id = 0;  // users: 0 at community scope
  std::string macro_name;
  const rapidjson::Value* payload = nullptr;
  int hops = 0;  // the delivery's Earshot-Hops; its webhooks send one more
  // Feedback: each target's author id, in the order of the targets, when
  // the caller read them with the targets (locked, so still current);
  // null when not read.
  const std::vector<int64_t>* target_authors = nullptr;
};

// One TagValues per target, in the order of `targets`; a target that no
// longer exists gets only macro.name and the payload. REQUIRES: an open
// transaction.
Status LoadTagValues(Connection* db, const MacroScope& scope,
                     const std::vector<int64_t>& data_fields,
                     const std::vector<int64_t>& targets,
                     std::vector<TagValues>* values);

// Feedback id -> the emails of its active followers, in user id order.
Status LoadFollowerEmails(Connection* db, const std::vector<int64_t>& tickets,
                          std::map<int64_t, std::vector<std::string>>* emails);

}  // namespace earshot

#endif  // EARSHOT_COMMON_MACRO_MACRO_FACTS_H_
