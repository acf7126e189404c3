// Benchmark floors' common part (bench/floor_comment.cc, floor_macro.cc):
// the options, one Connector/C session with its prepared statements, the
// request (its body parsed as JSON, the headers a listener logs), the event
// row as floor_data.cc writes it, and serving requests as a FastCGI pool or
// as plain CGI. No earshot code: libfcgi, Connector/C, RapidJSON and
// libcrypto's SHA-256 only, set up like floor_data.cc (autocommit off, READ
// COMMITTED, utf8mb4; a deadlock or lock wait timeout re-runs the
// transaction a few times; a lost connection answers 503 and is reopened at
// the next request).
//
// Like-for-like with the listeners (issue 15): a floor reads what it needs
// from the body through JSON Pointers compiled once, identifies the ticket
// by its Jira key through floor_data_values (earshot identifies by the data
// field Jira.IssueKey), and writes the event row into floor_events with
// the body, headers, outcomes and the delivery id's dedup key (a repeated
// id answers 200 "duplicate" without applying), as floor_data does.
//
// Usage of a floor: PROGRAM --socket PATH --user NAME --password-file FILE
//                           --database NAME
//
// Thread-safety: one request at a time (single-threaded programs).

#ifndef EARSHOT_BENCH_FLOOR_DB_H_
#define EARSHOT_BENCH_FLOOR_DB_H_

#include <fcgiapp.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <openssl/sha.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace floor_db {

constexpr size_t kMaxBody = 1 << 20;
constexpr size_t kLoggedBody = 64 * 1024;
constexpr int kAttempts = 4;

struct Options {
  std::string socket, user, password, database;
};

inline bool ParseOptions(int argc, char** argv, Options* o) {
  std::string password_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    std::string* out = name == "--socket"          ? &o->socket
                       : name == "--user"          ? &o->user
                       : name == "--password-file" ? &password_file
                       : name == "--database"      ? &o->database
                                                   : nullptr;
    if (out == nullptr) return false;
    *out = argv[i + 1];
  }
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    std::getline(in, o->password);
  }
  return !o->socket.empty() && !o->user.empty() && !o->database.empty();
}

// Parameters and results of a prepared statement.
inline MYSQL_BIND Int(long long* v) {
  MYSQL_BIND b{};
  b.buffer_type = MYSQL_TYPE_LONGLONG;
  b.buffer = v;
  return b;
}
inline MYSQL_BIND Text(const std::string& s, unsigned long* length) {
  MYSQL_BIND b{};
  *length = s.size();
  b.buffer_type = MYSQL_TYPE_STRING;
  b.buffer = const_cast<char*>(s.data());
  b.buffer_length = *length;
  b.length = length;
  return b;
}

// One session and its prepared statements, in the order given.
class Session {
 public:
  ~Session() { Close(); }

  bool Open(const Options& o, const std::vector<const char*>& statements) {
    mysql_ = mysql_init(nullptr);
    if (mysql_ == nullptr) return false;
    my_bool off = 0;
    mysql_options(mysql_, MYSQL_OPT_RECONNECT, &off);
    mysql_options(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    mysql_options(mysql_, MYSQL_INIT_COMMAND,
                  "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    if (mysql_real_connect(mysql_, "localhost", o.user.c_str(),
                           o.password.c_str(), o.database.c_str(), 0,
                           o.socket.c_str(), 0) == nullptr) {
      std::fprintf(stderr, "floor: %s\n", mysql_error(mysql_));
      Close();
      return false;
    }
    mysql_autocommit(mysql_, 0);
    for (const char* sql : statements) {
      MYSQL_STMT* stmt = mysql_stmt_init(mysql_);
      if (stmt == nullptr ||
          mysql_stmt_prepare(stmt, sql, std::strlen(sql)) != 0) {
        std::fprintf(stderr, "floor: %s\n", mysql_error(mysql_));
        if (stmt) mysql_stmt_close(stmt);
        Close();
        return false;
      }
      statements_.push_back(stmt);
    }
    return true;
  }

