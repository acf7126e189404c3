// The issue's acceptance scenario: a GitHub `issues` "closed" delivery
// runs a macro that sets the linked ticket's status, scores its author,
// emails its followers and calls a webhook; a worker is killed (SIGKILL)
// mid-run, in the middle of the webhook's request, and another takes over.
// Every email arrives exactly once; the webhook's one message arrives
// once more at most, with the same webhook-id, so the receiver (which
// drops a webhook-id it already accepted, as Standard Webhooks asks)
// processes it exactly once. A redelivery of the GitHub event by GitHub
// changes nothing.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "common/auth/crypto.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

std::string Str(int64_t n) { return std::to_string(n); }

TEST(MacroGithubTest, ClosedIssueClosesTicketScoresAuthorNotifiesFollowers) {
  Stack& stack = Stack::Get();
  SmtpSink smtp;
  WebhookReceiver receiver(/*fail_first=*/0, /*delay_ms=*/800);

  int64_t project = CreateProject();
  std::string author = UniqueEmail("author");
  int64_t author_id = CreateUser(author, "member", {project});
  int64_t ticket = CreateFeedback(project, author, "Export \"CSV\" fails");
  std::vector<std::string> followers;
  for (int i = 0; i < 3; ++i) {
    followers.push_back(UniqueEmail("follower"));
    CreateUser(followers.back(), "member", {project});
    stack.CtlOk({"follow", Str(ticket), followers.back()});
  }
  // The ticket is linked to GitHub issue N through external data.
  std::string group =
      CreateGroup("feedback", {{"Issue", "/issue/number", "integer"}});
  const int64_t issue = 4000 + ticket;
  ListenerFixture link =
      CreateListener("data", "feedback",
                     {"--group", group, "--scope", "project:" + Str(project)});
  ASSERT_EQ(Deliver(link, R"({"feedback_id":)" + Str(ticket) +
                              R"(,"issue":{"number":)" + Str(issue) + "}}")
                .status,
            200);

  std::string macro = CreateMacro("feedback", R"({"actions":[
    {"type":"status","value":"{{payload:/issue/state}}"},
    {"type":"score","points":10},
    {"type":"email","to":"followers","subject":"\"{{feedback.title}}\" is {{feedback.status}}",
     "body":"GitHub issue #{{payload:/issue/number}} was closed by {{payload:/sender/login}}.\n{{payload:/issue/html_url}}"},
    {"type":"webhook","url":")" + receiver.url("/earshot") +
                                                  R"(",
     "body":{"event":"feedback.{{feedback.status}}","feedback":{"id":"{{feedback.id}}","title":"{{feedback.title}}"},
             "author":{"email":"{{author.email}}","score":"{{author.score}}"},"issue":"{{payload:/issue/number}}"}}]})");
  const std::string secret = "github-secret-" + Unique("s");
  ListenerFixture l =
      CreateListener("macro", "feedback",
                     {"--macro", macro, "--scope", "project:" + Str(project),
                      "--identify", "data:" + group + ".Issue=/issue/number",
                      "--signature", "github", "--secret", secret});

  const std::string body =
      R"({"action":"closed","issue":{"number":)" + Str(issue) +
      R"(,"title":"Export CSV fails","state":"closed","html_url":"https://github.com/acme/app/issues/)" +
      Str(issue) +
      R"("},"repository":{"full_name":"acme/app"},"sender":{"login":"octocat"}})";
  const Headers headers = {
      {"X-GitHub-Event", "issues"},
      {"X-GitHub-Delivery", Unique("gh-delivery")},
      {"X-Hub-Signature-256", "sha256=" + HexEncode(HmacSha256(secret, body))}};
  HttpResponse r = Deliver(l, body, headers);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{Str(ticket) + ":applied"});
  EXPECT_EQ(stack.Value("SELECT status FROM feedback WHERE id = ?",
                        {SqlParam::Int(ticket)}),
            "closed");
  EXPECT_EQ(stack.Value("SELECT score FROM users WHERE id = ?",
                        {SqlParam::Int(author_id)}),
            "10");
  const std::string origin = "macro " + macro;
  EXPECT_EQ(stack.Count("SELECT COUNT(*) FROM outbox WHERE origin = ?",
                        {SqlParam::Text(origin)}),
            4);
  // GitHub redelivers the same event: answered as before, nothing more.
  HttpResponse again = Deliver(l, body, headers);
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(again.Duplicate());
  EXPECT_EQ(stack.Count("SELECT COUNT(*) FROM outbox WHERE origin = ?",
                        {SqlParam::Text(origin)}),
            4);
  EXPECT_EQ(stack.Value("SELECT score FROM users WHERE id = ?",
                        {SqlParam::Int(author_id)}),
            "10");

  // Worker A sends the emails and records them, then is killed while the
  // slow receiver holds the webhook's request. (A worker sends all at
  // once: an email sent but not yet recorded at the kill would rightly be
  // sent again, at least once.)
  const std::string smtp_config = "smtp_url = " + smtp.url();
  OutboxWorker a(smtp_config);
  a.Start();
  ASSERT_TRUE(WaitFor(
      [&] {
        return !receiver.Requests().empty() &&
               stack.Count(
                   "SELECT COUNT(*) FROM outbox WHERE origin = ? AND "
                   "kind = 'email' AND state = 'sent'",
                   {SqlParam::Text(origin)}) == 3;
      },
      20000))
      << a.log();
  a.Kill();
  // Worker B takes over; the webhook waits out A's lease (3 s) first.
  OutboxWorker b(smtp_config);
  b.Start();
  auto sent = [&] {
    return stack.Count(
               "SELECT COUNT(*) FROM outbox WHERE origin = ? AND "
               "state = 'sent'",
               {SqlParam::Text(origin)}) == 4;
  };
  ASSERT_TRUE(WaitFor(sent, 30000)) << b.log();
  EXPECT_TRUE(b.Stop());

  for (const std::string& f : followers) {
    std::vector<SmtpSink::Mail> mails = smtp.MessagesTo(f);
    ASSERT_EQ(mails.size(), 1u) << f;
    EXPECT_EQ(mails[0].subject, "\"Export \"CSV\" fails\" is closed");
    EXPECT_EQ(mails[0].body, "GitHub issue #" + Str(issue) +
                                 " was closed by octocat.\n"
                                 "https://github.com/acme/app/issues/" +
                                 Str(issue) + "\n");
  }
  EXPECT_TRUE(smtp.MessagesTo(author).empty());

  std::vector<WebhookReceiver::Request> got = receiver.Requests();
  ASSERT_GE(got.size(), 1u);
  ASSERT_LE(got.size(), 2u) << "only the message in hand at the kill repeats";
  int processed = 0;
  for (const auto& req : got) {
    EXPECT_EQ(req.webhook_id, got[0].webhook_id) << "one message, one id";
    EXPECT_EQ(req.body, got[0].body);
    EXPECT_TRUE(SignatureMatches(
        stack.Value("SELECT secret FROM outbox WHERE message_id = ?",
                    {SqlParam::Text(req.webhook_id)}),
        req.webhook_id, req.headers.at("webhook-timestamp"), req.body,
        req.headers.at("webhook-signature")));
    processed += !req.duplicate;
  }
  EXPECT_EQ(processed, 1) << "a receiver deduping on webhook-id acts once";
  rapidjson::Document doc;
  doc.Parse(got[0].body.c_str());
  ASSERT_TRUE(doc.IsObject()) << got[0].body;
  EXPECT_EQ(std::string(doc["event"].GetString()), "feedback.closed");
  EXPECT_EQ(std::string(doc["feedback"]["title"].GetString()),
            "Export \"CSV\" fails");
  EXPECT_EQ(doc["feedback"]["id"].GetInt64(), ticket);
  EXPECT_EQ(doc["author"]["score"].GetInt64(), 10);
  EXPECT_EQ(doc["issue"].GetInt64(), issue);
  std::cerr << "webhook arrivals: " << got.size() << " (one processed)\n";
}

}  // namespace
}  // namespace earshot::test
