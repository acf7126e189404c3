#include "common/store/purge_batch.h"

#include <string>

#include "common/store/sql_text.h"

namespace earshot {

Status PurgeBatch(Connection* db, std::string_view select,
                  const std::vector<SqlParam>& params,
                  const PurgeTables& tables, int64_t* deleted,
                  const PurgeHook& before_delete) {
  *deleted = 0;
  QueryResult r;
  Status s = db->Run(select, params, &r);
  std::vector<SqlParam> ids;
  if (s.ok()) {
    ids.reserve(r.rows.size());
    for (const Row& row : r.rows) ids.push_back(SqlParam::Int(row.Int(0)));
    if (before_delete) s = before_delete(ids);
  }
  if (s.ok() && !ids.empty()) {
    const std::string in =
        "(" + Placeholders(static_cast<int>(ids.size())) + ")";
    s = db->Run(std::string("DELETE FROM ") + tables.child_table + " WHERE " +
                    tables.child_column + " IN " + in,
                ids, nullptr);
    if (s.ok()) {
      s = db->Run(
          std::string("DELETE FROM ") + tables.table + " WHERE id IN " + in,
          ids, nullptr);
    }
  }
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    if (!db->broken()) db->Rollback();
    return s;
  }
  *deleted = static_cast<int64_t>(r.rows.size());
  return Status::OK();
}

}  // namespace earshot
