// A handler's log lines reach the log of every way a pool is started:
// earshot-stack's pools on unix sockets and on TCP (spawn-fcgi -n, so the
// handlers keep its stderr), and the systemd pool unit's command with the
// socket and stderr handed over as systemd does (stdin the listening
// socket, stderr the journal: here a file).

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/ops_stack.h"

namespace earshot::test {
namespace {

// True once `path` holds a line of `program` matching `message` (a regex).
bool HasLine(const std::string& path, const std::string& program,
             const std::string& message) {
  const std::regex line(R"((^|\n)\S+Z (INFO|WARN|ERROR) )" + program +
                        R"(\[\d+\]: )" + message);
  for (int i = 0; i < 100; ++i) {
    if (std::regex_search(ReadFile(path), line)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST(OpsStderr, StackPoolsOnUnixSocketsLogToTheirFiles) {
  Stack& s = Stack::Get();
  for (std::string type : {"data", "comment", "macro"}) {
    EXPECT_TRUE(HasLine(s.var() + "/log/" + type + ".log", type + R"(\.fcgi)",
                        "ready: " + type + " listeners"))
        << type << ": " << ReadFile(s.var() + "/log/" + type + ".log");
  }
}

TEST(OpsStderr, StackPoolsOnTcpLogToTheirFiles) {
  int pool_port = FreePorts(3);  // one per listener type
  ExtraStack stack({"--pool-tcp", "127.0.0.1:" + std::to_string(pool_port)});
  ASSERT_TRUE(stack.started());
  const std::string log = stack.var() + "/log/data.log";
  EXPECT_TRUE(HasLine(log, R"(data\.fcgi)", "ready: data listeners"))
      << ReadFile(log);
  // A line written while serving a request, too.
  ASSERT_EQ(stack.Command({"db-stop"}).exit_code, 0);
  HttpResponse r = stack.Post("/listeners/data/_health", "", {}, "GET");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_TRUE(HasLine(log, R"(data\.fcgi)", "health check: unavailable"))
      << ReadFile(log);
}

TEST(OpsStderr, SystemdPoolUnitCommandKeepsStderr) {
  Stack& s = Stack::Get();
  std::string unit =
      ReadFile(s.root() + "/tools/systemd/earshot-pool.service.in");
  size_t at = unit.find("\nExecStart=");
  ASSERT_NE(at, std::string::npos);
  std::string line = unit.substr(at + 11, unit.find('\n', at + 1) - at - 11);
  ASSERT_NE(unit.find("\nStandardInput=socket\n"), std::string::npos);
  ASSERT_NE(unit.find("\nStandardError=journal\n"), std::string::npos);
  // The command as systemd runs it: stdin the listening socket (spawn-fcgi
  // -n binds it and execs the command in place), stderr the journal.
  std::string command;
  std::istringstream words(line);
  for (std::string w; words >> w;) {
    if (w == "${EARSHOT_POOL}") w = "1";
    if (w == "/etc/earshot/earshot.conf") w = s.config_path();
    size_t lib = w.find("@LIBEXECDIR@");
    if (lib != std::string::npos) w.replace(lib, 12, s.bin());
    size_t t = w.find("@TYPE@");
    if (t != std::string::npos) w.replace(t, 6, "data");
    command += " '" + w + "'";
  }
  const std::string journal = s.var() + "/log/journal-data.log";
  ASSERT_EQ(s.Run({s.root() + "/tools/earshot-stack", "pool-stop", "data",
                   "--var", s.var(), "--quiet"},
                  {}, "")
                .exit_code,
            0);
  // data.pid names the unit's multiwatch: pool-start below (or the
  // stack's stop, if this test dies) stops it.
  CommandResult r = s.Run(
      {"/bin/sh", "-c",
       "setsid spawn-fcgi -n -s '" + s.var() + "/run/data.sock' -M 0600 --" +
           command + " </dev/null >/dev/null 2>>'" + journal +
           "' & echo $! > '" + s.var() + "/run/data.pid'"},
      {}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (int i = 0; i < 100 && ReadFile(journal).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  HttpResponse health = s.Post("/listeners/data/_health", "", {}, "GET");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_TRUE(HasLine(journal, R"(data\.fcgi)", "ready: data listeners"))
      << ReadFile(journal);

  r = s.Run({s.root() + "/tools/earshot-stack", "pool-start", "data", "--var",
             s.var(), "--bin", s.bin(), "--pool", "3", "--quiet"},
            {}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(s.Post("/listeners/data/_health", "", {}, "GET").status, 200);
}

}  // namespace
}  // namespace earshot::test
