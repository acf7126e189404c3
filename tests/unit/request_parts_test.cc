// Pure parts of request handling: query strings, listener paths, content
// types, secret headers, names, answers.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "common/base/names.h"
#include "common/http/answer.h"
#include "common/http/incoming.h"
#include "common/http/query_string.h"
#include "common/store/sql_text.h"

namespace earshot {
namespace {

TEST(QueryStringTest, DecodesInOrder) {
  QueryParams p = ParseQueryString("a=1&b=x%20y+z&&c&a=%zz&d=%41");
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(p[1].second, "x y z");
  EXPECT_EQ(p[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(p[3].second, "%zz");
  EXPECT_EQ(p[4].second, "A");
  EXPECT_TRUE(ParseQueryString("").empty());
}

TEST(QueryStringTest, MasksAParameterEverywhere) {
  EXPECT_EQ(MaskQueryParam("x=1&api_key=secret&y=2&api%5Fkey=s2", "api_key"),
            "x=1&api_key=***&y=2&api%5Fkey=***");
  EXPECT_EQ(MaskQueryParam("api_key=abc", "api_key"), "api_key=***");
  EXPECT_EQ(MaskQueryParam("a=1", "api_key"), "a=1");
}

TEST(QueryStringTest, EscapesWhatParsingDecodes) {
  const std::string value = "a b&c=d/é~_.-+%";
  EXPECT_EQ(QueryEscape(value), "a%20b%26c%3Dd%2F%C3%A9~_.-%2B%25");
  QueryParams params = ParseQueryString("v=" + QueryEscape(value));
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].second, value);
}

TEST(IncomingTest, ListenerKeyFromPath) {
  std::string key;
  EXPECT_TRUE(ListenerKeyFromPath("/listeners/data/jira-sync", ListenerType::kData, &key));
  EXPECT_EQ(key, "jira-sync");
  EXPECT_FALSE(ListenerKeyFromPath("/listeners/comment/jira-sync", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/listeners/data/", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/listeners/data/a", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/listeners/data/Jira", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/listeners/data/x/y", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/listeners/data/-x", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/listeners/data/x%27", ListenerType::kData, &key));
}

// Shared hosting: a site in a subfolder, or a CGI script with the listener
// path as its PATH_INFO (SCRIPT_NAME + PATH_INFO).
TEST(IncomingTest, ListenerKeyFromPathUnderAPrefix) {
  std::string key;
  EXPECT_TRUE(ListenerKeyFromPath("/earshot/listeners/data/k1",
                                  ListenerType::kData, &key));
  EXPECT_EQ(key, "k1");
  key.clear();
  EXPECT_TRUE(ListenerKeyFromPath(
      "/~ann/hooks/earshot/data.fcgi/listeners/macro/jira-x",
      ListenerType::kMacro, &key));
  EXPECT_EQ(key, "jira-x");
  EXPECT_TRUE(ListenerKeyFromPath("/cgi-bin/comment.cgi/listeners/comment/c1",
                                  ListenerType::kComment, &key));
  EXPECT_EQ(key, "c1");
  // The type is the handler's own, wherever it sits.
  EXPECT_FALSE(ListenerKeyFromPath("/earshot/listeners/comment/k1",
                                   ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/cgi-bin/data.fcgi/listeners/macro/k1",
                                   ListenerType::kData, &key));
  // Only whole segments: "xlisteners" is not "listeners".
  EXPECT_FALSE(
      ListenerKeyFromPath("/xlisteners/data/k1", ListenerType::kData, &key));
  EXPECT_FALSE(
      ListenerKeyFromPath("listeners/data/k1", ListenerType::kData, &key));
  EXPECT_FALSE(
      ListenerKeyFromPath("x/listeners/data/k1", ListenerType::kData, &key));
  // No empty, "." or ".." segment anywhere, no empty key, nothing after it.
  EXPECT_FALSE(ListenerKeyFromPath("/a/../listeners/data/k1",
                                   ListenerType::kData, &key));
  EXPECT_FALSE(
      ListenerKeyFromPath("/../listeners/data/k1", ListenerType::kData, &key));
  EXPECT_FALSE(
      ListenerKeyFromPath("/a/./listeners/data/k1", ListenerType::kData, &key));
  EXPECT_FALSE(
      ListenerKeyFromPath("/a//listeners/data/k1", ListenerType::kData, &key));
  EXPECT_FALSE(
      ListenerKeyFromPath("//listeners/data/k1", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/a/..", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/earshot/listeners/data/",
                                   ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/earshot/listeners/data/k1/",
                                   ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/earshot/listeners/data/k1/x",
                                   ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/earshot/listeners/data/..",
                                   ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/earshot/listeners/data",
                                   ListenerType::kData, &key));
  EXPECT_FALSE(
      ListenerKeyFromPath("/cgi-bin/data.fcgi/k1", ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("", ListenerType::kData, &key));
  // Control bytes and NULs in the prefix are refused too.
  EXPECT_FALSE(
      ListenerKeyFromPath(std::string_view("/a\0b/listeners/data/k1", 22),
                          ListenerType::kData, &key));
  EXPECT_FALSE(ListenerKeyFromPath("/a\nb/listeners/data/k1",
                                   ListenerType::kData, &key));
}

TEST(IncomingTest, JsonContentTypes) {
  EXPECT_TRUE(IsJsonContentType("application/json"));
  EXPECT_TRUE(IsJsonContentType("Application/JSON; charset=UTF-8"));
  EXPECT_TRUE(IsJsonContentType(" application/json ;charset=iso-8859-1"));
  EXPECT_FALSE(IsJsonContentType("text/plain"));
  EXPECT_FALSE(IsJsonContentType("application/x-www-form-urlencoded"));
  EXPECT_FALSE(IsJsonContentType("application/jsonx"));
  EXPECT_FALSE(IsJsonContentType(""));
}

TEST(IncomingTest, SecretHeadersAreRecognised) {
  for (const char* h :
       {"authorization", "x-api-key", "x-gitlab-token", "cookie", "x-my-secret",
        "proxy-authorization", "x-hub-signature-256"}) {
    EXPECT_TRUE(IsSecretHeader(h)) << h;
  }
  for (const char* h :
       {"content-type", "x-github-delivery", "user-agent", "webhook-id"}) {
    EXPECT_FALSE(IsSecretHeader(h)) << h;
  }
}

TEST(NamesTest, Shapes) {
  EXPECT_TRUE(IsValidListenerKey("jira-sync"));
  EXPECT_TRUE(IsValidListenerKey("0a"));
  EXPECT_FALSE(IsValidListenerKey("a"));
  EXPECT_FALSE(IsValidListenerKey("-ab"));
  EXPECT_FALSE(IsValidListenerKey("Ab"));
  EXPECT_FALSE(IsValidListenerKey(std::string(65, 'a')));
  EXPECT_TRUE(IsValidListenerKey(std::string(64, 'a')));
  EXPECT_TRUE(IsValidDataName("Jira"));
  EXPECT_TRUE(IsValidDataName("Issue_Key2"));
  EXPECT_FALSE(IsValidDataName("2Jira"));
  EXPECT_FALSE(IsValidDataName("Jira.Key"));
  EXPECT_FALSE(IsValidDataName("Jira-Key"));
  EXPECT_FALSE(IsValidDataName(""));
  EXPECT_TRUE(IsValidSimpleName("ci.key-1"));
  EXPECT_FALSE(IsValidSimpleName("has space"));
}

TEST(AnswerTest, SuccessShape) {
  std::string outcomes = OutcomesJson(
      {{17, "a@x", Outcome::kApplied}, {18, "b@x", Outcome::kFiltered},
       {0, "c\"x", Outcome::kNotFound}});
  Answer a = SuccessAnswer(1234, false, outcomes);
  EXPECT_EQ(a.status, 200);
  rapidjson::Document d;
  d.Parse(a.body.c_str());
  ASSERT_FALSE(d.HasParseError()) << a.body;
  EXPECT_TRUE(d["ok"].GetBool());
  EXPECT_EQ(d["event"].GetInt64(), 1234);
  EXPECT_FALSE(d["duplicate"].GetBool());
  ASSERT_EQ(d["targets"].Size(), 3u);
  EXPECT_EQ(d["targets"][0]["id"].GetInt64(), 17);
  EXPECT_STREQ(d["targets"][1]["outcome"].GetString(), "filtered");
  EXPECT_TRUE(d["targets"][2]["id"].IsNull());
  EXPECT_STREQ(d["targets"][2]["identifier"].GetString(), "c\"x");
  EXPECT_STREQ(d["targets"][2]["outcome"].GetString(), "not_found");
}

TEST(AnswerTest, ErrorShapeAndStatuses) {
  Answer a = ErrorAnswer(ApiError::kInvalidValue, "field \"x\" bad", 9);
  EXPECT_EQ(a.status, 422);
  rapidjson::Document d;
  d.Parse(a.body.c_str());
  ASSERT_FALSE(d.HasParseError()) << a.body;
  EXPECT_FALSE(d["ok"].GetBool());
  EXPECT_STREQ(d["error"]["code"].GetString(), "invalid_value");
  EXPECT_STREQ(d["error"]["message"].GetString(), "field \"x\" bad");
  EXPECT_EQ(d["event"].GetInt64(), 9);
  Answer b = ErrorAnswer(ApiError::kMethodNotAllowed, "POST only", 0);
  EXPECT_EQ(b.status, 405);
  ASSERT_EQ(b.headers.size(), 1u);
  EXPECT_EQ(b.headers[0].first, "Allow");
  d.Parse(b.body.c_str());
  EXPECT_FALSE(d.HasMember("event"));
  struct Case { ApiError e; int status; const char* code; };
  for (Case c : {Case{ApiError::kInvalidJson, 400, "invalid_json"},
                 Case{ApiError::kMissingApiKey, 401, "missing_api_key"},
                 Case{ApiError::kStaleSignature, 401, "stale_signature"},
                 Case{ApiError::kIpNotAllowed, 403, "ip_not_allowed"},
                 Case{ApiError::kUnknownListener, 404, "unknown_listener"},
                 Case{ApiError::kBodyTooLarge, 413, "body_too_large"},
                 Case{ApiError::kUnsupportedMediaType, 415, "unsupported_media_type"},
                 Case{ApiError::kTooManyTargets, 422, "too_many_targets"},
                 Case{ApiError::kRateLimited, 429, "rate_limited"},
                 Case{ApiError::kUnavailable, 503, "unavailable"}}) {
    EXPECT_EQ(ApiErrorHttpStatus(c.e), c.status);
    EXPECT_STREQ(ApiErrorCode(c.e), c.code);
  }
}

TEST(SqlTextTest, Placeholders) {
  EXPECT_EQ(Placeholders(1), "?");
  EXPECT_EQ(Placeholders(3), "?, ?, ?");
  EXPECT_EQ(Repeat("(?, ?)", 2, ", "), "(?, ?), (?, ?)");
}

}  // namespace
}  // namespace earshot
