// SQL round trips per delivery (issue 15): the statements one comment and
// one macro delivery send to MariaDB, counted on the test stack's private
// server as the bench counts them (Com_stmt_execute + Com_commit +
// Com_rollback), and what they must still do: the answer, the effects, the
// event record and the outbox rows linked to it, the comment author check.
//
// The counters are global and the pool has several processes, each of which
// loads its listener and touches its API key on its first delivery: every
// test warms the pool up, then takes the fewest statements seen over a few
// single deliveries (a warm process), never a time.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "common/store/event_subjects.h"
#include "tests/e2e/console_client.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

constexpr int kWarmUp = kCountWarmUp;
constexpr int kMeasured = kCountMeasured;

std::string Str(int64_t n) { return std::to_string(n); }

// Statements executed, commits and rollbacks: what the bench counts.
constexpr char kRoundTrips[] = "COM_STMT_EXECUTE,COM_COMMIT,COM_ROLLBACK";

// The fewest statements one delivery made (or, with `counters`, the fewest
// of those counters' sum: FewestPerDelivery); every measured answer must
// apply its one target.
int64_t FewestRoundTrips(const std::function<HttpResponse(int)>& deliver,
                         std::vector<HttpResponse>* measured,
                         const char* counters = kRoundTrips) {
  size_t first = measured->size();
  int64_t fewest = FewestPerDelivery(counters, deliver, measured);
  for (size_t i = first; i < measured->size(); ++i) {
    EXPECT_EQ((*measured)[i].Outcomes().size(), 1u) << (*measured)[i].body;
  }
  return fewest;
}

// Runs `sql` as the stack's MariaDB root; its output, without a header.
std::string RootOutput(const std::string& sql) {
  CommandResult r = RootSql(sql);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

// Rows read from the users table so far (userstat on).
int64_t UsersRowsRead() {
  std::string out = RootOutput(
      "SELECT IFNULL(SUM(ROWS_READ), 0) FROM information_schema."
      "TABLE_STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
      "TABLE_NAME = 'users'");
  return std::strtoll(out.c_str(), nullptr, 10);
}

class RoundTripsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = CreateProject();
    manager_ = UniqueEmail("pm");
    manager_id_ = CreateUser(manager_, "manager", {project_});
    author_ = UniqueEmail("author");
    author_id_ = CreateUser(author_, "member", {project_});
    ticket_ = CreateFeedback(project_, author_, "Export skips rows");
    for (const char* who : {"f1", "f2"}) {
      std::string email = UniqueEmail(who);
      CreateUser(email, "member", {project_});
      followers_.push_back(email);
      Stack::Get().CtlOk({"follow", Str(ticket_), email});
    }
    // The comment's author follows too, and is never notified.
    Stack::Get().CtlOk({"follow", Str(ticket_), manager_});
  }

  std::string scope() const { return "project:" + Str(project_); }

  // The bench's comment listener (bench/README.md), in the project.
  ListenerFixture BenchCommentListener() const {
    return CreateListener(
        "comment", "feedback",
        {"--scope", scope(), "--author-field", "/comment/author/emailAddress",
         "--comment-field", "/comment/body", "--filter",
         R"(status != "closed" and popularity >= 0)"});
  }

  int64_t project_ = 0, manager_id_ = 0, author_id_ = 0, ticket_ = 0;
  std::string manager_, author_;
  std::vector<std::string> followers_;
};

