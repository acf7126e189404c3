// Every refusal a data listener can give, through nginx, each checked for
// its status, its code, and that nothing but the event was written.

#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

class ErrorsTest : public UserDataListenerTest {
 protected:
  ErrorsTest() : UserDataListenerTest({{"Count", "/count", "integer"}}) {}
  void SetUp() override {
    UserDataListenerTest::SetUp();
    good_ = R"({"email":")" + email_ + R"(","count":1})";
  }

  // Sends, checks status and code, and that no value was written; returns
  // the response for more checks.
  HttpResponse Expect(int status, const std::string& code,
                      const std::string& body, const Headers& headers,
                      const std::string& path_suffix = "",
                      const std::string& method = "POST") {
    int64_t values_before = Values();
    HttpResponse r = Stack::Get().Post(listener_.path() + path_suffix, body,
                                       headers, method);
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.ErrorCode(), code) << r.body;
    EXPECT_FALSE(r.json.IsObject() && r.json["ok"].GetBool());
    EXPECT_EQ(r.headers["content-type"].substr(0, 16), "application/json");
    EXPECT_EQ(Values(), values_before) << "a refusal wrote a value";
    return r;
  }

  int64_t Values() {
    return Stack::Get().Count(
        "SELECT COUNT(*) FROM data_values WHERE target_id = ?",
        {SqlParam::Int(user_)});
  }

  Headers Auth() { return {Bearer(listener_.api_key), JsonType()}; }

  std::string good_;
};

TEST_F(ErrorsTest, BodyErrorsAre400AndRecorded) {
  int64_t before = EventCount(listener_.key, 400);
  Expect(400, "invalid_json", "{\"email\":", Auth());
  Expect(400, "invalid_json", "{} {}", Auth());
  Expect(400, "not_an_object", "[1,2,3]", Auth());
  Expect(400, "invalid_utf8", "{\"email\":\"\xff\xfe\"}", Auth());
  std::string deep = "{\"a\":" + std::string(64, '[') + std::string(64, ']') + "}";
  HttpResponse r = Expect(400, "too_deep", deep, Auth());
  EXPECT_GT(r.Event(), 0);
  EXPECT_EQ(EventColumn(r.Event(), "error_code"), "too_deep");
  EXPECT_EQ(EventCount(listener_.key, 400), before + 5);
}

TEST_F(ErrorsTest, MissingInvalidAndRevokedKeysAre401) {
  Expect(401, "missing_api_key", good_, {JsonType()});
  Expect(401, "invalid_api_key", good_, {Bearer("esk_not-a-real-key"), JsonType()});
  Expect(401, "invalid_api_key", good_, {Bearer("hello"), JsonType()});
  // X-Api-Key and ?api_key= work as well as Authorization.
  HttpResponse ok = Stack::Get().Post(
      listener_.path(), good_, {{"X-Api-Key", listener_.api_key}, JsonType()});
  EXPECT_EQ(ok.status, 200) << ok.body;
  ok = Stack::Get().Post(listener_.path() + "?api_key=" + listener_.api_key,
                         good_, {JsonType()});
  EXPECT_EQ(ok.status, 200) << ok.body;

  Stack::Get().CtlOk({"apikey", "revoke", listener_.api_name});
  HttpResponse r = Expect(401, "invalid_api_key", good_, Auth());
  EXPECT_GT(r.Event(), 0) << "refusals on an existing listener are recorded";
}

TEST_F(ErrorsTest, TheKeyIsNeverRecorded) {
  Stack::Get().Post(listener_.path() + "?api_key=" + listener_.api_key, good_,
                    {JsonType()});
  Stack::Get().Post(listener_.path(), good_,
                    {{"X-Api-Key", listener_.api_key}, JsonType()});
  Stack::Get().Post(listener_.path(), "{bad", Auth());
  // nginx's own refusals log request lines: the query string must not be
  // among them.
  HttpResponse big = Stack::Get().Post(
      listener_.path() + "?api_key=" + listener_.api_key,
      std::string(1100000, ' '), {JsonType()});
  EXPECT_EQ(big.status, 413);
  int64_t leaks = Stack::Get().Count(
      "SELECT COUNT(*) FROM events WHERE LOCATE(?, headers) > 0 OR "
      "LOCATE(?, COALESCE(error_message, '')) > 0",
      {SqlParam::Text(listener_.api_key), SqlParam::Text(listener_.api_key)});
  EXPECT_EQ(leaks, 0);
  CommandResult logs = Stack::Get().Run(
      {"/bin/grep", "-rl", listener_.api_key, Stack::Get().var() + "/log"}, {},
      "");
  EXPECT_EQ(logs.out, "") << "the key is in a log file";
}

