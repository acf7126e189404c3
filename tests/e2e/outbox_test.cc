// earshot-outbox end to end: email over real SMTP (and .eml files without
// a relay), signed webhooks checked independently, retries with backoff,
// dead messages and `outbox retry`, two workers racing over 500 messages,
// graceful stop, and the comment listener's follow notifications.

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <signal.h>

#include <fstream>
#include <set>
#include <sstream>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

std::string Str(int64_t n) { return std::to_string(n); }

int64_t OutboxId(const std::string& recipient) {
  return Stack::Get().Count(
      "SELECT COALESCE(MAX(id), 0) FROM outbox WHERE recipient = ?",
      {SqlParam::Text(recipient)});
}

// A users macro listener whose macro is `actions`, and a user for it.
struct UserMacro {
  ListenerFixture listener;
  std::string email;
  int64_t user = 0;
};

UserMacro MakeUserMacro(const std::string& actions) {
  UserMacro m;
  m.email = UniqueEmail("rcpt");
  m.user = CreateUser(m.email);
  std::string macro = CreateMacro("users", R"({"actions":[)" + actions + "]}");
  m.listener = CreateListener("macro", "users", {"--macro", macro});
  return m;
}

TEST(OutboxTest, EmailReachesARealSmtpServerWithTheFilledTemplate) {
  SmtpSink smtp;
  UserMacro m = MakeUserMacro(
      R"({"type":"score","points":3},
         {"type":"email","to":"target","subject":"Caf\u00e9 for {{user.name}}",
          "body":"Hello {{user.name}},\nyour score is {{user.score}}.\n.\nBye"})");
  ASSERT_EQ(Deliver(m.listener, R"({"email":")" + m.email + R"("})").status,
            200);
  int64_t id = OutboxId(m.email);
  ASSERT_GT(id, 0);
  OutboxWorker worker("smtp_url = " + smtp.url() +
                      "\nmail_from = earshot@example.org");
  worker.RunOnce();
  ASSERT_EQ(OutboxColumn(id, "state"), "sent");
  std::vector<SmtpSink::Mail> mails = smtp.MessagesTo(m.email);
  ASSERT_EQ(mails.size(), 1u);
  const SmtpSink::Mail& mail = mails[0];
  EXPECT_EQ(mail.mail_from, "earshot@example.org");
  EXPECT_EQ(mail.to, m.email);
  EXPECT_EQ(mail.subject, "Caf\xC3\xA9 for Name of " + m.email);
  EXPECT_EQ(mail.body,
            "Hello Name of " + m.email + ",\nyour score is 3.\n.\nBye\n");
  EXPECT_EQ(mail.message_id,
            "<" + OutboxColumn(id, "message_id") + "@example.org>");
  EXPECT_EQ(AttemptCount(id, "error IS NULL"), 1);
}

TEST(OutboxTest, WithoutARelayEmailsAreEmlFiles) {
  UserMacro m = MakeUserMacro(
      R"({"type":"email","to":"target","subject":"Hi","body":"Plain body"})");
  ASSERT_EQ(Deliver(m.listener, R"({"email":")" + m.email + R"("})").status,
            200);
  int64_t id = OutboxId(m.email);
  OutboxWorker worker;
  worker.RunOnce();
  ASSERT_EQ(OutboxColumn(id, "state"), "sent");
  std::ifstream in(Stack::Get().var() + "/mail/" +
                   OutboxColumn(id, "message_id") + ".eml");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("To: " + m.email + "\r\n"), std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("\r\n\r\nPlain body\r\n"), std::string::npos);
}

