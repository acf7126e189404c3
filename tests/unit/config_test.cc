#include "common/config.h"

#include <gtest/gtest.h>

namespace earshot {
namespace {

TEST(ConfigTest, DefaultsMatchTheContract) {
  Config c;
  EXPECT_EQ(c.max_body_bytes, 1u << 20);
  EXPECT_EQ(c.max_depth, 64);
  EXPECT_EQ(c.event_body_bytes, 64u << 10);
  EXPECT_EQ(c.max_targets, 100);
  EXPECT_EQ(c.signature_tolerance_s, 300);
  EXPECT_EQ(c.delivery_retention_days, 7);
}

TEST(ConfigTest, ParsesSettingsCommentsAndBlanks) {
  Config c;
  Status s = ParseConfig(
      "# a comment\n\n db_socket = /tmp/s.sock \n"
      "db_user=alice\r\ndb_password = p=ss word\nmax_body_bytes = 2048\n"
      "base_url = https://hooks.example.com\nlock_wait_timeout_s = 2\n",
      &c);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(c.db.socket, "/tmp/s.sock");
  EXPECT_EQ(c.db.user, "alice");
  EXPECT_EQ(c.db.password, "p=ss word");
  EXPECT_EQ(c.max_body_bytes, 2048u);
  EXPECT_EQ(c.base_url, "https://hooks.example.com");
  EXPECT_EQ(c.db.lock_wait_timeout_s, 2);
}

TEST(ConfigTest, RefusesUnknownKeysWithTheLine) {
  Config c;
  Status s = ParseConfig("db_user = a\nmax_bodybytes = 3\n", &c);
  ASSERT_TRUE(s.IsInvalid());
  EXPECT_EQ(s.message(), "line 2: max_bodybytes: unknown setting");
  EXPECT_EQ(c.db.user, "earshot") << "a failed parse changes nothing";
}

TEST(ConfigTest, RefusesBadNumbersAndMissingEquals) {
  Config c;
  EXPECT_TRUE(ParseConfig("max_depth = 0\n", &c).IsInvalid());
  EXPECT_TRUE(ParseConfig("max_depth = 12x\n", &c).IsInvalid());
  EXPECT_TRUE(ParseConfig("db_port = 70000\n", &c).IsInvalid());
  EXPECT_TRUE(ParseConfig("max_body_bytes = -1\n", &c).IsInvalid());
  Status s = ParseConfig("just words\n", &c);
  EXPECT_EQ(s.message(), "line 1: expected key = value");
}

TEST(ConfigTest, LoadReportsAMissingFile) {
  Config c;
  Status s = LoadConfig("/nonexistent/earshot.conf", &c);
  EXPECT_TRUE(s.IsInvalid());
  EXPECT_NE(s.message().find("/nonexistent/earshot.conf"), std::string::npos);
}

TEST(ConfigTest, ResolvesTheConfigPathInOrder) {
  unsetenv("EARSHOT_CONFIG");
  EXPECT_EQ(ResolveConfigPath(nullptr), "/etc/earshot/earshot.conf");
  setenv("EARSHOT_CONFIG", "/env/e.conf", 1);
  EXPECT_EQ(ResolveConfigPath(nullptr), "/env/e.conf");
  EXPECT_EQ(ResolveConfigPath("/flag/f.conf"), "/flag/f.conf");
  unsetenv("EARSHOT_CONFIG");
}

}  // namespace
}  // namespace earshot

namespace earshot {
namespace {

TEST(ConfigDbHostsTest, HostsInOrderWithDefaultPorts) {
  Config c;
  Status s = ParseConfig(
      "db_hosts = node1:3307, 10.0.0.2 ,[::1]:3308,[fe80::1]\n", &c);
  ASSERT_TRUE(s.ok()) << s.ToString();
  using Host = std::pair<std::string, int>;
  EXPECT_EQ(c.db.hosts, (std::vector<Host>{{"node1", 3307},
                                           {"10.0.0.2", 3306},
                                           {"::1", 3308},
                                           {"fe80::1", 3306}}));
}

TEST(ConfigDbHostsTest, RefusesWhatCannotBeTried) {
  for (const char* bad :
       {"db_hosts =\n", "db_hosts = a:0\n", "db_hosts = a:x\n",
        "db_hosts = a,,b\n", "db_hosts = ::1\n", "db_hosts = [::1\n",
        "db_hosts = [::1]3306\n", "db_hosts = :3306\n"}) {
    Config c;
    EXPECT_TRUE(ParseConfig(bad, &c).IsInvalid()) << bad;
  }
}

}  // namespace
}  // namespace earshot
