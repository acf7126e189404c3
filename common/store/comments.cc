#include "common/store/comments.h"

#include <algorithm>

#include "common/base/email.h"
#include "common/base/json_pointer.h"
#include "common/outbox/outbox_hosts.h"
#include "common/store/event_subjects.h"
#include "common/store/identify.h"
#include "common/store/sql_text.h"

namespace earshot {

namespace {

// Who may comment, as SQL on the users table `u` (one place for both
// forms of the check).
constexpr char kAllowedAuthor[] =
    "u.email_key = ? AND u.status = 'active' AND "
    "u.role IN ('admin', 'manager')";
constexpr char kNotAllowed[] = "the author must be an active admin or manager";
// The compound statement's refusal: SIGNAL's default error number, 1644.
constexpr char kNotAllowedSignal[] = "author_not_allowed (1644)";

Status TooLong() {
  return Status::Refused(ApiError::kAuthorNotAllowed,
                         "the author's email is longer than " +
                             std::to_string(kMaxEmailBytes) + " bytes");
}

// The follow notifications of a comment by `author` (SQL for its id) on
// the tickets `in`: one per follower other than the author, in ticket and
// user order, each with `link` (SQL) in the column `link_column`.
// Parameters: the text, the link's if any, the author's, the ticket ids,
// the author's.
std::string FollowNotifications(const std::string& author,
                                const std::string& in,
                                const std::string& link_column,
                                const std::string& link) {
  // With its host key, like the worker would fill it (outbox_hosts.h):
  // no second write of every row.
  return "INSERT INTO outbox (kind, recipient, subject, body, message_id, "
         "origin, target_host, " +
         link_column +
         ") "
         "SELECT 'email', u.email, "
         "CONCAT('New comment on \"', LEFT(f.title, 200), '\"'), "
         "CONCAT(COALESCE(NULLIF(a.name, ''), 'Someone'), ' commented on \"', "
         "f.title, '\":', CHAR(10), CHAR(10), ?, CHAR(10)), "
         "CONCAT('msg_', REPLACE(UUID(), '-', '')), 'comment', '" +
         kEmailHostKey + "', " + link +
         " FROM followers fo JOIN users u ON u.id = fo.user_id "
         "JOIN feedback f ON f.id = fo.feedback_id JOIN users a ON a.id = " +
         author + " WHERE fo.feedback_id IN " + in + " AND fo.user_id <> " +
         author +
         " AND u.email IS NOT NULL AND u.status = 'active' ORDER BY f.id, u.id";
}

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
    return Status::Refused(
        ApiError::kInvalidValue,
        "the comment at " + pointer + " must be a string of 1 to 65535 bytes");
  }
  text->assign(v->GetString(), v->GetStringLength());
  return Status::OK();
}

Status FindCommentAuthor(Connection* db, std::string_view email,
                         int64_t* author_id) {
  if (email.size() > kMaxEmailBytes) return TooLong();
  QueryResult r;
  Status s =
      db->Run(std::string("SELECT u.id FROM users u WHERE ") + kAllowedAuthor,
              {SqlParam::Text(EmailKey(email))}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) {
    return Status::Refused(ApiError::kAuthorNotAllowed, kNotAllowed);
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
        "SELECT id, ?, ?, ? FROM users WHERE id IN " +
            in,
        params, nullptr);
  }

  params.insert(params.end(), ids.begin(), ids.end());
  Status s = db->Run(
      "INSERT INTO comments (feedback_id, project_id, author_id, body) "
      "SELECT id, project_id, ?, ? FROM feedback WHERE id IN " +
          in,
      params, nullptr);
  if (!s.ok()) return s;

  params = {SqlParam::Int(placement.popularity_weight)};
  params.insert(params.end(), ids.begin(), ids.end());
  s = db->Run(
      "UPDATE feedback SET popularity = popularity + ? WHERE id IN " + in,
      params, nullptr);
  if (!s.ok()) return s;

  // One follow notification per follower and ticket, never to the author.
  params = {SqlParam::Text(std::string(text)), SqlParam::Int(author_id)};
  params.insert(params.end(), ids.begin(), ids.end());
  params.push_back(SqlParam::Int(author_id));
  // Linked to the delivery's event when it is recorded (event_log.h).
  return db->Run(FollowNotifications("?", in, "queued_by", "CONNECTION_ID()"),
                 params, nullptr);
}

