#include "common/store/db.h"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <openssl/crypto.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace earshot {

namespace {

// Statements a process keeps prepared; past this, the cache starts over
// (statement texts with IN lists of every length can pile up).
constexpr size_t kMaxCachedStatements = 512;
// First guess at a column's size; longer values are fetched again.
constexpr unsigned long kInitialCellBytes = 64;

std::once_flag library_once;

// Points `binds` at `params`' values; `lengths` holds the text lengths the
// binds refer to. Both must outlive the statement's execution. REQUIRES:
// both hold params.size() elements.
void BindParams(const std::vector<SqlParam>& params, MYSQL_BIND* binds,
                unsigned long* lengths) {
  for (size_t i = 0; i < params.size(); ++i) {
    const SqlParam& p = params[i];
    MYSQL_BIND& b = binds[i];
    std::memset(&b, 0, sizeof(b));
    switch (p.kind) {
      case SqlParam::Kind::kNull:
        b.buffer_type = MYSQL_TYPE_NULL;
        break;
      case SqlParam::Kind::kInt:
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = const_cast<int64_t*>(&p.i);
        break;
      case SqlParam::Kind::kDouble:
        b.buffer_type = MYSQL_TYPE_DOUBLE;
        b.buffer = const_cast<double*>(&p.d);
        break;
      case SqlParam::Kind::kText:
      case SqlParam::Kind::kBlob:
        b.buffer_type = p.kind == SqlParam::Kind::kText ? MYSQL_TYPE_STRING
                                                        : MYSQL_TYPE_BLOB;
        b.buffer = const_cast<char*>(p.s.data());
        lengths[i] = p.s.size();
        b.buffer_length = p.s.size();
        b.length = &lengths[i];
        break;
    }
  }
}

bool TlsConfigured(const DbOptions& o) {
  return !o.ssl_ca.empty() || !o.ssl_cert.empty() || !o.ssl_key.empty() ||
         o.ssl_verify.value_or(false);
}

// TLS when any TLS setting is given: enforced (a server without TLS is
// refused, not talked to in plain text) and, by default with a CA, the
// server's certificate and host name checked.
void SetTlsOptions(const DbOptions& o, MYSQL* mysql) {
  if (!TlsConfigured(o)) return;
  if (!o.ssl_ca.empty())
    mysql_options(mysql, MYSQL_OPT_SSL_CA, o.ssl_ca.c_str());
  if (!o.ssl_cert.empty()) {
    mysql_options(mysql, MYSQL_OPT_SSL_CERT, o.ssl_cert.c_str());
  }
  if (!o.ssl_key.empty())
    mysql_options(mysql, MYSQL_OPT_SSL_KEY, o.ssl_key.c_str());
  my_bool enforce = 1;
  mysql_options(mysql, MYSQL_OPT_SSL_ENFORCE, &enforce);
  my_bool verify = o.ssl_verify.value_or(!o.ssl_ca.empty()) ? 1 : 0;
  mysql_options(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
}

}  // namespace

// What a statement's runs reuse instead of allocating each time: the binds
// of its values and the buffers its result columns are fetched into (a
// data delivery runs the same three or four statements on every request).
struct Connection::Statement {
  explicit Statement(MYSQL_STMT* s) : stmt(s) {}
  ~Statement() { mysql_stmt_close(stmt); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  MYSQL_STMT* stmt;
  std::vector<MYSQL_BIND> binds;
  std::vector<unsigned long> lengths;
  // Results: one bind and one buffer of at least kInitialCellBytes per
  // column (a longer value is fetched again into a string of its own).
  std::vector<MYSQL_BIND> out;
  std::vector<std::string> buffers;
  std::vector<unsigned long> out_lengths;
  std::vector<my_bool> nulls, errors;

  // Binds `params` to the statement's values (see BindParams).
  void Bind(const std::vector<SqlParam>& params) {
    binds.resize(params.size());
    lengths.resize(params.size());
    BindParams(params, binds.data(), lengths.data());
  }
};

Status::Code ClassifyDbError(unsigned int code) {
  switch (code) {
    case ER_LOCK_DEADLOCK:
    case ER_LOCK_WAIT_TIMEOUT:
      return Status::Code::kRetry;
    case ER_DUP_ENTRY:
    case ER_DUP_ENTRY_WITH_KEY_NAME:
      return Status::Code::kDuplicate;
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_SERVER_LOST_EXTENDED:
    case CR_COMMANDS_OUT_OF_SYNC:
    // A cached statement's table changed shape (a migration under running
    // pools): its result is left on the wire, the session is unusable.
    case CR_NEW_STMT_METADATA:
    case ER_CONNECTION_KILLED:
    case ER_SERVER_SHUTDOWN:
    case ER_CON_COUNT_ERROR:
    case ER_OPTION_PREVENTS_STATEMENT:
    case ER_READ_ONLY_MODE:
    case ER_UNKNOWN_STMT_HANDLER:
    // Galera: the node is not part of a primary component (it lost its
    // cluster, or is still joining); another node may serve.
    case ER_UNKNOWN_COM_ERROR:
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
      return Status::Code::kUnavailable;
    default:
      return Status::Code::kInternal;
  }
}

const std::string& Row::Text(size_t col) const {
  static const std::string kEmpty;
  return cells_[col] ? *cells_[col] : kEmpty;
}

int64_t Row::Int(size_t col) const {
  if (!cells_[col]) return 0;
  const std::string& s = *cells_[col];
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

double Row::Double(size_t col) const {
  return cells_[col] ? std::strtod(cells_[col]->c_str(), nullptr) : 0;
}

namespace {

// One session to one server, set up as the header says; null and
// `*error` set when the server cannot be reached or refuses us.
MYSQL* Connect(const DbOptions& o, const char* host, int port, Status* error) {
  MYSQL* mysql = mysql_init(nullptr);
  if (mysql == nullptr) {
    *error = Status::Internal("mysql_init failed");
    return nullptr;
  }
  unsigned int connect = o.connect_timeout_s, read = o.read_timeout_s,
               write = o.write_timeout_s;
  mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connect);
  mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &read);
  mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &write);
  mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // Reconnecting by itself would drop transactions and prepared statements
  // silently; we reconnect ourselves, between requests.
  my_bool reconnect = 0;
  mysql_options(mysql, MYSQL_OPT_RECONNECT, &reconnect);
  SetTlsOptions(o, mysql);

