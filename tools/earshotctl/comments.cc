// earshotctl comments list: the comments on a user or a feedback ticket,
// oldest first. Comments outlive their authors: a deleted author shows as
// "(deleted user)".

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

constexpr size_t kBodyWidth = 60;

Status List(Context* ctx, const Args& args) {
  TargetKind kind;
  Status s = ParseTargetArg(args.positionals()[0], "users|feedback", &kind);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  int64_t id;
  if (kind == TargetKind::kUsers) {
    s = FindUser(db, args.positionals()[1], &id);
  } else {
    s = ParseId(args.positionals()[1], "feedback id", &id);
    if (s.ok()) s = CheckTargetExists(db, kind, id);
  }
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(
      kind == TargetKind::kUsers
          ? "SELECT c.id, c.created_at, c.author_id, u.email, c.project_id, "
            "c.body FROM comments c JOIN users u ON u.id = c.author_id "
            "WHERE c.user_id = ? ORDER BY c.id"
          : "SELECT c.id, c.created_at, c.author_id, u.email, c.project_id, "
            "c.body FROM comments c JOIN users u ON u.id = c.author_id "
            "WHERE c.feedback_id = ? ORDER BY c.id",
      {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const Row& row : r.rows) {
    rapidjson::Value item(rapidjson::kObjectType);
    Put(&item, "id", row.Int(0), alloc);
    Put(&item, "created_at", TimeOrNull(row, 1, alloc), alloc);
    Put(&item, "author_id", row.Int(2), alloc);
    Put(&item, "author", TextOrNull(row, 3, alloc), alloc);
    Put(&item, "project_id", IntOrNull(row, 4), alloc);
    if (!ctx->json() && kind == TargetKind::kUsers) {
      Put(&item, "project",
          row.IsNull(4) ? std::string("community") : row.Text(4), alloc);
    }
    Put(&item, "body", row.Text(5), alloc);
    doc.PushBack(item, alloc);
  }
  std::vector<Column> columns = {
      {"id", "id"},
      {"created_at", "created", CellStyle::kTime},
      {"author", "author", CellStyle::kText, 0, "(deleted user)"}};
  if (kind == TargetKind::kUsers) columns.push_back({"project", "project"});
  columns.push_back({"body", "body", CellStyle::kText, kBodyWidth});
  ctx->out()->PrintTable(columns, doc);
  return Status::OK();
}

}  // namespace

void AddCommentCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"comments list", "users|feedback ID",
       "the comments on a user (by id or email) or a feedback ticket", "", 2, 2,
       List});
}

}  // namespace earshot::ctl
