// earshotctl user create | show: community members, their participations
// in projects and their external data.

#include <algorithm>
#include <string>
#include <vector>

#include "common/base/checks.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/external_data.h"
#include "tools/earshotctl/json.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/query.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

constexpr size_t kMaxUserName = 255;

Status Create(Context* ctx, const Args& args) {
  const std::string& email = args.positionals()[0];
  Status s = CheckEmail(email);
  if (!s.ok()) return s;
  const std::string* name = args.Get("name");
  if (name != nullptr) {
    s = CheckLine(*name, "--name", kMaxUserName, true);
    if (!s.ok()) return s;
  }
  const std::string* role_flag = args.Get("role");
  std::string role = role_flag ? *role_flag : "member";
  if (role != "admin" && role != "manager" && role != "member") {
    return Status::Invalid("invalid --role '" + role +
                           "': expected admin, manager or member");
  }
  std::vector<int64_t> projects;
  for (const std::string& value : args.GetAll("project")) {
    int64_t id;
    s = ParseId(value, "project id", &id);
    if (!s.ok()) return s;
    if (std::find(projects.begin(), projects.end(), id) == projects.end()) {
      projects.push_back(id);
    }
  }

  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  for (int64_t id : projects) {
    s = CheckProjectExists(db, id);
    if (!s.ok()) return s;
  }
  int64_t existing;
  s = FindUserByEmail(db, email, &existing);
  if (s.ok()) {
    return Status::Duplicate("a user with email '" + email +
                             "' already exists (id " +
                             std::to_string(existing) + ")");
  }
  if (!s.IsNotFound()) return s;
  QueryResult r;
  s = db->Run("INSERT INTO users (email, name, role) VALUES (?, ?, ?)",
              {SqlParam::Text(email), SqlParam::Text(name ? *name : ""),
               SqlParam::Text(role)},
              &r);
  if (s.IsDuplicate()) {
    return Status::Duplicate("a user with email '" + email +
                             "' already exists");
  }
  if (!s.ok()) return s;
  const int64_t id = static_cast<int64_t>(r.insert_id);
  for (int64_t project : projects) {
    s = db->Run(
        "INSERT INTO participations (project_id, user_id) VALUES (?, ?)",
        {SqlParam::Int(project), SqlParam::Int(id)}, nullptr);
    if (!s.ok()) return s;
  }
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", id, alloc);
    Put(&doc, "email", email, alloc);
    Put(&doc, "name", name ? *name : "", alloc);
    Put(&doc, "role", role, alloc);
    rapidjson::Value list(rapidjson::kArrayType);
    for (int64_t project : projects) list.PushBack(project, alloc);
    Put(&doc, "projects", std::move(list), alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print(std::to_string(id) + "\n");
  }
  return Status::OK();
}

Status Show(Context* ctx, const Args& args) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  int64_t id;
  s = FindUser(db, args.positionals()[0], &id);
  if (!s.ok()) return s;
  QueryResult r;
  s = QueryOne(db,
               "SELECT id, email, name, role, status, score, created_at, "
               "deleted_at FROM users WHERE id = ?",
               {SqlParam::Int(id)}, "no user " + std::to_string(id), &r);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  PutCells({{"id", Int},
            {"email", TextOrNull},
            {"name"},
            {"role"},
            {"status"},
            {"score", Int},
            {"created_at", TimeOrNull},
            {"deleted_at", TimeOrNull}},
           r.rows[0], &doc, alloc);
  rapidjson::Value participations;
  s = QueryRows(
      db,
      "SELECT pt.project_id, p.name, pt.status, pt.score, pt.created_at "
      "FROM participations pt JOIN projects p ON p.id = pt.project_id "
      "WHERE pt.user_id = ? ORDER BY pt.project_id",
      {SqlParam::Int(id)},
      {{{"project_id", Int},
        {"project"},
        {"status"},
        {"score", Int},
        {"joined_at", TimeOrNull}}},
      &participations, alloc);
  if (!s.ok()) return s;
  rapidjson::Value data;
  s = ReadExternalData(db, TargetKind::kUsers, id, &data, alloc);
  if (!s.ok()) return s;

  if (ctx->json()) {
    Put(&doc, "participations", std::move(participations), alloc);
    Put(&doc, "data", std::move(data), alloc);
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }
  Output* out = ctx->out();
  out->Print(
      FormatRecord({{"id", "id"},
                    {"email", "email", CellStyle::kText, 0, "(deleted user)"},
                    {"name", "name"},
                    {"role", "role"},
                    {"status", "status"},
                    {"score", "score"},
                    {"created_at", "created", CellStyle::kTime},
                    {"deleted_at", "deleted", CellStyle::kTime, 0, "no"}},
                   doc));
  out->Print("\nparticipations:\n");
  out->Print(FormatTable({{"project_id", "project"},
                          {"project", "name"},
                          {"status", "status"},
                          {"score", "score"},
                          {"joined_at", "joined", CellStyle::kTime}},
                         participations));
  out->Print("\nexternal data:\n");
  out->Print(FormatTable(ExternalDataColumns(), data));
  return Status::OK();
}

}  // namespace

void AddUserCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"user create",
       "EMAIL [--name N] [--role admin|manager|member] [--project ID]...",
       "create a user taking part in the given projects; prints its id",
       "name role project*", 1, 1, Create});
  commands->push_back({"user show", "EMAIL|ID",
                       "a user, its participations and its external data", "",
                       1, 1, Show});
}

}  // namespace earshot::ctl
