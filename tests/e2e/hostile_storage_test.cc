// What a hostile sender can make the install store, and how stored
// deliveries go away: refusals before the API key keep no body, old events
// are purged (by earshot-outbox and by `earshotctl events purge`), and
// delete_user scrubs exactly the events that named the user, through an
// index rather than by reading every stored body.

#include <gtest/gtest.h>

#include <chrono>

#include "common/base/datetime.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

std::string Str(int64_t n) { return std::to_string(n); }

int64_t EventExists(int64_t event) {
  return Stack::Get().Count("SELECT COUNT(*) FROM events WHERE id = ?",
                            {SqlParam::Int(event)});
}

// Moves an event's arrival `days` into the past.
void Age(int64_t event, int days) {
  auto db = Stack::Get().Db();
  ASSERT_TRUE(db->Run("UPDATE events SET received_at = received_at - "
                      "INTERVAL ? DAY WHERE id = ?",
                      {SqlParam::Int(days), SqlParam::Int(event)}, nullptr)
                  .ok());
  ASSERT_TRUE(db->Commit().ok());
}

// A JSON body of about `bytes` bytes.
std::string BigBody(size_t bytes) {
  return R"({"email":"x@example.com","pad":")" + std::string(bytes, 'a') +
         "\"}";
}

TEST(HostileStorageTest, RefusalsBeforeTheApiKeyKeepNoBody) {
  ListenerFixture l =
      CreateListener("data", "users", {"--group", CreateGroup("users", {})});
  const std::string body = BigBody(200 << 10);
  struct Case {
    std::string what;
    Headers headers;
    std::string method;
    int status;
  };
  const std::vector<Case> cases = {
      {"no key", {JsonType()}, "POST", 401},
      {"wrong key", {JsonType(), Bearer("esk_wrong")}, "POST", 401},
      {"wrong method", {JsonType()}, "PUT", 405},
      {"wrong type", {{"Content-Type", "text/plain"}}, "POST", 415},
  };
  for (const Case& c : cases) {
    HttpResponse r = Stack::Get().Post(l.path(), body, c.headers, c.method);
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.body;
    ASSERT_GT(r.Event(), 0) << c.what << ": the refusal is still logged";
    const std::string kept = EventColumn(r.Event(), "body");
    EXPECT_TRUE(kept == "NULL")
        << c.what << ": " << kept.size() << " bytes of the body kept";
    EXPECT_EQ(EventColumn(r.Event(), "body_size"), Str(body.size()))
        << c.what << ": the size is still recorded";
    CommandResult shown =
        Stack::Get().CtlOk({"events", "show", Str(r.Event())});
    ASSERT_TRUE(shown.json.IsObject()) << shown.out;
    EXPECT_EQ(shown.json["body_stored"].GetInt64(), 0) << c.what;
  }
  // Once the key is accepted, a refused body is kept as before (a prefix).
  HttpResponse bad = Deliver(l, R"({"email": nope})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(EventColumn(bad.Event(), "body"), R"({"email": nope})");
}

TEST(HostileStorageTest, TheOutboxWorkerPurgesEventsPastTheirRetention) {
  ListenerFixture l =
      CreateListener("data", "users", {"--group", CreateGroup("users", {})});
  std::string email = UniqueEmail("kept");
  CreateUser(email);
  const std::string body = R"({"email":")" + email + R"("})";
  HttpResponse old_one = Deliver(l, body);
  HttpResponse old_refused = Stack::Get().Post(l.path(), body, {JsonType()});
  HttpResponse recent = Deliver(l, body, {{"Idempotency-Key", Unique("d")}});
  ASSERT_EQ(old_one.status, 200);
  ASSERT_EQ(old_refused.status, 401);
  ASSERT_EQ(recent.status, 200);
  Age(old_one.Event(), 31);
  Age(old_refused.Event(), 40);
  Age(recent.Event(), 29);

  OutboxWorker worker("event_retention_days = 30");
  CommandResult run = worker.RunOnce();
  EXPECT_EQ(run.exit_code, 0) << worker.log();
  EXPECT_EQ(EventExists(old_one.Event()), 0);
  EXPECT_EQ(EventExists(old_refused.Event()), 0);
  EXPECT_EQ(EventExists(recent.Event()), 1);
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM event_subjects WHERE event_id = ?",
                {SqlParam::Int(old_one.Event())}),
            0)
      << "its erasure index entries go with it";
  EXPECT_NE((run.err + worker.log()).find("deleted 2 events"),
            std::string::npos)
      << run.err << worker.log();
}

