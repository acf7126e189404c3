// Database cells as JSON values for earshotctl's output: NULL as null,
// DATETIME(6) columns (UTC) as RFC 3339 text.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_ROWS_H_
#define EARSHOT_TOOLS_EARSHOTCTL_ROWS_H_

#include <rapidjson/document.h>

#include <cstddef>
#include <string>

#include "common/store/db.h"
#include "tools/earshotctl/json.h"

namespace earshot::ctl {

rapidjson::Value TextOrNull(const Row& row, size_t col, JsonAlloc& alloc);
rapidjson::Value IntOrNull(const Row& row, size_t col);
// "2026-11-27T09:00:00.5Z" from "2026-11-27 09:00:00.500000".
rapidjson::Value TimeOrNull(const Row& row, size_t col, JsonAlloc& alloc);
std::string SqlTimeToRfc3339(const std::string& sql_datetime);

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_ROWS_H_