TEST(OutboxTest, WebhooksAreSignedPerStandardWebhooks) {
  WebhookReceiver receiver;
  std::string secret =
      "whsec_" + std::string("c2VjcmV0LWZvci1lYXJzaG90LXRlc3Rz");
  UserMacro m =
      MakeUserMacro(R"({"type":"webhook","url":")" + receiver.url("/in?x=1") +
                    R"(","headers":{"X-Source":"earshot {{user.id}}"},
          "body":{"email":"{{user.email}}","score":"{{user.score}}"}})");
  // This macro's own secret.
  std::string macro = Stack::Get().Value(
      "SELECT m.name FROM macros m JOIN listeners l ON l.macro_id = m.id "
      "WHERE l.listener_key = ?",
      {SqlParam::Text(m.listener.key)});
  std::string path = Stack::Get().var() + "/" + Unique("m") + ".json";
  Stack::Get().Run(
      {"/bin/sh", "-c", "cat > " + path}, {},
      R"({"webhook_secret":")" + secret +
          R"(","actions":[{"type":"webhook","url":")" +
          receiver.url("/in?x=1") +
          R"(","headers":{"X-Source":"earshot {{user.id}}"},"body":{"email":"{{user.email}}","score":"{{user.score}}"}}]})");
  Stack::Get().CtlOk({"macro", "update", macro, "--file", path});
  ASSERT_EQ(Deliver(m.listener, R"({"email":")" + m.email + R"("})").status,
            200);
  OutboxWorker worker;
  worker.RunOnce();
  std::vector<WebhookReceiver::Request> got = receiver.Requests();
  ASSERT_EQ(got.size(), 1u);
  const WebhookReceiver::Request& r = got[0];
  EXPECT_EQ(r.path, "/in?x=1");
  EXPECT_EQ(r.body, R"({"email":")" + m.email + R"(","score":0})");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("x-source"), "earshot " + Str(m.user));
  EXPECT_EQ(r.webhook_id.rfind("msg_", 0), 0u);
  int64_t ts = std::stoll(r.headers.at("webhook-timestamp"));
  EXPECT_LE(std::abs(ts - static_cast<int64_t>(std::time(nullptr))), 60);
  EXPECT_TRUE(SignatureMatches(secret, r.webhook_id,
                               r.headers.at("webhook-timestamp"), r.body,
                               r.headers.at("webhook-signature")))
      << r.headers.at("webhook-signature");
  EXPECT_FALSE(SignatureMatches(kInstallWebhookSecret, r.webhook_id,
                                r.headers.at("webhook-timestamp"), r.body,
                                r.headers.at("webhook-signature")));
}

TEST(OutboxTest, WithoutAMacroSecretTheInstallsSigns) {
  WebhookReceiver receiver;
  int64_t id =
      QueueWebhook(receiver.url(), R"({"a":1})", "msg_" + Unique("inst"));
  OutboxWorker worker;
  worker.RunOnce();
  ASSERT_EQ(OutboxColumn(id, "state"), "sent");
  std::vector<WebhookReceiver::Request> got = receiver.Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(SignatureMatches(kInstallWebhookSecret, got[0].webhook_id,
                               got[0].headers.at("webhook-timestamp"),
                               got[0].body,
                               got[0].headers.at("webhook-signature")));
}

TEST(OutboxTest, AReceiverFailingTwiceGetsExactlyOneSuccessfulDelivery) {
  WebhookReceiver receiver(/*fail_first=*/2);
  std::string message_id = "msg_" + Unique("twice");
  int64_t id = QueueWebhook(receiver.url(), R"({"n":1})", message_id);
  OutboxWorker worker;
  worker.Start();
  // Retries after ~20 ms, then ~1.2 s (the schedule scaled to 20 ms).
  ASSERT_TRUE(
      WaitFor([&] { return OutboxColumn(id, "state") == "sent"; }, 15000))
      << worker.log();
  EXPECT_TRUE(worker.Stop());
  std::vector<WebhookReceiver::Request> got = receiver.Requests();
  ASSERT_EQ(got.size(), 3u);
  int successes = 0;
  for (const auto& r : got) {
    EXPECT_EQ(r.webhook_id, message_id) << "the id never changes";
    successes += r.status == 200;
  }
  EXPECT_EQ(successes, 1);
  EXPECT_EQ(got.back().status, 200);
  EXPECT_EQ(Stack::Get().Count("SELECT attempts FROM outbox WHERE id = ?",
                               {SqlParam::Int(id)}),
            3);
  EXPECT_EQ(AttemptCount(id, "error LIKE 'HTTP 500%'"), 2);
  EXPECT_EQ(AttemptCount(id, "error IS NULL"), 1);
}

