// Benchmark floor for the macro listener's realistic case (bench README:
// the score + status macro): the same SQL writes, with none of earshot's
// code. Per request, the body parsed and read through JSON Pointers
// compiled once (the Jira key, the status), then in one
// transaction with prepared statements, in the cheapest correct form we
// know (the listener's own: 4 round trips):
//
//   SELECT t.id, t.author_id FROM floor_data_values v JOIN floor_tickets t
//     ... JOIN floor_users a ... WHERE v.field_id = 1 AND v.value_text = ?
//     AND <the bench's filter: status, the author's status> FOR UPDATE
//                                         (identify by the Jira key)
//   BEGIN NOT ATOMIC                      (one compound statement:
//     UPDATE floor_tickets SET status = ? WHERE id = ?;  the status
//     UPDATE floor_users SET score = score + 5 WHERE id = ?;  its author)
//   END
//   INSERT INTO floor_events ...          (the event row, as floor_data)
//   COMMIT
//
// The author is joined inside FOR UPDATE, which locks the author's row:
// earshot reads `author.*` through a subquery that locks nothing (a user
// listener's delivery must not wait on a macro's filter), and pays for it.
// tools/run-bench creates the tables (bench/floors.py, bench/floor_data.py).

#include "bench/floor_db.h"

namespace {

using floor_db::Int;
using floor_db::Request;
using floor_db::Session;
using floor_db::Text;

constexpr long long kListenerId = 3;

const std::vector<const char*> kStatements = {
    "SELECT t.id, t.author_id FROM floor_data_values v JOIN floor_tickets t "
    "ON t.id = v.target_id JOIN floor_users a ON a.id = t.author_id WHERE "
    "v.field_id = 1 AND v.value_text = ? AND t.status <> 'closed' AND "
    "a.status = 'active' FOR UPDATE",
    "BEGIN NOT ATOMIC "
    "UPDATE floor_tickets SET status = ? WHERE id = ?; "
    "UPDATE floor_users SET score = score + 5 WHERE id = ?; "
    "END",
    floor_db::kEventSql,
};

const rapidjson::Pointer kKey("/issue/key");
const rapidjson::Pointer kStatus("/issue/fields/status/name");

unsigned int Deliver(Session* db, const Request& r,
                     unsigned long long* event_id, long long* ticket,
                     bool* duplicate) {
  const std::string key = floor_db::StringAt(kKey, r.json);
  unsigned long key_length;
  MYSQL_BIND find = Text(key, &key_length);
  long long author = 0;
  MYSQL_BIND out[2] = {Int(ticket), Int(&author)};
  bool found = false;
  unsigned int e = db->Fetch(0, &find, out, &found);
  if (e != 0) return e;
  if (found) {
    const std::string status = floor_db::StringAt(kStatus, r.json);
    unsigned long status_length;
    MYSQL_BIND writes[3] = {Text(status, &status_length), Int(ticket),
                            Int(&author)};
    if ((e = db->Execute(1, writes)) != 0) return e;
  } else {
    *ticket = 0;
  }
  e = floor_db::InsertEvent(db, 2, kListenerId, r,
                            floor_db::Outcomes(key, *ticket), event_id,
                            duplicate);
  if (e != 0 || *duplicate) return e;
  return db->Commit();
}

}  // namespace

int main(int argc, char** argv) {
  return floor_db::Main(argc, argv, kStatements, Deliver);
}
