// Deployment with two database users: the stack runs everything as a
// run-time user holding SELECT, INSERT, UPDATE, DELETE only, and migrates
// as a migration user (tools/earshot-stack, like `earshotctl db-setup`).
// migrate must succeed as the run-time user while the schema is current,
// and db-setup's SQL must make users that work.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

// The stack's config with another database user and password.
std::string WriteConfig(const std::string& name, const std::string& user,
                        const std::string& password) {
  Stack& s = Stack::Get();
  std::ifstream in(s.config_path());
  std::string line, text;
  while (std::getline(in, line)) {
    if (line.rfind("db_user", 0) == 0 || line.rfind("db_password", 0) == 0) {
      continue;
    }
    text += line + "\n";
  }
  text += "db_user = " + user + "\ndb_password = " + password + "\n";
  std::string path = s.var() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

CommandResult CtlWith(const std::string& config,
                      const std::vector<std::string>& args) {
  std::vector<std::string> argv = {Stack::Get().bin() + "/earshotctl",
                                   "--config", config, "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  return Stack::Get().Run(argv, {}, "");
}

TEST(DeployDbUsers, MigrateSucceedsAsTheRunTimeUserWhenCurrent) {
  // The harness's config names the run-time user.
  CommandResult r = Stack::Get().Ctl({"migrate"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(r.json.IsObject()) << r.out;
  EXPECT_TRUE(r.json["up_to_date"].GetBool());
  EXPECT_EQ(r.json["applied"].Size(), 0u);
}

TEST(DeployDbUsers, RunTimeUserCannotChangeTheSchemaButDelivers) {
  Stack& s = Stack::Get();
  auto db = s.Db();
  Status create = db->Run("CREATE TABLE deploy_probe (id INT)", {}, nullptr);
  EXPECT_FALSE(create.ok()) << "the run-time user created a table";
  Status alter =
      db->Run("ALTER TABLE users ADD COLUMN deploy_probe INT", {}, nullptr);
  EXPECT_FALSE(alter.ok()) << "the run-time user altered a table";
  db->Rollback();
  CommandResult grants = RootSql("SHOW GRANTS FOR 'earshot'@'localhost'");
  ASSERT_EQ(grants.exit_code, 0) << grants.err;
  EXPECT_NE(grants.out.find("GRANT SELECT, INSERT, UPDATE, DELETE ON "
                            "`earshot`.* TO `earshot`@`localhost`"),
            std::string::npos)
      << grants.out;
  EXPECT_EQ(grants.out.find("ALL PRIVILEGES"), std::string::npos) << grants.out;

  // The handlers run as that user: a delivery through nginx commits.
  std::string group = CreateGroup("users", {{"Count", "/count", "integer"}});
  std::string email = UniqueEmail("deploy");
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  HttpResponse r = Deliver(l, R"({"email":")" + email + R"(","count":7})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(DataValue(group, "Count", user), "7");
  EXPECT_EQ(EventColumn(r.Event(), "http_status"), "200");
}

TEST(DeployDbUsers, DbSetupPrintsUsersThatWork) {
  static int n = 0;
  std::string suffix = std::to_string(getpid()) + "_" + std::to_string(++n);
  std::string rt = "rt_" + suffix, mg = "mg_" + suffix;
  Stack& s = Stack::Get();
  CommandResult setup = s.Ctl({"db-setup", "--user", rt, "--migrate-user", mg});
  ASSERT_EQ(setup.exit_code, 0) << setup.err;
  ASSERT_TRUE(setup.json.IsObject()) << setup.out;
  std::string sql = setup.json["sql"].GetString();
  EXPECT_NE(
      sql.find("GRANT SELECT, INSERT, UPDATE, DELETE ON `earshot`.* TO '" + rt +
               "'@'localhost'"),
      std::string::npos)
      << sql;
  CommandResult applied = RootSql(sql);
  ASSERT_EQ(applied.exit_code, 0) << applied.err << "\n" << sql;
  CommandResult grants = RootSql("SHOW GRANTS FOR '" + rt + "'@'localhost'");
  ASSERT_EQ(grants.exit_code, 0) << grants.err;
  EXPECT_NE(grants.out.find("GRANT SELECT, INSERT, UPDATE, DELETE ON "
                            "`earshot`.*"),
            std::string::npos)
      << grants.out;
  EXPECT_EQ(grants.out.find("CREATE"), std::string::npos) << grants.out;

  std::string rt_conf = WriteConfig("rt-" + suffix + ".conf", rt,
                                    setup.json["password"].GetString());
  std::string mg_conf = WriteConfig("mg-" + suffix + ".conf", mg,
                                    setup.json["migrate_password"].GetString());
  CommandResult migrate = CtlWith(mg_conf, {"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  migrate = CtlWith(rt_conf, {"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_TRUE(migrate.json["up_to_date"].GetBool());
  // Everyday commands work as the run-time user.
  CommandResult project = CtlWith(rt_conf, {"project", "create", Unique("P")});
  EXPECT_EQ(project.exit_code, 0) << project.err;
  // The migration user can change the schema, the run-time user cannot.
  CommandResult ddl = s.Run(
      {"/usr/bin/mariadb", "--defaults-file=" + s.var() + "/my.cnf", "-u" + rt,
       "-p" + std::string(setup.json["password"].GetString()), "earshot"},
      {}, "CREATE TABLE probe_" + suffix + " (id INT);");
  EXPECT_NE(ddl.exit_code, 0) << "the run-time user created a table";
  EXPECT_NE(ddl.err.find("CREATE command denied"), std::string::npos)
      << ddl.err;
  ddl = s.Run(
      {"/usr/bin/mariadb", "--defaults-file=" + s.var() + "/my.cnf", "-u" + mg,
       "-p" + std::string(setup.json["migrate_password"].GetString()),
       "earshot"},
      {},
      "CREATE TABLE probe_" + suffix + " (id INT); DROP TABLE probe_" + suffix +
          ";");
  EXPECT_EQ(ddl.exit_code, 0) << ddl.err;
  RootSql("DROP USER '" + rt + "'@'localhost', '" + mg + "'@'localhost';");

  // Names that would need quoting are refused.
  CommandResult bad = s.Ctl({"db-setup", "--user", "x'; DROP DATABASE x; --"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--user"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace earshot::test
