// A second private earshot instance for one test, started with options
// the shared stack does not use (pools on TCP, a database over TLS, a
// foreign nginx), with the few ways the ops tests talk to it.
//
// Thread-safety: main test thread only.

#ifndef EARSHOT_TESTS_E2E_OPS_STACK_H_
#define EARSHOT_TESTS_E2E_OPS_STACK_H_

#include <string>
#include <vector>

#include "tests/e2e/harness.h"

namespace earshot::test {

// Writes `text` to `path`; false on failure.
bool WriteFile(const std::string& path, const std::string& text);

class ExtraStack {
 public:
  // `options` are added to `earshot-stack start`.
  explicit ExtraStack(const std::vector<std::string>& options);
  ~ExtraStack();
  ExtraStack(const ExtraStack&) = delete;
  ExtraStack& operator=(const ExtraStack&) = delete;

  bool started() const { return started_; }
  const std::string& var() const { return var_; }
  int port() const { return port_; }
  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }
  // earshotctl --config VAR/earshot.conf --json ARGS.
  CommandResult Ctl(const std::vector<std::string>& args) const;
  // earshot-stack COMMAND... --var VAR --bin BIN --quiet.
  CommandResult Command(const std::vector<std::string>& args) const;
  // SQL as the database's root (through its unix socket).
  CommandResult Sql(const std::string& sql) const;
  HttpResponse Post(const std::string& path, const std::string& body,
                    const Headers& headers = {},
                    const std::string& method = "POST") const {
    return PostTo(base_url() + path, body, headers, method);
  }

 private:
  std::string var_;
  int port_ = 0;
  bool started_ = false;
};

}  // namespace earshot::test

#endif  // EARSHOT_TESTS_E2E_OPS_STACK_H_
