// The comment listener end to end: comments on users at both scopes and on
// tickets, popularity, follow notifications, refusals, real payloads.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

int64_t Comments(const std::string& where, const std::vector<SqlParam>& p) {
  return Stack::Get().Count("SELECT COUNT(*) FROM comments WHERE " + where, p);
}

int64_t Notifications() {
  return Stack::Get().Count("SELECT COUNT(*) FROM outbox");
}

std::string Popularity(int64_t ticket) {
  return Stack::Get().Value("SELECT popularity FROM feedback WHERE id = ?",
                            {SqlParam::Int(ticket)});
}

class CommentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = CreateProject();
    scope_ = "project:" + std::to_string(project_);
    manager_ = UniqueEmail("pm");
    manager_id_ = CreateUser(manager_, "manager", {project_});
    member_ = UniqueEmail("member");
    member_id_ = CreateUser(member_, "member", {project_});
    ticket_ = CreateFeedback(project_, member_, "Crash \"on\" start");
  }

  int64_t project_ = 0, manager_id_ = 0, member_id_ = 0, ticket_ = 0;
  std::string scope_, manager_, member_;
};

TEST_F(CommentTest, CommunityLevelCommentOnAUser) {
  ListenerFixture l = CreateListener(
      "comment", "users",
      {"--identify", "email=/user", "--author-field", "/author",
       "--comment-field", "/text"});
  HttpResponse r = Deliver(l, R"({"user":")" + member_ + R"(","author":")" +
                                  manager_ + R"(","text":"<b>Great</b> tester"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(member_id_) + ":applied"});
  EXPECT_EQ(Comments("user_id = ? AND project_id IS NULL AND author_id = ? AND "
                     "body = '<b>Great</b> tester'",
                     {SqlParam::Int(member_id_), SqlParam::Int(manager_id_)}),
            1)
      << "stored as received, community level";
  CommandResult list =
      Stack::Get().CtlOk({"comments", "list", "users", std::to_string(member_id_)});
  EXPECT_NE(list.out.find("<b>Great</b> tester"), std::string::npos) << list.out;
}

TEST_F(CommentTest, ProjectLevelCommentUnderAProjectScope) {
  std::string outsider = UniqueEmail("outsider");
  int64_t outsider_id = CreateUser(outsider);
  ListenerFixture l = CreateListener(
      "comment", "users",
      {"--scope", scope_, "--identify", "email=/users", "--author", manager_,
       "--comment-field", "/note"});
  HttpResponse r = Deliver(l, R"({"users":[")" + member_ + R"(",")" +
                                  outsider + R"("],"note":"Thanks!"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            (std::vector<std::string>{std::to_string(member_id_) + ":applied",
                                      "0:not_found"}));
  EXPECT_EQ(Comments("user_id = ? AND project_id = ?",
                     {SqlParam::Int(member_id_), SqlParam::Int(project_)}),
            1);
  EXPECT_EQ(Comments("user_id = ?", {SqlParam::Int(outsider_id)}), 0);
}

TEST_F(CommentTest, TicketCommentRaisesPopularityAndNotifiesFollowersButNotTheAuthor) {
  std::string f1 = UniqueEmail("f1"), f2 = UniqueEmail("f2");
  CreateUser(f1, "member", {project_});
  CreateUser(f2, "member", {project_});
  for (const std::string& who : {f1, f2, manager_}) {
    Stack::Get().CtlOk({"follow", std::to_string(ticket_), who});
  }
  ListenerFixture l = CreateListener(
      "comment", "feedback",
      {"--scope", scope_, "--author-field", "/author", "--comment-field",
       "/text"});
  int64_t outbox_before = Notifications();
  HttpResponse r = Deliver(l, R"({"feedback_id":)" + std::to_string(ticket_) +
                                  R"(,"author":")" + manager_ +
                                  R"(","text":"Fixed in 2.3"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Popularity(ticket_), "1");
  EXPECT_EQ(Notifications(), outbox_before + 2);
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM outbox WHERE recipient IN (?, ?) AND "
                "kind = 'email' AND state = 'pending' AND "
                "LOCATE('Fixed in 2.3', body) > 0 AND "
                "LOCATE('Crash \"on\" start', subject) > 0",
                {SqlParam::Text(f1), SqlParam::Text(f2)}),
            2);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE recipient = ?",
                               {SqlParam::Text(manager_)}),
            0)
      << "the author is not notified of their own comment";
  CommandResult list = Stack::Get().CtlOk(
      {"comments", "list", "feedback", std::to_string(ticket_)});
  EXPECT_NE(list.out.find("Fixed in 2.3"), std::string::npos);
}

