#include "common/store/event_subjects.h"

#include <algorithm>

#include "common/auth/crypto.h"
#include "common/store/sql_text.h"

namespace earshot {

namespace {

std::string Key(std::string_view text) {
  return Sha256(text).substr(0, kSubjectBytes);
}

std::string InList(size_t n) {
  return "(" + Placeholders(static_cast<int>(n)) + ")";
}

}  // namespace

std::string UserSubject(int64_t user_id) {
  return Key("user:" + std::to_string(user_id));
}

std::string EmailSubject(std::string_view email) {
  std::string text = "email:";
  text.reserve(text.size() + email.size());
  for (char c : email) {
    text += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return Key(text);
}

std::vector<std::string> SubjectKeys(const std::vector<int64_t>& user_ids,
                                     const std::vector<std::string>& emails) {
  std::vector<std::string> keys;
  keys.reserve(user_ids.size() + emails.size());
  for (int64_t id : user_ids) keys.push_back(UserSubject(id));
  for (const std::string& email : emails) {
    if (!email.empty()) keys.push_back(EmailSubject(email));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

Status RecordSubjects(Connection* db, int64_t event_id,
                      const std::vector<std::string>& subjects) {
  std::string sql =
      "INSERT IGNORE INTO event_subjects (subject, event_id) "
      "VALUES ";
  std::vector<SqlParam> params;
  params.reserve(subjects.size() * 2);
  for (size_t i = 0; i < subjects.size(); ++i) {
    sql += i == 0 ? "(?, ?)" : ", (?, ?)";
    params.push_back(SqlParam::Blob(subjects[i]));
    params.push_back(SqlParam::Int(event_id));
  }
  return db->Run(sql, params, nullptr);
}

Status ScrubSubjects(Connection* db, const std::vector<std::string>& subjects) {
  if (subjects.empty()) return Status::OK();
  std::vector<SqlParam> params;
  for (const std::string& s : subjects) params.push_back(SqlParam::Blob(s));
  const std::string in = InList(subjects.size());
  // Driven from the index: only the named events are read and locked.
  Status s = db->Run(
      "UPDATE event_subjects s STRAIGHT_JOIN events e ON e.id = s.event_id "
      "SET e.body = NULL, e.headers = NULL, e.outcomes = NULL "
      "WHERE s.subject IN " +
          in,
      params, nullptr);
  if (!s.ok()) return s;
  return db->Run("DELETE FROM event_subjects WHERE subject IN " + in, params,
                 nullptr);
}

Status ScrubLegacyEvents(Connection* db, const std::string& email) {
  QueryResult r;
  Status s = db->Run(
      "SELECT legacy_max_event_id FROM event_subjects_state WHERE id = 1", {},
      &r);
  if (!s.ok()) return s;
  if (r.rows.empty() || r.rows[0].Int(0) == 0) return Status::OK();
  const SqlParam address = SqlParam::Text(email);
  return db->Run(
      // Bodies are bytes, not always valid UTF-8: compared as latin1,
      // which takes any byte (ASCII letters fold case).
      "UPDATE events SET body = NULL, headers = NULL, outcomes = NULL "
      "WHERE id <= ? AND (LOCATE(LOWER(CONVERT(CAST(? AS BINARY) USING "
      "latin1)), LOWER(CONVERT(body USING latin1))) > 0 "
      "OR LOCATE(LOWER(?), LOWER(headers)) > 0 "
      "OR LOCATE(LOWER(?), LOWER(outcomes)) > 0)",
      {SqlParam::Int(r.rows[0].Int(0)), address, address, address}, nullptr);
}

}  // namespace earshot
