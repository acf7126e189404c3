// A stand-in for a browser in the console's HTTP tests: keeps the
// console's cookies (a cookie answered empty or with Max-Age=0 is
// dropped), sends forms url-encoded from a chosen loopback address, and
// signs in through the real login form. Accounts get their password with
// `earshotctl user password`, as an operator would set it.
// (tests/e2e/console_browser_test.cc drives a real browser.)
//
// Thread-safety: a ConsoleClient belongs to one test thread.

#ifndef EARSHOT_TESTS_E2E_CONSOLE_CLIENT_H_
#define EARSHOT_TESTS_E2E_CONSOLE_CLIENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/e2e/harness.h"

namespace earshot::test {

// The password ConsoleAccount gives and SignIn uses unless told otherwise.
extern const char kConsolePassword[];

// `s` as application/x-www-form-urlencoded (every byte but [A-Za-z0-9._-]
// as %XX).
std::string UrlEncode(const std::string& s);

// A new console account: a user with `role` in `projects`, its password
// set with earshotctl. Returns its email.
std::string ConsoleAccount(const std::string& role,
                           const std::vector<int64_t>& projects = {},
                           const std::string& password = kConsolePassword);

class ConsoleClient {
 public:
  // `source`: the loopback address requests come from ("" for the usual).
  explicit ConsoleClient(std::string source = "")
      : source_(std::move(source)) {}

  HttpResponse Get(const std::string& path) { return Send("GET", path, ""); }
  // Posts `fields`, already url-encoded (a=b&c=d), as they are.
  HttpResponse Post(const std::string& path, const std::string& fields) {
    return Send("POST", path, fields);
  }
  // The csrf field of the (first) form on `path`, "" when there is none.
  std::string CsrfOf(const std::string& path);
  // Signs in through the login form; returns the answer to its POST
  // (303 on success).
  HttpResponse SignIn(const std::string& email,
                      const std::string& password = kConsolePassword);

  bool Has(const std::string& cookie) const { return cookies_.count(cookie); }
  // The Cookie header the client sends.
  std::string Cookies() const;
  // The last Set-Cookie header received.
  std::string last_set_cookie;

 private:
  HttpResponse Send(const std::string& method, const std::string& path,
                    const std::string& body);

  std::string source_;
  std::map<std::string, std::string> cookies_;
};

}  // namespace earshot::test

#endif  // EARSHOT_TESTS_E2E_CONSOLE_CLIENT_H_
