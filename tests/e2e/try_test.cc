// "Try a payload" from the command line: `earshotctl listener try`, which
// runs the listener type's handler with --try (common/pipeline/dry_run.h).
// Each test checks what the report shows and that nothing was written:
// no data value, event, outbox message, comment or key use.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

std::string Str(int64_t n) { return std::to_string(n); }

// Row counts of everything a delivery may write.
struct Counts {
  int64_t data_values, events, outbox, comments, followers;
  std::string key_used;
  bool operator==(const Counts&) const = default;
};

Counts Now(const ListenerFixture& l) {
  Stack& s = Stack::Get();
  return {s.Count("SELECT COUNT(*) FROM data_values"),
          s.Count("SELECT COUNT(*) FROM events"),
          s.Count("SELECT COUNT(*) FROM outbox"),
          s.Count("SELECT COUNT(*) FROM comments"),
          s.Count("SELECT COUNT(*) FROM followers"),
          s.Value("SELECT last_used_at FROM api_keys WHERE name = ?",
                  {SqlParam::Text(l.api_name)})};
}

std::string BodyFile(const std::string& body) {
  std::string path = Stack::Get().var() + "/" + Unique("body") + ".json";
  std::ofstream(path, std::ios::binary) << body;
  return path;
}

// earshotctl --json listener try KEY --file F.
CommandResult Try(const ListenerFixture& l, const std::string& body,
                  const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"listener", "try", l.key, "--file",
                                   BodyFile(body)};
  args.insert(args.end(), extra.begin(), extra.end());
  return Stack::Get().Ctl(args);
}

const rapidjson::Value* TargetOf(const rapidjson::Document& report,
                                 const std::string& identifier) {
  if (!report.IsObject() || !report.HasMember("targets")) return nullptr;
  for (const auto& t : report["targets"].GetArray()) {
    if (t["identifier"].GetString() == identifier) return &t;
  }
  return nullptr;
}

// "what: before -> after" for each change of a target.
std::vector<std::string> Changes(const rapidjson::Value& target) {
  std::vector<std::string> out;
  for (const auto& c : target["changes"].GetArray()) {
    auto text = [](const rapidjson::Value& v) {
      return v.IsNull() ? std::string("null") : std::string(v.GetString());
    };
    out.push_back(std::string(c["what"].GetString()) + ": " +
                  text(c["before"]) + " -> " + text(c["after"]));
  }
  return out;
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

class TryDataTest : public UserDataListenerTest {
 protected:
  TryDataTest()
      : UserDataListenerTest(
            {{"Plan", "/plan", "string"}, {"Seats", "/seats", "integer"}}) {}
};

TEST_F(TryDataTest, ShowsBeforeAndAfterAndWritesNothing) {
  ASSERT_EQ(
      Deliver(listener_, R"({"email":")" + email_ + R"(","plan":"basic"})")
          .status,
      200);
  const Counts before = Now(listener_);
  CommandResult r =
      Try(listener_, R"({"email":")" + email_ + R"(","plan":"pro","seats":4})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  ASSERT_TRUE(r.json.IsObject()) << r.out;
  EXPECT_EQ(r.json["status"].GetInt(), 200);
  EXPECT_TRUE(r.json["dry_run"].GetBool());
  const rapidjson::Value* t = TargetOf(r.json, email_);
  ASSERT_NE(t, nullptr) << r.out;
  EXPECT_EQ((*t)["id"].GetInt64(), user_);
  EXPECT_STREQ((*t)["outcome"].GetString(), "applied");
  std::vector<std::string> changes = Changes(*t);
  EXPECT_TRUE(Has(changes, "data." + group_ + ".Plan: basic -> pro")) << r.out;
  EXPECT_TRUE(Has(changes, "data." + group_ + ".Seats: null -> 4")) << r.out;
  // Nothing stored: the value, the counts, the key's last use.
  EXPECT_EQ(DataValue(group_, "Plan", user_), "basic");
  EXPECT_EQ(DataValue(group_, "Seats", user_), "NULL");
  EXPECT_EQ(Now(listener_), before);

  // The readable report says the same.
  CommandResult text =
      Stack::Get().Run({Stack::Get().bin() + "/earshotctl", "--config",
                        Stack::Get().config_path(), "listener", "try",
                        listener_.key, "--file", "-"},
                       {}, R"({"email":")" + email_ + R"(","plan":"pro"})");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("basic -> pro"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("nothing was written"), std::string::npos)
      << text.out;
}

TEST_F(TryDataTest, AnUnknownIdentifierIsNotFound) {
  const std::string ghost = UniqueEmail("ghost");
  CommandResult r = Try(listener_, R"({"email":[")" + email_ + R"(",")" +
                                       ghost + R"("],"plan":"x"})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const rapidjson::Value* t = TargetOf(r.json, ghost);
  ASSERT_NE(t, nullptr) << r.out;
  EXPECT_STREQ((*t)["outcome"].GetString(), "not_found");
  EXPECT_STREQ((*TargetOf(r.json, email_))["outcome"].GetString(), "applied");
}