// The bench's comment case: a comment on a ticket with followers, through a
// filter; one notification per follower, linked to the delivery's event.
// The event is filed under its author in the comment's own statement: as
// many round trips as floor_comment's (4).
TEST_F(RoundTripsTest, CommentOnATicketWithFollowersTakesAtMostFour) {
  ListenerFixture l = BenchCommentListener();
  std::vector<HttpResponse> measured;
  int64_t trips = FewestRoundTrips(
      [&](int n) {
        return Deliver(l, R"({"feedback_id":)" + Str(ticket_) +
                              R"(,"comment":{"author":{"emailAddress":")" +
                              manager_ + R"("},"body":"Reply )" + Str(n) +
                              R"("}})");
      },
      &measured);
  EXPECT_LE(trips, 4);

  const int deliveries = kWarmUp + kMeasured;
  EXPECT_EQ(Stack::Get().Value("SELECT popularity FROM feedback WHERE id = ?",
                               {SqlParam::Int(ticket_)}),
            Str(deliveries));
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM comments WHERE feedback_id = ? AND "
                "author_id = ?",
                {SqlParam::Int(ticket_), SqlParam::Int(manager_id_)}),
            deliveries);
  for (const HttpResponse& r : measured) {
    ASSERT_GT(r.Event(), 0);
    // Each follower but the author, once, linked to the delivery's event.
    EXPECT_EQ(Stack::Get().Count(
                  "SELECT COUNT(*) FROM outbox WHERE event_id = ? AND "
                  "queued_by IS NULL AND origin = 'comment' AND "
                  "recipient IN (?, ?)",
                  {SqlParam::Int(r.Event()), SqlParam::Text(followers_[0]),
                   SqlParam::Text(followers_[1])}),
              2)
        << r.body;
    EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE "
                                 "event_id = ?",
                                 {SqlParam::Int(r.Event())}),
              2);
    // Filed under its author for erasure, as before.
    EXPECT_EQ(Stack::Get().Count(
                  "SELECT COUNT(*) FROM event_subjects WHERE event_id = ?",
                  {SqlParam::Int(r.Event())}),
              1);
    EXPECT_EQ(
        Stack::Get().Count(
            "SELECT COUNT(*) FROM event_subjects WHERE event_id = ? "
            "AND subject = ?",
            {SqlParam::Int(r.Event()), SqlParam::Blob(EmailSubject(manager_))}),
        1);
  }
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE recipient = ?",
                         {SqlParam::Text(manager_)}),
      0);
  // The console's message page names the delivery that queued it.
  std::string message = Stack::Get().Value(
      "SELECT id FROM outbox WHERE event_id = ? ORDER BY id LIMIT 1",
      {SqlParam::Int(measured.back().Event())});
  ASSERT_FALSE(message.empty());
  ConsoleClient admin;
  ASSERT_EQ(admin.SignIn(ConsoleAccount("admin")).status, 303);
  HttpResponse page = admin.Get("/admin/outbox/" + message);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("href=\"/admin/deliveries/" +
                           Str(measured.back().Event()) + "\""),
            std::string::npos)
      << page.body;
}

// The follow notifications of a comment on a ticket name the author as the
// author check found them: the author's users row is read once per
// delivery, not again by the notifications' INSERT ... SELECT (one index
// read fewer). Their text is as before, with "Someone" for an author
// without a name.
TEST_F(RoundTripsTest, CommentNotificationsReadTheAuthorOnce) {
  ListenerFixture l = BenchCommentListener();
  auto deliver = [&](int n) {
    return Deliver(l, R"({"feedback_id":)" + Str(ticket_) +
                          R"(,"comment":{"author":{"emailAddress":")" +
                          manager_ + R"("},"body":"Reply )" + Str(n) +
                          R"("}})");
  };
  {
    auto db = Stack::Get().Db();
    ASSERT_TRUE(db->Run("UPDATE users SET name = 'Pat Lead' WHERE id = ?",
                        {SqlParam::Int(manager_id_)}, nullptr)
                    .ok());
    ASSERT_TRUE(db->Commit().ok());
  }
  // Rows read from users per delivery (the server's table statistics: the
  // outbox worker's reads of other tables do not count): the author check
  // and the two notified followers. 4 when the notifications joined the
  // author's row again.
  std::vector<HttpResponse> measured;
  ASSERT_EQ(RootOutput("SET GLOBAL userstat = 1"), "");
  for (int n = 0; n < kWarmUp; ++n) ASSERT_EQ(deliver(n).status, 200);
  int64_t fewest = -1;
  for (int n = kWarmUp; n < kWarmUp + kMeasured; ++n) {
    const int64_t before = UsersRowsRead();
    measured.push_back(deliver(n));
    ASSERT_EQ(measured.back().status, 200) << measured.back().body;
    const int64_t read = UsersRowsRead() - before;
    if (fewest < 0 || read < fewest) fewest = read;
  }
  ASSERT_EQ(RootOutput("SET GLOBAL userstat = 0"), "");
  EXPECT_EQ(fewest, 3);
  ASSERT_FALSE(measured.empty());
  EXPECT_EQ(Stack::Get().Value(
                "SELECT GROUP_CONCAT(CONCAT(recipient, '|', subject, '|', "
                "body) ORDER BY id SEPARATOR '#') FROM outbox "
                "WHERE event_id = ?",
                {SqlParam::Int(measured.back().Event())}),
            followers_[0] +
                "|New comment on \"Export skips rows\"|Pat Lead "
                "commented on \"Export skips rows\":\n\nReply " +
                Str(kWarmUp + kMeasured - 1) + "\n#" + followers_[1] +
                "|New comment on \"Export skips rows\"|Pat Lead commented "
                "on \"Export skips rows\":\n\nReply " +
                Str(kWarmUp + kMeasured - 1) + "\n");
  {
    auto db = Stack::Get().Db();
    ASSERT_TRUE(db->Run("UPDATE users SET name = '' WHERE id = ?",
                        {SqlParam::Int(manager_id_)}, nullptr)
                    .ok());
    ASSERT_TRUE(db->Commit().ok());
  }
  HttpResponse r = deliver(99);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Stack::Get().Value("SELECT body FROM outbox WHERE event_id = ? "
                               "ORDER BY id LIMIT 1",
                               {SqlParam::Int(r.Event())}),
            "Someone commented on \"Export skips rows\":\n\nReply 99\n");
}

