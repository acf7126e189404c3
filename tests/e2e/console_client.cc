#include "tests/e2e/console_client.h"

#include <gtest/gtest.h>

#include <cctype>

#include "common/http/query_string.h"
#include "tests/e2e/fixtures.h"

namespace earshot::test {

const char kConsolePassword[] = "a long enough password";

std::string UrlEncode(const std::string& s) { return QueryEscape(s); }

std::string ConsoleAccount(const std::string& role,
                           const std::vector<int64_t>& projects,
                           const std::string& password) {
  std::string email = UniqueEmail(role);
  CreateUser(email, role, projects);
  CommandResult r =
      Stack::Get().Run({Stack::Get().bin() + "/earshotctl", "--config",
                        Stack::Get().config_path(), "user", "password", email},
                       {}, password + "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return email;
}

std::string ConsoleClient::CsrfOf(const std::string& path) {
  HttpResponse r = Get(path);
  const std::string marker = "name=\"csrf\" value=\"";
  size_t at = r.body.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return r.body.substr(at, r.body.find('"', at) - at);
}

HttpResponse ConsoleClient::SignIn(const std::string& email,
                                   const std::string& password) {
  std::string csrf = CsrfOf("/admin/login");
  return Post("/admin/login", "csrf=" + csrf + "&email=" + UrlEncode(email) +
                                  "&password=" + UrlEncode(password));
}

std::string ConsoleClient::Cookies() const {
  std::string all;
  for (const auto& [name, value] : cookies_) {
    all += (all.empty() ? "" : "; ") + name + "=" + value;
  }
  return all;
}

HttpResponse ConsoleClient::Send(const std::string& method,
                                 const std::string& path,
                                 const std::string& body) {
  Headers headers;
  if (!cookies_.empty()) headers.emplace_back("Cookie", Cookies());
  if (method == "POST") {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  HttpResponse r = Stack::Get().Post(path, body, headers, method, source_);
  auto it = r.headers.find("set-cookie");
  if (it != r.headers.end()) {
    last_set_cookie = it->second;
    std::string pair = it->second.substr(0, it->second.find(';'));
    size_t eq = pair.find('=');
    std::string name = pair.substr(0, eq), value = pair.substr(eq + 1);
    if (value.empty() || it->second.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
  return r;
}

}  // namespace earshot::test
