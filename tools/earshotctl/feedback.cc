// earshotctl feedback create | show, and follow: feedback tickets and the
// users who follow them.

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/external_data.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/query.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

constexpr size_t kMaxTitle = 1024;
constexpr size_t kMaxKindOrStatus = 64;

Status Required(const Args& args, const char* option, const char* command,
                const std::string** value) {
  *value = args.Get(option);
  if (*value == nullptr) {
    return Status::Invalid(std::string(command) + " needs --" + option);
  }
  return Status::OK();
}

Status Create(Context* ctx, const Args& args) {
  const std::string *project_text, *author, *title;
  Status s = Required(args, "project", "feedback create", &project_text);
  if (s.ok()) s = Required(args, "author", "feedback create", &author);
  if (s.ok()) s = Required(args, "title", "feedback create", &title);
  if (!s.ok()) return s;
  int64_t project;
  s = ParseId(*project_text, "project id", &project);
  if (s.ok()) s = CheckLine(*title, "--title", kMaxTitle, false);
  if (!s.ok()) return s;
  std::string kind = "bug", status = "new";
  if (const std::string* v = args.Get("kind")) kind = *v;
  if (const std::string* v = args.Get("status")) status = *v;
  s = CheckLine(kind, "--kind", kMaxKindOrStatus, false);
  if (s.ok()) s = CheckLine(status, "--status", kMaxKindOrStatus, false);
  if (!s.ok()) return s;

  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  s = CheckProjectExists(db, project);
  if (!s.ok()) return s;
  int64_t author_id;
  s = FindUserByEmail(db, *author, &author_id);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(
      "INSERT INTO feedback (project_id, author_id, kind, status, title) "
      "VALUES (?, ?, ?, ?, ?)",
      {SqlParam::Int(project), SqlParam::Int(author_id), SqlParam::Text(kind),
       SqlParam::Text(status), SqlParam::Text(*title)},
      &r);
  if (!s.ok()) return s;
  const int64_t id = static_cast<int64_t>(r.insert_id);
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", id, alloc);
    Put(&doc, "project_id", project, alloc);
    Put(&doc, "author_id", author_id, alloc);
    Put(&doc, "kind", kind, alloc);
    Put(&doc, "status", status, alloc);
    Put(&doc, "title", *title, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print(std::to_string(id) + "\n");
  }
  return Status::OK();
}

Status Show(Context* ctx, const Args& args) {
  int64_t id;
  Status s = ParseId(args.positionals()[0], "feedback id", &id);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = QueryOne(db,
               "SELECT f.id, f.project_id, p.name, f.author_id, u.email, "
               "f.kind, f.status, f.title, f.popularity, f.created_at, "
               "(SELECT COUNT(*) FROM comments c WHERE c.feedback_id = f.id) "
               "FROM feedback f JOIN projects p ON p.id = f.project_id "
               "JOIN users u ON u.id = f.author_id WHERE f.id = ?",
               {SqlParam::Int(id)}, "no feedback " + std::to_string(id), &r);
  if (!s.ok()) return s;
  const Row& f = r.rows[0];
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  PutCells({{"id", Int},
            {"project_id", Int},
            {"project"},
            {"author_id", Int},
            {"author_email", TextOrNull},
            {"kind"},
            {"status"},
            {"title"},
            {"popularity", Int},
            {"created_at", TimeOrNull},
            {"comments", Int}},
           f, &doc, alloc);
  rapidjson::Value followers;
  s = QueryRows(
      db,
      "SELECT u.id, u.email, fo.created_at FROM followers fo "
      "JOIN users u ON u.id = fo.user_id WHERE fo.feedback_id = ? "
      "ORDER BY fo.created_at, u.id",
      {SqlParam::Int(id)},
      {{{"user_id", Int}, {"email", TextOrNull}, {"since", TimeOrNull}}},
      &followers, alloc);
  if (!s.ok()) return s;
  rapidjson::Value data;
  s = ReadExternalData(db, TargetKind::kFeedback, id, &data, alloc);
  if (!s.ok()) return s;

  if (ctx->json()) {
    Put(&doc, "followers", std::move(followers), alloc);
    Put(&doc, "data", std::move(data), alloc);
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }
  Output* out = ctx->out();
  // One field for the project and the author, as people read them.
  Put(&doc, "project_text", f.Text(2) + " (" + std::to_string(f.Int(1)) + ")",
      alloc);
  Put(&doc, "author_text",
      (f.IsNull(4) ? std::string("(deleted user)") : f.Text(4)) + " (" +
          std::to_string(f.Int(3)) + ")",
      alloc);
  out->Print(FormatRecord({{"id", "id"},
                           {"title", "title"},
                           {"project_text", "project"},
                           {"author_text", "author"},
                           {"kind", "kind"},
                           {"status", "status"},
                           {"popularity", "popularity"},
                           {"comments", "comments"},
                           {"created_at", "created", CellStyle::kTime}},
                          doc));
  out->Print("\nfollowers:\n");
  out->Print(
      FormatTable({{"user_id", "user"},
                   {"email", "email", CellStyle::kText, 0, "(deleted user)"},
                   {"since", "since", CellStyle::kTime}},
                  followers));
  out->Print("\nexternal data:\n");
  out->Print(FormatTable(ExternalDataColumns(), data));
  return Status::OK();
}

Status Follow(Context* ctx, const Args& args) {
  int64_t feedback;
  Status s = ParseId(args.positionals()[0], "feedback id", &feedback);
  if (!s.ok()) return s;
  const std::string& email = args.positionals()[1];
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  s = CheckTargetExists(db, TargetKind::kFeedback, feedback);
  if (!s.ok()) return s;
  int64_t user;
  s = FindUser(db, email, &user);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run("SELECT 1 FROM followers WHERE feedback_id = ? AND user_id = ?",
              {SqlParam::Int(feedback), SqlParam::Int(user)}, &r);
  if (!s.ok()) return s;
  bool already = !r.rows.empty();
  if (!already) {
    s = db->Run("INSERT INTO followers (feedback_id, user_id) VALUES (?, ?)",
                {SqlParam::Int(feedback), SqlParam::Int(user)}, nullptr);
    if (s.IsDuplicate()) {
      already = true;  // followed meanwhile by someone else's run
    } else if (!s.ok()) {
      return s;
    }
  }
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "feedback_id", feedback, alloc);
    Put(&doc, "user_id", user, alloc);
    Put(&doc, "already_following", already, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print(email + (already ? " already follows" : " now follows") +
                      " feedback " + std::to_string(feedback) + "\n");
  }
  return Status::OK();
}

}  // namespace

void AddFeedbackCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"feedback create",
       "--project ID --author EMAIL --title T [--kind bug|idea|...] "
       "[--status S]",
       "create a feedback ticket (kind defaults to bug, status to new); "
       "prints its id",
       "project author title kind status", 0, 0, Create});
  commands->push_back({"feedback show", "ID",
                       "a feedback ticket, its followers and external data", "",
                       1, 1, Show});
  commands->push_back({"follow", "FEEDBACK_ID EMAIL",
                       "make a user follow a feedback ticket (idempotent)", "",
                       2, 2, Follow});
}

}  // namespace earshot::ctl
