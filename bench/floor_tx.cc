// Benchmark floor: the least database work a listener must do for one
// delivery, with none of earshot's code (libfcgi and Connector/C only, no
// JSON, no auth). Per request, in one transaction with prepared statements:
//
//   SELECT counter FROM floor_targets WHERE id = ? FOR UPDATE
//   UPDATE floor_targets SET counter = counter + 1, updated_at = NOW(6)
//     WHERE id = ?
//   INSERT INTO floor_log (target_id, received_at, body) VALUES (?, NOW(6), ?)
//   COMMIT
//
// then answers 200 {"ok":true,"event":ID}. The target id comes from the
// query string (`t=N`); the body is read whole and stored, as a listener's
// delivery log stores it. The session is set up like earshot's: autocommit
// off, READ COMMITTED, utf8mb4. A deadlock or lock wait timeout re-runs the
// transaction (a few times); a lost connection answers 503 and is reopened
// at the next request. tools/run-bench creates the two tables.
//
// Usage: floor_tx.fcgi --socket PATH --user NAME --password-file FILE
//                      --database NAME
// As a FastCGI pool (spawn-fcgi + multiwatch), or as plain CGI.

#include <fcgiapp.h>
#include <mysql.h>
#include <mysqld_error.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace {

constexpr size_t kMaxBody = 1 << 20;
constexpr int kAttempts = 4;

struct Options {
  std::string socket, user, password, database;
};

bool ParseOptions(int argc, char** argv, Options* o) {
  std::string password_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name == "--socket") {
      o->socket = argv[i + 1];
    } else if (name == "--user") {
      o->user = argv[i + 1];
    } else if (name == "--password-file") {
      password_file = argv[i + 1];
    } else if (name == "--database") {
      o->database = argv[i + 1];
    } else {
      return false;
    }
  }
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    std::getline(in, o->password);
  }
  return !o->socket.empty() && !o->user.empty() && !o->database.empty();
}

// One session with its three prepared statements.
class FloorDb {
 public:
  ~FloorDb() { Close(); }

  bool Open(const Options& o) {
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
      std::fprintf(stderr, "floor_tx: %s\n", mysql_error(mysql_));
      Close();
      return false;
    }
    mysql_autocommit(mysql_, 0);
    select_ =
        Prepare("SELECT counter FROM floor_targets WHERE id = ? FOR UPDATE");
    update_ = Prepare(
        "UPDATE floor_targets SET counter = counter + 1, updated_at = NOW(6) "
        "WHERE id = ?");
    insert_ = Prepare(
        "INSERT INTO floor_log (target_id, received_at, body) "
        "VALUES (?, NOW(6), ?)");
    if (!select_ || !update_ || !insert_) {
      Close();
      return false;
    }
    return true;
  }

  bool is_open() const { return mysql_ != nullptr; }

  // Runs the transaction; on failure returns the error number (0: ok).
  unsigned int Deliver(long long target, const std::string& body,
                       unsigned long long* event_id) {
    MYSQL_BIND id{};
    id.buffer_type = MYSQL_TYPE_LONGLONG;
    id.buffer = &target;

    if (mysql_stmt_bind_param(select_, &id) || mysql_stmt_execute(select_)) {
      return Fail(select_);
    }
    long long counter = 0;
    MYSQL_BIND out{};
    out.buffer_type = MYSQL_TYPE_LONGLONG;
    out.buffer = &counter;
    if (mysql_stmt_bind_result(select_, &out)) return Fail(select_);
    int rc;
    while ((rc = mysql_stmt_fetch(select_)) == 0) {
    }
    if (rc == 1) return Fail(select_);
    mysql_stmt_free_result(select_);

    if (mysql_stmt_bind_param(update_, &id) || mysql_stmt_execute(update_)) {
      return Fail(update_);
    }

    MYSQL_BIND log[2] = {};
    log[0] = id;
    unsigned long length = body.size();
    log[1].buffer_type = MYSQL_TYPE_BLOB;
    log[1].buffer = const_cast<char*>(body.data());
    log[1].buffer_length = length;
    log[1].length = &length;
    if (mysql_stmt_bind_param(insert_, log) || mysql_stmt_execute(insert_)) {
      return Fail(insert_);
    }
    *event_id = mysql_stmt_insert_id(insert_);
    if (mysql_commit(mysql_)) {
      unsigned int e = mysql_errno(mysql_);
      Close();  // outcome unknown: start over with a fresh session
      return e;
    }
    return 0;
  }

 private:
  MYSQL_STMT* Prepare(const char* sql) {
    MYSQL_STMT* stmt = mysql_stmt_init(mysql_);
    if (stmt && mysql_stmt_prepare(stmt, sql, std::strlen(sql)) == 0) {
      return stmt;
    }
    std::fprintf(stderr, "floor_tx: %s\n", mysql_error(mysql_));
    if (stmt) mysql_stmt_close(stmt);
    return nullptr;
  }

  // Rolls back; a lock error keeps the session, anything else drops it.
  unsigned int Fail(MYSQL_STMT* stmt) {
    unsigned int e = mysql_stmt_errno(stmt);
    mysql_stmt_free_result(stmt);
    if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT) {
      if (mysql_rollback(mysql_) == 0) return e;
    }
    std::fprintf(stderr, "floor_tx: %s\n", mysql_stmt_error(stmt));
    Close();
    return e ? e : 1;
  }

  void Close() {
    for (MYSQL_STMT** s : {&select_, &update_, &insert_}) {
      if (*s) mysql_stmt_close(*s);
      *s = nullptr;
    }
    if (mysql_) mysql_close(mysql_);
    mysql_ = nullptr;
  }

  MYSQL* mysql_ = nullptr;
  MYSQL_STMT* select_ = nullptr;
  MYSQL_STMT* update_ = nullptr;
  MYSQL_STMT* insert_ = nullptr;
};

