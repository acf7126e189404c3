#include "common/store/identify.h"

#include <gtest/gtest.h>

namespace earshot {
namespace {

IdentifySpec Spec(const std::string& text, TargetKind kind) {
  IdentifySpec spec;
  Status s = ParseIdentify(text, kind, &spec);
  EXPECT_TRUE(s.ok()) << text << ": " << s.ToString();
  return spec;
}

Status Extract(const IdentifySpec& spec, const std::string& body,
               std::vector<std::string>* out, const QueryParams& query = {},
               int max = 100) {
  JsonBody doc;
  doc.Parse(body.c_str());
  return ExtractIdentifiers(spec, doc, query, max, out);
}

ApiError RefusalOf(const IdentifySpec& spec, const std::string& body) {
  std::vector<std::string> ids;
  Status s = Extract(spec, body, &ids);
  EXPECT_TRUE(s.IsRefused()) << body;
  return s.IsRefused() ? s.api_error() : ApiError::kInternal;
}

TEST(IdentifyTest, ParsesEveryFormAndFormatsBack) {
  for (const char* text :
       {"email=/email", "id=/feedback_id", "id=query:ticket",
        "data:Jira.IssueKey=/issue/key", "email=/user/emailAddress",
        "id=/a~1b/0"}) {
    EXPECT_EQ(FormatIdentify(Spec(text, TargetKind::kUsers)), text);
  }
  IdentifySpec d = Spec("data:Jira.IssueKey=/issue/key", TargetKind::kFeedback);
  EXPECT_EQ(d.attribute, IdentifyAttribute::kData);
  EXPECT_EQ(d.group, "Jira");
  EXPECT_EQ(d.label, "IssueKey");
  IdentifySpec q = Spec("id=query:ticket", TargetKind::kFeedback);
  EXPECT_TRUE(q.from_query);
  EXPECT_EQ(q.source, "ticket");
}

TEST(IdentifyTest, DefaultsPerTarget) {
  EXPECT_STREQ(DefaultIdentify(TargetKind::kUsers), "email=/email");
  EXPECT_STREQ(DefaultIdentify(TargetKind::kFeedback), "id=/feedback_id");
  EXPECT_STREQ(DefaultIdentify(TargetKind::kProjects), "id=/project_id");
}

TEST(IdentifyTest, RefusesBadSpecsWithAClearMessage) {
  IdentifySpec spec;
  Status s = ParseIdentify("email=/email", TargetKind::kFeedback, &spec);
  EXPECT_EQ(s.message(), "identify: email is only for users");
  EXPECT_TRUE(ParseIdentify("email", TargetKind::kUsers, &spec).IsInvalid());
  EXPECT_TRUE(ParseIdentify("name=/n", TargetKind::kUsers, &spec).IsInvalid());
  EXPECT_TRUE(ParseIdentify("id=email", TargetKind::kUsers, &spec).IsInvalid());
  EXPECT_TRUE(ParseIdentify("id=", TargetKind::kUsers, &spec).IsInvalid());
  EXPECT_TRUE(ParseIdentify("id=query:", TargetKind::kUsers, &spec).IsInvalid());
  EXPECT_TRUE(
      ParseIdentify("data:Jira=/k", TargetKind::kUsers, &spec).IsInvalid());
  EXPECT_TRUE(ParseIdentify("data:Ji ra.Key=/k", TargetKind::kUsers, &spec)
                  .IsInvalid());
  EXPECT_TRUE(ParseIdentify("id=/a~2", TargetKind::kUsers, &spec).IsInvalid());
}

TEST(IdentifyTest, ScalarArrayAndNestedPointers) {
  std::vector<std::string> ids;
  ASSERT_TRUE(Extract(Spec("email=/user/emailAddress", TargetKind::kUsers),
                      R"({"user":{"emailAddress":"a@x.io"}})", &ids)
                  .ok());
  EXPECT_EQ(ids, std::vector<std::string>{"a@x.io"});
  ASSERT_TRUE(Extract(Spec("id=/ids", TargetKind::kFeedback),
                      R"({"ids":[3,"4",3,null,5]})", &ids)
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"3", "4", "5"}));
  ASSERT_TRUE(Extract(Spec("id=/a~1b/0", TargetKind::kFeedback),
                      R"({"a/b":[9]})", &ids)
                  .ok());
  EXPECT_EQ(ids, std::vector<std::string>{"9"});
}