TEST_F(CommentTest, PopularityWeightIsConfigurable) {
  ListenerFixture l = CreateListener(
      "comment", "feedback",
      {"--scope", scope_, "--author", manager_, "--comment-field", "/c",
       "--popularity-weight", "3"});
  ASSERT_EQ(Deliver(l, R"({"feedback_id":)" + std::to_string(ticket_) +
                           R"(,"c":"+3"})")
                .status,
            200);
  EXPECT_EQ(Popularity(ticket_), "3");
}

TEST_F(CommentTest, RefusalsWriteNothingButTheEvent) {
  ListenerFixture l = CreateListener(
      "comment", "feedback",
      {"--scope", scope_, "--author-field", "/author", "--comment-field",
       "/text"});
  Stack::Get().CtlOk({"follow", std::to_string(ticket_), member_});
  std::string disabled_admin = UniqueEmail("gone");
  CreateUser(disabled_admin, "admin");
  {
    auto db = Stack::Get().Db();
    ASSERT_TRUE(db->Run("UPDATE users SET status = 'disabled' WHERE email = ?",
                        {SqlParam::Text(disabled_admin)}, nullptr)
                    .ok());
    ASSERT_TRUE(db->Commit().ok());
  }
  const std::string id = std::to_string(ticket_);
  struct Case {
    std::string body, code;
  };
  std::vector<Case> cases = {
      {R"({"feedback_id":)" + id + R"(,"author":")" + member_ + R"(","text":"x"})",
       "author_not_allowed"},
      {R"({"feedback_id":)" + id + R"(,"author":")" + disabled_admin +
           R"(","text":"x"})",
       "author_not_allowed"},
      {R"({"feedback_id":)" + id + R"(,"author":"nobody@example.com","text":"x"})",
       "author_not_allowed"},
      {R"({"feedback_id":)" + id + R"(,"text":"x"})", "missing_identifier"},
      {R"({"feedback_id":)" + id + R"(,"author":")" + manager_ + R"(","text":""})",
       "invalid_value"},
      {R"({"feedback_id":)" + id + R"(,"author":")" + manager_ + R"(","text":5})",
       "invalid_value"},
      {R"({"feedback_id":)" + id + R"(,"author":")" + manager_ + R"("})",
       "invalid_value"},
      {R"({"feedback_id":)" + id + R"(,"author":")" + manager_ + R"(","text":")" +
           std::string(65536, 'x') + "\"}",
       "invalid_value"},
      {R"({"author":")" + manager_ + R"(","text":"x"})", "missing_identifier"},
  };
  int64_t outbox_before = Notifications();
  for (const Case& c : cases) {
    HttpResponse r = Deliver(l, c.body);
    EXPECT_EQ(r.status, 422) << c.body.substr(0, 200);
    EXPECT_EQ(r.ErrorCode(), c.code) << c.body.substr(0, 200);
    EXPECT_GT(r.Event(), 0);
  }
  EXPECT_EQ(Popularity(ticket_), "0");
  EXPECT_EQ(Comments("feedback_id = ?", {SqlParam::Int(ticket_)}), 0);
  EXPECT_EQ(Notifications(), outbox_before);
  EXPECT_EQ(EventCount(l.key, 422), static_cast<int64_t>(cases.size()));
  // The longest allowed comment is accepted.
  HttpResponse ok = Deliver(l, R"({"feedback_id":)" + id + R"(,"author":")" +
                                   manager_ + R"(","text":")" +
                                   std::string(65535, 'y') + "\"}");
  EXPECT_EQ(ok.status, 200) << ok.body.substr(0, 300);
}