// The bench's macro case: the ticket takes the payload's status, its author
// scores 5, through a filter on author.status; both writes in one round
// trip (4, as floor_macro).
TEST_F(RoundTripsTest, ScoreAndStatusMacroTakesAtMostFour) {
  const std::string macro = CreateMacro(
      "feedback",
      R"({"actions":[{"type":"status","value":"{{payload:/issue/fields/status/name}}"},)"
      R"({"type":"score","points":5}]})");
  ListenerFixture l =
      CreateListener("macro", "feedback",
                     {"--macro", macro, "--scope", scope(), "--filter",
                      R"(status != "closed" and author.status = "active")"});
  std::vector<HttpResponse> measured;
  int64_t trips = FewestRoundTrips(
      [&](int n) {
        return Deliver(l, R"({"feedback_id":)" + Str(ticket_) +
                              R"(,"issue":{"fields":{"status":{"name":"Done )" +
                              Str(n) + R"("}}}})");
      },
      &measured);
  EXPECT_LE(trips, 4);
  // The score of one ticket's author needs no temporary table (the
  // grouped derived table of several tickets does).
  int64_t temporary = FewestRoundTrips(
      [&](int n) {
        return Deliver(l, R"({"feedback_id":)" + Str(ticket_) +
                              R"(,"issue":{"fields":{"status":{"name":"Done )" +
                              Str(n) + R"("}}}})");
      },
      &measured, "HANDLER_TMP_WRITE,CREATED_TMP_TABLES");
  EXPECT_EQ(temporary, 0);
  const int deliveries = 2 * (kWarmUp + kMeasured);
  EXPECT_EQ(Stack::Get().Value("SELECT score FROM users WHERE id = ?",
                               {SqlParam::Int(author_id_)}),
            Str(5 * deliveries));
  EXPECT_EQ(Stack::Get().Value("SELECT status FROM feedback WHERE id = ?",
                               {SqlParam::Int(ticket_)}),
            "Done " + Str(kWarmUp + kMeasured - 1));
}

// The score of a ticket's author reads no ticket: the targets query that
// locks the ticket (and reads its author for the filter) brings the author
// id along. Against the same macro without the score, the score adds one
// key read (the author's row it updates), where it used to add two.
TEST_F(RoundTripsTest, TicketScoreReadsTheAuthorWithTheTargets) {
  const std::string filter =
      R"(status != "closed" and author.status = "active")";
  const std::string status =
      R"({"type":"status","value":"{{payload:/issue/fields/status/name}}"})";
  ListenerFixture with_score = CreateListener(
      "macro", "feedback",
      {"--macro",
       CreateMacro("feedback", R"({"actions":[)" + status +
                                   R"(,{"type":"score","points":5}]})"),
       "--scope", scope(), "--filter", filter});
  ListenerFixture status_only = CreateListener(
      "macro", "feedback",
      {"--macro", CreateMacro("feedback", R"({"actions":[)" + status + "]}"),
       "--scope", scope(), "--filter", filter});
  auto deliver = [&](const ListenerFixture& l) {
    return [&](int n) {
      return Deliver(l, R"({"feedback_id":)" + Str(ticket_) +
                            R"(,"issue":{"fields":{"status":{"name":"Done )" +
                            Str(n) + R"("}}}})");
    };
  };
  std::vector<HttpResponse> measured;
  int64_t scored =
      FewestRoundTrips(deliver(with_score), &measured, "HANDLER_READ_KEY");
  int64_t unscored =
      FewestRoundTrips(deliver(status_only), &measured, "HANDLER_READ_KEY");
  EXPECT_EQ(scored - unscored, 1);
  // Every scored delivery scored the author, once.
  EXPECT_EQ(Stack::Get().Value("SELECT score FROM users WHERE id = ?",
                               {SqlParam::Int(author_id_)}),
            Str(5 * (kWarmUp + kMeasured)));
}

