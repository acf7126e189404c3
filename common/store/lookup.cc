#include "common/store/lookup.h"

#include <vector>

#include "common/base/email.h"
#include "common/base/checks.h"

namespace earshot {

namespace {

// Runs a query for one row; NotFound(`missing`) when there is none.
Status RunOne(Connection* db, std::string_view sql,
              const std::vector<SqlParam>& params, const std::string& missing,
              QueryResult* result) {
  Status s = db->Run(sql, params, result);
  if (!s.ok()) return s;
  if (result->rows.empty()) return Status::NotFound(missing);
  return Status::OK();
}

}  // namespace

Status ParseTargetArg(std::string_view text, std::string_view allowed,
                      TargetKind* kind) {
  TargetKind parsed;
  std::string list = "|" + std::string(allowed) + "|";
  if (!ParseTargetKind(text, &parsed) ||
      list.find("|" + std::string(text) + "|") == std::string::npos) {
    return Status::Invalid("unknown target " + Quote(text) + ": expected " +
                           std::string(allowed));
  }
  *kind = parsed;
  return Status::OK();
}

std::string DescribeTarget(TargetKind kind, int64_t id) {
  const char* noun = kind == TargetKind::kUsers      ? "user"
                     : kind == TargetKind::kFeedback ? "feedback"
                                                     : "project";
  return std::string(noun) + " " + std::to_string(id);
}

Status CheckProjectExists(Connection* db, int64_t id) {
  return CheckTargetExists(db, TargetKind::kProjects, id);
}

Status CheckTargetExists(Connection* db, TargetKind kind, int64_t id) {
  const char* sql =
      kind == TargetKind::kUsers      ? "SELECT id FROM users WHERE id = ?"
      : kind == TargetKind::kFeedback ? "SELECT id FROM feedback WHERE id = ?"
                                      : "SELECT id FROM projects WHERE id = ?";
  QueryResult r;
  return RunOne(db, sql, {SqlParam::Int(id)}, "no " + DescribeTarget(kind, id),
                &r);
}

Status FindUserByEmail(Connection* db, std::string_view email, int64_t* id) {
  QueryResult r;
  Status s = RunOne(db, "SELECT id FROM users WHERE email_key = ?",
                    {SqlParam::Text(EmailKey(email))},
                    "no user with email " + Quote(email), &r);
  if (s.ok()) *id = r.rows[0].Int(0);
  return s;
}

Status FindUser(Connection* db, std::string_view email_or_id, int64_t* id) {
  if (!email_or_id.empty() && email_or_id[0] >= '0' && email_or_id[0] <= '9' &&
      email_or_id.find('@') == std::string_view::npos) {
    int64_t wanted;
    Status s = ParseId(email_or_id, "user id", &wanted);
    if (!s.ok()) return s;
    s = CheckTargetExists(db, TargetKind::kUsers, wanted);
    if (s.ok()) *id = wanted;
    return s;
  }
  return FindUserByEmail(db, email_or_id, id);
}

Status FindApiKey(Connection* db, std::string_view name, ApiKeyRef* key) {
  QueryResult r;
  Status s = RunOne(
      db, "SELECT id, revoked_at IS NOT NULL FROM api_keys WHERE name = ?",
      {SqlParam::Text(std::string(name))}, "no API key named " + Quote(name),
      &r);
  if (!s.ok()) return s;
  key->id = r.rows[0].Int(0);
  key->revoked = r.rows[0].Int(1) != 0;
  return Status::OK();
}

Status FindGroup(Connection* db, std::string_view name, GroupRef* group) {
  QueryResult r;
  Status s = RunOne(db, "SELECT id, target FROM data_groups WHERE name = ?",
                    {SqlParam::Text(std::string(name))},
                    "no data group named " + Quote(name), &r);
  if (!s.ok()) return s;
  group->id = r.rows[0].Int(0);
  if (!ParseTargetKind(r.rows[0].Text(1), &group->target)) {
    return Status::Internal("data group with an unknown target");
  }
  return Status::OK();
}

Status FindMacro(Connection* db, std::string_view name, MacroRef* macro) {
  QueryResult r;
  Status s = RunOne(db, "SELECT id, target FROM macros WHERE name = ?",
                    {SqlParam::Text(std::string(name))},
                    "no macro named " + Quote(name), &r);
  if (!s.ok()) return s;
  macro->id = r.rows[0].Int(0);
  if (!ParseTargetKind(r.rows[0].Text(1), &macro->target)) {
    return Status::Internal("macro with an unknown target");
  }
  return Status::OK();
}

Status FindListenerId(Connection* db, std::string_view key, int64_t* id) {
  QueryResult r;
  Status s = RunOne(db, "SELECT id FROM listeners WHERE listener_key = ?",
                    {SqlParam::Text(std::string(key))},
                    "no listener " + Quote(key), &r);
  if (s.ok()) *id = r.rows[0].Int(0);
  return s;
}

}  // namespace earshot
