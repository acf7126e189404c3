// The parts of "try a payload" that need no database: the dry run's
// request, its report for a refusal, and a handler's stdin.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "common/base/subprocess.h"
#include "common/http/incoming.h"
#include "common/pipeline/dry_run.h"
#include "common/pipeline/try_request.h"

namespace earshot {
namespace {

TEST(TryRequestTest, IsAJsonPostToTheListenerWithNoCredentials) {
  TryRequest request(ListenerType::kComment, "jira-comments", "issue=AB-1",
                     R"({"a":1})");
  Incoming in;
  ASSERT_TRUE(ReadIncoming(&request, 100, &in).ok());
  EXPECT_EQ(in.method, "POST");
  std::string key;
  EXPECT_TRUE(ListenerKeyFromPath(in.path, ListenerType::kComment, &key));
  EXPECT_EQ(key, "jira-comments");
  EXPECT_EQ(in.query_string, "issue=AB-1");
  ASSERT_TRUE(in.content_type.has_value());
  EXPECT_TRUE(IsJsonContentType(*in.content_type));
  EXPECT_EQ(in.body, R"({"a":1})");
  EXPECT_FALSE(in.body_too_large);
  EXPECT_EQ(in.delivery_id, "");
  EXPECT_FALSE(request.Param("HTTP_AUTHORIZATION").has_value());
  EXPECT_FALSE(request.Param("HTTP_X_API_KEY").has_value());
}

TEST(TryRequestTest, ABodyOverTheLimitIsTooLarge) {
  TryRequest request(ListenerType::kData, "k1", "", std::string(11, 'x'));
  Incoming in;
  ASSERT_TRUE(ReadIncoming(&request, 10, &in).ok());
  EXPECT_TRUE(in.body_too_large);
  EXPECT_EQ(in.body.size(), 10u);
}

TEST(DryRunReportTest, ARefusalCarriesItsStatusAndCode) {
  Listener listener;
  listener.key = "usage";
  listener.type = ListenerType::kData;
  listener.target = TargetKind::kUsers;
  listener.enabled = false;
  DryRun dry_run;
  dry_run.Describe(listener);
  std::string json = dry_run.ReportJson(
      ErrorAnswer(ApiError::kInvalidValue, "Seats: not an integer", 0));
  rapidjson::Document report;
  report.Parse(json.c_str());
  ASSERT_FALSE(report.HasParseError()) << json;
  EXPECT_TRUE(report["dry_run"].GetBool());
  EXPECT_STREQ(report["listener"].GetString(), "usage");
  EXPECT_STREQ(report["type"].GetString(), "data");
  EXPECT_STREQ(report["target"].GetString(), "users");
  EXPECT_FALSE(report["enabled"].GetBool());
  EXPECT_EQ(report["status"].GetInt(), 422);
  EXPECT_STREQ(report["error"]["code"].GetString(), "invalid_value");
  EXPECT_STREQ(report["error"]["message"].GetString(), "Seats: not an integer");
  EXPECT_TRUE(report["targets"].Empty());
  EXPECT_TRUE(report["queued"].Empty());
}

TEST(RunProgramTest, FeedsInputOnStdin) {
  const std::string input = std::string(200000, 'x') + "end";
  ProgramResult run;
  ASSERT_TRUE(RunProgram({"/bin/cat"}, &run, &input).ok());
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.out, input);
  ASSERT_TRUE(RunProgram({"/bin/cat"}, &run).ok());
  EXPECT_EQ(run.out, "");
}

}  // namespace
}  // namespace earshot
