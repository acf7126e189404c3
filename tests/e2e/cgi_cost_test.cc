// What one plain-CGI delivery asks of the database. Shared hosting runs one
// process per request, so every statement a handler sends between connect
// and exit is paid on every delivery: here they are read from MariaDB's
// general log (root turns it on for the test), by the session that stored
// the delivery's event; the round trips behind them are counted with
// strace (each write to the server's socket waits for its answer, except
// the last: QUIT).

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

// Runs data.fcgi as CGI, after `prefix` (a tracer) when given; the answer's
// status line.
std::string RunCgi(const ListenerFixture& l, const std::string& body,
                   std::vector<std::string> prefix = {}) {
  Stack& s = Stack::Get();
  prefix.push_back(s.bin() + "/data.fcgi");
  CommandResult r =
      s.Run(prefix,
            {"EARSHOT_CONFIG=" + s.config_path(), "GATEWAY_INTERFACE=CGI/1.1",
             "REQUEST_METHOD=POST", "SCRIPT_NAME=" + l.path(),
             "CONTENT_LENGTH=" + std::to_string(body.size()),
             "CONTENT_TYPE=application/json", "REMOTE_ADDR=127.0.0.1",
             "HTTP_AUTHORIZATION=Bearer " + l.api_key},
            body);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, r.out.find("\r\n"));
}

// The commands (Query, Prepare, Execute...) of the session that executed
// a statement containing `marker`, each with its text, in order.
std::vector<std::pair<std::string, std::string>> SessionOf(
    const std::string& marker) {
  CommandResult r = RootSql(
      "SELECT command_type, REPLACE(REPLACE(CONVERT(argument USING utf8mb4), "
      "'\\n', ' '), '\\t', ' ') FROM mysql.general_log WHERE thread_id = "
      "(SELECT thread_id FROM mysql.general_log WHERE command_type = "
      "'Execute' AND argument LIKE '%" +
      marker + "%' LIMIT 1) ORDER BY event_time");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::pair<std::string, std::string>> commands;
  size_t pos = 0;
  while (pos < r.out.size()) {
    size_t nl = r.out.find('\n', pos);
    if (nl == std::string::npos) nl = r.out.size();
    std::string line = r.out.substr(pos, nl - pos);
    size_t tab = line.find('\t');
    if (tab != std::string::npos) {
      commands.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    pos = nl + 1;
  }
  return commands;
}

class CgiCostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RootSql("SET GLOBAL log_output = 'TABLE'; "
                      "SET GLOBAL general_log = ON;")
                  .exit_code,
              0);
  }
  void TearDown() override {
    RootSql("SET GLOBAL general_log = OFF; TRUNCATE mysql.general_log;");
  }
};

// Waiting for an answer: session set-up, reads, writes, COMMIT. What one
// delivery needs is the listener (its row and its group's fields), the
// targets, the values, the event and COMMIT, plus one statement to set the
// session up; the API key's last_used_at is written at most once a minute.
TEST_F(CgiCostTest, ADeliveryMakesFewStatements) {
  std::string group = CreateGroup("users", {{"N", "/n", "integer"}});
  std::string email = UniqueEmail();
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  std::vector<int> statements;
  std::vector<int> key_updates;
  for (int i = 1; i <= 2; ++i) {
    std::string marker = Unique("cgi-cost-marker");
    std::string body = R"({"email":")" + email + R"(","n":)" +
                       std::to_string(i) + R"(,"m":")" + marker + R"("})";
    EXPECT_EQ(RunCgi(l, body), "Status: 200 OK");
    auto commands = SessionOf(marker);
    int n = 0, touches = 0, closes = 0;
    std::string seen;
    for (const auto& [type, text] : commands) {
      if (type == "Query" || type == "Execute") ++n;
      if (type == "Execute" && text.find("UPDATE api_keys") == 0) ++touches;
      if (type == "Close stmt") ++closes;
      seen += type + ": " + text.substr(0, 80) + "\n";
    }
    EXPECT_GT(n, 0) << "no session found for " << marker;
    statements.push_back(n);
    key_updates.push_back(touches);
    // Before: 2 init commands, SET autocommit, the config version, the
    // listener, its fields, ROLLBACK, the user, the value, the event, its
    // erasure subjects, COMMIT: 12, and the key (13); then 9; now 8, without
    // the ROLLBACK that ended the listener's reads.
    EXPECT_LE(n - touches, 8) << seen;
    // The session ends with QUIT alone: the server drops its statements.
    EXPECT_EQ(closes, 0) << seen;
  }
  EXPECT_EQ(DataValue(group, "N", user), "2");
  // The first delivery wrote the key's last_used_at; the second, seconds
  // later, had no reason to.
  EXPECT_EQ(key_updates[0], 1);
  EXPECT_EQ(key_updates[1], 0);
  EXPECT_EQ(Stack::Get().Value("SELECT last_used_at IS NOT NULL FROM api_keys "
                               "WHERE name = ?",
                               {SqlParam::Text(l.api_name)}),
            "1");
}

