// Handler log lines: one format (TIME LEVEL PROGRAM[PID]: message), one
// line each, in the pool's log file, and never an API key or a signature,
// even for a delivery that carried them while the handler had something
// to log.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

CommandResult StackCommand(const std::vector<std::string>& args) {
  Stack& s = Stack::Get();
  std::vector<std::string> argv = {s.root() + "/tools/earshot-stack"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(),
              {"--var", s.var(), "--bin", s.bin(), "--pool", "3", "--quiet"});
  return s.Run(argv, {}, "");
}

TEST(OpsLog, HandlerLinesHaveOneFormatAndNoSecrets) {
  std::string group = CreateGroup("users", {{"n", "/n", "integer"}});
  std::string email = UniqueEmail();
  CreateUser(email);
  const std::string secret = "sig-secret-" + Unique("s") + "-0123456789";
  ListenerFixture l = CreateListener(
      "data", "users",
      {"--group", group, "--signature", "github", "--secret", secret});
  const std::string log_path = Stack::Get().var() + "/log/data.log";
  const size_t before = ReadFile(log_path).size();

  const std::string wrong_key = "wrongkey" + Unique("k") + "zzzz";
  const std::string signature =
      "sha256=5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d";
  const std::string body = R"({"email":")" + email + R"(","n":1})";
  auto send_all = [&] {
    Stack& s = Stack::Get();
    s.Post(l.path() + "?api_key=" + wrong_key, body,
           {JsonType(), {"X-Hub-Signature-256", signature}});
    s.Post(l.path(), body,
           {JsonType(),
            {"X-Api-Key", wrong_key},
            {"X-Hub-Signature-256", signature}});
    s.Post(l.path() + "?api_key=" + l.api_key, body,
           {JsonType(), {"X-Hub-Signature-256", signature}});
    s.Post(l.path(), body,
           {JsonType(), Bearer(l.api_key), {"X-Hub-Signature-256", signature}});
  };
  // With the database down, each of these makes the handler log.
  ASSERT_EQ(StackCommand({"db-stop"}).exit_code, 0);
  send_all();
  ASSERT_EQ(StackCommand({"db-start"}).exit_code, 0);
  send_all();

  std::string written = ReadFile(log_path).substr(before);
  ASSERT_FALSE(written.empty()) << "the handler logged nothing";
  const std::regex line_format(
      R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO|WARN|ERROR) )"
      R"(data\.fcgi\[\d+\]: [^\x00-\x1f\x7f]*( \[event=\d+\])?)");
  std::istringstream lines(written);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    EXPECT_TRUE(std::regex_match(line, line_format)) << line;
  }
  EXPECT_GT(n, 0);
  EXPECT_EQ(written.back(), '\n');
  for (const std::string& needle :
       {wrong_key, l.api_key, secret, signature.substr(7)}) {
    EXPECT_EQ(written.find(needle), std::string::npos) << needle;
  }
}

}  // namespace
}  // namespace earshot::test