TEST_F(TryDataTest, ARefusalShowsItsStatusAndCode) {
  const Counts before = Now(listener_);
  CommandResult r =
      Try(listener_, R"({"email":")" + email_ + R"(","seats":"many"})");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["status"].GetInt(), 422);
  EXPECT_STREQ(r.json["error"]["code"].GetString(), "invalid_value");
  EXPECT_NE(r.err.find("invalid_value"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Seats"), std::string::npos) << r.err;

  r = Try(listener_, R"({"email":)");
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["status"].GetInt(), 400);
  EXPECT_STREQ(r.json["error"]["code"].GetString(), "invalid_json");
  // A refused try records no event either.
  EXPECT_EQ(Now(listener_), before);
}

TEST_F(TryDataTest, FilteredTargetsAreNamed) {
  const std::string other = UniqueEmail("other");
  const int64_t other_id = CreateUser(other);
  Stack::Get().CtlOk({"user", "create", UniqueEmail("unused")});
  ListenerFixture l = CreateListener(
      "data", "users", {"--group", group_, "--filter", "id = " + Str(user_)});
  CommandResult r = Try(
      l, R"({"email":[")" + email_ + R"(",")" + other + R"("],"plan":"f"})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const rapidjson::Value* t = TargetOf(r.json, other);
  ASSERT_NE(t, nullptr) << r.out;
  EXPECT_STREQ((*t)["outcome"].GetString(), "filtered");
  EXPECT_EQ((*t)["id"].GetInt64(), other_id);
  EXPECT_TRUE((*t)["changes"].Empty());
  EXPECT_EQ(DataValue(group_, "Plan", user_), "NULL");
}

TEST_F(TryDataTest, ABodyOverTheLimitIsRefusedAsADeliveryWouldBe) {
  // The stack's max_body_bytes is the default, 1 MiB.
  std::string big = R"({"email":")" + email_ + R"(","plan":")" +
                    std::string(1100 * 1024, 'a') + "\"}";
  CommandResult r = Try(listener_, big);
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["status"].GetInt(), 413);
  EXPECT_STREQ(r.json["error"]["code"].GetString(), "body_too_large");
  EXPECT_EQ(DataValue(group_, "Plan", user_), "NULL");
}

TEST_F(TryDataTest, TheQueryStringCanNameTheTarget) {
  ListenerFixture l = CreateListener(
      "data", "users", {"--group", group_, "--identify", "email=query:who"});
  CommandResult r = Try(l, R"({"plan":"q"})", {"--query", "who=" + email_});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const rapidjson::Value* t = TargetOf(r.json, email_);
  ASSERT_NE(t, nullptr) << r.out;
  EXPECT_TRUE(Has(Changes(*t), "data." + group_ + ".Plan: null -> q")) << r.out;
}

TEST_F(TryDataTest, ADisabledListenerIsTriedAndSaysSo) {
  Stack::Get().CtlOk({"listener", "disable", listener_.key});
  CommandResult r =
      Try(listener_, R"({"email":")" + email_ + R"(","plan":"off"})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_FALSE(r.json["enabled"].GetBool());
  EXPECT_TRUE(Has(Changes(*TargetOf(r.json, email_)),
                  "data." + group_ + ".Plan: null -> off"));
  // A sender meanwhile is refused.
  EXPECT_EQ(Deliver(listener_, R"({"email":")" + email_ + R"("})").status, 403);
}

TEST_F(TryDataTest, AMistakeExitsTwo) {
  CommandResult r = Stack::Get().Ctl(
      {"listener", "try", "no-such-listener", "--file", BodyFile("{}")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-listener"), std::string::npos) << r.err;
  r = Stack::Get().Ctl({"listener", "try", listener_.key, "--file",
                        Stack::Get().var() + "/no/such/file"});
  EXPECT_EQ(r.exit_code, 2);
  // The handler never takes a try for a replay, whatever else it is given.
  const int64_t events = EventCount(listener_.key);
  r = Stack::Get().Run({Stack::Get().bin() + "/data.fcgi",
                        "--config=" + Stack::Get().config_path(),
                        "--try=" + listener_.key, "--replay=1"},
                       {}, "{}");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("exclude each other"), std::string::npos) << r.err;
  EXPECT_EQ(EventCount(listener_.key), events);
}

TEST(TryComment, ShowsTheCommentAndStoresNone) {
  const std::string admin = UniqueEmail("admin");
  CreateUser(admin, "admin");
  const std::string follower = UniqueEmail("fan");
  CreateUser(follower);
  const int64_t project = CreateProject();
  const std::string author = UniqueEmail("author");
  CreateUser(author, "member", {project});
  const int64_t ticket = CreateFeedback(project, author, "Crash on start");
  Stack::Get().CtlOk({"follow", Str(ticket), follower});
  ListenerFixture l =
      CreateListener("comment", "feedback",
                     {"--scope", "project:" + Str(project), "--author-field",
                      "/author", "--comment-field", "/text"});
  const Counts before = Now(l);
  CommandResult r =
      Try(l, R"({"feedback_id":)" + Str(ticket) + R"(,"author":")" + admin +
                 R"(","text":"Fixed in 2.1"})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const rapidjson::Value* t = TargetOf(r.json, Str(ticket));
  ASSERT_NE(t, nullptr) << r.out;
  ASSERT_EQ((*t)["comments"].Size(), 1u) << r.out;
  EXPECT_STREQ((*t)["comments"][0]["text"].GetString(), "Fixed in 2.1");
  EXPECT_STREQ((*t)["comments"][0]["author"].GetString(), admin.c_str());
  EXPECT_TRUE(Has(Changes(*t), "popularity: 0 -> 1")) << r.out;
  // The follow notification that would be queued.
  bool queued = false;
  for (const auto& q : r.json["queued"].GetArray()) {
    if (std::string(q["to"].GetString()) == follower) queued = true;
  }
  EXPECT_TRUE(queued) << r.out;
  EXPECT_EQ(Now(l), before);
  EXPECT_EQ(Stack::Get().Value("SELECT popularity FROM feedback WHERE id = ?",
                               {SqlParam::Int(ticket)}),
            "0");
}

