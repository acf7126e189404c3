// Database cells as JSON values for earshotctl's output: NULL as null,
// DATETIME(6) columns (UTC) as RFC 3339 text. A command names what each
// column of its SELECT becomes with a list of Cells, in column order, so
// the SQL and the members it fills read side by side.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_ROWS_H_
#define EARSHOT_TOOLS_EARSHOTCTL_ROWS_H_

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <vector>

#include "common/store/db.h"
#include "tools/earshotctl/json.h"

namespace earshot::ctl {

// How the cell at column `col` of `row` becomes a JSON value.
using CellReader = rapidjson::Value (*)(const Row& row, size_t col,
                                        JsonAlloc& alloc);

// Text, "" for NULL.
rapidjson::Value Text(const Row& row, size_t col, JsonAlloc& alloc);
rapidjson::Value TextOrNull(const Row& row, size_t col, JsonAlloc& alloc);
// An integer, 0 for NULL.
rapidjson::Value Int(const Row& row, size_t col, JsonAlloc& alloc);
rapidjson::Value IntOrNull(const Row& row, size_t col, JsonAlloc& alloc);
// An integer as a boolean: true unless 0 or NULL.
rapidjson::Value Bool(const Row& row, size_t col, JsonAlloc& alloc);
// Microseconds as milliseconds (a number with a fraction).
rapidjson::Value Millis(const Row& row, size_t col, JsonAlloc& alloc);
// "2026-11-27T09:00:00.5Z" from "2026-11-27 09:00:00.500000".
rapidjson::Value TimeOrNull(const Row& row, size_t col, JsonAlloc& alloc);
// A JSON column as the value it holds; as text if it does not parse.
rapidjson::Value JsonOrNull(const Row& row, size_t col, JsonAlloc& alloc);

std::string SqlTimeToRfc3339(const std::string& sql_datetime);

// One column of a SELECT as one member of the object made from its row.
struct Cell {
  const char* key;  // null: no member (other code reads the column)
  CellReader read = Text;
};

// Adds one member per cell of `cells` to `object`, the i-th from column i.
// REQUIRES: `object` is an object; `row` has at least cells.size() columns.
void PutCells(const std::vector<Cell>& cells, const Row& row,
              rapidjson::Value* object, JsonAlloc& alloc);

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_ROWS_H_
