// earshotctl doctor against the running stack: its pools, and a database
// of the test's own (the suite's shared one has other tests' dead
// messages), migrated by the migration user and used by the run-time one.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

int Lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

// The stack's config `from` (earshot.conf or migrate.conf) naming database
// `db` instead.
std::string ConfigFor(const std::string& from, const std::string& db) {
  Stack& s = Stack::Get();
  std::ifstream in(s.var() + "/" + from);
  std::string line, text;
  while (std::getline(in, line)) {
    if (line.rfind("db_name", 0) != 0) text += line + "\n";
  }
  text += "db_name = " + db + "\n";
  std::string path = s.var() + "/" + db + "-" + from;
  std::ofstream(path) << text;
  return path;
}

class DeployDoctor : public ::testing::Test {
 protected:
  void SetUp() override {
    Stack& s = Stack::Get();
    db_ = UniqueIdent("doctor");
    CommandResult r =
        s.Run({"/usr/bin/mariadb", "--defaults-file=" + s.var() + "/my.cnf",
               "-uroot"},
              {},
              "CREATE DATABASE " + db_ +
                  " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;"
                  "GRANT SELECT, INSERT, UPDATE, DELETE ON " +
                  db_ +
                  ".* TO 'earshot'@'localhost';"
                  "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, "
                  "INDEX, REFERENCES ON " +
                  db_ + ".* TO 'earshot_migrate'@'localhost';");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    config_ = ConfigFor("earshot.conf", db_);
    r = Ctl(ConfigFor("migrate.conf", db_), {"migrate"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* type : {"data", "comment", "macro"}) {
      pools_.push_back("--pool");
      pools_.push_back(s.var() + "/run/" + type + ".sock");
    }
  }

  CommandResult Ctl(const std::string& config,
                    const std::vector<std::string>& args) {
    std::vector<std::string> argv = {Stack::Get().bin() + "/earshotctl",
                                     "--config", config, "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Stack::Get().Run(argv, {}, "");
  }

  CommandResult Doctor(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"doctor"};
    args.insert(args.end(), pools_.begin(), pools_.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return Ctl(config_, args);
  }

  // One pass of the outbox worker on the test's database: its heartbeat.
  void RunWorker() {
    Stack& s = Stack::Get();
    CommandResult r = s.Run(
        {s.bin() + "/earshot-outbox", "--config", config_, "--once"}, {}, "");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::string db_, config_;
  std::vector<std::string> pools_;
};

TEST_F(DeployDoctor, AllWellIsExitZero) {
  RunWorker();
  CommandResult r = Doctor();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ASSERT_TRUE(r.json.IsObject()) << r.out;
  EXPECT_TRUE(r.json["ok"].GetBool());
  EXPECT_EQ(r.json["pools"].Size(), 3u);
  EXPECT_EQ(r.json["pending"].GetInt64(), 0);
  EXPECT_EQ(r.json["dead"].GetInt64(), 0);
  EXPECT_EQ(r.json["workers"].GetInt64(), 1);
  EXPECT_LE(std::llabs(r.json["clock_skew_ms"].GetInt64()), 2000);

  // And through nginx, the pools it found answering do answer.
  HttpResponse h =
      Stack::Get().Post("/listeners/data/no-such-listener", "{}", {JsonType()});
  EXPECT_EQ(h.status, 404) << h.body;
  EXPECT_EQ(h.ErrorCode(), "unknown_listener");
}

TEST_F(DeployDoctor, OneLinePerProblem) {
  // No worker has run; a pool that is not there; a dead message.
  Stack& s = Stack::Get();
  pools_.push_back("--pool");
  pools_.push_back(s.var() + "/run/missing.sock");
  std::string mariadb_user = "--defaults-file=" + s.var() + "/my.cnf";
  CommandResult r =
      s.Run({"/usr/bin/mariadb", mariadb_user, "-uroot", db_}, {},
            "INSERT INTO outbox (kind, state, recipient, body, message_id) "
            "VALUES ('email', 'dead', 'x@example.com', 'b', 'doctor-1');");
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = Doctor();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Lines(r.err), 3) << r.err;
  EXPECT_NE(r.err.find("outbox worker: none seen"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing.sock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 dead messages"), std::string::npos) << r.err;

  // The worker's heartbeat clears its line.
  RunWorker();
  r = Doctor();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.err), 2) << r.err;

  // A schema behind the program's: that alone, the rest needs the tables.
  r = s.Run({"/usr/bin/mariadb", mariadb_user, "-uroot", db_}, {},
            "DELETE FROM schema_migrations WHERE version = 8;");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Doctor();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("schema: not current, missing 008_outbox_workers.sql"),
            std::string::npos)
      << r.err;
}

TEST_F(DeployDoctor, UnreadableConfigAndUnreachableDatabase) {
  Stack& s = Stack::Get();
  CommandResult r = Ctl(s.var() + "/no-such.conf",
                        {"doctor", "--pool", s.var() + "/run/data.sock"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("config: "), std::string::npos) << r.err;

  std::string bad = s.var() + "/" + db_ + "-bad.conf";
  std::ofstream(bad) << "db_socket = " << s.var() << "/run/nothing.sock\n";
  r = Ctl(bad, {"doctor", "--pool", s.var() + "/run/data.sock"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("database: unreachable"), std::string::npos) << r.err;
}

TEST_F(DeployDoctor, StoppedPoolIsAProblem) {
  RunWorker();
  ASSERT_EQ(StackCommand({"pool-stop", "macro"}).exit_code, 0);
  CommandResult r = Doctor();
  ASSERT_EQ(StackCommand({"pool-start", "macro"}).exit_code, 0);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("macro.sock"), std::string::npos) << r.err;
  r = Doctor();
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace earshot::test
