// The data listener end to end: through nginx to data.fcgi on MariaDB.

#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

class DataListenerTest : public UserDataListenerTest {
 protected:
  DataListenerTest()
      : UserDataListenerTest({{"Count", "/count", "integer"},
                              {"Beta", "/beta", "boolean"},
                              {"Seen", "/seen", "datetime"},
                              {"Plan", "/plan", "string"}}) {}
};

TEST_F(DataListenerTest, StoresEveryFieldTypeOnAUserFoundByEmail) {
  HttpResponse r = Deliver(listener_, R"({"email":")" + email_ +
                                          R"(","count":12,"beta":true,)"
                                          R"("seen":"2026-11-27T10:00:00+01:00",)"
                                          R"("plan":"pro"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["ok"].GetBool());
  EXPECT_FALSE(r.Duplicate());
  EXPECT_GT(r.Event(), 0);
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(user_) + ":applied"});
  EXPECT_EQ(DataValue(group_, "Count", user_), "12");
  EXPECT_EQ(DataValue(group_, "Beta", user_), "true");
  EXPECT_EQ(DataValue(group_, "Seen", user_), "2026-11-27T09:00:00Z");
  EXPECT_EQ(DataValue(group_, "Plan", user_), "pro");
  // Typed columns hold the typed values.
  EXPECT_EQ(Stack::Get().Value(
                "SELECT v.value_time FROM data_values v JOIN data_fields f ON "
                "f.id = v.field_id WHERE f.label = 'Seen' AND v.target_id = ?",
                {SqlParam::Int(user_)}),
            "2026-11-27 09:00:00.000000");
  // The event is recorded with its outcome, in the same commit.
  EXPECT_EQ(EventColumn(r.Event(), "http_status"), "200");
  EXPECT_NE(EventColumn(r.Event(), "outcomes").find("applied"),
            std::string::npos);
  // And earshotctl reads it back.
  CommandResult get = Stack::Get().CtlOk(
      {"data", "get", "users", std::to_string(user_)});
  EXPECT_NE(get.out.find("2026-11-27T09:00:00Z"), std::string::npos) << get.out;
}

TEST_F(DataListenerTest, CoercesStringsEpochsAndMilliseconds) {
  ASSERT_EQ(Deliver(listener_, R"({"email":")" + email_ +
                                   R"(","count":"-42","beta":"false",)"
                                   R"("seen":1764237600123,"plan":3.5})")
                .status,
            200);
  EXPECT_EQ(DataValue(group_, "Count", user_), "-42");
  EXPECT_EQ(DataValue(group_, "Beta", user_), "false");
  EXPECT_EQ(DataValue(group_, "Seen", user_), "2025-11-27T10:00:00.123Z");
  EXPECT_EQ(DataValue(group_, "Plan", user_), "3.5");
  ASSERT_EQ(Deliver(listener_, R"({"email":")" + email_ +
                                   R"(","seen":1764237600,"plan":true})")
                .status,
            200);
  EXPECT_EQ(DataValue(group_, "Seen", user_), "2025-11-27T10:00:00Z");
  EXPECT_EQ(DataValue(group_, "Plan", user_), "true");
  ASSERT_EQ(Deliver(listener_, R"({"email":")" + email_ +
                                   R"(","seen":"2026-11-27","count":9223372036854775807})")
                .status,
            200);
  EXPECT_EQ(DataValue(group_, "Seen", user_), "2026-11-27T00:00:00Z");
  EXPECT_EQ(DataValue(group_, "Count", user_), "9223372036854775807");
}

TEST_F(DataListenerTest, MissingLeavesAndNullClears) {
  ASSERT_EQ(Deliver(listener_, R"({"email":")" + email_ +
                                   R"(","count":1,"plan":"basic"})")
                .status,
            200);
  ASSERT_EQ(Deliver(listener_, R"({"email":")" + email_ +
                                   R"(","count":2,"plan":null})")
                .status,
            200);
  EXPECT_EQ(DataValue(group_, "Count", user_), "2");
  EXPECT_EQ(DataValue(group_, "Plan", user_), "NULL");
  ASSERT_EQ(Deliver(listener_, R"({"email":")" + email_ + R"("})").status, 200);
  EXPECT_EQ(DataValue(group_, "Count", user_), "2") << "absent: unchanged";
}