TEST(OutboxTest, DeadAfterTheLastAttemptThenRetriedByTheOperator) {
  WebhookReceiver receiver(/*fail_first=*/2);
  int64_t id = QueueWebhook(receiver.url(), "{}", "msg_" + Unique("dead"));
  OutboxWorker worker("outbox_max_attempts = 2");
  worker.Start();
  ASSERT_TRUE(
      WaitFor([&] { return OutboxColumn(id, "state") == "dead"; }, 15000))
      << worker.log();
  worker.Stop();
  CommandResult dead = Stack::Get().CtlOk(
      {"outbox", "list", "--state", "dead", "--limit", "1000"});
  bool listed = false;
  for (const auto& row : dead.json.GetArray()) {
    if (row["id"].GetInt64() == id) {
      listed = true;
      EXPECT_NE(std::string(row["last_error"].GetString()).find("HTTP 500"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(listed);
  CommandResult shown = Stack::Get().CtlOk({"outbox", "show", Str(id)});
  EXPECT_EQ(shown.json["attempt_log"].Size(), 2u);
  // Sent messages cannot be retried; dead ones can, with a fresh budget.
  Stack::Get().CtlOk({"outbox", "retry", Str(id)});
  EXPECT_EQ(OutboxColumn(id, "state"), "pending");
  worker.RunOnce();
  EXPECT_EQ(OutboxColumn(id, "state"), "sent");
  CommandResult again = Stack::Get().Ctl({"outbox", "retry", Str(id)});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already sent"), std::string::npos);
  EXPECT_EQ(Stack::Get().Ctl({"outbox", "retry", "999999999"}).exit_code, 2);
  EXPECT_EQ(Stack::Get().Ctl({"outbox", "list", "--state", "lost"}).exit_code,
            2);
}

TEST(OutboxTest, TwoWorkersRacingOverFiveHundredMessagesSendEachOnce) {
  WebhookReceiver receiver;
  std::vector<int64_t> ids;
  std::string prefix = "msg_" + Unique("race") + "_";
  {
    auto db = Stack::Get().Db();
    for (int i = 0; i < 500; ++i) {
      QueryResult r;
      ASSERT_TRUE(db->Run("INSERT INTO outbox (kind, recipient, body, "
                          "message_id, origin) VALUES ('webhook', ?, ?, ?, "
                          "'race')",
                          {SqlParam::Text(receiver.url()),
                           SqlParam::Text("{\"i\":" + Str(i) + "}"),
                           SqlParam::Text(prefix + Str(i))},
                          &r)
                      .ok());
      ids.push_back(static_cast<int64_t>(r.insert_id));
    }
    ASSERT_TRUE(db->Commit().ok());
  }
  // Claims must never overlap (SKIP LOCKED, one lease per claim). The
  // fixture's 3-second lease is for tests of expiry: on a box loaded enough
  // to hold a batch past it, the other worker rightly sends that batch
  // again (at least once), which is not what this test is about.
  const char* const kLongLease = "outbox_timeout_s = 20\noutbox_lease_s = 30\n";
  OutboxWorker a(kLongLease), b(kLongLease);
  a.Start();
  b.Start();
  ASSERT_TRUE(WaitFor([&] { return CountInState(ids, "sent") == 500; }, 60000))
      << CountInState(ids, "sent") << " sent\n"
      << a.log() << b.log();
  EXPECT_TRUE(a.Stop());
  EXPECT_TRUE(b.Stop());
  std::map<std::string, int> seen;
  for (const auto& r : receiver.Requests()) ++seen[r.webhook_id];
  EXPECT_EQ(seen.size(), 500u);
  for (const auto& [id, count] : seen) EXPECT_EQ(count, 1) << id;
  std::string in;
  for (int64_t id : ids) in += (in.empty() ? "" : ",") + Str(id);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM outbox_attempts WHERE "
                               "outbox_id IN (" +
                               in + ")"),
            500);
  std::cerr << "workers: "
            << Stack::Get().Value(
                   "SELECT GROUP_CONCAT(n) FROM (SELECT COUNT(*) n "
                   "FROM outbox_attempts WHERE outbox_id IN (" +
                   in + ") GROUP BY worker) t")
            << " messages each\n";
}

TEST(OutboxTest, SigtermFinishesTheMessageInHandThenExits) {
  WebhookReceiver receiver(/*fail_first=*/0, /*delay_ms=*/700);
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(QueueWebhook(receiver.url(), "{}", "msg_" + Unique("term")));
  }
  // One send at a time to that receiver: the others stay unclaimed.
  OutboxWorker worker("outbox_per_host = 1");
  worker.Start();
  ASSERT_TRUE(WaitFor([&] { return !receiver.Requests().empty(); }, 10000));
  ASSERT_TRUE(worker.Stop(10000)) << worker.log();
  EXPECT_EQ(CountInState(ids, "sent"), 1) << "the one in hand was finished";
  EXPECT_EQ(receiver.Requests().size(), 1u) << "and no other was started";
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE id IN (?, ?, ?) "
                         "AND lease_token IS NOT NULL",
                         {SqlParam::Int(ids[0]), SqlParam::Int(ids[1]),
                          SqlParam::Int(ids[2])}),
      0);
  worker.RunOnce();
  EXPECT_EQ(CountInState(ids, "sent"), 3);
}

