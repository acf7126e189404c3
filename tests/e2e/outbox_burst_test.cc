// earshot-outbox under bursts (issue 15): one worker sends to many
// receivers at once, with a limit per receiving host, so a receiver that
// hangs holds back nobody else; outcomes are recorded in batches with the
// same guarantees as one at a time (retries keep their webhook-id, dead
// after the last attempt, at least once across a killed worker, never
// twice between live ones). Receivers here hold their answers until the
// test releases them, so nothing depends on speed.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/outbox/outbox_hosts.h"
#include "common/outbox/outbox_queue.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

std::string Str(int64_t n) { return std::to_string(n); }

// Long sends: a held request must not time out while a test looks at it.
const char* const kPatient = "outbox_timeout_s = 60\noutbox_lease_s = 90\n";

std::vector<int64_t> Queue(const WebhookReceiver& to, int n,
                           const std::string& tag) {
  std::vector<int64_t> ids;
  for (int i = 0; i < n; ++i) {
    ids.push_back(
        QueueWebhook(to.url(), "{\"i\":" + Str(i) + "}", "msg_" + Unique(tag)));
  }
  return ids;
}

std::map<std::string, int> CountById(const WebhookReceiver& r) {
  std::map<std::string, int> seen;
  for (const auto& request : r.Requests()) ++seen[request.webhook_id];
  return seen;
}

TEST(OutboxBurst, AHungReceiverDoesNotHoldBackAnother) {
  WebhookReceiver hung(0, 0, /*hold=*/true), fast;
  std::vector<int64_t> held = Queue(hung, 10, "hung");  // older: due first
  std::vector<int64_t> quick = Queue(fast, 30, "fast");
  OutboxWorker worker(std::string(kPatient) + "outbox_per_host = 3\n");
  worker.Start();
  ASSERT_TRUE(WaitFor([&] { return CountInState(quick, "sent") == 30; }, 30000))
      << CountInState(quick, "sent") << " of 30 sent\n"
      << worker.log();
  // Meanwhile the hung receiver has its 3 requests in hand, unanswered.
  ASSERT_TRUE(WaitFor([&] { return hung.Requests().size() == 3; }, 30000));
  EXPECT_EQ(CountInState(held, "sent"), 0);
  EXPECT_EQ(hung.MaxConcurrent(), 3);
  EXPECT_EQ(CountById(fast).size(), 30u);
  hung.Release();
  ASSERT_TRUE(WaitFor([&] { return CountInState(held, "sent") == 10; }, 30000))
      << worker.log();
  EXPECT_TRUE(worker.Stop());
  for (const auto& [id, count] : CountById(hung)) EXPECT_EQ(count, 1) << id;
  EXPECT_EQ(CountById(hung).size(), 10u);
}

TEST(OutboxBurst, AHostNeverSeesMoreConcurrentSendsThanItsLimit) {
  WebhookReceiver hung(0, 0, /*hold=*/true), other(0, 0, /*hold=*/true);
  std::vector<int64_t> ids = Queue(hung, 12, "limit");
  std::vector<int64_t> others = Queue(other, 12, "other");
  OutboxWorker worker(std::string(kPatient) +
                      "outbox_per_host = 4\noutbox_concurrency = 6\n");
  worker.Start();
  // 4 to the first host, the 2 slots left to the other.
  ASSERT_TRUE(WaitFor(
      [&] {
        return hung.Requests().size() == 4 && other.Requests().size() == 2;
      },
      30000))
      << hung.Requests().size() << " and " << other.Requests().size()
      << " in hand\n"
      << worker.log();
  hung.Release();
  ASSERT_TRUE(WaitFor([&] { return CountInState(ids, "sent") == 12; }, 30000))
      << worker.log();
  other.Release();
  ASSERT_TRUE(
      WaitFor([&] { return CountInState(others, "sent") == 12; }, 30000))
      << worker.log();
  EXPECT_TRUE(worker.Stop());
  EXPECT_EQ(hung.MaxConcurrent(), 4);
  EXPECT_LE(other.MaxConcurrent(), 4);
  EXPECT_EQ(CountById(hung).size(), 12u);
  EXPECT_EQ(CountById(other).size(), 12u);
}