TEST_F(DataListenerTest, AnInvalidValueRefusesTheWholeDeliveryNamingTheField) {
  ASSERT_EQ(Deliver(listener_, R"({"email":")" + email_ +
                                   R"(","count":5,"plan":"old"})")
                .status,
            200);
  for (const std::string& bad :
       {std::string(R"("count":"many")"), std::string(R"("count":1.5)"),
        std::string(R"("count":9223372036854775808)"),
        std::string(R"("beta":"yes")"), std::string(R"("seen":"tomorrow")"),
        std::string(R"("plan":{"a":1})"),
        R"("plan":")" + std::string(65536, 'x') + "\""}) {
    // The other value is valid and must not be written either.
    std::string valid = bad.find("seen") == std::string::npos
                            ? R"("seen":"2026-01-01")"
                            : R"("beta":false)";
    HttpResponse r = Deliver(listener_, R"({"email":")" + email_ + R"(",)" +
                                            bad + "," + valid + "}");
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.ErrorCode(), "invalid_value") << bad;
    EXPECT_NE(r.ErrorMessage().find(group_ + "."), std::string::npos)
        << r.body;
    EXPECT_GT(r.Event(), 0);
    EXPECT_EQ(EventColumn(r.Event(), "http_status"), "422");
  }
  EXPECT_EQ(DataValue(group_, "Count", user_), "5");
  EXPECT_EQ(DataValue(group_, "Plan", user_), "old");
  EXPECT_EQ(DataValue(group_, "Seen", user_), "NULL") << "nothing was written";
  EXPECT_EQ(DataValue(group_, "Beta", user_), "NULL");
}

TEST_F(DataListenerTest, DuplicateMembersAreRefused) {
  HttpResponse r = Deliver(listener_, R"({"email":")" + email_ +
                                          R"(","plan":"a","plan":"b"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorCode(), "invalid_json");
  EXPECT_EQ(DataValue(group_, "Plan", user_), "NULL");
}

TEST_F(DataListenerTest, ArraysNameSeveralTargetsAndReportTheAbsent) {
  std::string other = UniqueEmail();
  int64_t other_id = CreateUser(other);
  ListenerFixture many = CreateListener(
      "data", "users", {"--group", group_, "--identify", "email=/emails"});
  HttpResponse r = Deliver(many, R"({"emails":[")" + email_ + R"(",")" +
                                     other + R"(","nobody@example.com"],)"
                                     R"("count":77})");
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> outcomes = r.Outcomes();
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[2], "0:not_found");
  EXPECT_EQ(r.json["targets"][2]["identifier"].GetString(),
            std::string("nobody@example.com"));
  EXPECT_EQ(DataValue(group_, "Count", user_), "77");
  EXPECT_EQ(DataValue(group_, "Count", other_id), "77");
}

TEST_F(DataListenerTest, EmailsMatchWithoutRegardToCase) {
  std::string upper = email_;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  HttpResponse r = Deliver(listener_, R"({"email":")" + upper + R"(","count":3})");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(user_) + ":applied"});
}

TEST_F(DataListenerTest, AllTargetsAbsentIsStillA200) {
  HttpResponse r =
      Deliver(listener_, R"({"email":"ghost@example.com","count":1})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{"0:not_found"});
}

TEST_F(DataListenerTest, IdentifyByIdFromTheQueryString) {
  ListenerFixture by_query = CreateListener(
      "data", "users", {"--group", group_, "--identify", "id=query:user"});
  HttpResponse r = Deliver(by_query, R"({"plan":"q"})", {},
                           "?user=" + std::to_string(user_) + "&user=999999");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            (std::vector<std::string>{std::to_string(user_) + ":applied",
                                      "999999:not_found"}));
  EXPECT_EQ(DataValue(group_, "Plan", user_), "q");
}

