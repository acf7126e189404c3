// Benchmark floors' common part (bench/floor_comment.cc, floor_macro.cc):
// the options, one Connector/C session with its prepared statements, the
// body, and serving requests as a FastCGI pool or as plain CGI. No earshot
// code: libfcgi and Connector/C only, set up like floor_tx.cc (autocommit
// off, READ COMMITTED, utf8mb4; a deadlock or lock wait timeout re-runs the
// transaction a few times; a lost connection answers 503 and is reopened at
// the next request).
//
// Usage of a floor: PROGRAM --socket PATH --user NAME --password-file FILE
//                           --database NAME [--author EMAIL]
//
// Thread-safety: one request at a time (single-threaded programs).

#ifndef EARSHOT_BENCH_FLOOR_DB_H_
#define EARSHOT_BENCH_FLOOR_DB_H_

#include <fcgiapp.h>
#include <mysql.h>
#include <mysqld_error.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace floor_db {

constexpr size_t kMaxBody = 1 << 20;
constexpr int kAttempts = 4;

struct Options {
  std::string socket, user, password, database, author;
};

inline bool ParseOptions(int argc, char** argv, Options* o) {
  std::string password_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    std::string* out = name == "--socket"          ? &o->socket
                       : name == "--user"          ? &o->user
                       : name == "--password-file" ? &password_file
                       : name == "--database"      ? &o->database
                       : name == "--author"        ? &o->author
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
  // Rolls back; a lock error keeps the session, anything else drops it.
  unsigned int Fail(MYSQL_STMT* stmt) {
    unsigned int e = mysql_stmt_errno(stmt);
    mysql_stmt_free_result(stmt);
    if (mysql_rollback(mysql_) == 0 &&
        (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT ||
         e == ER_SIGNAL_EXCEPTION)) {
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

// What a floor does with one request: its transaction, committed, with
// 0 (and the event id), ER_SIGNAL_EXCEPTION for a refusal (422), or the
// error number after rolling back.
using DeliverFn = unsigned int (*)(const Options& options, Session* db,
                                   long long target, const std::string& body,
                                   unsigned long long* event_id);

inline long long TargetFromQuery(const char* query) {
  if (query == nullptr) return 0;
  for (const char* p = query; *p;) {
    if (p[0] == 't' && p[1] == '=') return std::strtoll(p + 2, nullptr, 10);
    const char* amp = std::strchr(p, '&');
    if (amp == nullptr) break;
    p = amp + 1;
  }
  return 0;
}

// The whole answer (head and body) to one delivery.
inline std::string Handle(const Options& options,
                          const std::vector<const char*>& statements,
                          DeliverFn deliver, Session* db, long long target,
                          const std::string& body) {
  unsigned long long event_id = 0;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (!db->is_open() && !db->Open(options, statements)) break;
    unsigned int e = deliver(options, db, target, body, &event_id);
    if (e == 0) {
      return "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n"
             "{\"ok\":true,\"event\":" +
             std::to_string(event_id) + "}\n";
    }
    if (e == ER_SIGNAL_EXCEPTION) {
      return "Status: 422 Unprocessable Content\r\n"
             "Content-Type: application/json\r\n\r\n{\"ok\":false}\n";
    }
    if (e != ER_LOCK_DEADLOCK && e != ER_LOCK_WAIT_TIMEOUT) break;
  }
  return "Status: 503 Service Unavailable\r\n"
         "Content-Type: application/json\r\n\r\n{\"ok\":false}\n";
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
                 "--database NAME [--author EMAIL]\n",
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
        Handle(options, statements, deliver, &db,
               TargetFromQuery(std::getenv("QUERY_STRING")), body);
    std::fwrite(answer.data(), 1, answer.size(), stdout);
    return 0;
  }
  if (FCGX_Init() != 0) return 1;
  db.Open(options, statements);
  FCGX_Request request;
  FCGX_InitRequest(&request, 0, 0);
  while (FCGX_Accept_r(&request) >= 0) {
    ReadBody(&body, [&request](char* buf, int n) {
      return FCGX_GetStr(buf, n, request.in);
    });
    long long target =
        TargetFromQuery(FCGX_GetParam("QUERY_STRING", request.envp));
    std::string answer =
        Handle(options, statements, deliver, &db, target, body);
    FCGX_PutStr(answer.data(), static_cast<int>(answer.size()), request.out);
    FCGX_Finish_r(&request);
  }
  return 0;
}

}  // namespace floor_db

#endif  // EARSHOT_BENCH_FLOOR_DB_H_