TEST(OutboxBurst, ABatchsOutcomesAreRecordedEachWithItsOwnFate) {
  WebhookReceiver flaky(/*fail_first=*/2), fine, broken(/*fail_first=*/100);
  std::vector<int64_t> a = Queue(flaky, 8, "flaky");
  std::vector<int64_t> b = Queue(fine, 8, "fine");
  std::vector<int64_t> c = Queue(broken, 8, "broken");
  OutboxWorker worker(std::string(kPatient) +
                      "outbox_max_attempts = 3\noutbox_per_host = 8\n");
  worker.Start();
  ASSERT_TRUE(WaitFor(
      [&] {
        return CountInState(a, "sent") == 8 && CountInState(b, "sent") == 8 &&
               CountInState(c, "dead") == 8;
      },
      60000))
      << worker.log();
  EXPECT_TRUE(worker.Stop());
  for (int64_t id : a) {
    EXPECT_EQ(OutboxColumn(id, "attempts"), "3");
    EXPECT_EQ(AttemptCount(id, "error LIKE 'HTTP 500%'"), 2);
    EXPECT_EQ(AttemptCount(id, "error IS NULL"), 1);
    EXPECT_EQ(OutboxColumn(id, "last_error"), "NULL");
  }
  for (int64_t id : b) EXPECT_EQ(AttemptCount(id, "TRUE"), 1);
  for (int64_t id : c) {
    EXPECT_EQ(AttemptCount(id, "error LIKE 'HTTP 500%'"), 3);
    EXPECT_NE(OutboxColumn(id, "last_error").find("HTTP 500"),
              std::string::npos);
  }
  // A retry is the same message: the same webhook-id every time.
  std::map<std::string, int> flaky_ids = CountById(flaky);
  EXPECT_EQ(flaky_ids.size(), 8u);
  for (const auto& [id, count] : flaky_ids) EXPECT_EQ(count, 3) << id;
  std::map<std::string, int> broken_ids = CountById(broken);
  EXPECT_EQ(broken_ids.size(), 8u);
  for (const auto& [id, count] : broken_ids) EXPECT_EQ(count, 3) << id;
  for (int64_t id : a) {
    EXPECT_EQ(flaky_ids.count(OutboxColumn(id, "message_id")), 1u);
  }
}

TEST(OutboxBurst, AKilledWorkersBatchIsSentAgainAfterItsLease) {
  WebhookReceiver receiver(0, 0, /*hold=*/true);
  std::vector<int64_t> ids = Queue(receiver, 6, "killed");
  // The lease must outlast a send; short ones keep the test short.
  const std::string config =
      "outbox_timeout_s = 4\noutbox_lease_s = 6\noutbox_per_host = 6\n";
  OutboxWorker first(config);
  first.Start();
  ASSERT_TRUE(WaitFor([&] { return receiver.Requests().size() == 6; }, 30000))
      << receiver.Requests().size() << " in hand\n"
      << first.log();
  first.Kill();
  receiver.Release();
  EXPECT_EQ(CountInState(ids, "sent"), 0);
  OutboxWorker second(config);
  second.Start();
  ASSERT_TRUE(WaitFor([&] { return CountInState(ids, "sent") == 6; }, 60000))
      << second.log();
  EXPECT_TRUE(second.Stop());
  std::map<std::string, int> seen = CountById(receiver);
  EXPECT_EQ(seen.size(), 6u) << "the same webhook-ids again";
  for (const auto& [id, count] : seen) EXPECT_EQ(count, 2) << id;
  for (int64_t id : ids) {
    EXPECT_EQ(OutboxColumn(id, "attempts"), "2");
    // The killed worker recorded nothing; the second one its success.
    EXPECT_EQ(AttemptCount(id, "TRUE"), 1);
    EXPECT_EQ(AttemptCount(id, "error IS NULL"), 1);
  }
}

