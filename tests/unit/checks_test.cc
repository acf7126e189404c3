#include <gtest/gtest.h>

#include <string>

#include "common/base/checks.h"

namespace earshot::ctl {
namespace {

TEST(CtlChecksTest, AcceptsSaneEmails) {
  for (const char* email :
       {"a@b", "alice@example.com", "first.last+tag@sub.example.org",
        "\xc3\xa9lodie@example.fr", "x@[127.0.0.1]"}) {
    EXPECT_TRUE(CheckEmail(email).ok()) << email;
  }
}

TEST(CtlChecksTest, RefusesOtherEmails) {
  for (const char* email :
       {"", "plain", "a@b@c", "@example.com", "alice@", "a b@c.d", "a@c.d\n",
        "tab\t@x.y", "a@.example.com", "a@example.com.", "a@example..com",
        "bad\xff@x.y", "c1\xc2\x85@x.y"}) {
    EXPECT_FALSE(CheckEmail(email).ok()) << email;
  }
  std::string local(65, 'a');
  EXPECT_FALSE(CheckEmail(local + "@x.y").ok());
  std::string longest = std::string(64, 'a') + "@" + std::string(189, 'b');
  ASSERT_EQ(longest.size(), 254u);
  EXPECT_TRUE(CheckEmail(longest).ok());
  EXPECT_FALSE(CheckEmail(longest + "b").ok());
}

TEST(CtlChecksTest, EmailMessagesSayWhy) {
  EXPECT_EQ(CheckEmail("a@b@c").message(),
            "invalid email 'a@b@c': more than one '@'");
  EXPECT_EQ(CheckEmail("nope").message(), "invalid email 'nope': no '@'");
}

TEST(CtlChecksTest, ParsesIds) {
  int64_t id = 0;
  EXPECT_TRUE(ParseId("42", "project id", &id).ok());
  EXPECT_EQ(id, 42);
  for (const char* bad :
       {"", "0", "-1", "+1", "1x", " 1", "99999999999999999999"}) {
    EXPECT_FALSE(ParseId(bad, "project id", &id).ok()) << bad;
  }
  EXPECT_EQ(ParseId("x", "project id", &id).message(),
            "invalid project id 'x': expected a positive integer");
}

TEST(CtlChecksTest, ParsesBoundedIntegers) {
  int64_t v = 0;
  EXPECT_TRUE(ParseInt("-3", "n", -5, 5, &v).ok());
  EXPECT_EQ(v, -3);
  EXPECT_FALSE(ParseInt("6", "n", -5, 5, &v).ok());
  EXPECT_FALSE(ParseInt("+1", "n", -5, 5, &v).ok());
  EXPECT_EQ(ParseInt("0", "--limit", 1, 10, &v).message(),
            "invalid --limit '0': expected an integer from 1 to 10");
}

TEST(CtlChecksTest, LinesAndTexts) {
  EXPECT_TRUE(CheckLine("Beta \xc3\xa9t\xc3\xa9", "name", 10, false).ok());
  EXPECT_FALSE(CheckLine("", "name", 10, false).ok());
  EXPECT_TRUE(CheckLine("", "name", 10, true).ok());
  EXPECT_FALSE(CheckLine("two\nlines", "name", 100, false).ok());
  EXPECT_FALSE(CheckLine("\xff", "name", 100, false).ok());
  EXPECT_TRUE(CheckLine(std::string(5, 'x') + "\xc3\xa9", "n", 6, false).ok());
  EXPECT_FALSE(CheckLine(std::string(7, 'x'), "n", 6, false).ok());
  EXPECT_TRUE(CheckText("two\nlines\tok", "d", 100).ok());
  EXPECT_FALSE(CheckText("bell\a", "d", 100).ok());
  EXPECT_FALSE(CheckText("12345", "d", 4).ok());
}

}  // namespace
}  // namespace earshot::ctl