  const char* socket = o.socket.empty() ? nullptr : o.socket.c_str();
  if (mysql_real_connect(mysql, socket != nullptr ? "localhost" : host,
                         o.user.c_str(), o.password.c_str(), o.database.c_str(),
                         port, socket, 0) == nullptr) {
    unsigned int code = mysql_errno(mysql);
    std::string message = mysql_error(mysql);
    mysql_close(mysql);
    Status::Code kind = ClassifyDbError(code);
    std::string what = "cannot connect to the database: " + message;
    *error = kind == Status::Code::kInternal ? Status::Invalid(what)
                                             : Status::Unavailable(what);
    return nullptr;
  }
  // The whole session set-up in one statement (a plain-CGI process pays
  // each round trip on every request): `SET SESSION TRANSACTION` cannot
  // share a SET with other variables, so the isolation level is set
  // through its variable, named differently by MariaDB (tx_isolation; 11.1
  // added transaction_isolation) and MySQL 8 (transaction_isolation only).
  std::string session =
      std::string("SET SESSION ") +
      (mariadb_connection(mysql) ? "tx_isolation" : "transaction_isolation") +
      " = 'READ-COMMITTED', time_zone = '+00:00', sql_mode = "
      "'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO,"
      "NO_ZERO_DATE,NO_ZERO_IN_DATE', innodb_lock_wait_timeout = " +
      std::to_string(o.lock_wait_timeout_s) + ", autocommit = 0";
  // MariaDB only (MySQL has no subquery cache, nor the switch).
  if (!o.subquery_cache && mariadb_connection(mysql)) {
    session += ", optimizer_switch = 'subquery_cache=off'";
  }
  if (mysql_real_query(mysql, session.data(), session.size()) != 0) {
    std::string message = mysql_error(mysql);
    unsigned int code = mysql_errno(mysql);
    mysql_close(mysql);
    std::string what = "cannot set the database session up: " + message;
    *error = ClassifyDbError(code) == Status::Code::kInternal
                 ? Status::Invalid(what)
                 : Status::Unavailable(what);
    return nullptr;
  }
  return mysql;
}

// A Galera node that has lost its cluster (wsrep_ready OFF) still takes
// connections but refuses every query; with other servers to try, skip
// it. A server without Galera has no such status: ready.
bool ClusterNodeReady(MYSQL* mysql) {
  if (mysql_query(mysql, "SHOW STATUS LIKE 'wsrep_ready'") != 0) return false;
  MYSQL_RES* result = mysql_store_result(mysql);
  if (result == nullptr) return false;
  MYSQL_ROW row = mysql_fetch_row(result);
  const bool ready =
      row == nullptr || (row[1] != nullptr && std::string_view(row[1]) == "ON");
  mysql_free_result(result);
  return ready;
}

}  // namespace