// A macro's comment on a ticket queues follow notifications too: they name
// the delivery that queued them, like every other message.
TEST_F(RoundTripsTest, MacroCommentNotificationsNameTheirDelivery) {
  const std::string macro =
      CreateMacro("feedback", R"({"actions":[{"type":"comment","author":")" +
                                  manager_ + R"(","text":"Seen"}]})");
  ListenerFixture l = CreateListener("macro", "feedback",
                                     {"--macro", macro, "--scope", scope()});
  for (int n = 0; n < 2; ++n) {
    HttpResponse r = Deliver(
        l, R"({"feedback_id":)" + Str(ticket_) + R"(,"n":)" + Str(n) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(
        Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE event_id = ? AND "
                           "queued_by IS NULL AND origin = 'comment'",
                           {SqlParam::Int(r.Event())}),
        2)
        << r.body;
  }
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM outbox WHERE recipient IN (?, ?) AND "
                "event_id IS NULL",
                {SqlParam::Text(followers_[0]), SqlParam::Text(followers_[1])}),
            0);
}

// The comment author check, however it is made, refuses the same authors
// with the same answer, also when no target is applied, and writes nothing
// but the refusal's event.
TEST_F(RoundTripsTest, CommentAuthorCheckRefusesAsBefore) {
  ListenerFixture l = CreateListener(
      "comment", "feedback",
      {"--scope", scope(), "--author-field", "/author", "--comment-field",
       "/text", "--filter", R"(status != "closed")"});
  std::string disabled = UniqueEmail("disabled");
  CreateUser(disabled, "admin");
  int64_t closed = CreateFeedback(project_, author_, "Closed one");
  {
    auto db = Stack::Get().Db();
    ASSERT_TRUE(db->Run("UPDATE users SET status = 'disabled' WHERE email = ?",
                        {SqlParam::Text(disabled)}, nullptr)
                    .ok());
    ASSERT_TRUE(db->Run("UPDATE feedback SET status = 'closed' WHERE id = ?",
                        {SqlParam::Int(closed)}, nullptr)
                    .ok());
    ASSERT_TRUE(db->Commit().ok());
  }
  const int64_t outbox_before =
      Stack::Get().Count("SELECT COUNT(*) FROM outbox");
  struct Case {
    std::string author, target;
  };
  // Unknown, a member, a disabled admin; on an applied ticket, a filtered
  // one, one that does not exist, and two tickets at once.
  std::vector<Case> cases;
  for (const std::string& who :
       {std::string("nobody-") + Unique("x") + "@example.com", author_,
        disabled}) {
    for (const std::string& target :
         {Str(ticket_), Str(closed), std::string("999999999"),
          "[" + Str(ticket_) + "," + Str(closed) + "]"}) {
      cases.push_back({who, target});
    }
  }
  for (const Case& c : cases) {
    HttpResponse r =
        Deliver(l, R"({"feedback_id":)" + c.target + R"(,"author":")" +
                       c.author + R"(","text":"x"})");
    EXPECT_EQ(r.status, 422) << c.author << " " << c.target;
    EXPECT_EQ(r.ErrorCode(), "author_not_allowed") << r.body;
    EXPECT_EQ(r.ErrorMessage(), "the author must be an active admin or manager")
        << r.body;
    ASSERT_GT(r.Event(), 0);
    EXPECT_EQ(Stack::Get().Value("SELECT http_status FROM events WHERE id = ?",
                                 {SqlParam::Int(r.Event())}),
              "422");
    // Filed under the author it named, for erasure, once.
    EXPECT_EQ(Stack::Get().Count(
                  "SELECT COUNT(*) FROM event_subjects WHERE event_id = ?",
                  {SqlParam::Int(r.Event())}),
              1);
    EXPECT_EQ(
        Stack::Get().Count(
            "SELECT COUNT(*) FROM event_subjects WHERE event_id = ? "
            "AND subject = ?",
            {SqlParam::Int(r.Event()), SqlParam::Blob(EmailSubject(c.author))}),
        1);
  }
  // An allowed author whose ticket is filtered out: nothing applied, the
  // event filed under the author all the same.
  HttpResponse filtered =
      Deliver(l, R"({"feedback_id":)" + Str(closed) + R"(,"author":")" +
                     manager_ + R"(","text":"x"})");
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM event_subjects WHERE event_id = ? AND "
                "subject = ?",
                {SqlParam::Int(filtered.Event()),
                 SqlParam::Blob(EmailSubject(manager_))}),
            1);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM comments WHERE "
                               "feedback_id IN (?, ?)",
                               {SqlParam::Int(ticket_), SqlParam::Int(closed)}),
            0);
  EXPECT_EQ(Stack::Get().Value("SELECT popularity FROM feedback WHERE id = ?",
                               {SqlParam::Int(ticket_)}),
            "0");
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM outbox"), outbox_before);

  // The same author check for comments on users, at both scopes.
  for (bool project_scope : {false, true}) {
    std::vector<std::string> options = {"--identify",      "email=/user",
                                        "--author-field",  "/author",
                                        "--comment-field", "/text"};
    if (project_scope) options.insert(options.end(), {"--scope", scope()});
    ListenerFixture u = CreateListener("comment", "users", options);
    HttpResponse r = Deliver(u, R"({"user":")" + author_ + R"(","author":")" +
                                    disabled + R"(","text":"x"})");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.ErrorMessage(), "the author must be an active admin or manager")
        << r.body;
    r = Deliver(u, R"({"user":")" + author_ + R"(","author":")" + manager_ +
                       R"(","text":"ok"})");
    EXPECT_EQ(r.status, 200) << r.body;
  }
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM comments WHERE "
                "user_id = ? AND author_id = ?",
                {SqlParam::Int(author_id_), SqlParam::Int(manager_id_)}),
            2);
}