TEST(DataTargetsTest, ProjectScopeReachesOnlyParticipants) {
  int64_t project = CreateProject();
  std::string in = UniqueEmail("in"), out = UniqueEmail("out");
  int64_t in_id = CreateUser(in, "member", {project});
  int64_t out_id = CreateUser(out);
  std::string group = CreateGroup("users", {{"Score", "/score", "integer"}});
  ListenerFixture l = CreateListener(
      "data", "users",
      {"--group", group, "--identify", "email=/who",
       "--scope", "project:" + std::to_string(project)});
  HttpResponse r = Deliver(l, R"({"who":[")" + in + R"(",")" + out +
                                  R"("],"score":8})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            (std::vector<std::string>{std::to_string(in_id) + ":applied",
                                      "0:not_found"}));
  EXPECT_EQ(DataValue(group, "Score", in_id), "8");
  EXPECT_EQ(DataValue(group, "Score", out_id), "NULL");
  // One identifier at a time takes another query shape: same answers.
  r = Deliver(l, R"({"who":")" + out + R"(","score":9})");
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{"0:not_found"});
  r = Deliver(l, R"({"who":")" + in + R"(","score":9})");
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(in_id) + ":applied"});
  EXPECT_EQ(DataValue(group, "Score", in_id), "9");
  EXPECT_EQ(DataValue(group, "Score", out_id), "NULL");
}

TEST(DataTargetsTest, FeedbackAndProjectsById) {
  int64_t project = CreateProject();
  std::string author = UniqueEmail("author");
  CreateUser(author, "member", {project});
  int64_t ticket = CreateFeedback(project, author);
  int64_t other_project = CreateProject();
  int64_t foreign_ticket = CreateFeedback(other_project, author);

  std::string fgroup = CreateGroup("feedback", {{"Votes", "/votes", "integer"}});
  ListenerFixture fl = CreateListener(
      "data", "feedback",
      {"--group", fgroup, "--scope", "project:" + std::to_string(project)});
  HttpResponse r =
      Deliver(fl, R"({"feedback_id":[)" + std::to_string(ticket) + "," +
                      std::to_string(foreign_ticket) + R"(],"votes":4})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            (std::vector<std::string>{
                std::to_string(ticket) + ":applied",
                std::to_string(foreign_ticket) + ":not_found"}))
      << "a ticket of another project is out of scope";
  EXPECT_EQ(DataValue(fgroup, "Votes", ticket), "4");
  EXPECT_EQ(DataValue(fgroup, "Votes", foreign_ticket), "NULL");

  std::string pgroup = CreateGroup("projects", {{"Stage", "/stage", "string"}});
  ListenerFixture pl = CreateListener("data", "projects", {"--group", pgroup});
  r = Deliver(pl, R"({"project_id":")" + std::to_string(project) +
                      R"(","stage":"beta"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(DataValue(pgroup, "Stage", project), "beta");
}

// Jira: a first listener links a ticket to its Jira issue (by ticket id in
// the query), a second finds the ticket from the issue key alone.
TEST(DataTargetsTest, JiraIssueUpdatedFindsItsTicketByExternalData) {
  int64_t project = CreateProject();
  std::string author = UniqueEmail("jira");
  CreateUser(author, "member", {project});
  int64_t ticket = CreateFeedback(project, author, "Crash on start");
  std::string scope = "project:" + std::to_string(project);
  std::string jira = CreateGroup(
      "feedback", {{"IssueKey", "/issue/key", "string"},
                   {"Status", "/issue/fields/status/name", "string"},
                   {"Updated", "/issue/fields/updated", "datetime"},
                   {"Points", "/issue/fields/customfield_10016", "integer"},
                   {"Flagged", "/issue/fields/flagged", "boolean"},
                   {"Seen", "/timestamp", "datetime"}});
  ListenerFixture link = CreateListener(
      "data", "feedback",
      {"--group", jira, "--scope", scope, "--identify", "id=query:ticket"});
  ListenerFixture sync = CreateListener(
      "data", "feedback",
      {"--group", jira, "--scope", scope, "--identify",
       "data:" + jira + ".IssueKey=/issue/key"});
  const std::string payload = R"({
    "timestamp": 1764237600123,
    "webhookEvent": "jira:issue_updated",
    "issue_event_type_name": "issue_generic",
    "user": {"accountId": "5b10ac8d82e05b22cc7d4ef5",
             "displayName": "Bob", "emailAddress": "bob@example.com"},
    "issue": {"id": "10002", "key": "BETA-12",
      "fields": {"summary": "Crash on start",
                 "status": {"name": "In Progress", "id": "3"},
                 "priority": {"name": "High"},
                 "updated": "2026-11-27T10:00:00.000+0100",
                 "customfield_10016": 5, "flagged": "true",
                 "resolution": null}},
    "changelog": {"id": "10400", "items": [{"field": "status",
                  "fromString": "To Do", "toString": "In Progress"}]}
  })";
  HttpResponse r = Deliver(link, payload, {}, "?ticket=" + std::to_string(ticket));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(DataValue(jira, "IssueKey", ticket), "BETA-12");

  std::string later = payload;
  later.replace(later.find("In Progress"), 11, "Done");
  r = Deliver(sync, later,
              {{"X-Atlassian-Webhook-Identifier", Unique("jira-delivery")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(ticket) + ":applied"});
  EXPECT_EQ(DataValue(jira, "Status", ticket), "Done");
  EXPECT_EQ(DataValue(jira, "Updated", ticket), "2026-11-27T09:00:00Z");
  EXPECT_EQ(DataValue(jira, "Points", ticket), "5");
  EXPECT_EQ(DataValue(jira, "Flagged", ticket), "true");
  EXPECT_EQ(DataValue(jira, "Seen", ticket), "2025-11-27T10:00:00.123Z");

  r = Deliver(sync, R"({"issue":{"key":"BETA-999"}})");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{"0:not_found"});
}