TEST(HostileStorageTest, EventsPurgeDeletesOlderEventsButNeverLiveClaims) {
  ListenerFixture l =
      CreateListener("data", "users", {"--group", CreateGroup("users", {})});
  std::string email = UniqueEmail("purge");
  CreateUser(email);
  const std::string body = R"({"email":")" + email + R"("})";
  const std::string id = Unique("delivery");
  HttpResponse old_one = Deliver(l, body);
  HttpResponse claimed = Deliver(l, body, {{"Idempotency-Key", id}});
  ASSERT_EQ(old_one.status, 200);
  ASSERT_EQ(claimed.status, 200);
  Age(old_one.Event(), 20);
  Age(claimed.Event(), 3);

  // Cutting into delivery_retention_days would let duplicates through.
  CommandResult too_recent = Stack::Get().Ctl(
      {"events", "purge", "--before",
       Rfc3339Utc(std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count() -
                  int64_t{86400} * 1000000)});
  EXPECT_EQ(too_recent.exit_code, 2) << too_recent.out;
  EXPECT_NE(too_recent.err.find("delivery_retention_days"), std::string::npos)
      << too_recent.err;
  EXPECT_EQ(EventExists(claimed.Event()), 1);

  const int64_t ten_days_ago =
      std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count() -
      int64_t{10} * 86400 * 1000000;
  CommandResult purged = Stack::Get().CtlOk(
      {"events", "purge", "--before", Rfc3339Utc(ten_days_ago)});
  ASSERT_TRUE(purged.json.IsObject()) << purged.out;
  EXPECT_GE(purged.json["deleted"].GetInt64(), 1) << purged.out;
  EXPECT_EQ(EventExists(old_one.Event()), 0);
  EXPECT_EQ(EventExists(claimed.Event()), 1);
  // The claim still holds: a second copy is a duplicate of the original.
  HttpResponse again = Deliver(l, body, {{"Idempotency-Key", id}});
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(again.Duplicate()) << again.body;

  // Without --before, the config's event_retention_days (30) applies.
  CommandResult by_default = Stack::Get().CtlOk({"events", "purge"});
  ASSERT_TRUE(by_default.json.IsObject()) << by_default.out;
  EXPECT_TRUE(by_default.json["deleted"].IsInt64()) << by_default.out;
  EXPECT_EQ(EventExists(claimed.Event()), 1);
}

class HostileStorageErasureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    group_ = CreateGroup("users", {{"Plan", "/plan", "string"}});
    data_ = CreateListener("data", "users", {"--group", group_});
  }

  ListenerFixture Eraser() {
    std::string path = Stack::Get().var() + "/" + Unique("m") + ".json";
    Stack::Get().Run({"/bin/sh", "-c", "cat > " + path}, {},
                     R"({"actions":[{"type":"delete_user"}]})");
    std::string name = Unique("erase");
    Stack::Get().CtlOk(
        {"macro", "create", name, "--target", "users", "--file", path});
    return CreateListener("macro", "users", {"--macro", name});
  }

  std::string group_;
  ListenerFixture data_;
};

TEST_F(HostileStorageErasureTest, OnlyTheErasedUsersEventsAreScrubbed) {
  // Two users, one address inside the other: erasing the first must not
  // scrub the second's deliveries.
  std::string tag = Unique("bob");
  std::string erased = tag + "@example.com";
  std::string other = "j" + tag + "@example.com";
  CreateUser(erased);
  CreateUser(other);
  HttpResponse mine =
      Deliver(data_, R"({"email":")" + erased + R"(","plan":"a"})");
  HttpResponse theirs =
      Deliver(data_, R"({"email":")" + other + R"(","plan":"b"})");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(theirs.status, 200);
  HttpResponse r = Deliver(Eraser(), R"({"email":")" + erased + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(EventColumn(mine.Event(), "body"), "NULL");
  EXPECT_EQ(EventColumn(theirs.Event(), "body"),
            R"({"email":")" + other + R"(","plan":"b"})")
      << "another user's log entry is left alone";
}

TEST_F(HostileStorageErasureTest, ScrubsAuthoredCommentsAndEarlierMentions) {
  std::string email = UniqueEmail("late");
  // Named before the account existed: not found then, still the address.
  HttpResponse before = Deliver(data_, R"({"email":")" + email + R"("})");
  ASSERT_EQ(before.status, 200);
  ASSERT_EQ(before.Outcomes(), std::vector<std::string>{"0:not_found"});
  int64_t project = CreateProject();
  int64_t user = CreateUser(email, "admin", {project});
  // A refusal after the targets were found keeps the body; it named her.
  std::string strict = CreateGroup("users", {{"Seats", "/seats", "integer"}});
  ListenerFixture typed = CreateListener("data", "users", {"--group", strict});
  HttpResponse refused =
      Deliver(typed, R"({"email":")" + email + R"(","seats":"many"})");
  ASSERT_EQ(refused.status, 422) << refused.body;
  // She wrote a comment on a ticket: that delivery carries her address.
  std::string reporter = UniqueEmail("reporter");
  CreateUser(reporter, "member", {project});
  int64_t ticket = CreateFeedback(project, reporter, "Ticket");
  ListenerFixture commenter =
      CreateListener("comment", "feedback",
                     {"--author-field", "/author", "--comment-field", "/text",
                      "--scope", "project:" + Str(project)});
  HttpResponse comment =
      Deliver(commenter, R"({"feedback_id":)" + Str(ticket) + R"(,"author":")" +
                             email + R"(","text":"mine"})");
  ASSERT_EQ(comment.status, 200) << comment.body;
  // Someone else's delivery on the same ticket stays.
  std::string writer = UniqueEmail("writer");
  CreateUser(writer, "admin", {project});
  HttpResponse unrelated =
      Deliver(commenter, R"({"feedback_id":)" + Str(ticket) + R"(,"author":")" +
                             writer + R"(","text":"theirs"})");
  ASSERT_EQ(unrelated.status, 200) << unrelated.body;

  ASSERT_EQ(Deliver(Eraser(), R"({"email":")" + email + R"("})").status, 200);
  EXPECT_EQ(Stack::Get().Value("SELECT status FROM users WHERE id = ?",
                               {SqlParam::Int(user)}),
            "deleted");
  for (int64_t event : {before.Event(), refused.Event(), comment.Event()}) {
    EXPECT_EQ(EventColumn(event, "body"), "NULL") << "event " << event;
    EXPECT_EQ(EventColumn(event, "outcomes"), "NULL") << "event " << event;
  }
  EXPECT_NE(EventColumn(unrelated.Event(), "body"), "NULL");
}

}  // namespace
}  // namespace earshot::test