long long TargetFromQuery(const char* query) {
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
std::string Handle(const Options& options, FloorDb* db, long long target,
                   const std::string& body) {
  unsigned long long event_id = 0;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (!db->is_open() && !db->Open(options)) break;
    unsigned int e = db->Deliver(target, body, &event_id);
    if (e == 0) {
      return "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n"
             "{\"ok\":true,\"event\":" +
             std::to_string(event_id) + "}\n";
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

int ServeCgi(const Options& options) {
  const char* length = std::getenv("CONTENT_LENGTH");
  long remaining = length ? std::strtol(length, nullptr, 10) : 0;
  std::string body;
  ReadBody(&body, [&remaining](char* buf, int n) -> int {
    if (remaining <= 0) return 0;
    size_t want = remaining < n ? remaining : n;
    size_t got = std::fread(buf, 1, want, stdin);
    remaining -= static_cast<long>(got);
    return static_cast<int>(got);
  });
  FloorDb db;
  std::string answer =
      Handle(options, &db, TargetFromQuery(std::getenv("QUERY_STRING")), body);
  std::fwrite(answer.data(), 1, answer.size(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: floor_tx.fcgi --socket PATH --user NAME "
                 "--password-file FILE --database NAME\n");
    return 2;
  }
  mysql_library_init(0, nullptr, nullptr);
  if (FCGX_IsCGI()) return ServeCgi(options);
  if (FCGX_Init() != 0) return 1;
  FloorDb db;
  db.Open(options);
  FCGX_Request request;
  FCGX_InitRequest(&request, 0, 0);
  std::string body;
  while (FCGX_Accept_r(&request) >= 0) {
    ReadBody(&body, [&request](char* buf, int n) {
      return FCGX_GetStr(buf, n, request.in);
    });
    long long target =
        TargetFromQuery(FCGX_GetParam("QUERY_STRING", request.envp));
    std::string answer = Handle(options, &db, target, body);
    FCGX_PutStr(answer.data(), static_cast<int>(answer.size()), request.out);
    FCGX_Finish_r(&request);
  }
  return 0;
}