  bool is_open() const { return mysql_ != nullptr; }
  MYSQL_STMT* stmt(size_t i) { return statements_[i]; }

  // Executes statement `i` with `params`; 0 or the error number (the
  // transaction then rolled back, see Fail).
  unsigned int Execute(size_t i, MYSQL_BIND* params) {
    MYSQL_STMT* s = statements_[i];
    if (mysql_stmt_bind_param(s, params) || mysql_stmt_execute(s)) {
      return Fail(s);
    }
    return 0;
  }

  // Executes query `i` and reads its first row into `out` (if any);
  // *found says whether there was one.
  unsigned int Fetch(size_t i, MYSQL_BIND* params, MYSQL_BIND* out,
                     bool* found) {
    unsigned int e = Execute(i, params);
    if (e != 0) return e;
    MYSQL_STMT* s = statements_[i];
    if (mysql_stmt_bind_result(s, out)) return Fail(s);
    int rc = mysql_stmt_fetch(s);
    *found = rc == 0 || rc == MYSQL_DATA_TRUNCATED;
    while (rc == 0 || rc == MYSQL_DATA_TRUNCATED) rc = mysql_stmt_fetch(s);
    if (rc == 1) return Fail(s);
    mysql_stmt_free_result(s);
    return 0;
  }

  unsigned int Commit() {
    if (mysql_commit(mysql_) == 0) return 0;
    unsigned int e = mysql_errno(mysql_);
    Close();  // outcome unknown: start over with a fresh session
    return e ? e : 1;
  }

  void Rollback() { mysql_rollback(mysql_); }

 private:
  // Rolls back; a lock error, a refusal or a duplicate delivery id keeps
  // the session, anything else drops it.
  unsigned int Fail(MYSQL_STMT* stmt) {
    unsigned int e = mysql_stmt_errno(stmt);
    mysql_stmt_free_result(stmt);
    if (mysql_rollback(mysql_) == 0 &&
        (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT ||
         e == ER_SIGNAL_EXCEPTION || e == ER_DUP_ENTRY)) {
      return e;
    }
    std::fprintf(stderr, "floor: %s\n", mysql_stmt_error(stmt));
    Close();
    return e ? e : 1;
  }

  void Close() {
    for (MYSQL_STMT* s : statements_) mysql_stmt_close(s);
    statements_.clear();
    if (mysql_) mysql_close(mysql_);
    mysql_ = nullptr;
  }

  MYSQL* mysql_ = nullptr;
  std::vector<MYSQL_STMT*> statements_;
};

// One delivery as a floor sees it (a new one per delivery: a document's
// allocator keeps what it parsed until the document goes).
struct Request {
  std::string_view body;
  std::string parsed;        // a copy of the body, parsed in place
  rapidjson::Document json;  // the body, parsed (strings point into parsed)
  std::string delivery_id;   // X-Atlassian-Webhook-Identifier
  std::string client;        // REMOTE_ADDR
  std::string headers;       // the logged headers, as JSON
};

// The event row, as floor_data.cc writes it: the delivery id claimed
// through floor_events' unique dedup key.
inline const char* const kEventSql =
    "INSERT INTO floor_events (listener_id, received_at, http_status, "
    "delivery_id, dedup_key, client_addr, duration_us, outcomes, headers, "
    "body, body_size, key_passed, signature_passed) "
    "VALUES (?, NOW(6), 200, ?, ?, ?, 0, ?, ?, ?, ?, TRUE, TRUE)";

