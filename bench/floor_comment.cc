// Benchmark floor for the comment listener's realistic case (bench
// README): the same SQL writes, with none of earshot's code and no JSON.
// Per request, in one transaction with prepared statements, in the
// cheapest correct form we know (the listener's own: 4 round trips):
//
//   SELECT id FROM floor_tickets WHERE issue_key = ? AND <the bench's
//     filter: status, popularity> FOR UPDATE     (the ticket of BENCH-t)
//   INSERT INTO floor_log ...                    (the event row, with the
//                                                 body, as floor_tx)
//   BEGIN NOT ATOMIC ... END                     (one compound statement:
//     the author check, SIGNAL when not allowed (422); the comment;
//     popularity + 1; one outbox email per follower but the author,
//     naming the event)
//   COMMIT
//
// The ticket comes from the query string (`t=N`: issue BENCH-N), the
// author from --author, the comment text is the body's first 256 bytes (the
// bench's comments are about that long). tools/run-bench creates the tables
// (bench/floors.py).

#include "bench/floor_db.h"

namespace {

using floor_db::Int;
using floor_db::Session;
using floor_db::Text;

const std::vector<const char*> kStatements = {
    "SELECT id FROM floor_tickets WHERE issue_key = ? AND status <> 'closed' "
    "AND popularity >= 0 FOR UPDATE",
    "INSERT INTO floor_log (target_id, received_at, body) "
    "VALUES (?, NOW(6), ?)",
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
    "END",
};

unsigned int Deliver(const floor_db::Options& options, Session* db,
                     long long target, const std::string& body,
                     unsigned long long* event_id) {
  std::string key = "BENCH-" + std::to_string(target);
  unsigned long key_length;
  MYSQL_BIND find = Text(key, &key_length);
  long long ticket = 0;
  MYSQL_BIND out = Int(&ticket);
  bool found = false;
  unsigned int e = db->Fetch(0, &find, &out, &found);
  if (e != 0) return e;

  MYSQL_BIND log[2] = {Int(&ticket), {}};
  unsigned long body_length = body.size();
  log[1].buffer_type = MYSQL_TYPE_BLOB;
  log[1].buffer = const_cast<char*>(body.data());
  log[1].buffer_length = body_length;
  log[1].length = &body_length;
  e = db->Execute(1, log);
  if (e != 0) return e;
  long long event = static_cast<long long>(mysql_stmt_insert_id(db->stmt(1)));
  *event_id = static_cast<unsigned long long>(event);

  if (found) {
    const std::string text = body.substr(0, 256);
    unsigned long author_length, text_length, text_length2;
    MYSQL_BIND comment[7] = {Text(options.author, &author_length),
                             Int(&ticket),
                             Text(text, &text_length),
                             Int(&ticket),
                             Text(text, &text_length2),
                             Int(&event),
                             Int(&ticket)};
    e = db->Execute(2, comment);
    if (e != 0) return e;
  }
  return db->Commit();
}

}  // namespace

int main(int argc, char** argv) {
  return floor_db::Main(argc, argv, kStatements, Deliver);
}