Status Connection::Open(const DbOptions& o,
                        std::unique_ptr<Connection>* connection, Mode mode) {
  std::call_once(library_once, [&] {
    // Connector/C initialises OpenSSL whether TLS is used or not. A one-shot
    // process skips the clean-up at exit and, without TLS to the database
    // (where the system's TLS policy in openssl.cnf applies), reading
    // openssl.cnf and loading the error strings: together about a third of
    // a plain-CGI process's own instructions. The first call decides.
    if (mode == Mode::kOneShot) {
      uint64_t opts = OPENSSL_INIT_NO_ATEXIT;
      if (!TlsConfigured(o)) {
        opts |=
            OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS;
      }
      OPENSSL_init_crypto(opts, nullptr);
    }
    mysql_library_init(0, nullptr, nullptr);
  });
  Status error;
  MYSQL* mysql = nullptr;
  if (!o.socket.empty() || o.hosts.empty()) {
    mysql = Connect(o, o.host.c_str(), o.port, &error);
  } else {
    for (const auto& [host, port] : o.hosts) {
      mysql = Connect(o, host.c_str(), port, &error);
      if (mysql == nullptr) continue;
      if (o.hosts.size() == 1 || ClusterNodeReady(mysql)) break;
      mysql_close(mysql);
      mysql = nullptr;
      error = Status::Unavailable("cannot connect to the database: " + host +
                                  " is not a ready cluster node");
    }
  }
  if (mysql == nullptr) return error;
  connection->reset(new Connection(mysql, mode));
  return Status::OK();
}

Connection::Connection(MYSQL* mysql, Mode mode) : mysql_(mysql), mode_(mode) {}

Connection::~Connection() {
  // Closing the session first detaches its statements: closing them then
  // frees them here without one COM_STMT_CLOSE each (the server drops a
  // session's statements with it).
  mysql_close(mysql_);
  DropStatements();
}

void Connection::DropStatements() { statements_.clear(); }

uint64_t Connection::thread_id() const { return mysql_thread_id(mysql_); }

Status Connection::Error(unsigned int code, const char* message,
                         std::string_view sql) {
  Status::Code kind = ClassifyDbError(code);
  std::string text = std::string(message) + " (" + std::to_string(code) + ")";
  switch (kind) {
    case Status::Code::kRetry:
      return Status::Retry(text);
    case Status::Code::kDuplicate:
      return Status::Duplicate(text);
    case Status::Code::kUnavailable:
      broken_ = true;
      return Status::Unavailable(text);
    default:
      return Status::Internal(text + " in: " + std::string(sql.substr(0, 200)));
  }
}

Status Connection::StmtError(MYSQL_STMT* stmt, std::string_view sql) {
  // Some failures are recorded on the connection, not the statement.
  if (mysql_stmt_errno(stmt) == 0 && mysql_errno(mysql_) != 0) {
    return Error(mysql_errno(mysql_), mysql_error(mysql_), sql);
  }
  if (mysql_stmt_errno(stmt) == 0) {
    return Error(CR_UNKNOWN_ERROR, "unknown client error", sql);
  }
  return Error(mysql_stmt_errno(stmt), mysql_stmt_error(stmt), sql);
}

Status Connection::ResultError(MYSQL_STMT* stmt, std::string_view sql) {
  Status err = StmtError(stmt, sql);
  // After an error in the middle of a result (a deadlock in a locking
  // read), Connector/C can be left waiting for packets that never come on
  // the next execute of any statement. Never use the session again.
  mysql_stmt_free_result(stmt);
  broken_ = true;
  if (err.IsRetry() || err.IsUnavailable()) return err;
  return Status::Unavailable(err.message());
}

