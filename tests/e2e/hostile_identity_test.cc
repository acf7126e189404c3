// Hostile senders naming targets: look-alike emails, oversized
// identifiers, lone surrogates, bytes after the JSON value, and numbers
// stored as text. Everything goes through nginx to the real handlers.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

// `email` (which starts with "bob") with its "bob" replaced by `bob`.
std::string Respell(const std::string& email, const std::string& bob) {
  return bob + email.substr(3);
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

const char* const kAccented =
    "b\xc3\xb3"
    "b";  // bób
const char* const kFullWidth =
    "\xef\xbd\x82\xef\xbd\x8f\xef\xbd\x82";  // ｂｏｂ

// email_ starts with "bob", for Respell.
class HostileIdentityEmail : public UserDataListenerTest {
 protected:
  HostileIdentityEmail()
      : UserDataListenerTest({{"Plan", "/plan", "string"}}, "bob") {}
};

TEST_F(HostileIdentityEmail, LookAlikeEmailsDoNotReachTheRealAccount) {
  const std::vector<std::string> look_alikes = {
      Respell(email_, kAccented), Respell(email_, kFullWidth),
      email_ + "\xe2\x80\x8b",  // a raw zero-width space
      email_ + " ",             // utf8mb4_bin would ignore trailing spaces
  };
  for (const std::string& email : look_alikes) {
    HttpResponse r =
        Deliver(listener_, R"({"email":")" + email + R"(","plan":"evil"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Outcomes(), std::vector<std::string>{"0:not_found"}) << email;
  }
  // The same with the escape a JSON writer would use.
  HttpResponse escaped = Deliver(
      listener_, R"({"email":")" + email_ + R"(\u200b","plan":"evil"})");
  ASSERT_EQ(escaped.status, 200) << escaped.body;
  EXPECT_EQ(escaped.Outcomes(), std::vector<std::string>{"0:not_found"});
  EXPECT_EQ(DataValue(group_, "Plan", user_), "NULL");

  // Letter case alone still names bob, alone or among look-alikes.
  HttpResponse upper = Deliver(
      listener_, R"({"email":[")" + Upper(email_) + R"(",")" +
                     Respell(email_, kAccented) + R"("],"plan":"pro"})");
  ASSERT_EQ(upper.status, 200) << upper.body;
  EXPECT_EQ(upper.Outcomes(),
            (std::vector<std::string>{std::to_string(user_) + ":applied",
                                      "0:not_found"}));
  EXPECT_EQ(DataValue(group_, "Plan", user_), "pro");
}

TEST_F(HostileIdentityEmail, LookAlikeCommentAuthorIsNotTheAdmin) {
  std::string alice = UniqueEmail("alice");
  int64_t alice_id = CreateUser(alice, "admin");
  ListenerFixture l =
      CreateListener("comment", "users",
                     {"--identify", "email=/user", "--author-field", "/author",
                      "--comment-field", "/text"});
  // ÁLÍCE-N@ÉXAMPLE.COM
  std::string look_alike =
      "\xc3\x81L\xc3\x8d"
      "CE" +
      Upper(alice.substr(5, alice.find('@') - 5)) + "@\xc3\x89XAMPLE.COM";
  HttpResponse r = Deliver(l, R"({"user":")" + email_ + R"(","author":")" +
                                  look_alike + R"(","text":"forged"})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.ErrorCode(), "author_not_allowed");
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM comments WHERE "
                               "author_id = ?",
                               {SqlParam::Int(alice_id)}),
            0);
  HttpResponse ok = Deliver(l, R"({"user":")" + email_ + R"(","author":")" +
                                   Upper(alice) + R"(","text":"real"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM comments WHERE "
                               "author_id = ? AND body = 'real'",
                               {SqlParam::Int(alice_id)}),
            1);
}

TEST_F(HostileIdentityEmail, MacroCommentAuthorMatchesOnlyLetterCase) {
  std::string pm = UniqueEmail("bob");  // starts with "bob" for Respell
  CreateUser(pm, "manager");
  for (const auto& [author, status] : std::vector<std::pair<std::string, int>>{
           {Respell(pm, kAccented), 422}, {Upper(pm), 200}}) {
    std::string name =
        CreateMacro("users", R"({"actions":[{"type":"comment","author":")" +
                                 author + R"(","text":"hi"}]})");
    ListenerFixture l = CreateListener("macro", "users", {"--macro", name});
    HttpResponse r = Deliver(l, R"({"email":")" + email_ + R"("})");
    EXPECT_EQ(r.status, status) << author << " " << r.body;
  }
}

