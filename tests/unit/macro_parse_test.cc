// Macro documents: what is accepted, and the one line that refuses each
// kind of mistake.

#include <gtest/gtest.h>

#include "common/macro/macro.h"

namespace earshot {
namespace {

DataFieldLookup Lookup(TargetKind kind) {
  return [kind](std::string_view group, std::string_view label,
                DataFieldRef* out) {
    if (kind == TargetKind::kUsers && group == "Usage" && label == "Count") {
      *out = {3, FieldType::kInteger};
      return true;
    }
    if (kind == TargetKind::kFeedback && group == "Jira" && label == "Status") {
      *out = {4, FieldType::kString};
      return true;
    }
    if (kind == TargetKind::kFeedback && group == "Jira" && label == "Closed") {
      *out = {5, FieldType::kDatetime};
      return true;
    }
    return false;
  };
}

Status ParseFor(TargetKind kind, const std::string& json, Macro* macro) {
  return ParseMacro(json, kind, Lookup(kind), macro);
}

Macro Ok(TargetKind kind, const std::string& json) {
  Macro m;
  Status s = ParseFor(kind, json, &m);
  EXPECT_TRUE(s.ok()) << json << "\n" << s.ToString();
  return m;
}

std::string Error(TargetKind kind, const std::string& json) {
  Macro m;
  Status s = ParseFor(kind, json, &m);
  EXPECT_TRUE(s.IsInvalid()) << json;
  EXPECT_EQ(s.message().find('\n'), std::string::npos) << "one line";
  return s.message();
}

std::string Actions(const std::string& actions) {
  return R"({"actions":[)" + actions + "]}";
}

constexpr TargetKind kUsers = TargetKind::kUsers;
constexpr TargetKind kFeedback = TargetKind::kFeedback;

TEST(MacroParseTest, AcceptsEveryActionOnUsers) {
  Macro m =
      Ok(kUsers, R"({"description":"all of them","webhook_secret":"whsec_abc",
    "actions":[
    {"type":"score","points":5},
    {"type":"status","value":"vip"},
    {"type":"email","to":"target","subject":"Hi {{user.name}}","body":"Score {{user.score}}"},
    {"type":"email","to":"boss@example.com","subject":"About {{user.email}}","body":""},
    {"type":"webhook","url":"https://hooks.example.com/x?a=1","body":{"u":"{{user.id}}","c":"{{data.Usage.Count}}"},"headers":{"X-A":"b {{user.id}}"}},
    {"type":"set_data","field":"Usage.Count","value":"{{payload:/count}}"},
    {"type":"comment","author":"pm@example.com","text":"Ran {{macro.name}}"},
    {"type":"delete_user"}]})");
  ASSERT_EQ(m.actions.size(), 8u);
  EXPECT_EQ(m.actions[0].type, MacroActionType::kScore);
  EXPECT_EQ(m.actions[0].points, 5);
  EXPECT_EQ(m.actions[2].to, EmailTo::kTarget);
  EXPECT_EQ(m.actions[3].to, EmailTo::kAddress);
  EXPECT_EQ(m.actions[3].address, "boss@example.com");
  EXPECT_EQ(m.actions[4].url, "https://hooks.example.com/x?a=1");
  ASSERT_EQ(m.actions[4].headers.size(), 1u);
  EXPECT_EQ(m.actions[5].field_ref.field_id, 3);
  EXPECT_EQ(m.actions[7].type, MacroActionType::kDeleteUser);
  EXPECT_EQ(m.webhook_secret, "whsec_abc");
  EXPECT_TRUE(m.has_webhooks);
  EXPECT_EQ(m.data_fields, std::vector<int64_t>{3});
}

TEST(MacroParseTest, AcceptsFeedbackActions) {
  Macro m = Ok(kFeedback, Actions(R"(
    {"type":"status","value":"{{payload:/issue/fields/status/name}}"},
    {"type":"score","points":-3},
    {"type":"email","to":"followers","subject":"{{feedback.title}} is {{feedback.status}}","body":"By {{author.name}}"},
    {"type":"email","to":"author","subject":"s","body":"b"},
    {"type":"set_data","field":"Jira.Status","value":null},
    {"type":"set_data","field":"Jira.Closed","value":"2026-11-27T10:00:00Z"},
    {"type":"webhook","url":"http://127.0.0.1:9/x","body":"{\"t\":\"{{feedback.title}}\"}"},
    {"type":"webhook","url":"http://127.0.0.1:9/y"})"));
  ASSERT_EQ(m.actions.size(), 8u);
  EXPECT_EQ(m.actions[2].to, EmailTo::kFollowers);
  EXPECT_TRUE(m.actions[4].clear);
  ASSERT_TRUE(m.actions[5].constant.has_value());
  EXPECT_EQ(m.actions[5].constant->type, FieldType::kDatetime);
  EXPECT_FALSE(m.actions[7].json_body.empty()) << "a default body";
}

TEST(MacroParseTest, RefusesDocumentMistakes) {
  EXPECT_NE(Error(kUsers, "{").find("not valid JSON"), std::string::npos);
  EXPECT_NE(Error(kUsers, "[]").find("JSON object"), std::string::npos);
  EXPECT_NE(Error(kUsers, "{}").find("\"actions\""), std::string::npos);
  EXPECT_NE(Error(kUsers, R"({"actions":[]})").find("non-empty"),
            std::string::npos);
  EXPECT_NE(Error(kUsers, R"({"actions":[{"type":"score","points":1}],"x":1})")
                .find("unknown member \"x\""),
            std::string::npos);
  Error(kUsers,
        R"({"actions":[{"type":"score","points":1}],"webhook_secret":""})");
  EXPECT_NE(
      Error(kUsers, R"({"actions":[{"type":"score","points":1,"points":2}]})")
          .find("the macro has the member \"points\" twice"),
      std::string::npos);
  std::string many = R"({"actions":[)";
  for (int i = 0; i < 51; ++i)
    many += std::string(i ? "," : "") + R"({"type":"score","points":1})";
  EXPECT_NE(Error(kUsers, many + "]}").find("at most 50"), std::string::npos);
  Macro m;
  EXPECT_FALSE(ParseMacro(Actions(R"({"type":"score","points":1})"),
                          TargetKind::kProjects, Lookup(kUsers), &m)
                   .ok());
}

TEST(MacroParseTest, RefusesActionMistakesNamingTheAction) {
  struct Case {
    TargetKind kind;
    std::string action, expect;
  };
  const Case kCases[] = {
      {kUsers, R"({"type":"explode"})", "action 2: unknown action \"explode\""},
      {kUsers, R"({"points":1})", "\"type\" must be a string"},
      {kUsers, R"(3)", "must be an object"},
      {kUsers, R"({"type":"score"})", "action 2 (score): points is missing"},
      {kUsers, R"({"type":"score","points":"5"})", "points must be an integer"},
      {kUsers, R"({"type":"score","points":1.5})", "points must be an integer"},
      {kUsers, R"({"type":"score","points":2000000000})", "points must be"},
      {kUsers, R"({"type":"score","points":1,"pts":2})",
       "unknown member \"pts\""},
      {kUsers, R"({"type":"status","value":""})", "value must not be empty"},
      {kUsers, R"({"type":"status","value":5})", "value must be a string"},
      {kUsers, R"({"type":"status","value":"deleted"})", "delete_user"},
      {kUsers, R"({"type":"status","value":")" + std::string(65, 'x') + "\"}",
       "at most 64"},
      {kUsers, R"({"type":"status","value":"{{user.bogus}}"})",
       "unknown tag {{user.bogus}}"},
      {kUsers, R"({"type":"email","to":"author","subject":"s","body":"b"})",
       "for feedback macros"},
      {kUsers, R"({"type":"email","to":"followers","subject":"s","body":"b"})",
       "for feedback macros"},
      {kUsers,
       R"({"type":"email","to":"not an address","subject":"s","body":"b"})",
       "to must be"},
      {kUsers, R"({"type":"email","to":"target","subject":"","body":"b"})",
       "subject must not be empty"},
      {kUsers, R"({"type":"email","to":"target","subject":"s"})",
       "body is missing"},
      {kUsers,
       R"({"type":"email","to":"target","subject":"{{feedback.title}}","body":""})",
       "unknown tag {{feedback.title}}"},
      {kUsers, R"({"type":"webhook","url":"ftp://x.example.com/"})",
       "http:// or https://"},
      {kUsers, R"({"type":"webhook","url":"example.com/hook"})",
       "http:// or https://"},
      {kUsers, R"({"type":"webhook","url":"https://"})", "http:// or https://"},
      {kUsers, R"({"type":"webhook","url":"https://a b.example.com/"})",
       "http:// or https://"},
      {kUsers,
       R"({"type":"webhook","url":"https://x.example.com","body":"{nope"})",
       "body must be JSON"},
      {kUsers,
       R"({"type":"webhook","url":"https://x.example.com","body":{"a":"{{nope}}"}})",
       "unknown tag {{nope}}"},
      {kUsers,
       R"({"type":"webhook","url":"https://x.example.com","headers":{"webhook-id":"x"}})",
       "set by earshot"},
      {kUsers,
       R"({"type":"webhook","url":"https://x.example.com","headers":{"Bad Name":"x"}})",
       "not valid"},
      {kUsers,
       R"({"type":"webhook","url":"https://x.example.com","headers":{"X-A":"a\nb"}})",
       "control character"},
      {kUsers,
       R"({"type":"webhook","url":"https://x.example.com","headers":[]})",
       "headers must be an object"},
      {kUsers, R"({"type":"set_data","field":"Nope.Field","value":"1"})",
       "no data field Nope.Field for users"},
      {kUsers, R"({"type":"set_data","field":"UsageCount","value":"1"})",
       "GROUP.LABEL"},
      {kUsers, R"({"type":"set_data","field":"Usage.Count"})",
       "value is missing"},
      {kUsers, R"({"type":"set_data","field":"Usage.Count","value":"many"})",
       "value for Usage.Count (integer)"},
      {kUsers, R"({"type":"set_data","field":"Usage.Count","value":[1]})",
       "value must be a string"},
      {kFeedback, R"({"type":"set_data","field":"Usage.Count","value":"1"})",
       "no data field Usage.Count for feedback"},
      {kUsers, R"({"type":"comment","author":"nobody","text":"t"})",
       "author must be an email"},
      {kUsers, R"({"type":"comment","author":"a@example.com","text":""})",
       "text must not be empty"},
      {kFeedback, R"({"type":"delete_user"})", "users macros only"},
      {kUsers, R"({"type":"delete_user","now":true})", "unknown member"},
  };
  for (const Case& c : kCases) {
    std::string message =
        Error(c.kind, Actions(R"({"type":"score","points":1},)" + c.action));
    EXPECT_NE(message.find(c.expect), std::string::npos)
        << c.action << "\n  gave: " << message;
    EXPECT_NE(message.find("action 2"), std::string::npos) << message;
  }
}

TEST(MacroParseTest, WebhookSecretsAreStandardWebhooksSecrets) {
  std::string a, b;
  ASSERT_TRUE(GenerateWebhookSecret(&a).ok());
  ASSERT_TRUE(GenerateWebhookSecret(&b).ok());
  EXPECT_EQ(a.rfind("whsec_", 0), 0u);
  EXPECT_EQ(a.size(), 6u + 32u);
  EXPECT_NE(a, b);
}

TEST(MacroParseTest, EmailsAndUrls) {
  EXPECT_TRUE(IsPlausibleEmail("a@example.com"));
  EXPECT_TRUE(IsPlausibleEmail("first.last+tag@sub.example.co"));
  EXPECT_FALSE(IsPlausibleEmail("a@@example.com"));
  EXPECT_FALSE(IsPlausibleEmail("@example.com"));
  EXPECT_FALSE(IsPlausibleEmail("a@"));
  EXPECT_FALSE(IsPlausibleEmail("a b@example.com"));
  EXPECT_FALSE(IsPlausibleEmail("a@example.com\r\nBcc: x@y"));
  EXPECT_FALSE(IsPlausibleEmail("<a@example.com>"));
  EXPECT_TRUE(IsWebhookUrl("http://127.0.0.1:8080/hook"));
  EXPECT_TRUE(IsWebhookUrl("HTTPS://Example.com"));
  EXPECT_FALSE(IsWebhookUrl("file:///etc/passwd"));
  EXPECT_FALSE(IsWebhookUrl("gopher://x"));
  EXPECT_FALSE(IsWebhookUrl("//example.com/x"));
  EXPECT_FALSE(IsWebhookUrl("https://example.com/\n"));
}

}  // namespace
}  // namespace earshot