TEST_F(CommentTest, JiraCommentCreatedMapsByNestedPointers) {
  std::string jira = CreateGroup("feedback", {{"IssueKey", "/issue/key", "string"}});
  ListenerFixture link = CreateListener(
      "data", "feedback",
      {"--group", jira, "--scope", scope_, "--identify", "id=query:ticket"});
  ASSERT_EQ(Deliver(link, R"({"issue":{"key":"BETA-77"}})", {},
                    "?ticket=" + std::to_string(ticket_))
                .status,
            200);
  ListenerFixture l = CreateListener(
      "comment", "feedback",
      {"--scope", scope_, "--identify", "data:" + jira + ".IssueKey=/issue/key",
       "--author-field", "/comment/author/emailAddress", "--comment-field",
       "/comment/body"});
  HttpResponse r = Deliver(l, R"({
    "timestamp": 1764237600123,
    "webhookEvent": "comment_created",
    "comment": {
      "id": "10001",
      "self": "https://acme.atlassian.net/rest/api/2/issue/10002/comment/10001",
      "author": {"accountId": "5b10a2844c20165700ede21g",
                 "displayName": "Pat Manager", "emailAddress": ")" + manager_ + R"("},
      "body": "Reproduced on 2.2; fixed in 2.3.\n\nThanks!",
      "created": "2026-11-27T10:00:00.000+0100"
    },
    "issue": {"id": "10002", "key": "BETA-77",
              "fields": {"summary": "Crash on start"}}
  })", {{"X-Atlassian-Webhook-Identifier", Unique("jira")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(ticket_) + ":applied"});
  EXPECT_EQ(Comments("feedback_id = ? AND author_id = ? AND body = ?",
                     {SqlParam::Int(ticket_), SqlParam::Int(manager_id_),
                      SqlParam::Text("Reproduced on 2.2; fixed in 2.3.\n\nThanks!")}),
            1);
  EXPECT_EQ(Popularity(ticket_), "1");
}

TEST_F(CommentTest, GithubIssueCommentWithAFixedAuthor) {
  std::string gh = CreateGroup("feedback", {{"Issue", "/issue/number", "integer"}});
  ListenerFixture link = CreateListener(
      "data", "feedback",
      {"--group", gh, "--scope", scope_, "--identify", "id=query:ticket"});
  ASSERT_EQ(Deliver(link, R"({"issue":{"number":4242}})", {},
                    "?ticket=" + std::to_string(ticket_))
                .status,
            200);
  ListenerFixture l = CreateListener(
      "comment", "feedback",
      {"--scope", scope_, "--identify", "data:" + gh + ".Issue=/issue/number",
       "--author", manager_, "--comment-field", "/comment/body"});
  HttpResponse r = Deliver(l, R"({
    "action": "created",
    "issue": {"number": 4242, "title": "Crash on start", "state": "open"},
    "comment": {"id": 1, "body": "I can reproduce this.",
                "user": {"login": "octocat", "id": 583231}},
    "repository": {"full_name": "octocat/Hello-World"},
    "sender": {"login": "octocat"}
  })", {{"X-GitHub-Delivery", Unique("gh")}, {"X-GitHub-Event", "issue_comment"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Comments("feedback_id = ? AND body = 'I can reproduce this.'",
                     {SqlParam::Int(ticket_)}),
            1);
}

TEST_F(CommentTest, HundredConcurrentCommentsRaisePopularityByExactlyHundred) {
  ListenerFixture l = CreateListener(
      "comment", "feedback",
      {"--scope", scope_, "--author", manager_, "--comment-field", "/c"});
  std::atomic<int> next{0}, ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < 100; i = next++) {
        HttpResponse r = Deliver(l, R"({"feedback_id":)" + std::to_string(ticket_) +
                                        R"(,"c":"comment )" + std::to_string(i) +
                                        "\"}");
        if (r.status == 200) ++ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 100);
  EXPECT_EQ(Popularity(ticket_), "100");
  EXPECT_EQ(Comments("feedback_id = ?", {SqlParam::Int(ticket_)}), 100);
}

}  // namespace
}  // namespace earshot::test