TEST(OutboxTest, CommentListenerFollowNotificationsAreDelivered) {
  SmtpSink smtp;
  int64_t project = CreateProject();
  std::string author = UniqueEmail("author"), admin = UniqueEmail("admin"),
              follower = UniqueEmail("follower");
  CreateUser(author, "member", {project});
  CreateUser(admin, "admin", {project});
  CreateUser(follower, "member", {project});
  int64_t ticket = CreateFeedback(project, author, "Dark mode");
  Stack::Get().CtlOk({"follow", Str(ticket), follower});
  Stack::Get().CtlOk({"follow", Str(ticket), admin});
  ListenerFixture l =
      CreateListener("comment", "feedback",
                     {"--author-field", "/author", "--comment-field", "/text",
                      "--scope", "project:" + Str(project)});
  ASSERT_EQ(Deliver(l, R"({"feedback_id":)" + Str(ticket) + R"(,"author":")" +
                           admin + R"(","text":"Shipped in 2.1"})")
                .status,
            200);
  OutboxWorker worker("smtp_url = " + smtp.url());
  worker.RunOnce();
  std::vector<SmtpSink::Mail> mails = smtp.MessagesTo(follower);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].subject, "New comment on \"Dark mode\"");
  EXPECT_NE(mails[0].body.find("Shipped in 2.1"), std::string::npos);
  EXPECT_TRUE(smtp.MessagesTo(admin).empty())
      << "never to the comment's author";
}

TEST(OutboxTest, SentMessagesAreDeletedAfterTheRetentionDeadOnesStay) {
  WebhookReceiver receiver;
  int64_t old_sent = QueueWebhook(receiver.url(), "{}", "msg_" + Unique("old"));
  int64_t recent = QueueWebhook(receiver.url(), "{}", "msg_" + Unique("new"));
  int64_t old_dead = QueueWebhook(receiver.url(), "{}", "msg_" + Unique("dd"));
  OutboxWorker worker("outbox_retention_days = 30");
  worker.RunOnce();
  ASSERT_EQ(CountInState({old_sent, recent, old_dead}, "sent"), 3);
  auto db = Stack::Get().Db();
  ASSERT_TRUE(db->Run("UPDATE outbox SET sent_at = NOW(6) - INTERVAL 31 DAY "
                      "WHERE id IN (?, ?)",
                      {SqlParam::Int(old_sent), SqlParam::Int(old_dead)},
                      nullptr)
                  .ok());
  ASSERT_TRUE(db->Run("UPDATE outbox SET state = 'dead' WHERE id = ?",
                      {SqlParam::Int(old_dead)}, nullptr)
                  .ok());
  ASSERT_TRUE(db->Commit().ok());
  worker.RunOnce();
  EXPECT_EQ(OutboxColumn(old_sent, "state"), "") << "deleted";
  EXPECT_EQ(AttemptCount(old_sent, "TRUE"), 0);
  EXPECT_EQ(OutboxColumn(recent, "state"), "sent");
  EXPECT_EQ(OutboxColumn(old_dead, "state"), "dead");
}

