// earshotctl comments list: the comments on a user or a feedback ticket,
// oldest first. Comments outlive their authors: a deleted author shows as
// "(deleted user)".

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/query.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

constexpr size_t kBodyWidth = 60;

Status List(Context* ctx, const Args& args) {
  TargetKind kind;
  int64_t id;
  Status s = FindTargetArgs(ctx, args, "users|feedback", &kind, &id);
  if (!s.ok()) return s;
  std::vector<Column> columns = {
      {"id", "id"},
      {"created_at", "created", CellStyle::kTime},
      {"author", "author", CellStyle::kText, 0, "(deleted user)"}};
  if (kind == TargetKind::kUsers) columns.push_back({"project", "project"});
  columns.push_back({"body", "body", CellStyle::kText, kBodyWidth});
  RowExtras project_name = nullptr;
  if (!ctx->json() && kind == TargetKind::kUsers) {
    project_name = [](const Row& row, rapidjson::Value* item,
                      JsonAlloc& alloc) {
      Put(item, "project",
          row.IsNull(4) ? std::string("community") : row.Text(4), alloc);
      return Status::OK();
    };
  }
  return PrintRows(
      ctx,
      std::string("SELECT c.id, c.created_at, c.author_id, u.email, "
                  "c.project_id, c.body FROM comments c "
                  "JOIN users u ON u.id = c.author_id WHERE ") +
          (kind == TargetKind::kUsers ? "c.user_id" : "c.feedback_id") +
          " = ? ORDER BY c.id",
      {SqlParam::Int(id)},
      {{{"id", Int},
        {"created_at", TimeOrNull},
        {"author_id", Int},
        {"author", TextOrNull},
        {"project_id", IntOrNull},
        {"body"}},
       project_name},
      columns);
}

}  // namespace

void AddCommentCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"comments list", "users|feedback ID",
       "the comments on a user (by id or email) or a feedback ticket", "", 2, 2,
       List});
}

}  // namespace earshot::ctl
