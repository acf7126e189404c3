#include "tools/earshotctl/query.h"

#include "common/store/listener.h"

namespace earshot::ctl {

Status PutRow(const RowShape& shape, const Row& row, rapidjson::Value* object,
              JsonAlloc& alloc) {
  PutCells(shape.cells, row, object, alloc);
  return shape.extras ? shape.extras(row, object, alloc) : Status::OK();
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

Status FindTargetArgs(Context* ctx, const Args& args, std::string_view allowed,
                      TargetKind* kind, int64_t* id, Connection** db) {
  Status s = ParseTargetArg(args.positionals()[0], allowed, kind);
  if (!s.ok()) return s;
  Connection* opened;
  s = ctx->Db(&opened);
  if (s.ok()) s = FindTarget(opened, *kind, args.positionals()[1], id);
  if (s.ok() && db != nullptr) *db = opened;
  return s;
}

}  // namespace earshot::ctl