Status Connection::Prepare(std::string_view sql, Statement** out) {
  if (broken_) return Status::Unavailable("database connection lost");
  if (statements_.size() >= kMaxCachedStatements) DropStatements();
  MYSQL_STMT* stmt = mysql_stmt_init(mysql_);
  if (stmt == nullptr) return Status::Internal("mysql_stmt_init failed");
  if (mysql_stmt_prepare(stmt, sql.data(), sql.size()) != 0) {
    Status s = StmtError(stmt, sql);
    mysql_stmt_close(stmt);
    return s;
  }
  auto [it, added] =
      statements_.emplace(std::string(sql), std::make_unique<Statement>(stmt));
  *out = it->second.get();
  return Status::OK();
}

Status Connection::PrepareAndExecute(std::string_view sql,
                                     const std::vector<SqlParam>& params,
                                     Statement** out) {
  if (statements_.size() >= kMaxCachedStatements) DropStatements();
  MYSQL_STMT* raw = mysql_stmt_init(mysql_);
  if (raw == nullptr) return Status::Internal("mysql_stmt_init failed");
  auto stmt = std::make_unique<Statement>(raw);
  // The server has not counted the statement's markers yet: the client
  // sends as many values as bound, and checks the count once the prepare's
  // answer is in (CR_INVALID_PARAMETER_NO, the statement then fails).
  unsigned int count = static_cast<unsigned int>(params.size());
  stmt->Bind(params);
  if (mysql_stmt_attr_set(raw, STMT_ATTR_PREBIND_PARAMS, &count) != 0 ||
      (!params.empty() &&
       mysql_stmt_bind_param(raw, stmt->binds.data()) != 0) ||
      mariadb_stmt_execute_direct(raw, sql.data(), sql.size()) != 0) {
    return StmtError(raw, sql);  // `stmt` closes the statement
  }
  *out = stmt.get();
  statements_.emplace(std::string(sql), std::move(stmt));
  return Status::OK();
}

Status Connection::Run(std::string_view sql,
                       const std::vector<SqlParam>& params,
                       QueryResult* result) {
  if (broken_) return Status::Unavailable("database connection lost");
  Statement* stmt = nullptr;
  Status s;
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    stmt = it->second.get();
    s = Execute(stmt, sql, params);
  } else if (mode_ == Mode::kOneShot) {
    s = PrepareAndExecute(sql, params, &stmt);
  } else {
    s = Prepare(sql, &stmt);
    if (s.ok()) s = Execute(stmt, sql, params);
  }
  if (!s.ok()) return s;

  // The statement's columns as of this execution (0: no result set).
  unsigned int columns = mysql_stmt_field_count(stmt->stmt);
  if (columns == 0) {
    if (result != nullptr) {
      result->rows.clear();
      result->affected_rows = mysql_stmt_affected_rows(stmt->stmt);
      result->insert_id = mysql_stmt_insert_id(stmt->stmt);
    }
    return Status::OK();
  }
  std::vector<Row> rows;
  s = Fetch(stmt, sql, columns, &rows);
  if (!s.ok()) return s;
  if (result != nullptr) {
    result->rows = std::move(rows);
    result->affected_rows = 0;
    result->insert_id = 0;
  }
  return Status::OK();
}

Status Connection::Execute(Statement* st, std::string_view sql,
                           const std::vector<SqlParam>& params) {
  MYSQL_STMT* stmt = st->stmt;
  if (mysql_stmt_param_count(stmt) != params.size()) {
    return Status::Internal("statement wants " +
                            std::to_string(mysql_stmt_param_count(stmt)) +
                            " values, got " + std::to_string(params.size()));
  }
  st->Bind(params);
  if (!params.empty() && mysql_stmt_bind_param(stmt, st->binds.data()) != 0) {
    return StmtError(stmt, sql);
  }
  if (mysql_stmt_execute(stmt) != 0) {
    return StmtError(stmt, sql);
  }
  return Status::OK();
}

