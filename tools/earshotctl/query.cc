#include "tools/earshotctl/query.h"

#include "common/store/listener.h"

namespace earshot::ctl {

Status PutRow(const RowShape& shape, const Row& row, rapidjson::Value* object,
              JsonAlloc& alloc) {
  PutCells(shape.cells, row, object, alloc);
  return shape.extras ? shape.extras(row, object, alloc) : Status::OK();
}

Status QueryOne(Connection* db, std::string_view sql,
                const std::vector<SqlParam>& params, const std::string& missing,
                QueryResult* result) {
  Status s = db->Run(sql, params, result);
  if (!s.ok()) return s;
  if (result->rows.empty()) return Status::NotFound(missing);
  return Status::OK();
}

Status RunConfigChange(Connection* db, std::string_view sql,
                       const std::vector<SqlParam>& params,
                       const std::string& duplicate, QueryResult* result) {
  Status s = db->Run(sql, params, result);
  if (s.IsDuplicate()) return Status::Duplicate(duplicate);
  if (!s.ok()) return s;
  return BumpConfigVersion(db);
}

Status QueryRows(Connection* db, std::string_view sql,
                 const std::vector<SqlParam>& params, const RowShape& shape,
                 rapidjson::Value* rows, JsonAlloc& alloc) {
  QueryResult r;
  Status s = db->Run(sql, params, &r);
  if (!s.ok()) return s;
  rows->SetArray();
  for (const Row& row : r.rows) {
    rapidjson::Value item(rapidjson::kObjectType);
    s = PutRow(shape, row, &item, alloc);
    if (!s.ok()) return s;
    rows->PushBack(item, alloc);
  }
  return Status::OK();
}

Status PrintRows(Context* ctx, std::string_view sql,
                 const std::vector<SqlParam>& params, const RowShape& shape,
                 const std::vector<Column>& columns) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kArrayType);
  s = QueryRows(db, sql, params, shape, &doc, doc.GetAllocator());
  if (!s.ok()) return s;
  ctx->out()->PrintTable(columns, doc);
  return Status::OK();
}

}  // namespace earshot::ctl