TEST(IdentifyTest, FromTheQueryStringIncludingRepeats) {
  std::vector<std::string> ids;
  ASSERT_TRUE(Extract(Spec("id=query:t", TargetKind::kFeedback), "{}", &ids,
                      {{"t", "7"}, {"x", "1"}, {"t", "8"}})
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"7", "8"}));
  EXPECT_TRUE(Extract(Spec("id=query:t", TargetKind::kFeedback), "{}", &ids,
                      {{"x", "1"}})
                  .IsRefused());
}

TEST(IdentifyTest, MissingIdentifiers) {
  IdentifySpec spec = Spec("email=/email", TargetKind::kUsers);
  EXPECT_EQ(RefusalOf(spec, "{}"), ApiError::kMissingIdentifier);
  EXPECT_EQ(RefusalOf(spec, R"({"email":null})"), ApiError::kMissingIdentifier);
  EXPECT_EQ(RefusalOf(spec, R"({"email":[]})"), ApiError::kMissingIdentifier);
  EXPECT_EQ(RefusalOf(spec, R"({"email":[null]})"),
            ApiError::kMissingIdentifier);
}

TEST(IdentifyTest, InvalidIdentifiers) {
  IdentifySpec ids = Spec("id=/id", TargetKind::kFeedback);
  for (const char* body :
       {R"({"id":0})", R"({"id":-3})", R"({"id":1.5})", R"({"id":"abc"})",
        R"({"id":"12a"})", R"({"id":"-1"})", R"({"id":true})",
        R"({"id":{"x":1}})", R"({"id":[[1]]})", R"({"id":[{}]})",
        R"({"id":"99999999999999999999"})"}) {
    EXPECT_EQ(RefusalOf(ids, body), ApiError::kInvalidValue) << body;
  }
  IdentifySpec emails = Spec("email=/e", TargetKind::kUsers);
  EXPECT_EQ(RefusalOf(emails, R"({"e":""})"), ApiError::kInvalidValue);
  EXPECT_EQ(RefusalOf(emails, R"({"e":5})"), ApiError::kInvalidValue);
}

TEST(IdentifyTest, TooManyTargets) {
  IdentifySpec spec = Spec("id=/id", TargetKind::kFeedback);
  std::string hundred = "{\"id\":[", hundred_one;
  for (int i = 1; i <= 100; ++i) hundred += (i > 1 ? "," : "") + std::to_string(i);
  hundred_one = hundred + ",101]}";
  hundred += "]}";
  std::vector<std::string> out;
  ASSERT_TRUE(Extract(spec, hundred, &out).ok());
  EXPECT_EQ(out.size(), 100u);
  EXPECT_EQ(RefusalOf(spec, hundred_one), ApiError::kTooManyTargets);
}

TEST(IdentifyTest, DataValuesAreCoercedToCanonicalText) {
  IdentifySpec spec = Spec("data:G.When=/w", TargetKind::kUsers);
  spec.data_field_type = FieldType::kDatetime;
  std::vector<std::string> ids;
  ASSERT_TRUE(Extract(spec, R"({"w":"2026-11-27T10:00:00+01:00"})", &ids).ok());
  EXPECT_EQ(ids, std::vector<std::string>{"2026-11-27T09:00:00Z"});
  EXPECT_EQ(RefusalOf(spec, R"({"w":"soon"})"), ApiError::kInvalidValue);
  spec.data_field_type = FieldType::kString;
  ASSERT_TRUE(Extract(spec, R"({"w":["ABC-1", 12]})", &ids).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"ABC-1", "12"}));
}

}  // namespace
}  // namespace earshot
