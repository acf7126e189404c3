// A target's external data as earshotctl shows it (`data get`, `user
// show`, `feedback show`): every field of every data group of the target's
// kind, with the target's value as canonical text, null when it holds none.
//
// Thread-safety: as Connection's.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_EXTERNAL_DATA_H_
#define EARSHOT_TOOLS_EARSHOTCTL_EXTERNAL_DATA_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/db.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/output.h"

namespace earshot::ctl {

// Sets *rows to an array of {group, label, type, value}, by group name then
// field. REQUIRES: the target exists.
Status ReadExternalData(Connection* db, TargetKind kind, int64_t id,
                        rapidjson::Value* rows, JsonAlloc& alloc);

// The table's columns: group, label, type, value (null shown as "null").
const std::vector<Column>& ExternalDataColumns();

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_EXTERNAL_DATA_H_
