#include "common/store/comments.h"

#include "common/base/email.h"
#include "common/base/json_pointer.h"
#include "common/store/identify.h"
#include "common/store/sql_text.h"

namespace earshot {

namespace {

std::vector<SqlParam> Ids(const std::vector<int64_t>& ids) {
  std::vector<SqlParam> params;
  params.reserve(ids.size());
  for (int64_t id : ids) params.push_back(SqlParam::Int(id));
  return params;
}

}  // namespace

Status ReadCommentText(const rapidjson::Value& body, const std::string& pointer,
                       std::string* text) {
  const rapidjson::Value* v = ResolvePointer(body, pointer);
  if (v == nullptr || !v->IsString() || v->GetStringLength() == 0 ||
      v->GetStringLength() > kMaxCommentBytes) {
    return Status::Refused(ApiError::kInvalidValue,
                           "the comment at " + pointer +
                               " must be a string of 1 to 65535 bytes");
  }
  text->assign(v->GetString(), v->GetStringLength());
  return Status::OK();
}

Status FindCommentAuthor(Connection* db, std::string_view email,
                         int64_t* author_id) {
  if (email.size() > kMaxEmailBytes) {
    return Status::Refused(ApiError::kAuthorNotAllowed,
                           "the author's email is longer than " +
                               std::to_string(kMaxEmailBytes) + " bytes");
  }
  QueryResult r;
  Status s = db->Run(
      "SELECT id FROM users WHERE email_key = ? AND status = 'active' AND "
      "role IN ('admin', 'manager')",
      {SqlParam::Text(EmailKey(email))}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) {
    return Status::Refused(ApiError::kAuthorNotAllowed,
                           "the author must be an active admin or manager");
  }
  *author_id = r.rows[0].Int(0);
  return Status::OK();
}

Status AddComments(Connection* db, const CommentPlacement& placement,
                   const std::vector<int64_t>& targets, int64_t author_id,
                   std::string_view text) {
  if (targets.empty()) return Status::OK();
  const int n = static_cast<int>(targets.size());
  const std::string in = "(" + Placeholders(n) + ")";
  std::vector<SqlParam> params = {SqlParam::Int(author_id),
                                  SqlParam::Text(std::string(text))};
  std::vector<SqlParam> ids = Ids(targets);
  if (placement.target == TargetKind::kUsers) {
    params.insert(params.begin(), placement.project_id
                                      ? SqlParam::Int(placement.project_id)
                                      : SqlParam::Null());
    params.insert(params.end(), ids.begin(), ids.end());
    return db->Run(
        "INSERT INTO comments (user_id, project_id, author_id, body) "
        "SELECT id, ?, ?, ? FROM users WHERE id IN " + in,
        params, nullptr);
  }

  params.insert(params.end(), ids.begin(), ids.end());
  Status s = db->Run(
      "INSERT INTO comments (feedback_id, project_id, author_id, body) "
      "SELECT id, project_id, ?, ? FROM feedback WHERE id IN " + in,
      params, nullptr);
  if (!s.ok()) return s;

  params = {SqlParam::Int(placement.popularity_weight)};
  params.insert(params.end(), ids.begin(), ids.end());
  s = db->Run("UPDATE feedback SET popularity = popularity + ? WHERE id IN " +
                  in,
              params, nullptr);
  if (!s.ok()) return s;

  // One follow notification per follower and ticket, never to the author.
  params = {SqlParam::Text(std::string(text)), SqlParam::Int(author_id)};
  params.insert(params.end(), ids.begin(), ids.end());
  params.push_back(SqlParam::Int(author_id));
  return db->Run(
      "INSERT INTO outbox (kind, recipient, subject, body, message_id, origin, "
      "queued_by) "
      "SELECT 'email', u.email, "
      "CONCAT('New comment on \"', LEFT(f.title, 200), '\"'), "
      "CONCAT(COALESCE(NULLIF(a.name, ''), 'Someone'), ' commented on \"', "
      "f.title, '\":', CHAR(10), CHAR(10), ?, CHAR(10)), "
      "CONCAT('msg_', REPLACE(UUID(), '-', '')), 'comment', CONNECTION_ID() "
      "FROM followers fo JOIN users u ON u.id = fo.user_id "
      "JOIN feedback f ON f.id = fo.feedback_id JOIN users a ON a.id = ? "
      "WHERE fo.feedback_id IN " + in + " AND fo.user_id <> ? AND "
      "u.email IS NOT NULL AND u.status = 'active' ORDER BY f.id, u.id",
      params, nullptr);
}

}  // namespace earshot
