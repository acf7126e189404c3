// What most earshotctl commands do with the database: run one SELECT and
// turn its rows into JSON objects (see Cell in rows.h), then print them as
// the --json array or as a table; or run one change that the handlers
// load. One home for "open, query, build the array, print", so every list
// reads the same and prints the same.
//
// Thread-safety: as Connection's.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_QUERY_H_
#define EARSHOT_TOOLS_EARSHOTCTL_QUERY_H_

#include <rapidjson/document.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/store/db.h"
#include "common/store/lookup.h"  // QueryOne
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/output.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

// Members a row's object gets after its cells': the ones computed from
// several columns, or only shown to people.
using RowExtras = std::function<Status(const Row& row, rapidjson::Value* item,
                                       JsonAlloc& alloc)>;

// What each row of a SELECT becomes: an object with `cells`, then `extras`.
struct RowShape {
  std::vector<Cell> cells;
  RowExtras extras = nullptr;  // may be empty
};

// Adds `row`'s members, as `shape` says, to `object`.
// REQUIRES: `object` is an object.
Status PutRow(const RowShape& shape, const Row& row, rapidjson::Value* object,
              JsonAlloc& alloc);

// Runs `sql`, a change to what the handlers load (an API key, a data
// group or field, a macro), then bumps the config version so that they
// load it again; a unique-key clash comes back as Duplicate(`duplicate`).
Status RunConfigChange(Connection* db, std::string_view sql,
                       const std::vector<SqlParam>& params,
                       const std::string& duplicate, QueryResult* result);

// Runs `sql` and makes `*rows` an array of one object per row, in order.
Status QueryRows(Connection* db, std::string_view sql,
                 const std::vector<SqlParam>& params, const RowShape& shape,
                 rapidjson::Value* rows, JsonAlloc& alloc);

// A list command's whole work: QueryRows on the command's database, then
// the rows printed as a JSON array (--json) or as a table of `columns`.
Status PrintRows(Context* ctx, std::string_view sql,
                 const std::vector<SqlParam>& params, const RowShape& shape,
                 const std::vector<Column>& columns);

// The target a command's first two arguments name, KIND ID: KIND one of
// `allowed` (see ParseTargetArg), ID as FindTarget takes it, looked up in
// the command's database (which *db, when not null, is set to).
Status FindTargetArgs(Context* ctx, const Args& args, std::string_view allowed,
                      TargetKind* kind, int64_t* id, Connection** db = nullptr);

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_QUERY_H_
