// Faults: the database going away and coming back while a sender retries,
// a handler killed in the middle of a transaction, a pool that is down.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

void Sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

struct Ticket {
  int64_t id = 0;
  ListenerFixture listener;
  std::string Body() const {
    return R"({"feedback_id":)" + std::to_string(id) + R"(,"c":"+1"})";
  }
  int64_t Popularity() const {
    return std::stoll(Stack::Get().Value(
        "SELECT popularity FROM feedback WHERE id = ?", {SqlParam::Int(id)}));
  }
};

Ticket MakeTicket() {
  Ticket t;
  int64_t project = CreateProject();
  std::string pm = UniqueEmail("pm");
  CreateUser(pm, "manager", {project});
  t.id = CreateFeedback(project, pm);
  t.listener = CreateListener(
      "comment", "feedback",
      {"--scope", "project:" + std::to_string(project), "--author", pm,
       "--comment-field", "/c"});
  return t;
}

TEST(FaultsTest, DatabaseRestartWhileTheSenderRetriesAppliesEachOnce) {
  Ticket t = MakeTicket();
  constexpr int kDeliveries = 40;
  std::atomic<int> done{0}, unavailable{0}, bad_503{0};
  std::atomic<bool> stopped{false};
  std::thread sender([&] {
    for (int i = 0; i < kDeliveries; ++i) {
      // The rest waits for the outage, so that it is always seen, however
      // fast or slow the machine is.
      if (i == 10) {
        while (!stopped.load()) Sleep(10);
      }
      std::string id = "restart-" + std::to_string(t.id) + "-" + std::to_string(i);
      for (int attempt = 0; attempt < 600; ++attempt) {
        HttpResponse r = Deliver(t.listener, t.Body(), {{"Idempotency-Key", id}});
        if (r.status == 200) break;
        if (r.status == 503) {
          ++unavailable;
          if (r.ErrorCode() != "unavailable" || r.headers["retry-after"].empty()) {
            ++bad_503;
          }
        }
        Sleep(50);
      }
      ++done;
    }
  });
  while (done.load() < 10) Sleep(10);
  CommandResult stop = StackCommand({"db-stop"});
  stopped = true;
  ASSERT_EQ(stop.exit_code, 0) << stop.err;
  Sleep(1500);
  CommandResult start = StackCommand({"db-start"});
  ASSERT_EQ(start.exit_code, 0) << start.err;
  sender.join();
  EXPECT_EQ(done.load(), kDeliveries);
  EXPECT_GT(unavailable.load(), 0) << "the outage was never seen";
  EXPECT_EQ(bad_503.load(), 0) << "a 503 without the contract's body";
  EXPECT_EQ(t.Popularity(), kDeliveries) << "each delivery applied exactly once";
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM comments WHERE feedback_id = ?",
                               {SqlParam::Int(t.id)}),
            kDeliveries);
}

TEST(FaultsTest, AHandlerKilledMidTransactionLeavesNoTrace) {
  std::string group = CreateGroup("users", {{"A", "/a", "integer"},
                                            {"B", "/b", "string"}});
  std::string email = UniqueEmail();
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  ASSERT_EQ(Deliver(l, R"({"email":")" + email + R"(","a":1,"b":"keep"})").status, 200);
  int64_t events_before = EventCount(l.key);

  // Hold B's row so the handler writes A, then waits to clear B.
  auto blocker = Stack::Get().Db();
  QueryResult held;
  ASSERT_TRUE(blocker->Run(
      "SELECT v.value_text FROM data_values v JOIN data_fields f ON f.id = "
      "v.field_id JOIN data_groups g ON g.id = f.group_id WHERE g.name = ? AND "
      "f.label = 'B' AND v.target_id = ? FOR UPDATE",
      {SqlParam::Text(group), SqlParam::Int(user)}, &held).ok());
  ASSERT_EQ(held.rows.size(), 1u);

  std::atomic<long> status{0};
  std::thread sender([&] {
    status = Deliver(l, R"({"email":")" + email + R"(","a":2,"b":null})").status;
  });
  // Wait until the handler is blocked inside its transaction, on the
  // DELETE that comes after its first write.
  bool blocked = false;
  for (int i = 0; i < 200 && !blocked; ++i) {
    blocked = Stack::Get().Count(
                  "SELECT COUNT(*) FROM information_schema.processlist WHERE "
                  "info LIKE 'DELETE FROM data_values%'") > 0;
    if (!blocked) Sleep(20);
  }
  EXPECT_TRUE(blocked) << "the handler never reached the blocked DELETE";
  Stack& s = Stack::Get();
  // Kill the pool's processes (multiwatch's children), not multiwatch.
  std::string supervisor = s.Run({"/bin/cat", s.var() + "/run/data.pid"}, {}, "").out;
  while (!supervisor.empty() && supervisor.back() == '\n') supervisor.pop_back();
  EXPECT_FALSE(supervisor.empty());
  if (!supervisor.empty()) {
    s.Run({"/usr/bin/pkill", "-KILL", "-P", supervisor}, {}, "");
  }
  sender.join();
  blocker->Rollback();
  EXPECT_TRUE(status == 502 || status == 503) << status;
  Sleep(200);
  EXPECT_EQ(DataValue(group, "A", user), "1") << "the killed write was rolled back";
  EXPECT_EQ(DataValue(group, "B", user), "keep");
  EXPECT_EQ(EventCount(l.key), events_before);
  // multiwatch restarts the pool; deliveries work again.
  HttpResponse r;
  for (int i = 0; i < 100; ++i) {
    r = Deliver(l, R"({"email":")" + email + R"(","a":3})");
    if (r.status == 200) break;
    Sleep(50);
  }
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(DataValue(group, "A", user), "3");
}

TEST(FaultsTest, APoolThatIsDownAnswersJson503) {
  Ticket t = MakeTicket();
  ASSERT_EQ(StackCommand({"pool-stop", "comment"}).exit_code, 0);
  HttpResponse r = Deliver(t.listener, t.Body());
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.ErrorCode(), "unavailable");
  EXPECT_FALSE(r.headers["retry-after"].empty());
  ASSERT_EQ(StackCommand({"pool-start", "comment"}).exit_code, 0);
  r = Deliver(t.listener, t.Body());
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(t.Popularity(), 1);
}

}  // namespace
}  // namespace earshot::test