TEST_F(HostileIdentityEmail, EarshotctlLookupsMatchOnlyLetterCase) {
  CommandResult shown = Stack::Get().Ctl({"user", "show", Upper(email_)});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find(email_), std::string::npos) << shown.out;
  CommandResult alike =
      Stack::Get().Ctl({"user", "show", Respell(email_, kAccented)});
  EXPECT_EQ(alike.exit_code, 2) << alike.out;

  // A case variant is the same account; a look-alike is another one.
  EXPECT_EQ(Stack::Get().Ctl({"user", "create", Upper(email_)}).exit_code, 2);
  int64_t other = CreateUser(Respell(email_, kFullWidth));
  EXPECT_NE(other, user_);
  EXPECT_EQ(Stack::Get().Value("SELECT email FROM users WHERE id = ?",
                               {SqlParam::Int(other)}),
            Respell(email_, kFullWidth));

  // follow: a look-alike follows as the look-alike account, never as bob.
  int64_t project = CreateProject();
  int64_t ticket = CreateFeedback(project, email_);
  Stack::Get().CtlOk(
      {"follow", std::to_string(ticket), Respell(email_, kFullWidth)});
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM followers WHERE feedback_id = ? AND "
                "user_id = ?",
                {SqlParam::Int(ticket), SqlParam::Int(other)}),
            1);
  EXPECT_EQ(
      Stack::Get()
          .Ctl({"follow", std::to_string(ticket), Respell(email_, kAccented)})
          .exit_code,
      2);
}

TEST_F(HostileIdentityEmail, EmailFiltersMatchOnlyLetterCase) {
  for (const auto& [value, outcome] :
       std::vector<std::pair<std::string, std::string>>{
           {Respell(email_, kAccented), "filtered"},
           {Upper(email_), "applied"}}) {
    ListenerFixture l =
        CreateListener("data", "users",
                       {"--group", group_, "--identify", "id=/id", "--filter",
                        "email = \"" + value + "\""});
    HttpResponse r =
        Deliver(l, R"({"id":)" + std::to_string(user_) + R"(,"plan":"x"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Outcomes(),
              std::vector<std::string>{std::to_string(user_) + ":" + outcome})
        << value;
  }
}

class HostileIdentityLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    group_ = CreateGroup("feedback", {{"Key", "/key", "string"}});
    email_listener_ = CreateListener(
        "data", "users",
        {"--group", CreateGroup("users", {{"Plan", "/plan", "string"}})});
    data_listener_ = CreateListener(
        "data", "feedback",
        {"--scope", "project:" + std::to_string(CreateProject()), "--group",
         group_, "--identify", "data:" + group_ + ".Key=/keys"});
  }

  std::string group_;
  ListenerFixture email_listener_, data_listener_;
};

TEST_F(HostileIdentityLimits, AnEmailLongerThan254BytesIs422) {
  std::string huge(300 * 1024, 'a');
  HttpResponse r =
      Deliver(email_listener_, R"({"email":")" + huge + R"(@example.com"})");
  EXPECT_EQ(r.status, 422) << r.body.substr(0, 300);
  EXPECT_EQ(r.ErrorCode(), "invalid_value");
  EXPECT_NE(r.ErrorMessage().find("254"), std::string::npos)
      << r.ErrorMessage().substr(0, 300);
  EXPECT_EQ(r.body.find(huge.substr(0, 1024)), std::string::npos)
      << "the answer does not echo the identifier";
  EXPECT_EQ(EventColumn(r.Event(), "http_status"), "422");

  std::string edge = std::string(254 - 12, 'b') + "@example.com";
  HttpResponse at_limit =
      Deliver(email_listener_, R"({"email":")" + edge + R"("})");
  EXPECT_EQ(at_limit.status, 200) << at_limit.body;
}

