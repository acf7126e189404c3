// earshotctl project create | list: the community's projects.

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

constexpr size_t kMaxProjectName = 255;

Status Create(Context* ctx, const Args& args) {
  const std::string& name = args.positionals()[0];
  Status s = CheckLine(name, "project name", kMaxProjectName, false);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run("SELECT id FROM projects WHERE name = ?", {SqlParam::Text(name)},
              &r);
  if (!s.ok()) return s;
  if (!r.rows.empty()) {
    return Status::Duplicate("a project named '" + name +
                             "' already exists (id " + r.rows[0].Text(0) + ")");
  }
  s = db->Run("INSERT INTO projects (name) VALUES (?)", {SqlParam::Text(name)},
              &r);
  if (s.IsDuplicate()) {
    return Status::Duplicate("a project named '" + name + "' already exists");
  }
  if (!s.ok()) return s;
  const int64_t id = static_cast<int64_t>(r.insert_id);
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    Put(&doc, "id", id, doc.GetAllocator());
    Put(&doc, "name", name, doc.GetAllocator());
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print(std::to_string(id) + "\n");  // for $(...) in scripts
  }
  return Status::OK();
}

Status List(Context* ctx, const Args&) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(
      "SELECT p.id, p.name, p.status, p.created_at, "
      "(SELECT COUNT(*) FROM participations pt WHERE pt.project_id = p.id), "
      "(SELECT COUNT(*) FROM feedback f WHERE f.project_id = p.id) "
      "FROM projects p ORDER BY p.id",
      &r);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const Row& row : r.rows) {
    rapidjson::Value item(rapidjson::kObjectType);
    Put(&item, "id", row.Int(0), alloc);
    Put(&item, "name", row.Text(1), alloc);
    Put(&item, "status", row.Text(2), alloc);
    Put(&item, "created_at", TimeOrNull(row, 3, alloc), alloc);
    Put(&item, "participants", row.Int(4), alloc);
    Put(&item, "feedback", row.Int(5), alloc);
    doc.PushBack(item, alloc);
  }
  ctx->out()->PrintTable({{"id", "id"},
                          {"name", "name"},
                          {"status", "status"},
                          {"created_at", "created", CellStyle::kTime},
                          {"participants", "participants"},
                          {"feedback", "feedback"}},
                         doc);
  return Status::OK();
}

}  // namespace

void AddProjectCommands(std::vector<Command>* commands) {
  commands->push_back({"project create", "NAME",
                       "create a project and print its id", "", 1, 1, Create});
  commands->push_back(
      {"project list", "", "list the projects", "", 0, 0, List});
}

}  // namespace earshot::ctl
