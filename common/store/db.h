// Connection: one MariaDB/MySQL session through Connector/C, with prepared
// statements cached per SQL text. Every value is bound as a SqlParam; no
// value is ever spliced into SQL.
//
// Sessions run with autocommit off, READ COMMITTED, UTC and strict SQL
// mode: every unit of work ends with Commit() or Rollback(). Errors come
// back as Status: Retry for a deadlock or lock wait timeout (roll back and
// re-run the whole transaction; when broken() is true, on a new
// connection), Duplicate for a unique key, Unavailable when the server
// cannot be reached (then broken() is true and the owner opens a new
// connection, never in the middle of a transaction).
//
// A connection is opened in one of two modes. kPooled (a FastCGI pool, the
// tools): each statement is prepared once, kept, and re-executed. kOneShot
// (a plain-CGI process: one request, then exit): a statement's first run
// prepares and executes it in one round trip (mariadb_stmt_execute_direct;
// Connector/C emulates it with two on MySQL), the session is closed without
// closing its statements one by one (the server drops them with the
// session), and OpenSSL skips what only pays in a long-lived process (see
// db.cc). Values are bound the same way in both: never spliced into SQL.
//
// Thread-safety: a Connection is used by one thread at a time.

#ifndef EARSHOT_COMMON_STORE_DB_H_
#define EARSHOT_COMMON_STORE_DB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/base/status.h"
#include "common/config.h"
#include "common/store/sql_param.h"

struct st_mysql;
struct st_mysql_stmt;

namespace earshot {

class Row {
 public:
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t col) const { return !cells_[col].has_value(); }
  // "" for NULL.
  const std::string& Text(size_t col) const;
  // 0 for NULL. REQUIRES: the column holds an integer.
  int64_t Int(size_t col) const;
  double Double(size_t col) const;

 private:
  friend class Connection;
  std::vector<std::optional<std::string>> cells_;
};

struct QueryResult {
  std::vector<Row> rows;
  uint64_t affected_rows = 0;
  uint64_t insert_id = 0;
};

class Connection {
 public:
  enum class Mode { kPooled, kOneShot };

  static Status Open(const DbOptions& options,
                     std::unique_ptr<Connection>* connection,
                     Mode mode = Mode::kPooled);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement. `result` may be null when nothing is wanted back.
  Status Run(std::string_view sql, const std::vector<SqlParam>& params,
             QueryResult* result);
  Status Run(std::string_view sql, QueryResult* result) {
    return Run(sql, {}, result);
  }
  // Runs statements separated by ";" at the end of a line, through the
  // text protocol. For migrations only: nothing here is bound.
  Status RunScript(std::string_view script);

  Status Commit();
  Status Rollback();

  bool broken() const { return broken_; }
  Mode mode() const { return mode_; }
  // The server's thread id, for tests that kill a session.
  uint64_t thread_id() const;

 private:
  Connection(st_mysql* mysql, Mode mode);
  // A prepared statement and what each run of it reuses (db.cc).
  struct Statement;
  // Statements by SQL text, found without copying the text.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>()(text);
    }
  };
  using Statements = std::unordered_map<std::string, std::unique_ptr<Statement>,
                                        TextHash, std::equal_to<>>;

  Status Prepare(std::string_view sql, Statement** stmt);
  // kOneShot's first run of `sql`: prepares and executes it with `params`
  // in one round trip; the statement is then cached like a prepared one.
  Status PrepareAndExecute(std::string_view sql,
                           const std::vector<SqlParam>& params,
                           Statement** stmt);
  Status Error(unsigned int code, const char* message, std::string_view sql);
  Status StmtError(st_mysql_stmt* stmt, std::string_view sql);
  // Run's steps: bind `params` and execute; fetch a result set of
  // `columns` columns, every row buffered.
  Status Execute(Statement* stmt, std::string_view sql,
                 const std::vector<SqlParam>& params);
  Status Fetch(Statement* stmt, std::string_view sql, unsigned int columns,
               std::vector<Row>* rows);
  // An error met after a statement produced a result set; breaks the
  // connection (see db.cc).
  Status ResultError(st_mysql_stmt* stmt, std::string_view sql);
  void DropStatements();

  st_mysql* mysql_;
  const Mode mode_;
  bool broken_ = false;
  Statements statements_;
};

// Maps a server or client error number to a Status code. Exposed for tests.
Status::Code ClassifyDbError(unsigned int code);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_DB_H_