namespace {

// AddCommentsAs on users (or on no target): one INSERT ... SELECT whose
// affected rows tell a refused author.
Status AddCommentsOnUsers(Connection* db, const CommentPlacement& placement,
                          const std::vector<int64_t>& targets,
                          std::string_view email, std::string_view text) {
  if (targets.empty()) {
    int64_t author_id = 0;
    return FindCommentAuthor(db, email, &author_id);
  }
  if (email.size() > kMaxEmailBytes) return TooLong();
  std::vector<SqlParam> params = {
      placement.project_id ? SqlParam::Int(placement.project_id)
                           : SqlParam::Null(),
      SqlParam::Text(std::string(text)), SqlParam::Text(EmailKey(email))};
  const std::vector<SqlParam> ids = Ids(targets);
  params.insert(params.end(), ids.begin(), ids.end());
  // The targets are locked and exist: no row inserted means no author.
  QueryResult r;
  Status s = db->Run(
      std::string("INSERT INTO comments (user_id, project_id, author_id, "
                  "body) SELECT t.id, ?, u.id, ? FROM users u JOIN users t "
                  "WHERE ") +
          kAllowedAuthor + " AND t.id IN (" +
          Placeholders(static_cast<int>(targets.size())) + ") ORDER BY t.id",
      params, &r);
  if (s.ok() && r.affected_rows == 0) {
    return Status::Refused(ApiError::kAuthorNotAllowed, kNotAllowed);
  }
  return s;
}

}  // namespace

Status AddCommentsAs(Connection* db, const CommentPlacement& placement,
                     const std::vector<int64_t>& targets,
                     std::string_view email, std::string_view text,
                     int64_t event_id,
                     const std::vector<std::string>& subjects) {
  if (targets.empty() || placement.target == TargetKind::kUsers) {
    Status s = AddCommentsOnUsers(db, placement, targets, email, text);
    if (!s.ok() || subjects.empty()) return s;
    return RecordSubjects(db, event_id, subjects);
  }
  if (email.size() > kMaxEmailBytes) return TooLong();
  const std::string in =
      "(" + Placeholders(static_cast<int>(targets.size())) + ")";
  const std::vector<SqlParam> ids = Ids(targets);
  const SqlParam key = SqlParam::Text(EmailKey(email));
  const SqlParam body = SqlParam::Text(std::string(text));

  // One round trip for the five writes of a comment on tickets.
  std::vector<SqlParam> params = {key};
  std::string add_comments;
  if (placement.project_id != 0) {
    // Every target is in the listener's project (the targets query kept to
    // it and locked the rows): plain rows, without reading and locking the
    // tickets again (an INSERT ... SELECT; ~15 us of mariadbd in this
    // statement, within the noise of one measurement).
    std::vector<int64_t> in_order = targets;  // comment ids in ticket order
    std::sort(in_order.begin(), in_order.end());
    for (int64_t id : in_order) {
      add_comments += add_comments.empty()
                          ? "INSERT INTO comments (feedback_id, project_id, "
                            "author_id, body) VALUES (?, ?, author, ?)"
                          : ", (?, ?, author, ?)";
      params.push_back(SqlParam::Int(id));
      params.push_back(SqlParam::Int(placement.project_id));
      params.push_back(body);
    }
  } else {
    add_comments =
        "INSERT INTO comments (feedback_id, project_id, author_id, body) "
        "SELECT id, project_id, author, ? FROM feedback WHERE id IN " +
        in + " ORDER BY id";
    params.push_back(body);
    params.insert(params.end(), ids.begin(), ids.end());
  }
  params.push_back(SqlParam::Int(placement.popularity_weight));
  params.insert(params.end(), ids.begin(), ids.end());
  params.push_back(body);
  params.push_back(event_id != 0 ? SqlParam::Int(event_id) : SqlParam::Null());
  params.insert(params.end(), ids.begin(), ids.end());
  std::string file_subjects;
  for (const std::string& subject : subjects) {
    file_subjects += file_subjects.empty()
                         ? "INSERT IGNORE INTO event_subjects (subject, "
                           "event_id) VALUES (?, ?)"
                         : ", (?, ?)";
    params.push_back(SqlParam::Blob(subject));
    params.push_back(SqlParam::Int(event_id));
  }
  if (!file_subjects.empty()) file_subjects += "; ";
  Status s = db->Run(
      std::string("BEGIN NOT ATOMIC "
                  "DECLARE author BIGINT UNSIGNED; "
                  "SET author = (SELECT u.id FROM users u WHERE ") +
          kAllowedAuthor +
          "); "
          "IF author IS NULL THEN "
          "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'author_not_allowed'; "
          "END IF; " +
          add_comments +
          "; "
          "UPDATE feedback SET popularity = popularity + ? WHERE id IN " +
          in + "; " + FollowNotifications("author", in, "event_id", "?") +
          "; " + file_subjects + "END",
      params, nullptr);
  if (!s.ok() && s.message().rfind(kNotAllowedSignal, 0) == 0) {
    return Status::Refused(ApiError::kAuthorNotAllowed, kNotAllowed);
  }
  return s;
}

}  // namespace earshot