TEST_F(HostileIdentityLimits, HundredLongIdentifiersAreRecorded) {
  std::string keys;
  for (int i = 0; i < 100; ++i) {
    // ~700 bytes that escape to six times as many in JSON.
    std::string key = std::to_string(i) + std::string(100, 'k');
    for (int j = 0; j < 100; ++j) key += "\\u0001";
    keys += (i ? "," : "") + std::string("\"") + key + "\"";
  }
  HttpResponse r = Deliver(data_listener_, R"({"keys":[)" + keys + "]}");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.Outcomes().size(), 100u);
  EXPECT_EQ(EventColumn(r.Event(), "http_status"), "200");

  std::string one(2000, 'k');
  HttpResponse too_long =
      Deliver(data_listener_, R"({"keys":[")" + one + R"("]})");
  EXPECT_EQ(too_long.status, 422) << too_long.body.substr(0, 300);
  EXPECT_EQ(too_long.ErrorCode(), "invalid_value");
  EXPECT_NE(too_long.ErrorMessage().find("1024"), std::string::npos)
      << too_long.ErrorMessage();
}

class HostileIdentityJson : public UserDataListenerTest {
 protected:
  HostileIdentityJson() : UserDataListenerTest({{"Note", "/note", "string"}}) {}
};

TEST_F(HostileIdentityJson, UnpairedSurrogatesAreInvalidJson) {
  for (std::string note : {R"(A\udc00B)", R"(\udfff)", R"(A\ud800B)",
                           R"(\udc00\ud800)", R"(\ud800\u0041)"}) {
    HttpResponse r = Deliver(
        listener_, R"({"email":")" + email_ + R"(","note":")" + note + R"("})");
    EXPECT_EQ(r.status, 400) << note << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_json") << note;
  }
  // In an identifier and in a member name too.
  HttpResponse id = Deliver(listener_, R"({"email":"A\udc00B"})");
  EXPECT_EQ(id.ErrorCode(), "invalid_json") << id.body;
  HttpResponse name =
      Deliver(listener_, R"({"email":")" + email_ + R"(","\udc00":1})");
  EXPECT_EQ(name.ErrorCode(), "invalid_json") << name.body;
  EXPECT_EQ(DataValue(group_, "Note", user_), "NULL");

  // A proper pair, and an escaped backslash before "udc00", are fine.
  HttpResponse pair =
      Deliver(listener_,
              R"({"email":")" + email_ + R"(","note":"\ud83d\ude00 \\udc00"})");
  ASSERT_EQ(pair.status, 200) << pair.body;
  EXPECT_EQ(DataValue(group_, "Note", user_), "\xf0\x9f\x98\x80 \\udc00");
}

TEST_F(HostileIdentityJson, BytesAfterTheValueAreInvalidJson) {
  const std::string ok = R"({"email":")" + email_ + R"(","note":"x"})";
  for (const std::string& tail :
       {std::string("\0", 1), std::string("\0garbage", 8),
        std::string(" \0{\"note\":\"y\"}", 14), std::string("\n\0", 2)}) {
    HttpResponse r = Deliver(listener_, ok + tail);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_json");
  }
  EXPECT_EQ(DataValue(group_, "Note", user_), "NULL");
  HttpResponse spaced = Deliver(listener_, " \t\r\n" + ok + " \t\r\n");
  EXPECT_EQ(spaced.status, 200) << spaced.body;
}

TEST_F(HostileIdentityJson, NumbersStoredAsTextKeepTheSendersDigits) {
  for (std::string number :
       {"0.30000000000000004", "0.1", "1.5", "-0.0001", "123456789012345678",
        "1e300", "2.5e-8", "1.50", "1E3", "100", "-7"}) {
    HttpResponse r = Deliver(
        listener_, R"({"email":")" + email_ + R"(","note":)" + number + "}");
    ASSERT_EQ(r.status, 200) << r.body;
    std::string stored = DataValue(group_, "Note", user_);
    // The sender's own text, whatever the double's shortest form is.
    EXPECT_EQ(stored, number);
  }

  // An identifier given as a number finds the value given as text.
  std::string group = CreateGroup("users", {{"Ratio", "/ratio", "string"}});
  ListenerFixture setter = CreateListener("data", "users", {"--group", group});
  ASSERT_EQ(Deliver(setter, R"({"email":")" + email_ +
                                R"(","ratio":"0.30000000000000004"})")
                .status,
            200);
  ListenerFixture by_ratio = CreateListener(
      "data", "users",
      {"--group", group_, "--identify", "data:" + group + ".Ratio=/r"});
  HttpResponse r =
      Deliver(by_ratio, R"({"r":0.30000000000000004,"note":"found"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(user_) + ":applied"});
}

}  // namespace
}  // namespace earshot::test