TEST(TryComment, AnAuthorNotAllowedIsTheRefusal) {
  const std::string member = UniqueEmail("member");
  const int64_t user = CreateUser(member);
  ListenerFixture l =
      CreateListener("comment", "users",
                     {"--author-field", "/author", "--comment-field", "/text"});
  CommandResult r = Try(l, R"({"email":")" + member + R"(","author":")" +
                               member + R"(","text":"hi"})");
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_TRUE(r.json.IsObject()) << r.out;
  EXPECT_EQ(r.json["status"].GetInt(), 422);
  EXPECT_STREQ(r.json["error"]["code"].GetString(), "author_not_allowed");
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM comments WHERE user_id = ?",
                         {SqlParam::Int(user)}),
      0);
}

TEST(TryMacro, ShowsFieldsEmailsAndWebhooksAndQueuesNothing) {
  const std::string group = CreateGroup("users", {{"Tier", "/tier", "string"}});
  const std::string email = UniqueEmail("ann");
  const int64_t user = CreateUser(email);
  const std::string hook = "http://127.0.0.1:9/" + Unique("hook");
  std::string macro =
      CreateMacro("users", R"({"actions":[
      {"type":"score","points":5},
      {"type":"status","value":"{{payload:/state}}"},
      {"type":"set_data","field":")" +
                               group + R"(.Tier","value":"gold"},
      {"type":"email","to":"target","subject":"Hi {{user.score}}","body":"b"},
      {"type":"webhook","url":")" +
                               hook + R"(","body":{"u":"{{user.id}}"}}]})");
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  const Counts before = Now(l);
  CommandResult r = Try(l, R"({"email":")" + email + R"(","state":"vip"})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const rapidjson::Value* t = TargetOf(r.json, email);
  ASSERT_NE(t, nullptr) << r.out;
  std::vector<std::string> changes = Changes(*t);
  EXPECT_TRUE(Has(changes, "score: 0 -> 5")) << r.out;
  EXPECT_TRUE(Has(changes, "status: active -> vip")) << r.out;
  EXPECT_TRUE(Has(changes, "data." + group + ".Tier: null -> gold")) << r.out;
  std::vector<std::string> queued;
  for (const auto& q : r.json["queued"].GetArray()) {
    queued.push_back(std::string(q["kind"].GetString()) + " " +
                     q["to"].GetString() + " " +
                     (q["subject"].IsString() ? q["subject"].GetString()
                                              : q["summary"].GetString()));
  }
  EXPECT_TRUE(Has(queued, "email " + email + " Hi 5")) << r.out;
  EXPECT_TRUE(Has(queued, "webhook " + hook + " {\"u\":" + Str(user) + "}"))
      << r.out;
  EXPECT_EQ(Now(l), before);
  EXPECT_EQ(Stack::Get().Value("SELECT score FROM users WHERE id = ?",
                               {SqlParam::Int(user)}),
            "0");
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE recipient "
                               "IN (?, ?)",
                               {SqlParam::Text(email), SqlParam::Text(hook)}),
            0);
}

TEST(TryMacro, DryRunIsNotReachableOverHttp) {
  // A sender cannot ask for a dry run: the answer applies and records.
  const std::string email = UniqueEmail("bob");
  const int64_t user = CreateUser(email);
  std::string macro =
      CreateMacro("users", R"({"actions":[{"type":"score","points":2}]})");
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  HttpResponse r =
      Deliver(l, R"({"email":")" + email + R"("})", {}, "?try=1&dry_run=1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GT(r.Event(), 0);
  EXPECT_EQ(Stack::Get().Value("SELECT score FROM users WHERE id = ?",
                               {SqlParam::Int(user)}),
            "2");
}

}  // namespace
}  // namespace earshot::test
