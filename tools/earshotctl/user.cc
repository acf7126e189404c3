// earshotctl user create | show: community members, their participations
// in projects and their external data; user password | invite: console
// sign-in for admins and managers (see common/console/accounts.h).

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/base/checks.h"
#include "common/console/accounts.h"
#include "common/console/audit.h"
#include "common/console/password.h"
#include "common/console/session.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/external_data.h"
#include "tools/earshotctl/json.h"
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

// "earshotctl (USER)" for the console's audit log: who ran sudo, else who
// runs this.
std::string AuditActor() {
  std::string who;
  const char* sudo = std::getenv("SUDO_USER");
  if (sudo != nullptr && *sudo != '\0') {
    who = sudo;
  } else if (const passwd* pw = getpwuid(getuid())) {
    who = pw->pw_name;
  } else {
    who = "uid " + std::to_string(getuid());
  }
  return "earshotctl (" + who + ")";
}

// The console account of `email`: an active admin or manager.
Status ConsoleAccount(Connection* db, const std::string& email,
                      console::Account* account) {
  std::string hash;
  Status s = console::FindAccountByEmail(db, email, account, &hash);
  if (s.IsNotFound()) {
    return Status::NotFound("no active admin or manager with email " + email +
                            ": only they sign in to the console");
  }
  return s;
}

// Reads the new password from stdin (one line; a final newline is not part
// of it), so it never shows in a process list or a shell history.
Status Password(Context* ctx, const Args& args) {
  std::string password;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), stdin)) > 0) {
    password.append(buf, n);
    if (password.size() > console::kMaxPasswordLength + 2) break;
  }
  if (!password.empty() && password.back() == '\n') password.pop_back();
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.find('\n') != std::string::npos) {
    return Status::Invalid("the password comes on stdin as one line");
  }
  Status s = console::CheckNewPassword(password);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  console::Account account;
  s = ConsoleAccount(db, args.positionals()[0], &account);
  if (!s.ok()) return s;
  std::string hash;
  s = console::HashPassword(password, &hash);
  if (s.ok()) s = console::StorePasswordHash(db, account.user_id, hash);
  // A new password signs every browser out.
  if (s.ok()) s = console::DeleteUserSessions(db, account.user_id);
  const std::string actor = AuditActor();
  if (s.ok()) {
    s = console::WriteAudit(
        db, {0, actor, "password.set", account.email, "with earshotctl", ""});
  }
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", account.user_id, alloc);
    Put(&doc, "email", account.email, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("password set for " + account.email +
                      "; their console sessions were ended\n");
  }
  return Status::OK();
}

// A one-time link to set a password, valid --hours (default 24).
Status Invite(Context* ctx, const Args& args) {
  int64_t hours = 24;
  if (const std::string* h = args.Get("hours")) {
    Status s = ParseId(*h, "--hours", &hours);
    if (!s.ok()) return s;
    if (hours > 24 * 30) {
      return Status::Invalid("--hours is at most 720 (30 days)");
    }
  }
  const Config* config;
  Status s = ctx->GetConfig(&config);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  console::Account account;
  s = ConsoleAccount(db, args.positionals()[0], &account);
  if (!s.ok()) return s;
  std::string token;
  s = console::CreateSetupToken(db, account.user_id, static_cast<int>(hours),
                                &token);
  if (s.ok()) {
    s = console::WriteAudit(
        db, {0, AuditActor(), "password.invite", account.email,
             "setup link valid " + std::to_string(hours) + " h", ""});
  }
  if (!s.ok()) return s;
  std::string base = config->base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string url = base + "/admin/setup?token=" + token;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "email", account.email, alloc);
    Put(&doc, "url", url, alloc);
    Put(&doc, "hours", hours, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print(url + "\n");
  }
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
  commands->push_back(
      {"user password", "EMAIL  (the password on stdin)",
       "set an admin's or manager's console password; ends their sessions", "",
       1, 1, Password});
  commands->push_back(
      {"user invite", "EMAIL [--hours N]",
       "print a one-time link (default: valid 24 h) where an admin or "
       "manager sets their console password",
       "hours", 1, 1, Invite});
}

}  // namespace earshot::ctl
