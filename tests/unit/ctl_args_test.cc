#include <gtest/gtest.h>

#include "tools/earshotctl/args.h"

namespace earshot::ctl {
namespace {

const std::vector<std::string> kSwitches = {"json", "help"};

Args MustParse(const std::vector<std::string>& words) {
  Args args;
  Status s = Args::Parse(words, kSwitches, &args);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return args;
}

std::string ParseError(const std::vector<std::string>& words) {
  Args args;
  Status s = Args::Parse(words, kSwitches, &args);
  EXPECT_TRUE(s.IsInvalid());
  return s.message();
}

TEST(CtlArgsTest, SplitsPositionalsAndOptionsAnywhere) {
  Args a = MustParse({"--json", "apikey", "create", "--allow-ip", "10.0.0.0/8",
                      "jira", "--config=/etc/e.conf"});
  EXPECT_EQ(a.positionals(),
            (std::vector<std::string>{"apikey", "create", "jira"}));
  EXPECT_TRUE(a.Has("json"));
  ASSERT_NE(a.Get("allow-ip"), nullptr);
  EXPECT_EQ(*a.Get("allow-ip"), "10.0.0.0/8");
  EXPECT_EQ(*a.Get("config"), "/etc/e.conf");
  EXPECT_EQ(a.Get("name"), nullptr);
  EXPECT_FALSE(a.Has("help"));
}

TEST(CtlArgsTest, ValueIsTheNextWordWhateverItLooksLike) {
  Args a = MustParse(
      {"--filter", "", "--description", "--json", "--name", "-5", "--x=a=b"});
  EXPECT_EQ(*a.Get("filter"), "");
  EXPECT_EQ(*a.Get("description"), "--json");
  EXPECT_EQ(*a.Get("name"), "-5");
  EXPECT_EQ(*a.Get("x"), "a=b");
  EXPECT_FALSE(a.Has("json"));
  EXPECT_TRUE(a.positionals().empty());
}

TEST(CtlArgsTest, EmptyValueWithEquals) {
  Args a = MustParse({"--filter="});
  ASSERT_NE(a.Get("filter"), nullptr);
  EXPECT_EQ(*a.Get("filter"), "");
}

TEST(CtlArgsTest, RepeatableOptionsKeepTheirOrder) {
  Args a = MustParse({"--secret", "a", "x", "--secret=b", "--secret", "c"});
  EXPECT_EQ(a.GetAll("secret"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(a.GetAll("nothing"), std::vector<std::string>{});
  EXPECT_TRUE(a.Check("secret*", "listener create").ok());
}

TEST(CtlArgsTest, DoubleDashEndsOptions) {
  Args a = MustParse({"project", "--", "--weird", "-x", "--json"});
  EXPECT_EQ(a.positionals(),
            (std::vector<std::string>{"project", "--weird", "-x", "--json"}));
  EXPECT_FALSE(a.Has("json"));
}

TEST(CtlArgsTest, DashAloneIsPositionalAndDashHIsHelp) {
  Args a = MustParse({"-", "-h"});
  EXPECT_EQ(a.positionals(), std::vector<std::string>{"-"});
  EXPECT_TRUE(a.Has("help"));
}

TEST(CtlArgsTest, RefusesMalformedLines) {
  EXPECT_EQ(ParseError({"--name"}), "--name needs a value");
  EXPECT_EQ(ParseError({"--json=yes"}), "--json takes no value");
  EXPECT_EQ(ParseError({"-x"}),
            "unknown option -x (options are written --name)");
  EXPECT_EQ(ParseError({"--=v"}), "unknown option --=v");
}

TEST(CtlArgsTest, CheckRefusesUnknownAndRepeatedOptions) {
  Args a = MustParse({"--name", "a", "--role", "b"});
  EXPECT_TRUE(a.Check("name role project*", "user create").ok());
  Status s = a.Check("name", "user create");
  ASSERT_TRUE(s.IsInvalid());
  EXPECT_EQ(s.message(),
            "unknown option --role for 'user create' (see earshotctl help)");

  Args twice = MustParse({"--name", "a", "--name", "b"});
  s = twice.Check("name", "user create");
  ASSERT_TRUE(s.IsInvalid());
  EXPECT_EQ(s.message(), "--name given more than once");

  Args sw = MustParse({"--json", "--json"});
  EXPECT_FALSE(sw.Check("json", "x").ok());
  EXPECT_TRUE(sw.Check("json*", "x").ok());
}

TEST(CtlArgsTest, CheckToleratesExtraBlanksInTheSpec) {
  Args a = MustParse({"--a", "1", "--b", "2"});
  EXPECT_TRUE(a.Check("  a   b ", "x").ok());
}

TEST(CtlArgsTest, DropPositionalsKeepsOptions) {
  Args a = MustParse({"listener", "create", "k", "--type", "data"});
  Args own = a.DropPositionals(2);
  EXPECT_EQ(own.positionals(), std::vector<std::string>{"k"});
  EXPECT_EQ(*own.Get("type"), "data");
  EXPECT_TRUE(a.DropPositionals(10).positionals().empty());
}

}  // namespace
}  // namespace earshot::ctl
