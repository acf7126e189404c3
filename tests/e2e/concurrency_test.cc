// Many deliveries at once to one target: every one is answered 200, every
// one is recorded, and the values left are those of one whole delivery.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

TEST(ConcurrencyTest, TwoHundredDeliveriesToOneTargetStayConsistent) {
  std::string group = CreateGroup("users", {{"N", "/n", "integer"},
                                            {"Tag", "/tag", "string"}});
  std::string email = UniqueEmail();
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  constexpr int kDeliveries = 200, kThreads = 32;
  std::atomic<int> next{0}, ok{0};
  std::vector<std::string> failures(kDeliveries);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < kDeliveries; i = next++) {
        std::string n = std::to_string(i);
        HttpResponse r = Deliver(l, R"({"email":")" + email + R"(","n":)" + n +
                                        R"(,"tag":"t)" + n + "\"}");
        if (r.status == 200) {
          ++ok;
        } else {
          failures[i] = std::to_string(r.status) + " " + r.body;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& f : failures) EXPECT_EQ(f, "");
  EXPECT_EQ(ok.load(), kDeliveries);
  EXPECT_EQ(EventCount(l.key, 200), kDeliveries);
  std::string n = DataValue(group, "N", user);
  EXPECT_EQ(DataValue(group, "Tag", user), "t" + n)
      << "values from two different deliveries were mixed";
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM data_values WHERE target_id = ? AND "
                "field_id IN (SELECT f.id FROM data_fields f JOIN data_groups "
                "g ON g.id = f.group_id WHERE g.name = ?)",
                {SqlParam::Int(user), SqlParam::Text(group)}),
            2);
}

TEST(ConcurrencyTest, OverlappingTargetSetsDoNotDeadlockTheSender) {
  std::string group = CreateGroup("users", {{"N", "/n", "integer"}});
  std::vector<std::string> emails;
  std::vector<int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    emails.push_back(UniqueEmail());
    ids.push_back(CreateUser(emails.back()));
  }
  ListenerFixture l = CreateListener(
      "data", "users", {"--group", group, "--identify", "email=/who"});
  std::atomic<int> ok{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 10; ++k) {
        // Each thread names the users in a different order.
        std::string who = "[";
        for (int i = 0; i < 6; ++i) {
          who += (i ? "," : "") + std::string("\"") +
                 emails[(i * (t % 5 + 1) + k) % 6] + "\"";
        }
        who += "]";
        HttpResponse r = Deliver(l, R"({"who":)" + who + R"(,"n":)" +
                                        std::to_string(t) + "}");
        if (r.status == 200) {
          ++ok;
        } else {
          std::lock_guard<std::mutex> lock(mu);
          failures.push_back(std::to_string(r.status) + " " + r.body);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 120);
  for (const std::string& f : failures) ADD_FAILURE() << f;
  std::string first = DataValue(group, "N", ids[0]);
  for (int64_t id : ids) EXPECT_NE(DataValue(group, "N", id), "NULL");
}

}  // namespace
}  // namespace earshot::test