// The queue's indexes: each one every queued message and every state
// change pays for (sql/018 dropped ix_outbox_due, which nothing read that
// ix_outbox_host_due cannot). A migration that drops or adds one must
// change this list on purpose.
TEST(OutboxIndexTest, TheQueueKeepsTheIndexesItsReadersUse) {
  std::vector<std::string> indexes = TableIndexes("outbox");
  EXPECT_EQ(indexes,
            (std::vector<std::string>{
                "PRIMARY(id)",
                "ix_outbox_host_due(state,target_host,next_attempt_at)",
                "ix_outbox_queued_by(queued_by)",
                "uq_outbox_message(message_id)",
            }));
}

// With enough rows for the optimizer to choose (mostly sent history, some
// pending to a few hosts, some dead), every reader of the queue reads an
// index range or the state prefix of ix_outbox_host_due, never the table:
// the claim, the due hosts' GROUP BY, FillHosts, the metrics' queue depth,
// the doctor's counts (the whole index, not the bodies), the console's and
// `outbox list`'s filter by state, and the purge of sent messages.
TEST(OutboxIndexTest, ReadersKeepTheirPlansWithoutTheDueIndex) {
  const std::string host_due = "ix_outbox_host_due";
  const std::vector<PlanCase> cases = {
      {"SELECT id, body FROM outbox_probe WHERE state = 'pending' AND "
       "target_host = 'h3.example.com' AND next_attempt_at <= NOW(6) ORDER BY "
       "next_attempt_at, id LIMIT 10 FOR UPDATE SKIP LOCKED",
       host_due},
      {"SELECT target_host, MIN(next_attempt_at) AS due FROM outbox_probe "
       "WHERE state = 'pending' AND next_attempt_at <= NOW(6) GROUP BY state, "
       "target_host ORDER BY due LIMIT 16",
       host_due},
      {"SELECT id, kind, recipient FROM outbox_probe WHERE state = 'pending' "
       "AND target_host = '' ORDER BY id LIMIT 100",
       host_due},
      {"SELECT SUM(state = 'pending'), SUM(state = 'pending' AND "
       "next_attempt_at <= UTC_TIMESTAMP(6)), SUM(state = 'pending' AND "
       "last_error IS NOT NULL), SUM(state = 'dead') FROM outbox_probe WHERE "
       "state IN ('pending', 'dead')",
       host_due},
      {"SELECT SUM(state = 'pending'), SUM(state = 'dead'), SUM(state = "
       "'pending' AND next_attempt_at < UTC_TIMESTAMP(6) - INTERVAL 600 "
       "SECOND) FROM outbox_probe",
       host_due},
      {"SELECT o.id FROM outbox_probe o WHERE o.state = 'dead' ORDER BY o.id "
       "DESC LIMIT 51",
       host_due},
      {"SELECT id FROM outbox_probe WHERE state = 'sent' AND sent_at < NOW(6) "
       "- INTERVAL 7 DAY ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED",
       "PRIMARY"},
  };
  ExpectPlans(
      "CREATE TEMPORARY TABLE outbox_probe LIKE outbox; "
      "INSERT INTO outbox_probe (kind, state, recipient, body, message_id, "
      "target_host, next_attempt_at, sent_at, last_error) SELECT 'email', "
      "ELT(1 + (seq % 20 = 0) + 2 * (seq % 50 = 1), 'sent', 'pending', "
      "'dead'), CONCAT('u', seq, '@example.com'), REPEAT('x', 200), "
      "CONCAT('m', seq), CONCAT('h', seq % 7, '.example.com'), NOW(6) - "
      "INTERVAL seq SECOND, NOW(6) - INTERVAL seq MINUTE, IF(seq % 40 = 0, "
      "'e', NULL) FROM seq_1_to_20000; ANALYZE TABLE outbox_probe; ",
      cases);
}

}  // namespace
}  // namespace earshot::test
