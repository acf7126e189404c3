// The end-to-end harness: one private earshot instance (MariaDB on a unix
// socket, handler pools, nginx on a free loopback port) started once for
// the whole test binary with tools/earshot-stack and stopped after, plus
// the ways tests talk to it: HTTP through nginx, earshotctl, a handler run
// as plain CGI, and SQL for checking what was written.
//
// Thread-safety: Post() may be called from many threads at once; the rest
// from the test's main thread.

#ifndef EARSHOT_TESTS_E2E_HARNESS_H_
#define EARSHOT_TESTS_E2E_HARNESS_H_

#include <rapidjson/document.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/store/db.h"

namespace earshot::test {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lowercase names
  rapidjson::Document json;                    // parsed body (if JSON)

  // Convenience accessors for earshot answers.
  std::string ErrorCode() const;
  std::string ErrorMessage() const;
  int64_t Event() const;
  bool Duplicate() const;
  // "id:outcome" for each target, e.g. {"17:applied", "0:not_found"}.
  std::vector<std::string> Outcomes() const;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  rapidjson::Document json;  // parsed `out` when it is JSON
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class Stack {
 public:
  static Stack& Get();

  void Start();
  void Stop();

  std::string base_url() const { return base_url_; }
  std::string config_path() const { return var_ + "/earshot.conf"; }
  std::string var() const { return var_; }
  std::string bin() const { return bin_; }
  std::string root() const { return root_; }
  // MariaDB also listens on 127.0.0.1:db_port(); the `earshot` user's
  // password is db_options().password.
  int db_port() const { return db_port_; }
  const DbOptions& db_options() const { return db_; }

  // POST (or `method`) through nginx; `path` starts with /listeners/.
  // From the loopback address `source` when given (127.0.0.1, the
  // default, is exempt from the rate limit).
  HttpResponse Post(const std::string& path, const std::string& body,
                    const Headers& headers = {},
                    const std::string& method = "POST",
                    const std::string& source = "") const;

  // earshotctl --config ... --json ARGS.
  CommandResult Ctl(const std::vector<std::string>& args) const;
  // The same, asserting exit 0; returns stdout parsed.
  CommandResult CtlOk(const std::vector<std::string>& args) const;

  // Runs `program` with `env` (added to a minimal environment) and `input`
  // on stdin.
  CommandResult Run(const std::vector<std::string>& argv,
                    const std::vector<std::string>& env,
                    const std::string& input) const;

  // A fresh database session for checking results.
  std::unique_ptr<Connection> Db() const;
  // The single value of a query (first row, first column); "NULL" for
  // NULL, "" for no row.
  std::string Value(const std::string& sql,
                    const std::vector<SqlParam>& params = {}) const;
  int64_t Count(const std::string& sql,
                const std::vector<SqlParam>& params = {}) const;

 private:
  std::string root_, bin_, var_, base_url_;
  int port_ = 0;
  int db_port_ = 0;
  DbOptions db_;
  bool started_ = false;
};

// The same to any `url` (another web server in front of the handlers).
HttpResponse PostTo(const std::string& url, const std::string& body,
                    const Headers& headers = {},
                    const std::string& method = "POST",
                    const std::string& source = "");

// A name unique within this test run, e.g. Unique("key") -> "key-7".
std::string Unique(const std::string& prefix);

// A loopback TCP port free at the time of the call.
int FreePort();
// The first of `n` consecutive free loopback ports (a stack's pools on TCP
// take PORT, PORT+1, PORT+2).
int FreePorts(int n);
// The whole content of the file at `path`; "" when it cannot be read.
std::string ReadFile(const std::string& path);

// Bearer header for `key`.
std::pair<std::string, std::string> Bearer(const std::string& key);
// Content-Type: application/json.
std::pair<std::string, std::string> JsonType();

}  // namespace earshot::test

#endif  // EARSHOT_TESTS_E2E_HARNESS_H_