// GitHub: an issues event keyed by the issue number (an integer field).
TEST(DataTargetsTest, GithubIssueClosedByNumber) {
  int64_t project = CreateProject();
  std::string author = UniqueEmail("gh");
  CreateUser(author, "member", {project});
  int64_t ticket = CreateFeedback(project, author, "Button broken");
  std::string scope = "project:" + std::to_string(project);
  std::string gh = CreateGroup(
      "feedback", {{"Issue", "/issue/number", "integer"},
                   {"State", "/issue/state", "string"},
                   {"ClosedAt", "/issue/closed_at", "datetime"},
                   {"Repo", "/repository/full_name", "string"}});
  ListenerFixture link = CreateListener(
      "data", "feedback",
      {"--group", gh, "--scope", scope, "--identify", "id=query:ticket"});
  ASSERT_EQ(Deliver(link, R"({"issue":{"number":42,"state":"open","closed_at":null}})",
                    {}, "?ticket=" + std::to_string(ticket))
                .status,
            200);
  ListenerFixture sync = CreateListener(
      "data", "feedback",
      {"--group", gh, "--scope", scope, "--identify",
       "data:" + gh + ".Issue=/issue/number"});
  HttpResponse r = Deliver(sync, R"({
    "action": "closed",
    "issue": {"number": 42, "title": "Button broken", "state": "closed",
              "closed_at": "2026-11-27T10:11:12Z",
              "user": {"login": "octocat", "id": 1}, "labels": []},
    "repository": {"id": 1296269, "full_name": "octocat/Hello-World"},
    "sender": {"login": "octocat"}
  })", {{"X-GitHub-Delivery", Unique("gh")}, {"X-GitHub-Event", "issues"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(ticket) + ":applied"});
  EXPECT_EQ(DataValue(gh, "State", ticket), "closed");
  EXPECT_EQ(DataValue(gh, "ClosedAt", ticket), "2026-11-27T10:11:12Z");
  EXPECT_EQ(DataValue(gh, "Repo", ticket), "octocat/Hello-World");
}

TEST(DataHostileTest, SqlAndControlCharactersAreStoredVerbatim) {
  std::string group = CreateGroup("users", {{"Note", "/note", "string"}});
  std::string email = UniqueEmail();
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  const std::string hostile =
      "'; DROP TABLE users; -- \\\" /* */ `x` \\u0000 \\n \\t \xc3\xa9";
  HttpResponse r =
      Deliver(l, R"({"email":")" + email + R"(","note":")" + hostile + "\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string stored = DataValue(group, "Note", user);
  EXPECT_EQ(stored, std::string("'; DROP TABLE users; -- \" /* */ `x` ") +
                        std::string(1, '\0') + " \n \t \xc3\xa9");
  EXPECT_GT(Stack::Get().Count("SELECT COUNT(*) FROM users"), 0);

  // An identifier full of SQL finds nobody and breaks nothing.
  r = Deliver(l, R"({"email":"x' OR '1'='1","note":"y"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{"0:not_found"});
}

}  // namespace
}  // namespace earshot::test