TEST(OutboxBurst, TwoWorkersNeverHoldOneMessageTwice) {
  WebhookReceiver receiver(0, 0, /*hold=*/true);
  std::vector<int64_t> ids = Queue(receiver, 8, "pair");
  const std::string config = std::string(kPatient) + "outbox_per_host = 3\n";
  OutboxWorker a(config), b(config);
  a.Start();
  b.Start();
  // Each holds its own 3: six different messages in hand at once.
  ASSERT_TRUE(WaitFor([&] { return receiver.Requests().size() == 6; }, 30000))
      << receiver.Requests().size() << " in hand\n"
      << a.log() << b.log();
  EXPECT_EQ(CountById(receiver).size(), 6u);
  receiver.Release();
  ASSERT_TRUE(WaitFor([&] { return CountInState(ids, "sent") == 8; }, 30000));
  EXPECT_TRUE(a.Stop());
  EXPECT_TRUE(b.Stop());
  std::map<std::string, int> seen = CountById(receiver);
  EXPECT_EQ(seen.size(), 8u);
  for (const auto& [id, count] : seen) EXPECT_EQ(count, 1) << id;
  for (int64_t id : ids) EXPECT_EQ(AttemptCount(id, "TRUE"), 1);
}

}  // namespace
}  // namespace earshot::test

namespace earshot::test {
namespace {

// A claim finds the hosts with due messages by one index entry per host,
// whatever waits behind them: 20,000 due messages to one host, one to
// another. (The GROUP BY it replaced read every pending row per
// claim when MariaDB's index statistics led it away from a loose scan: at
// 20,000 waiting, 4.7 ms a claim and a worker at a third of its speed.)
TEST(OutboxBurst, AClaimReadsAFewEntriesWhateverWaitsBehindIt) {
  WebhookReceiver fast;
  auto db = Stack::Get().Db();
  const std::string later_url = "http://127.0.0.1:9/later";
  Status s = db->Run(
      "INSERT INTO outbox (kind, recipient, body, message_id, origin, "
      "target_host, next_attempt_at) SELECT 'webhook', ?, '{}', "
      "CONCAT('msg_later_', s.seq), 'test', ?, NOW(6) - INTERVAL 1 SECOND "
      "FROM seq_1_to_20000 s",
      {SqlParam::Text(later_url),
       SqlParam::Text(OutboxHostKey(OutboxKind::kWebhook, later_url))},
      nullptr);
  if (s.ok()) s = db->Commit();
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::vector<int64_t> due = Queue(fast, 1, "due");
  // Other tests' messages still due on this shared stack (a retry waiting
  // out its backoff) would take slots of this claim: parked a day ahead
  // while it runs, then put back.
  const std::string others =
      "state = 'pending' AND message_id NOT LIKE 'msg\\_later\\_%' AND "
      "id <> " +
      Str(due[0]);
  s = db->Run(
      "UPDATE outbox SET next_attempt_at = next_attempt_at + "
      "INTERVAL 1 DAY WHERE " +
          others,
      {}, nullptr);
  if (s.ok()) s = db->Commit();
  ASSERT_TRUE(s.ok()) << s.ToString();

  const int64_t next_before = SessionCounters(db.get(), "HANDLER_READ_NEXT");
  std::vector<ClaimedMessage> claimed;
  s = ClaimBatch(db.get(), 60, "test-claim", HostSlots(64, 32), &claimed);
  const int64_t read_next =
      SessionCounters(db.get(), "HANDLER_READ_NEXT") - next_before;
  ASSERT_TRUE(s.ok()) << s.ToString();
  // 32 of the waiting host's (its limit), and the other host's one.
  ASSERT_EQ(claimed.size(), 33u);
  EXPECT_EQ(
      std::count_if(claimed.begin(), claimed.end(),
                    [&](const ClaimedMessage& m) { return m.id == due[0]; }),
      1);
  EXPECT_GT(read_next, 0) << "the counter must see the claim's reads";
  EXPECT_LT(read_next, 100) << "index entries read by one claim";

  s = db->Run(
      "DELETE FROM outbox WHERE message_id LIKE 'msg\\_later\\_%' "
      "OR id = ?",
      {SqlParam::Int(due[0])}, nullptr);
  if (s.ok()) {
    s = db->Run(
        "UPDATE outbox SET next_attempt_at = next_attempt_at - "
        "INTERVAL 1 DAY WHERE " +
            others,
        {}, nullptr);
  }
  if (s.ok()) s = db->Commit();
  EXPECT_TRUE(s.ok()) << s.ToString();
}

}  // namespace
}  // namespace earshot::test