// A comment on tickets under a project scope knows each ticket's project
// (the targets query kept to it and locked the rows): the comments are
// plain VALUES rows, not an INSERT ... SELECT that reads the tickets again
// (a read and a lock per ticket fewer). The one INSERT ... SELECT left is
// the follow notifications' (the event row is a VALUES row too: the
// targets query checked the config version).
TEST_F(RoundTripsTest, ScopedTicketCommentsAreWrittenWithoutReadingTickets) {
  ListenerFixture l = CreateListener(
      "comment", "feedback",
      {"--scope", scope(), "--author-field", "/a", "--comment-field", "/c"});
  const int64_t second = CreateFeedback(project_, author_, "Second ticket");
  std::vector<HttpResponse> measured;
  int64_t selects = FewestRoundTrips(
      [&](int n) {
        return Deliver(l, R"({"feedback_id":)" + Str(ticket_) + R"(,"a":")" +
                              manager_ + R"(","c":"Scoped )" + Str(n) +
                              R"("})");
      },
      &measured, "COM_INSERT_SELECT");
  EXPECT_EQ(selects, 1);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM comments WHERE "
                               "feedback_id = ? AND project_id = ? AND "
                               "author_id = ? AND body LIKE 'Scoped %'",
                               {SqlParam::Int(ticket_), SqlParam::Int(project_),
                                SqlParam::Int(manager_id_)}),
            kWarmUp + kMeasured);

  // Two tickets at once: one comment each, in ticket order.
  HttpResponse two =
      Deliver(l, R"({"feedback_id":[)" + Str(second) + "," + Str(ticket_) +
                     R"(],"a":")" + manager_ + R"(","c":"Both"})");
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(
      Stack::Get().Value(
          "SELECT GROUP_CONCAT(feedback_id ORDER BY id) FROM comments "
          "WHERE body = 'Both' AND project_id = ? AND author_id = ?",
          {SqlParam::Int(project_), SqlParam::Int(manager_id_)}),
      Str(std::min(ticket_, second)) + "," + Str(std::max(ticket_, second)));
  EXPECT_EQ(Stack::Get().Value("SELECT popularity FROM feedback WHERE id = ?",
                               {SqlParam::Int(second)}),
            "1");
  // The follow notifications are queued with their host key (emails:
  // "smtp"), so the worker need not write each row again to fill it.
  EXPECT_EQ(Stack::Get().Value(
                "SELECT GROUP_CONCAT(DISTINCT target_host) FROM outbox "
                "WHERE event_id = ?",
                {SqlParam::Int(two.Event())}),
            "smtp");
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE event_id = ?",
                               {SqlParam::Int(two.Event())}),
            2);  // the first ticket's two followers; the second has none
}

}  // namespace
}  // namespace earshot::test
