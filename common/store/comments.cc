#include "common/store/comments.h"

#include <algorithm>
#include <map>
#include <tuple>

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
// user order, each with `link` (SQL) in the column `link_column`. The
// author's name is `author_name` (SQL), or read from the author's row when
// empty. Parameters: the text, the link's if any, the author's (without
// `author_name`), the ticket ids, the author's.
std::string FollowNotifications(const std::string& author,
                                const std::string& in,
                                const std::string& link_column,
                                const std::string& link,
                                const std::string& author_name = "") {
  // With its host key, like the worker would fill it (outbox_hosts.h):
  // no second write of every row.
  const std::string name = author_name.empty() ? "a.name" : author_name;
  return "INSERT INTO outbox (kind, recipient, subject, body, message_id, "
         "origin, target_host, " +
         link_column +
         ") "
         "SELECT 'email', u.email, "
         "CONCAT('New comment on \"', LEFT(f.title, 200), '\"'), "
         "CONCAT(COALESCE(NULLIF(" +
         name +
         ", ''), 'Someone'), ' commented on \"', "
         "f.title, '\":', CHAR(10), CHAR(10), ?, CHAR(10)), "
         "CONCAT('msg_', REPLACE(UUID(), '-', '')), 'comment', '" +
         kEmailHostKey + "', " + link +
         " FROM followers fo JOIN users u ON u.id = fo.user_id "
         "JOIN feedback f ON f.id = fo.feedback_id " +
         (author_name.empty() ? "JOIN users a ON a.id = " + author + " " : "") +
         "WHERE fo.feedback_id IN " + in + " AND fo.user_id <> " + author +
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

// The compound statement of a comment on `targets` tickets filing its
// event under `subjects` keys: the author check (which also reads the
// author's name for the notifications: the author's row is read once), the
// comments, the popularity, the follow notifications, the event's subjects.
// Its text depends only on these three: made once per shape and process
// (~6,000 instructions per delivery to build), not per delivery.
// Thread-safety: one cache per thread.
const std::string& CommentStatement(bool scoped, int targets, int subjects) {
  // A listener's deliveries come in few shapes; a hostile sender varies the
  // target count at most up to the configured limit.
  constexpr size_t kMaxShapes = 64;
  thread_local std::map<std::tuple<bool, int, int>, std::string> made;
  const auto key = std::make_tuple(scoped, targets, subjects);
  auto it = made.find(key);
  if (it != made.end()) return it->second;
  if (made.size() >= kMaxShapes) made.clear();

  const std::string in = "(" + Placeholders(targets) + ")";
  std::string add_comments;
  if (scoped) {
    // Every target is in the listener's project (the targets query kept to
    // it and locked the rows): plain rows, without reading and locking the
    // tickets again (an INSERT ... SELECT; ~15 us of mariadbd in this
    // statement, within the noise of one measurement).
    for (int i = 0; i < targets; ++i) {
      add_comments += i == 0 ? "INSERT INTO comments (feedback_id, project_id, "
                               "author_id, body) VALUES (?, ?, author, ?)"
                             : ", (?, ?, author, ?)";
    }
  } else {
    add_comments =
        "INSERT INTO comments (feedback_id, project_id, author_id, body) "
        "SELECT id, project_id, author, ? FROM feedback WHERE id IN " +
        in + " ORDER BY id";
  }
  std::string file_subjects;
  for (int i = 0; i < subjects; ++i) {
    file_subjects += i == 0 ? "INSERT IGNORE INTO event_subjects (subject, "
                              "event_id) VALUES (?, ?)"
                            : ", (?, ?)";
  }
  if (!file_subjects.empty()) file_subjects += "; ";
  // MAX(): one row, NULLs when no user may comment (a SELECT ... INTO
  // that finds no row leaves a "no data" warning behind).
  std::string sql =
      std::string(
          "BEGIN NOT ATOMIC "
          "DECLARE author BIGINT UNSIGNED; "
          // As users.name compares (a name of spaces is not empty).
          "DECLARE author_name VARCHAR(255) CHARACTER SET utf8mb4 "
          "COLLATE utf8mb4_nopad_bin; "
          "SELECT MAX(u.id), MAX(u.name) INTO author, author_name "
          "FROM users u WHERE ") +
      kAllowedAuthor +
      "; "
      "IF author IS NULL THEN "
      "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'author_not_allowed'; "
      "END IF; " +
      add_comments +
      "; "
      "UPDATE feedback SET popularity = popularity + ? WHERE id IN " +
      in + "; " +
      FollowNotifications("author", in, "event_id", "?", "author_name") + "; " +
      file_subjects + "END";
  return made.emplace(key, std::move(sql)).first->second;
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
  const bool scoped = placement.project_id != 0;

  // One round trip for the five writes of a comment on tickets. Parameters
  // in the order of CommentStatement's `?`s.
  std::vector<SqlParam> params;
  params.reserve(5 + 4 * targets.size() + 2 * subjects.size());
  params.push_back(SqlParam::Text(EmailKey(email)));
  const SqlParam body = SqlParam::Text(std::string(text));
  if (scoped) {
    std::vector<int64_t> in_order = targets;  // comment ids in ticket order
    std::sort(in_order.begin(), in_order.end());
    for (int64_t id : in_order) {
      params.push_back(SqlParam::Int(id));
      params.push_back(SqlParam::Int(placement.project_id));
      params.push_back(body);
    }
  } else {
    params.push_back(body);
    for (int64_t id : targets) params.push_back(SqlParam::Int(id));
  }
  params.push_back(SqlParam::Int(placement.popularity_weight));
  for (int64_t id : targets) params.push_back(SqlParam::Int(id));
  params.push_back(body);
  params.push_back(event_id != 0 ? SqlParam::Int(event_id) : SqlParam::Null());
  for (int64_t id : targets) params.push_back(SqlParam::Int(id));
  for (const std::string& subject : subjects) {
    params.push_back(SqlParam::Blob(subject));
    params.push_back(SqlParam::Int(event_id));
  }
  Status s = db->Run(CommentStatement(scoped, static_cast<int>(targets.size()),
                                      static_cast<int>(subjects.size())),
                     params, nullptr);
  if (!s.ok() && s.message().rfind(kNotAllowedSignal, 0) == 0) {
    return Status::Refused(ApiError::kAuthorNotAllowed, kNotAllowed);
  }
  return s;
}

}  // namespace earshot
