// Benchmark floor for the comment listener's realistic case (bench
// README): the same SQL writes, with none of earshot's code. Per request,
// the body parsed and read through JSON Pointers compiled once (the Jira
// key, the comment's author and text), then in one transaction with
// prepared statements, in the cheapest correct form we know (the
// listener's own: 4 round trips):
//
//   SELECT t.id FROM floor_data_values v JOIN floor_tickets t ... WHERE
//     v.field_id = 1 AND v.value_text = ? AND <the bench's filter: status,
//     popularity> FOR UPDATE             (identify by the Jira key)
//   INSERT INTO floor_events ...         (the event row, as floor_data:
//                                         body, headers, outcomes, the
//                                         delivery id's dedup key)
//   BEGIN NOT ATOMIC ... END             (one compound statement:
//     the author check, SIGNAL when not allowed (422); the comment;
//     popularity + 1; one outbox email per follower but the author,
//     naming the event; the event filed under its author's erasure key)
//   COMMIT
//
// tools/run-bench creates the tables (bench/floors.py, bench/floor_data.py).

#include <cctype>

#include "bench/floor_db.h"

namespace {

using floor_db::Int;
using floor_db::Request;
using floor_db::Session;
using floor_db::Text;

constexpr long long kListenerId = 2;

const std::vector<const char*> kStatements = {
    "SELECT t.id FROM floor_data_values v JOIN floor_tickets t ON t.id = "
    "v.target_id WHERE v.field_id = 1 AND v.value_text = ? AND t.status <> "
    "'closed' AND t.popularity >= 0 FOR UPDATE",
    floor_db::kEventSql,
    "BEGIN NOT ATOMIC "
    "DECLARE author BIGINT UNSIGNED; "
    "SET author = (SELECT id FROM floor_users WHERE email_key = ? AND "
    "status = 'active' AND role IN ('admin', 'manager')); "
    "IF author IS NULL THEN "
    "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'author_not_allowed'; "
    "END IF; "
    "INSERT INTO floor_comments (ticket_id, author_id, body, created_at) "
    "VALUES (?, author, ?, NOW(6)); "
    "UPDATE floor_tickets SET popularity = popularity + 1 WHERE id = ?; "
    "INSERT INTO floor_outbox (recipient, subject, body, message_id, "
    "event_id, created_at) "
    "SELECT u.email, CONCAT('New comment on \"', LEFT(t.title, 200), '\"'), "
    "CONCAT(a.name, ' commented on \"', t.title, '\":', CHAR(10), CHAR(10), "
    "?, CHAR(10)), CONCAT('msg_', REPLACE(UUID(), '-', '')), ?, NOW(6) "
    "FROM floor_followers fo JOIN floor_users u ON u.id = fo.user_id "
    "JOIN floor_tickets t ON t.id = fo.ticket_id "
    "JOIN floor_users a ON a.id = author "
    "WHERE fo.ticket_id = ? AND fo.user_id <> author AND u.status = 'active'; "
    "INSERT INTO floor_event_subjects (subject, event_id) VALUES (?, ?); "
    "END",
};

struct Pointers {
  rapidjson::Pointer key{"/issue/key"};
  rapidjson::Pointer author{"/comment/author/emailAddress"};
  rapidjson::Pointer text{"/comment/body"};
};
const Pointers kPointers;

// The author's erasure key: SHA-256 of "email:" + the address (letters in
// lower case), its first 16 bytes (earshot's event_subjects.h).
std::string EmailSubject(const std::string& email) {
  std::string s = "email:";
  for (char c : email) s += static_cast<char>(std::tolower(c));
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), digest);
  return std::string(reinterpret_cast<char*>(digest), 16);
}

unsigned int Deliver(Session* db, const Request& r,
                     unsigned long long* event_id, long long* ticket,
                     bool* duplicate) {
  const std::string key = floor_db::StringAt(kPointers.key, r.json);
  unsigned int e = floor_db::FindId(db, 0, key, ticket);
  if (e != 0) return e;

  e = floor_db::InsertEvent(db, 1, kListenerId, r,
                            floor_db::Outcomes(key, *ticket), event_id,
                            duplicate);
  if (e != 0 || *duplicate) return e;
  long long event = static_cast<long long>(*event_id);

  if (*ticket != 0) {
    const std::string author = floor_db::StringAt(kPointers.author, r.json);
    const std::string text = floor_db::StringAt(kPointers.text, r.json);
    const std::string subject = EmailSubject(author);
    unsigned long author_length, text_length, text_length2, subject_length;
    MYSQL_BIND comment[9] = {Text(author, &author_length),
                             Int(ticket),
                             Text(text, &text_length),
                             Int(ticket),
                             Text(text, &text_length2),
                             Int(&event),
                             Int(ticket),
                             Text(subject, &subject_length),
                             Int(&event)};
    comment[7].buffer_type = MYSQL_TYPE_BLOB;
    e = db->Execute(2, comment);
    if (e != 0) return e;
  }
  return db->Commit();
}

}  // namespace

int main(int argc, char** argv) {
  return floor_db::Main(argc, argv, kStatements, Deliver);
}