Status Connection::Fetch(Statement* st, std::string_view sql,
                         unsigned int columns, std::vector<Row>* rows_out) {
  MYSQL_STMT* stmt = st->stmt;
  // Buffer the whole result: an error met while rows stream in (a deadlock
  // in a locking read) then surfaces here with its real error number.
  if (mysql_stmt_store_result(stmt) != 0) {
    return ResultError(stmt, sql);
  }

  if (st->out.size() != columns) {
    st->out.assign(columns, MYSQL_BIND{});
    st->buffers.assign(columns, std::string(kInitialCellBytes, 0));
    st->out_lengths.assign(columns, 0);
    st->nulls.assign(columns, 0);
    st->errors.assign(columns, 0);
  }
  std::vector<std::string>& buffers = st->buffers;
  std::vector<unsigned long>& out_lengths = st->out_lengths;
  std::vector<my_bool>& nulls = st->nulls;
  for (unsigned int c = 0; c < columns; ++c) {
    MYSQL_BIND& b = st->out[c];
    std::memset(&b, 0, sizeof(b));
    b.buffer_type = MYSQL_TYPE_STRING;
    b.buffer = buffers[c].data();
    b.buffer_length = buffers[c].size();
    b.length = &out_lengths[c];
    b.is_null = &nulls[c];
    b.error = &st->errors[c];
  }
  if (mysql_stmt_bind_result(stmt, st->out.data()) != 0) {
    return ResultError(stmt, sql);
  }
  std::vector<Row> rows;
  for (;;) {
    int rc = mysql_stmt_fetch(stmt);
    if (rc == MYSQL_NO_DATA) break;
    if (rc == 1) {
      return ResultError(stmt, sql);
    }
    Row row;
    row.cells_.resize(columns);
    for (unsigned int c = 0; c < columns; ++c) {
      if (nulls[c]) continue;
      unsigned long length = out_lengths[c];
      if (length <= buffers[c].size()) {
        row.cells_[c].emplace(buffers[c].data(), length);
        continue;
      }
      // Truncated: fetch the whole value into a buffer of its own.
      std::string whole(length, '\0');
      MYSQL_BIND b;
      std::memset(&b, 0, sizeof(b));
      unsigned long got = 0;
      b.buffer_type = MYSQL_TYPE_STRING;
      b.buffer = whole.data();
      b.buffer_length = length;
      b.length = &got;
      if (mysql_stmt_fetch_column(stmt, &b, c, 0) != 0) {
        return ResultError(stmt, sql);
      }
      row.cells_[c].emplace(std::move(whole));
    }
    rows.push_back(std::move(row));
  }
  mysql_stmt_free_result(stmt);
  *rows_out = std::move(rows);
  return Status::OK();
}

Status Connection::RunScript(std::string_view script) {
  if (broken_) return Status::Unavailable("database connection lost");
  while (!script.empty()) {
    size_t end = script.find(";\n");
    std::string_view statement =
        end == std::string_view::npos ? script : script.substr(0, end);
    script = end == std::string_view::npos ? std::string_view()
                                           : script.substr(end + 2);
    // Skip statements made only of blank lines and -- comments.
    bool empty = true;
    size_t pos = 0;
    while (pos < statement.size()) {
      size_t nl = statement.find('\n', pos);
      std::string_view line = statement.substr(pos, nl == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : nl - pos);
      size_t first = line.find_first_not_of(" \t\r");
      if (first != std::string_view::npos && line.substr(first, 2) != "--") {
        empty = false;
        break;
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
    if (empty) continue;
    if (mysql_real_query(mysql_, statement.data(), statement.size()) != 0) {
      return Error(mysql_errno(mysql_), mysql_error(mysql_), statement);
    }
    MYSQL_RES* res = mysql_store_result(mysql_);
    if (res != nullptr) mysql_free_result(res);
  }
  return Status::OK();
}

Status Connection::Commit() {
  if (broken_) return Status::Unavailable("database connection lost");
  if (mysql_commit(mysql_) != 0) {
    return Error(mysql_errno(mysql_), mysql_error(mysql_), "COMMIT");
  }
  return Status::OK();
}

Status Connection::Rollback() {
  if (broken_) return Status::Unavailable("database connection lost");
  if (mysql_rollback(mysql_) != 0) {
    return Error(mysql_errno(mysql_), mysql_error(mysql_), "ROLLBACK");
  }
  return Status::OK();
}

}  // namespace earshot
