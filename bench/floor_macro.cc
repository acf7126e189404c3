// Benchmark floor for the macro listener's realistic case (bench README:
// the score + status macro): the same SQL writes, with none of earshot's
// code and no JSON. Per request, in one transaction with prepared
// statements, in the cheapest correct form we know (the listener's own: 4
// round trips):
//
//   SELECT t.id, t.author_id FROM floor_tickets t JOIN floor_users a ...
//     WHERE t.issue_key = ? AND <the bench's filter: status, the author's
//     status> FOR UPDATE                       (the ticket of BENCH-t)
//   BEGIN NOT ATOMIC                           (one compound statement:
//     UPDATE floor_tickets SET status = 'Done' WHERE id = ?;
//     UPDATE floor_users SET score = score + 5 WHERE id = ?;  its author)
//   END
//   INSERT INTO floor_log ...                  (the event row, with the
//                                               body, as floor_tx)
//   COMMIT
//
// The ticket comes from the query string (`t=N`: issue BENCH-N).
// tools/run-bench creates the tables (bench/floors.py).

#include "bench/floor_db.h"

namespace {

using floor_db::Int;
using floor_db::Session;
using floor_db::Text;

const std::vector<const char*> kStatements = {
    "SELECT t.id, t.author_id FROM floor_tickets t JOIN floor_users a ON "
    "a.id = t.author_id WHERE t.issue_key = ? AND t.status <> 'closed' AND "
    "a.status = 'active' FOR UPDATE",
    "BEGIN NOT ATOMIC "
    "UPDATE floor_tickets SET status = 'Done' WHERE id = ?; "
    "UPDATE floor_users SET score = score + 5 WHERE id = ?; "
    "END",
    "INSERT INTO floor_log (target_id, received_at, body) "
    "VALUES (?, NOW(6), ?)",
};

unsigned int Deliver(const floor_db::Options&, Session* db, long long target,
                     const std::string& body, unsigned long long* event_id) {
  std::string key = "BENCH-" + std::to_string(target);
  unsigned long key_length;
  MYSQL_BIND find = Text(key, &key_length);
  long long ticket = 0, author = 0;
  MYSQL_BIND out[2] = {Int(&ticket), Int(&author)};
  bool found = false;
  unsigned int e = db->Fetch(0, &find, out, &found);
  if (e != 0) return e;
  if (found) {
    MYSQL_BIND writes[2] = {Int(&ticket), Int(&author)};
    if ((e = db->Execute(1, writes)) != 0) return e;
  }
  MYSQL_BIND log[2] = {Int(&ticket), {}};
  unsigned long body_length = body.size();
  log[1].buffer_type = MYSQL_TYPE_BLOB;
  log[1].buffer = const_cast<char*>(body.data());
  log[1].buffer_length = body_length;
  log[1].length = &body_length;
  if ((e = db->Execute(2, log)) != 0) return e;
  *event_id = mysql_stmt_insert_id(db->stmt(2));
  return db->Commit();
}

}  // namespace

int main(int argc, char** argv) {
  return floor_db::Main(argc, argv, kStatements, Deliver);
}
