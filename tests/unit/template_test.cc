// Templates: tag parsing per target kind, plain-text filling, and JSON
// filling that stays valid JSON whatever the values hold.

#include "common/macro/template.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace earshot {
namespace {

TagCatalog Catalog(TargetKind kind) {
  TagCatalog c;
  c.kind = kind;
  c.lookup_data_field = [](std::string_view group, std::string_view label,
                           DataFieldRef* out) {
    if (group == "Jira" && label == "Status") {
      *out = {7, FieldType::kString};
      return true;
    }
    if (group == "Usage" && label == "Count") {
      *out = {8, FieldType::kInteger};
      return true;
    }
    if (group == "Usage" && label == "Beta") {
      *out = {9, FieldType::kBoolean};
      return true;
    }
    return false;
  };
  return c;
}

Template Parse(const std::string& text, TargetKind kind = TargetKind::kUsers) {
  Template t;
  Status s = Template::Parse(text, Catalog(kind), &t);
  EXPECT_TRUE(s.ok()) << text << ": " << s.ToString();
  return t;
}

std::string ParseError(const std::string& text,
                       TargetKind kind = TargetKind::kUsers) {
  Template t;
  Status s = Template::Parse(text, Catalog(kind), &t);
  EXPECT_FALSE(s.ok()) << text;
  return s.message();
}

TagValues UserValues(const rapidjson::Value* payload = nullptr) {
  TagValues v;
  v.facts["user.id"] = TagValue::Number(17);
  v.facts["user.email"] = TagValue::String("ann@example.com");
  v.facts["user.name"] = TagValue::String("Ann");
  v.facts["user.status"] = TagValue::String("active");
  v.facts["user.score"] = TagValue::Number(-5);
  v.facts["project.name"] = TagValue::Null();
  v.facts["macro.name"] = TagValue::String("welcome");
  v.data[7] = TagValue::String("Done");
  v.data[8] = TagValue::Number(42);
  v.data[9] = TagValue::Bool(true);
  v.payload = payload;
  return v;
}

TEST(TemplateTest, PlainTextHasNoTags) {
  Template t = Parse("just text, with } and { braces");
  EXPECT_TRUE(t.tags().empty());
  EXPECT_EQ(t.FillText(UserValues()), "just text, with } and { braces");
  EXPECT_TRUE(Parse("").empty());
}

TEST(TemplateTest, FillsEveryUserTag) {
  Template t = Parse(
      "{{user.id}}|{{user.email}}|{{user.name}}|{{user.status}}|"
      "{{user.score}}|{{project.name}}|{{macro.name}}|{{data.Jira.Status}}|"
      "{{data.Usage.Count}}|{{data.Usage.Beta}}");
  EXPECT_EQ(t.FillText(UserValues()),
            "17|ann@example.com|Ann|active|-5||welcome|Done|42|true");
}

TEST(TemplateTest, BlanksInsideBracesAreAllowed) {
  EXPECT_EQ(Parse("Hi {{ user.name }}!").FillText(UserValues()), "Hi Ann!");
}

TEST(TemplateTest, FeedbackMacrosOfferTicketAndAuthor) {
  for (const char* tag :
       {"feedback.id", "feedback.title", "feedback.status", "feedback.kind",
        "feedback.popularity", "project.name", "author.id", "author.email",
        "author.name", "author.status", "author.score", "user.email",
        "user.name", "user.score", "macro.name"}) {
    Parse(std::string("{{") + tag + "}}", TargetKind::kFeedback);
  }
  TagValues v;
  v.facts["author.email"] = TagValue::String("writer@example.com");
  EXPECT_EQ(Parse("{{user.email}}", TargetKind::kFeedback).FillText(v),
            "writer@example.com")
      << "user.* is the ticket's author in feedback macros";
}

TEST(TemplateTest, UsesTargetValuesUnlessOnlyTextPayloadAndMacroName) {
  EXPECT_FALSE(Parse("Done").UsesTargetValues());
  EXPECT_FALSE(Parse("").UsesTargetValues());
  EXPECT_FALSE(
      Parse("{{payload:/issue/fields/status/name}}", TargetKind::kFeedback)
          .UsesTargetValues());
  EXPECT_FALSE(Parse("{{macro.name}}: {{ payload:/a }} {{payload:}}")
                   .UsesTargetValues());
  EXPECT_TRUE(Parse("{{user.name}}").UsesTargetValues());
  EXPECT_TRUE(Parse("{{payload:/a}} {{project.name}}").UsesTargetValues());
  EXPECT_TRUE(Parse("{{data.Jira.Status}}").UsesTargetValues());
  EXPECT_TRUE(
      Parse("{{feedback.status}}", TargetKind::kFeedback).UsesTargetValues());
  EXPECT_TRUE(Parse("{{user.email}}", TargetKind::kFeedback).UsesTargetValues())
      << "the ticket's author";
}

TEST(TemplateTest, RefusesUnknownTagsForTheKind) {
  EXPECT_NE(
      ParseError("{{feedback.title}}").find("unknown tag {{feedback.title}}"),
      std::string::npos);
  EXPECT_NE(ParseError("{{author.email}}").find("for users macros"),
            std::string::npos);
  ParseError("{{user.password}}");
  ParseError("{{}}");
  ParseError("{{user.email");
  EXPECT_NE(
      ParseError("x {{data.Nope.Field}}").find("no data field Nope.Field"),
      std::string::npos);
  ParseError("{{data.Jira}}");
  ParseError("{{data.Jira.Status.More}}");
  ParseError("{{payload:issue}}");
  ParseError("{{payload:/a~2}}");
}

TEST(TemplateTest, PayloadTagsReadThePointer) {
  rapidjson::Document body;
  body.Parse(R"({"issue":{"key":"PRJ-1","n":3,"ok":false,"none":null,)"
             R"("list":[1,"a"],"a/b":"slash"}})");
  TagValues v = UserValues(&body);
  EXPECT_EQ(Parse("{{payload:/issue/key}}").FillText(v), "PRJ-1");
  EXPECT_EQ(Parse("{{payload:/issue/n}}").FillText(v), "3");
  EXPECT_EQ(Parse("{{payload:/issue/ok}}").FillText(v), "false");
  EXPECT_EQ(Parse("{{payload:/issue/none}}").FillText(v), "");
  EXPECT_EQ(Parse("{{payload:/issue/missing}}").FillText(v), "");
  EXPECT_EQ(Parse("{{payload:/issue/list}}").FillText(v), R"([1,"a"])");
  EXPECT_EQ(Parse("{{payload:/issue/list/1}}").FillText(v), "a");
  EXPECT_EQ(Parse("{{payload:/issue/a~1b}}").FillText(v), "slash");
}

TEST(TemplateTest, SoleTag) {
  EXPECT_NE(Parse("{{user.score}}").SoleTag(), nullptr);
  EXPECT_EQ(Parse(" {{user.score}}").SoleTag(), nullptr);
  EXPECT_EQ(Parse("{{user.score}}{{user.id}}").SoleTag(), nullptr);
}

std::string FillJson(const std::string& json, const TagValues& values,
                     TargetKind kind = TargetKind::kUsers) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  JsonTemplate t;
  Status s = JsonTemplate::Parse(doc, Catalog(kind), 32, &t);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::string out;
  s = t.Fill(values, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  rapidjson::Document check;
  check.Parse(out.c_str());
  EXPECT_FALSE(check.HasParseError()) << "not JSON: " << out;
  return out;
}

TEST(JsonTemplateTest, SoleTagsKeepTheirType) {
  rapidjson::Document body;
  body.Parse(R"({"issue":{"fields":{"labels":["a","b"]},"n":1.5}})");
  EXPECT_EQ(
      FillJson(
          R"({"id":"{{user.id}}","score":"{{user.score}}",)"
          R"("email":"{{user.email}}","project":"{{project.name}}",)"
          R"("count":"{{data.Usage.Count}}","beta":"{{data.Usage.Beta}}",)"
          R"("fields":"{{payload:/issue/fields}}","n":"{{payload:/issue/n}}",)"
          R"("gone":"{{payload:/nope}}","fixed":[1,true,null,"x"]})",
          UserValues(&body)),
      R"({"id":17,"score":-5,"email":"ann@example.com","project":null,)"
      R"("count":42,"beta":true,"fields":{"labels":["a","b"]},"n":1.5,)"
      R"("gone":null,"fixed":[1,true,null,"x"]})");
}

TEST(JsonTemplateTest, MixedStringsAndKeysAreEscapedText) {
  EXPECT_EQ(FillJson(R"({"text":"Score: {{user.score}} for {{user.name}}",)"
                     R"("{{user.name}}-key":1})",
                     UserValues()),
            R"({"text":"Score: -5 for Ann","Ann-key":1})");
}

TEST(JsonTemplateTest, HostileValuesStayValidJson) {
  TagValues v;
  const std::string title =
      "He said \"hi\" \\ back\\slash\nnew line\ttab \x01 ctrl, "
      "unicode \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 and \xE2\x80\xA8 "
      "sep, </script> {{not a tag}}";
  v.facts["feedback.title"] = TagValue::String(title);
  v.facts["feedback.id"] = TagValue::Number(9);
  std::string out = FillJson(
      R"({"title":"{{feedback.title}}","line":"Ticket #{{feedback.id}}: {{feedback.title}}",)"
      R"("{{feedback.title}}":true})",
      v, TargetKind::kFeedback);
  rapidjson::Document doc;
  doc.Parse(out.c_str());
  ASSERT_TRUE(doc.IsObject()) << out;
  EXPECT_EQ(
      std::string(doc["title"].GetString(), doc["title"].GetStringLength()),
      title);
  EXPECT_EQ(std::string(doc["line"].GetString(), doc["line"].GetStringLength()),
            "Ticket #9: " + title);
  rapidjson::Value key(rapidjson::StringRef(title.data(), title.size()));
  auto member = doc.FindMember(key);
  ASSERT_NE(member, doc.MemberEnd());
  EXPECT_TRUE(member->value.GetBool());
}

TEST(JsonTemplateTest, PayloadStringsWithQuotesStayValid) {
  rapidjson::Document body;
  body.Parse(R"({"t":"a \"quoted\" \\ value\n\u0000 end"})");
  std::string out = FillJson(R"({"a":"{{payload:/t}}","b":"x {{payload:/t}}"})",
                             UserValues(&body));
  rapidjson::Document doc;
  doc.Parse(out.c_str());
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(doc["a"].GetStringLength(), body["t"].GetStringLength());
  EXPECT_EQ(
      std::string(doc["b"].GetString(), doc["b"].GetStringLength()),
      "x " + std::string(body["t"].GetString(), body["t"].GetStringLength()));
}

TEST(JsonTemplateTest, InvalidUtf8InAValueIsAnError) {
  TagValues v = UserValues();
  v.facts["user.name"] = TagValue::String("bad \xC3 byte");
  rapidjson::Document doc;
  doc.Parse(R"({"n":"{{user.name}}"})");
  JsonTemplate t;
  ASSERT_TRUE(
      JsonTemplate::Parse(doc, Catalog(TargetKind::kUsers), 32, &t).ok());
  std::string out;
  EXPECT_FALSE(t.Fill(v, &out).ok());
}

TEST(JsonTemplateTest, RefusesUnknownTagsAndDeepTemplates) {
  rapidjson::Document doc;
  doc.Parse(R"({"a":{"b":["{{user.nope}}"]}})");
  JsonTemplate t;
  EXPECT_FALSE(
      JsonTemplate::Parse(doc, Catalog(TargetKind::kUsers), 32, &t).ok());
  std::string deep = std::string(40, '[') + std::string(40, ']');
  doc.Parse(deep.c_str());
  EXPECT_FALSE(
      JsonTemplate::Parse(doc, Catalog(TargetKind::kUsers), 32, &t).ok());
}

}  // namespace
}  // namespace earshot