// Writes the event row with statement `i` (kEventSql); *duplicate when the
// delivery id was seen (the transaction then rolled back, 0 returned).
inline unsigned int InsertEvent(Session* db, size_t i, long long listener,
                                const Request& r, const std::string& outcomes,
                                unsigned long long* event_id, bool* duplicate) {
  *duplicate = false;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(r.delivery_id.data()),
         r.delivery_id.size(), digest);
  long long body_size = static_cast<long long>(r.body.size());
  my_bool no_id = r.delivery_id.empty();
  unsigned long lengths[6] = {
      r.delivery_id.size(), SHA256_DIGEST_LENGTH,
      r.client.size(),      outcomes.size(),
      r.headers.size(),     std::min(r.body.size(), kLoggedBody)};
  const void* data[6] = {r.delivery_id.data(), digest,
                         r.client.data(),      outcomes.data(),
                         r.headers.data(),     r.body.data()};
  const enum_field_types types[6] = {MYSQL_TYPE_STRING, MYSQL_TYPE_BLOB,
                                     MYSQL_TYPE_STRING, MYSQL_TYPE_STRING,
                                     MYSQL_TYPE_STRING, MYSQL_TYPE_BLOB};
  MYSQL_BIND e[8] = {};
  e[0] = Int(&listener);
  for (int n = 0; n < 6; ++n) {
    e[n + 1].buffer_type = types[n];
    e[n + 1].buffer = const_cast<void*>(data[n]);
    e[n + 1].buffer_length = lengths[n];
    e[n + 1].length = &lengths[n];
  }
  e[1].is_null = &no_id;
  e[2].is_null = &no_id;
  e[7] = Int(&body_size);
  unsigned int err = db->Execute(i, e);
  if (err == ER_DUP_ENTRY) {
    *duplicate = true;
    return 0;
  }
  if (err == 0) *event_id = mysql_stmt_insert_id(db->stmt(i));
  return err;
}

// A listener's outcomes for one identifier: the ticket applied, or none.
inline std::string Outcomes(const std::string& key, long long ticket) {
  return ticket == 0
             ? "[{\"identifier\":\"" + key + "\",\"outcome\":\"not_found\"}]"
             : "[{\"id\":" + std::to_string(ticket) + ",\"identifier\":\"" +
                   key + "\",\"outcome\":\"applied\"}]";
}

// Runs query `i`, which finds one id by `key`: *id is it, or 0 when none.
inline unsigned int FindId(Session* db, size_t i, const std::string& key,
                           long long* id) {
  unsigned long key_length;
  MYSQL_BIND find = Text(key, &key_length);
  MYSQL_BIND out = Int(id);
  bool found = false;
  unsigned int e = db->Fetch(i, &find, &out, &found);
  if (e == 0 && !found) *id = 0;
  return e;
}

// The string at `pointer` in the body, or "" when there is none.
inline std::string StringAt(const rapidjson::Pointer& pointer,
                            const rapidjson::Document& json) {
  const rapidjson::Value* v = pointer.Get(json);
  return v != nullptr && v->IsString()
             ? std::string(v->GetString(), v->GetStringLength())
             : std::string();
}

// What a floor does with one request: its transaction, committed, with
// 0 (the event id and the ticket, 0 for none, set), ER_SIGNAL_EXCEPTION for
// a refusal (422), or the error number after rolling back; *duplicate for a
// delivery id already logged (nothing applied).
using DeliverFn = unsigned int (*)(Session* db, const Request& request,
                                   unsigned long long* event_id,
                                   long long* ticket, bool* duplicate);

inline std::string Answer(int status, const char* reason,
                          const std::string& json) {
  return "Status: " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\n\r\n" + json + "\n";
}

// A JSON string's content for a header value (quotes and controls out).
inline std::string Clean(const char* s) {
  std::string out;
  for (; s != nullptr && *s; ++s) {
    if (*s != '"' && *s != '\\' && static_cast<unsigned char>(*s) >= 0x20) {
      out += *s;
    }
  }
  return out;
}

