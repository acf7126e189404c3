// The same data.fcgi run as a plain CGI program (one request from its
// environment and stdin) answers exactly as it does behind nginx.

#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

struct CgiAnswer {
  int status = 0;
  std::string content_type;
  rapidjson::Document json;
};

// `content_length` < 0: the body's own length.
CgiAnswer RunCgi(const std::string& path, const std::string& body,
                 const std::vector<std::string>& extra_env,
                 const std::string& method = "POST", long content_length = -1) {
  Stack& s = Stack::Get();
  std::vector<std::string> env = {
      "EARSHOT_CONFIG=" + s.config_path(),
      "GATEWAY_INTERFACE=CGI/1.1",
      "REQUEST_METHOD=" + method,
      "SCRIPT_NAME=" + path,
      "CONTENT_LENGTH=" + std::to_string(content_length < 0
                                             ? static_cast<long>(body.size())
                                             : content_length),
      "REMOTE_ADDR=127.0.0.1",
  };
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  CommandResult r = s.Run({s.bin() + "/data.fcgi"}, env, body);
  CgiAnswer a;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  size_t end = r.out.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos) << r.out;
  if (end == std::string::npos) return a;
  std::string head = r.out.substr(0, end);
  EXPECT_EQ(head.substr(0, 8), "Status: ") << head;
  a.status = std::stoi(head.substr(8, 3));
  size_t ct = head.find("Content-Type: ");
  if (ct != std::string::npos) a.content_type = head.substr(ct + 14, 16);
  std::string json = r.out.substr(end + 4);
  a.json.Parse(json.c_str());
  return a;
}

std::string Code(const rapidjson::Document& d) {
  return d.IsObject() && d.HasMember("error") ? d["error"]["code"].GetString()
                                              : "";
}

TEST(CgiTest, AnswersLikeTheFastCgiPool) {
  std::string group = CreateGroup("users", {{"N", "/n", "integer"}});
  std::string email = UniqueEmail();
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  std::string auth = "HTTP_AUTHORIZATION=Bearer " + l.api_key;
  std::string json = "CONTENT_TYPE=application/json";
  struct Case {
    std::string body;
    std::vector<std::string> env;
    std::string path;
    std::string method;
  };
  std::vector<Case> cases = {
      {R"({"email":")" + email + R"(","n":5})", {auth, json}, l.path(), "POST"},
      {R"({"email":")" + email + R"(","n":"x"})",
       {auth, json},
       l.path(),
       "POST"},
      {R"({"n":1})", {auth, json}, l.path(), "POST"},
      {"[1]", {auth, json}, l.path(), "POST"},
      {"{}", {json}, l.path(), "POST"},
      {"{}", {auth}, l.path(), "POST"},
      {"", {auth, json}, l.path(), "GET"},
      {"{}", {auth, json}, "/listeners/data/nope-nope", "POST"},
  };
  for (const Case& c : cases) {
    CgiAnswer cgi = RunCgi(c.path, c.body, c.env, c.method);
    Headers headers;
    for (const std::string& e : c.env) {
      if (e == auth) headers.push_back(Bearer(l.api_key));
      if (e == json) headers.push_back(JsonType());
    }
    HttpResponse http = Stack::Get().Post(c.path, c.body, headers, c.method);
    EXPECT_EQ(cgi.status, http.status) << c.body;
    EXPECT_EQ(cgi.content_type, "application/json");
    EXPECT_EQ(Code(cgi.json), http.ErrorCode()) << c.body;
    if (http.status == 200) {
      ASSERT_TRUE(cgi.json.IsObject());
      EXPECT_TRUE(cgi.json["ok"].GetBool());
      EXPECT_EQ(cgi.json["targets"][0]["id"].GetInt64(), user);
      EXPECT_STREQ(cgi.json["targets"][0]["outcome"].GetString(), "applied");
      EXPECT_NE(cgi.json["event"].GetInt64(), http.Event());
    }
  }
  EXPECT_EQ(DataValue(group, "N", user), "5");
}

// A web server that lost the sender mid-body hands the program fewer bytes
// than CONTENT_LENGTH promised. What arrived may still parse (here it is a
// whole object: the rest would have been more whitespace or a second
// document), but it is not the delivery that was sent: refused, not applied.
TEST(CgiTest, ABodyShorterThanItsContentLengthIsRefused) {
  std::string group = CreateGroup("users", {{"N", "/n", "integer"}});
  std::string email = UniqueEmail();
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  std::string body = R"({"email":")" + email + R"(","n":7})";
  CgiAnswer a = RunCgi(l.path(), body,
                       {"HTTP_AUTHORIZATION=Bearer " + l.api_key,
                        "CONTENT_TYPE=application/json"},
                       "POST", static_cast<long>(body.size()) + 10);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(Code(a.json), "invalid_json");
  EXPECT_EQ(DataValue(group, "N", user), "NULL");
}

}  // namespace
}  // namespace earshot::test
