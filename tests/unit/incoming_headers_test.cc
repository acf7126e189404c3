// The delivery log's copy of the request headers (Incoming::headers_json):
// valid JSON in UTF-8 whatever bytes a sender puts in header names and
// values, secrets masked. Found by tests/fuzz/body_fuzz.cc.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/base/utf8.h"
#include "common/http/incoming.h"
#include "common/http/request.h"

namespace earshot {
namespace {

// A request with the given CGI parameters and an empty body.
class FakeRequest : public Request {
 public:
  explicit FakeRequest(std::vector<std::pair<std::string, std::string>> params)
      : params_(std::move(params)) {}

  std::optional<std::string> Param(const char* name) const override {
    for (const auto& [key, value] : params_) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> AllParams() const override {
    return params_;
  }
  Status ReadBody(size_t, std::string* body, bool* too_large) override {
    body->clear();
    *too_large = false;
    return Status::OK();
  }
  void Respond(const Answer&) override {}

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

rapidjson::Document HeadersOf(
    std::vector<std::pair<std::string, std::string>> params) {
  FakeRequest request(std::move(params));
  Incoming in;
  EXPECT_TRUE(ReadIncoming(&request, 1024, &in).ok());
  EXPECT_TRUE(IsValidUtf8(in.headers_json)) << in.headers_json;
  rapidjson::Document doc;
  doc.Parse(in.headers_json.data(), in.headers_json.size());
  EXPECT_FALSE(doc.HasParseError()) << in.headers_json;
  return doc;
}

TEST(IncomingHeadersTest, ValuesThatAreNotUtf8AreReplaced) {
  rapidjson::Document doc =
      HeadersOf({{"HTTP_X_NOTE", "caf\xe9"}, {"HTTP_X_OK", "fine"}});
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["x-note"].GetString(), "(not UTF-8)");
  EXPECT_STREQ(doc["x-ok"].GetString(), "fine");
}

TEST(IncomingHeadersTest, NamesThatAreNotUtf8AreLeftOut) {
  rapidjson::Document doc =
      HeadersOf({{"HTTP_X_\xff\xfe", "v"}, {"HTTP_X_OK", "fine"}});
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(doc.MemberCount(), 1u);
  EXPECT_STREQ(doc["x-ok"].GetString(), "fine");
}

TEST(IncomingHeadersTest, SecretsAreMasked) {
  rapidjson::Document doc = HeadersOf(
      {{"HTTP_AUTHORIZATION", "Bearer k"}, {"QUERY_STRING", "api_key=k&x=1"}});
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["authorization"].GetString(), "***");
  EXPECT_STREQ(doc["?query"].GetString(), "api_key=***&x=1");
}

// ReadIncoming takes the header parameters once for both the delivery id
// and the log; the id must still be the first parameter of its name, as a
// lookup by name (FCGX_GetParam) finds it, not the first in sorted order.
TEST(IncomingHeadersTest, TheFirstOfTwoDeliveryIdsIsTheId) {
  FakeRequest request({{"SCRIPT_NAME", "/x"},
                       {"HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER", "b-first"},
                       {"CONTENT_TYPE", "application/json"},
                       {"HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER", "a-second"},
                       {"HTTP_CONTENT_TYPE", "application/json"}});
  Incoming in;
  ASSERT_TRUE(ReadIncoming(&request, 1024, &in).ok());
  EXPECT_EQ(in.delivery_id, "b-first");
  rapidjson::Document doc;
  doc.Parse(in.headers_json.data(), in.headers_json.size());
  ASSERT_TRUE(doc.IsObject()) << in.headers_json;
  EXPECT_EQ(doc.MemberCount(), 2u) << in.headers_json;  // no SCRIPT_NAME
  EXPECT_STREQ(doc["content-type"].GetString(), "application/json");
  EXPECT_TRUE(doc.HasMember("x-atlassian-webhook-identifier"));
}

// A name repeated (the same CGI name twice, Content-Type under both its
// CGI names, names differing in case or in '-' and '_') is logged once,
// with the value that sorts first under the CGI name that sorts first;
// the same with a few parameters and with many.
TEST(IncomingHeadersTest, RepeatedNamesAreLoggedOnce) {
  for (int extra : {0, 40}) {
    std::vector<std::pair<std::string, std::string>> params = {
        {"HTTP_X_DUP", "zz"},    {"HTTP_CONTENT_TYPE", "copy"},
        {"HTTP_X_DUP", "aa"},    {"CONTENT_TYPE", "application/json"},
        {"HTTP_X-CASE", "dash"}, {"HTTP_x_case", "lower"},
        {"HTTP_X_CASE", "upper"}};
    for (int i = 0; i < extra; ++i) {
      params.emplace_back("HTTP_X_N" + std::to_string(i), std::to_string(i));
    }
    rapidjson::Document doc = HeadersOf(params);
    ASSERT_TRUE(doc.IsObject());
    EXPECT_EQ(doc.MemberCount(), 3u + extra);
    EXPECT_STREQ(doc["x-dup"].GetString(), "aa");
    EXPECT_STREQ(doc["content-type"].GetString(), "application/json");
    // HTTP_X-CASE < HTTP_X_CASE < HTTP_x_case in byte order.
    EXPECT_STREQ(doc["x-case"].GetString(), "dash");
    if (extra > 0) {
      EXPECT_STREQ(doc["x-n39"].GetString(), "39");
    }
  }
}

TEST(IncomingHeadersTest, IsCgiHeaderNameAgreesWithCgiHeaderName) {
  const std::string names[] = {
      "Content-Type",    "content-length", "X-Api-Key", "x_api_key",
      "Idempotency-Key", "http-x",         "",          "CONTENT_TYPE",
      "a\xc3\xa9"};
  const std::string cgis[] = {"CONTENT_TYPE",   "HTTP_CONTENT_TYPE",
                              "CONTENT_LENGTH", "HTTP_CONTENT_LENGTH",
                              "HTTP_X_API_KEY", "X_API_KEY",
                              "HTTP_x_api_key", "HTTP_IDEMPOTENCY_KEY",
                              "HTTP_HTTP_X",    "HTTP_X",
                              "HTTP_",          "",
                              "HTTP_A\xc3\xa9", "HTTP_CONTENT-TYPE"};
  for (const std::string& name : names) {
    for (const std::string& cgi : cgis) {
      EXPECT_EQ(IsCgiHeaderName(cgi, name), CgiHeaderName(name) == cgi)
          << cgi << " " << name;
    }
    EXPECT_TRUE(IsCgiHeaderName(CgiHeaderName(name), name)) << name;
  }
}

TEST(IncomingHeadersTest, SecretWordsAnywhereInTheName) {
  for (const char* name :
       {"authorization", "proxy-authorization", "x-api-key", "apikey",
        "x-gitlab-token", "tokens", "x-secret", "password", "set-cookie",
        "x-hub-signature-256", "xsignature", "cookiecutter"}) {
    EXPECT_TRUE(IsSecretHeader(name)) << name;
  }
  for (const char* name :
       {"", "content-type", "x-api", "tok", "x-tken", "authorizatio",
        "signatur", "user-agent", "cooki", "pass-word", "api_key"}) {
    EXPECT_FALSE(IsSecretHeader(name)) << name;
  }
}

}  // namespace
}  // namespace earshot