// The whole answer (head and body) to one delivery; `param` reads a
// FastCGI/CGI variable.
template <typename Param>
std::string Handle(const Options& options,
                   const std::vector<const char*>& statements,
                   DeliverFn deliver, Session* db, const std::string& body,
                   Param param) {
  Request request;
  request.body = body;
  // In place: the cheapest correct parse RapidJSON offers (strings are not
  // copied); the body itself stays as received, for the event row.
  request.parsed = body;
  request.json.ParseInsitu(request.parsed.data());
  if (request.json.HasParseError() || !request.json.IsObject()) {
    return Answer(400, "Bad Request", "{\"ok\":false}");
  }
  request.delivery_id = Clean(param("HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER"));
  request.client = Clean(param("REMOTE_ADDR"));
  request.headers = "{\"content-type\":\"" + Clean(param("CONTENT_TYPE")) +
                    "\",\"user-agent\":\"" + Clean(param("HTTP_USER_AGENT")) +
                    "\",\"x-atlassian-webhook-identifier\":\"" +
                    request.delivery_id + "\"}";
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (!db->is_open() && !db->Open(options, statements)) break;
    unsigned long long event_id = 0;
    long long ticket = 0;
    bool duplicate = false;
    unsigned int e = deliver(db, request, &event_id, &ticket, &duplicate);
    if (e == 0 && duplicate) {
      return Answer(200, "OK", "{\"ok\":true,\"duplicate\":true}");
    }
    if (e == 0) {
      return Answer(200, "OK",
                    "{\"ok\":true,\"event\":" + std::to_string(event_id) +
                        ",\"duplicate\":false,\"targets\":[{\"id\":" +
                        std::to_string(ticket) + ",\"outcome\":\"" +
                        (ticket ? "applied" : "not_found") + "\"}]}");
    }
    if (e == ER_SIGNAL_EXCEPTION) {
      return Answer(422, "Unprocessable Content", "{\"ok\":false}");
    }
    if (e != ER_LOCK_DEADLOCK && e != ER_LOCK_WAIT_TIMEOUT) break;
  }
  return Answer(503, "Service Unavailable", "{\"ok\":false}");
}

// Keeps up to kMaxBody bytes of what `read_some` yields, drains the rest.
template <typename ReadSome>
void ReadBody(std::string* body, ReadSome read_some) {
  body->clear();
  char buffer[16384];
  for (;;) {
    int n = read_some(buffer, static_cast<int>(sizeof(buffer)));
    if (n <= 0) break;
    size_t room = kMaxBody - body->size();
    body->append(buffer, static_cast<size_t>(n) < room ? n : room);
  }
}

// The floor's main(): serves FastCGI requests, or one CGI request.
inline int Main(int argc, char** argv,
                const std::vector<const char*>& statements, DeliverFn deliver) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: %s --socket PATH --user NAME --password-file FILE "
                 "--database NAME\n",
                 argv[0]);
    return 2;
  }
  mysql_library_init(0, nullptr, nullptr);
  Session db;
  std::string body;
  if (FCGX_IsCGI()) {
    const char* length = std::getenv("CONTENT_LENGTH");
    long remaining = length ? std::strtol(length, nullptr, 10) : 0;
    ReadBody(&body, [&remaining](char* buf, int n) -> int {
      if (remaining <= 0) return 0;
      size_t want = remaining < n ? remaining : n;
      size_t got = std::fread(buf, 1, want, stdin);
      remaining -= static_cast<long>(got);
      return static_cast<int>(got);
    });
    std::string answer =
        Handle(options, statements, deliver, &db, body,
               [](const char* name) { return std::getenv(name); });
    std::fwrite(answer.data(), 1, answer.size(), stdout);
    return 0;
  }
  if (FCGX_Init() != 0) return 1;
  db.Open(options, statements);
  FCGX_Request fcgi;
  FCGX_InitRequest(&fcgi, 0, 0);
  while (FCGX_Accept_r(&fcgi) >= 0) {
    ReadBody(&body, [&fcgi](char* buf, int n) {
      return FCGX_GetStr(buf, n, fcgi.in);
    });
    std::string answer = Handle(
        options, statements, deliver, &db, body,
        [&fcgi](const char* name) { return FCGX_GetParam(name, fcgi.envp); });
    FCGX_PutStr(answer.data(), static_cast<int>(answer.size()), fcgi.out);
    FCGX_Finish_r(&fcgi);
  }
  return 0;
}

}  // namespace floor_db

#endif  // EARSHOT_BENCH_FLOOR_DB_H_