// Each statement costs one round trip: a one-shot process prepares and
// executes in one (before: two, plus a ROLLBACK and a close per statement).
// The listener identifies targets by a field of its own group, which comes
// with the group's fields (before: a query of its own).
TEST_F(CgiCostTest, EachStatementIsOneRoundTrip) {
  if (access("/usr/bin/strace", X_OK) != 0) GTEST_SKIP() << "no strace";
  std::string group =
      CreateGroup("users", {{"Key", "/key", "string"}, {"N", "/n", "integer"}});
  std::string email = UniqueEmail();
  int64_t user = CreateUser(email);
  std::string key = Unique("K");
  ListenerFixture by_email =
      CreateListener("data", "users", {"--group", group});
  EXPECT_EQ(RunCgi(by_email, R"({"email":")" + email + R"(","key":")" + key +
                                 R"(","n":1})"),
            "Status: 200 OK");
  ListenerFixture l = CreateListener(
      "data", "users",
      {"--group", group, "--identify", "data:" + group + ".Key=/key"});
  std::string marker = Unique("cgi-trips-marker");
  std::string trace = Stack::Get().var() + "/" + marker + ".strace";
  EXPECT_EQ(
      RunCgi(
          l, R"({"key":")" + key + R"(","n":2,"m":")" + marker + R"("})",
          // LeakSanitizer cannot run under ptrace: an ASan build's leak
          // check at exit would fail the run (other builds ignore it).
          {"/usr/bin/strace", "-f", "-qq", "-E", "ASAN_OPTIONS=detect_leaks=0",
           "-e", "trace=sendto", "-o", trace}),
      "Status: 200 OK");
  EXPECT_EQ(DataValue(group, "N", user), "2");
  int statements = 0, touches = 0;
  std::string seen;
  for (const auto& [type, text] : SessionOf(marker)) {
    if (type == "Query" || type == "Execute") ++statements;
    if (type == "Execute" && text.find("UPDATE api_keys") == 0) ++touches;
    seen += type + ": " + text.substr(0, 80) + "\n";
  }
  ASSERT_GT(statements, 0) << "no session found for " << marker;
  // The session's set-up, the listener, its group's fields, the target, the
  // values, the event, its erasure subjects, COMMIT (before: 10, with the
  // identify field's query and a ROLLBACK).
  EXPECT_LE(statements - touches, 8) << seen;
  // Writes to the server: the login, one per statement, QUIT.
  std::ifstream in(trace);
  std::string line;
  int sends = 0;
  while (std::getline(in, line)) {
    if (line.find("sendto(") == std::string::npos) continue;
    ++sends;
    seen += line.substr(0, 100) + "\n";
  }
  EXPECT_EQ(sends, statements + 2) << seen;
}

}  // namespace
}  // namespace earshot::test