TEST_F(ErrorsTest, AnotherValidKeyIs403) {
  std::string other = CreateApiKey(Unique("other"));
  Expect(403, "key_not_allowed", good_, {Bearer(other), JsonType()});
}

TEST_F(ErrorsTest, DisabledListenerIs403) {
  Stack::Get().CtlOk({"listener", "disable", listener_.key});
  Expect(403, "listener_disabled", good_, Auth());
  Stack::Get().CtlOk({"listener", "enable", listener_.key});
  EXPECT_EQ(Stack::Get().Post(listener_.path(), good_, Auth()).status, 200);
}

TEST_F(ErrorsTest, UnknownListenersAre404WithoutEvents) {
  Stack& s = Stack::Get();
  for (const std::string& path :
       {std::string("/listeners/data/no-such-listener"),
        std::string("/listeners/comment/") + listener_.key,
        std::string("/listeners/bogus/") + listener_.key,
        std::string("/listeners/data/BAD_KEY"), std::string("/listeners/")}) {
    HttpResponse r = s.Post(path, good_, Auth());
    EXPECT_EQ(r.status, 404) << path << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), "unknown_listener") << path;
  }
  EXPECT_EQ(EventCount(listener_.key, 404), 0);
}

TEST_F(ErrorsTest, NotPostIs405WithAllow) {
  HttpResponse r = Expect(405, "method_not_allowed", "", Auth(), "", "GET");
  EXPECT_EQ(r.headers["allow"], "POST");
  Expect(405, "method_not_allowed", good_, Auth(), "", "PUT");
}

TEST_F(ErrorsTest, TooLargeBodiesAre413) {
  // Over nginx's limit: nginx answers, in the contract's JSON.
  std::string huge = R"({"email":")" + email_ + R"(","pad":")" +
                     std::string(1100000, 'x') + "\"}";
  Expect(413, "body_too_large", huge, Auth());
  // Exactly at the limit is accepted.
  std::string exact = R"({"email":")" + email_ + R"(","count":2,"pad":")";
  exact += std::string((1 << 20) - exact.size() - 2, 'x') + "\"}";
  ASSERT_EQ(exact.size(), 1u << 20);
  EXPECT_EQ(Stack::Get().Post(listener_.path(), exact, Auth()).status, 200);
  EXPECT_EQ(DataValue(group_, "Count", user_), "2");
}

TEST_F(ErrorsTest, NonJsonContentTypesAre415) {
  Expect(415, "unsupported_media_type", good_, {Bearer(listener_.api_key)});
  Expect(415, "unsupported_media_type", good_,
         {Bearer(listener_.api_key), {"Content-Type", "text/plain"}});
  Expect(415, "unsupported_media_type", good_,
         {Bearer(listener_.api_key),
          {"Content-Type", "application/x-www-form-urlencoded"}});
  HttpResponse ok = Stack::Get().Post(
      listener_.path(), good_,
      {Bearer(listener_.api_key),
       {"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(ErrorsTest, PayloadsThatDoNotFitAre422) {
  Expect(422, "missing_identifier", R"({"count":1})", Auth());
  Expect(422, "missing_identifier", R"({"email":null})", Auth());
  Expect(422, "invalid_value", R"({"email":{"a":1},"count":1})", Auth());
  std::string many = R"({"email":[)";
  for (int i = 0; i < 101; ++i) {
    many += (i ? "," : "") + std::string("\"u") + std::to_string(i) + "@x.io\"";
  }
  many += "]}";
  Expect(422, "too_many_targets", many, Auth());
}

}  // namespace
}  // namespace earshot::test
