// Trustworthy deliveries: duplicates, signatures, key rules, replay and the
// delivery log, through nginx.

#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <thread>

#include "common/auth/crypto.h"
#include "common/auth/signature.h"
#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

// A comment listener on one ticket: popularity counts applied deliveries.
class TicketCounter {
 public:
  TicketCounter(const std::vector<std::string>& extra = {}) {
    int64_t project = CreateProject();
    manager_ = UniqueEmail("pm");
    CreateUser(manager_, "manager", {project});
    ticket_ = CreateFeedback(project, manager_);
    std::vector<std::string> options = {
        "--scope", "project:" + std::to_string(project), "--author", manager_,
        "--comment-field", "/c"};
    options.insert(options.end(), extra.begin(), extra.end());
    listener_ = CreateListener("comment", "feedback", options);
  }

  std::string Body(const std::string& text = "+1") const {
    return R"({"feedback_id":)" + std::to_string(ticket_) + R"(,"c":")" +
           text + "\"}";
  }
  int64_t Applied() const {
    return std::stoll(Stack::Get().Value(
        "SELECT popularity FROM feedback WHERE id = ?",
        {SqlParam::Int(ticket_)}));
  }
  const ListenerFixture& listener() const { return listener_; }
  int64_t ticket() const { return ticket_; }

 private:
  std::string manager_;
  int64_t ticket_ = 0;
  ListenerFixture listener_;
};

TEST(DuplicatesTest, FiftyCopiesAtOnceApplyOnce) {
  TicketCounter counter;
  const std::string id = Unique("delivery");
  std::atomic<int> ok{0}, duplicates{0};
  std::vector<int64_t> events(50);
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      HttpResponse r = Deliver(counter.listener(), counter.Body(),
                               {{"Idempotency-Key", id}});
      if (r.status == 200) ++ok;
      if (r.Duplicate()) ++duplicates;
      events[i] = r.Event();
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 50);
  EXPECT_EQ(duplicates.load(), 49);
  EXPECT_EQ(counter.Applied(), 1);
  for (int64_t e : events) EXPECT_EQ(e, events[0]) << "the first answer again";
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM events WHERE duplicate_of = ?",
                {SqlParam::Int(events[0])}),
            49)
      << "duplicates are logged, linked to the original";
}

TEST(DuplicatesTest, EveryDeliveryIdHeaderIsHonoured) {
  TicketCounter counter;
  int expected = 0;
  for (const char* header :
       {"Idempotency-Key", "webhook-id", "X-GitHub-Delivery",
        "X-Atlassian-Webhook-Identifier", "X-Gitlab-Event-UUID"}) {
    std::string id = Unique(header);
    HttpResponse first = Deliver(counter.listener(), counter.Body(), {{header, id}});
    HttpResponse again = Deliver(counter.listener(), counter.Body(), {{header, id}});
    ++expected;
    EXPECT_EQ(first.status, 200) << header;
    EXPECT_FALSE(first.Duplicate()) << header;
    EXPECT_EQ(again.status, 200) << header;
    EXPECT_TRUE(again.Duplicate()) << header;
    EXPECT_EQ(again.Event(), first.Event());
    EXPECT_EQ(again.Outcomes(), first.Outcomes());
  }
  EXPECT_EQ(counter.Applied(), expected);
  // Without a delivery id, every copy applies.
  Deliver(counter.listener(), counter.Body());
  Deliver(counter.listener(), counter.Body());
  EXPECT_EQ(counter.Applied(), expected + 2);
}

TEST(DuplicatesTest, IdsAreScopedToTheListenerAndOnlyAppliedOnesCount) {
  TicketCounter a, b;
  std::string id = Unique("shared");
  EXPECT_FALSE(Deliver(a.listener(), a.Body(), {{"Idempotency-Key", id}}).Duplicate());
  EXPECT_FALSE(Deliver(b.listener(), b.Body(), {{"Idempotency-Key", id}}).Duplicate());
  EXPECT_EQ(a.Applied(), 1);
  EXPECT_EQ(b.Applied(), 1);

  // A refused delivery does not claim its id: fixed, it applies.
  std::string retry = Unique("retry");
  HttpResponse bad = Deliver(a.listener(), R"({"feedback_id":1})",
                             {{"Idempotency-Key", retry}});
  EXPECT_EQ(bad.status, 422);
  HttpResponse good = Deliver(a.listener(), a.Body(), {{"Idempotency-Key", retry}});
  EXPECT_EQ(good.status, 200);
  EXPECT_FALSE(good.Duplicate());
  EXPECT_EQ(a.Applied(), 2);
}

std::string GithubSignature(const std::string& secret, const std::string& body) {
  return "sha256=" + HexEncode(HmacSha256(secret, body));
}

TEST(SignaturesTest, GithubKnownAnswerAndTampering) {
  const std::string secret = "It's a Secret to Everybody";
  TicketCounter counter({"--signature", "github", "--secret", secret});
  const ListenerFixture& l = counter.listener();
  // GitHub's documented vector: the signature passes, then the body is not
  // JSON: 400, not 401.
  HttpResponse r = Deliver(l, "Hello, World!",
                           {{"X-Hub-Signature-256",
                             "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7"
                             "586c22c46f4379c8b043e17"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.ErrorCode(), "invalid_json");
  std::string body = counter.Body();
  r = Deliver(l, body, {{"X-Hub-Signature-256", GithubSignature(secret, body)}});
  EXPECT_EQ(r.status, 200) << r.body;
  // Jira's header name.
  r = Deliver(l, body, {{"X-Hub-Signature", GithubSignature(secret, body)}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(counter.Applied(), 2);

  std::string tampered = counter.Body("+2");
  r = Deliver(l, tampered, {{"X-Hub-Signature-256", GithubSignature(secret, body)}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.ErrorCode(), "bad_signature");
  r = Deliver(l, body);
  EXPECT_EQ(r.ErrorCode(), "bad_signature") << "unsigned";
  r = Deliver(l, body, {{"X-Hub-Signature-256", GithubSignature("wrong", body)}});
  EXPECT_EQ(r.ErrorCode(), "bad_signature");
  EXPECT_EQ(counter.Applied(), 2);
}

TEST(SignaturesTest, StandardWebhooksTimestampsAndSvixHeaders) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  TicketCounter counter({"--signature", "standard", "--secret", secret});
  const ListenerFixture& l = counter.listener();
  // The spec's vector is years old: stale.
  HttpResponse r = Deliver(
      l, R"({"test": 2432232314})",
      {{"webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"},
       {"webhook-timestamp", "1614265330"},
       {"webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.ErrorCode(), "stale_signature");
  EXPECT_NE(r.body.find("old"), std::string::npos) << r.body;

  std::string body = counter.Body();
  int64_t now = std::time(nullptr);
  auto sign = [&](const std::string& id, int64_t ts, const std::string& b) {
    return StandardWebhookSignature(secret, id, ts, b);
  };
  std::string id = Unique("msg");
  r = Deliver(l, body, {{"webhook-id", id},
                        {"webhook-timestamp", std::to_string(now)},
                        {"webhook-signature", "v1,bogus " + sign(id, now, body)}});
  EXPECT_EQ(r.status, 200) << r.body;
  id = Unique("msg");
  r = Deliver(l, body, {{"svix-id", id},
                        {"svix-timestamp", std::to_string(now)},
                        {"svix-signature", sign(id, now, body)}});
  EXPECT_EQ(r.status, 200) << r.body;
  id = Unique("msg");
  int64_t future = now + 3600;
  r = Deliver(l, body, {{"webhook-id", id},
                        {"webhook-timestamp", std::to_string(future)},
                        {"webhook-signature", sign(id, future, body)}});
  EXPECT_EQ(r.ErrorCode(), "stale_signature");
  EXPECT_NE(r.body.find("future"), std::string::npos) << r.body;
  r = Deliver(l, counter.Body("+9"),
              {{"webhook-id", id},
               {"webhook-timestamp", std::to_string(now)},
               {"webhook-signature", sign(id, now, body)}});
  EXPECT_EQ(r.ErrorCode(), "bad_signature") << "tampered body";
  EXPECT_EQ(counter.Applied(), 2);
}

TEST(SignaturesTest, TokenAndSecretRotation) {
  TicketCounter gitlab(
      {"--signature", "token", "--secret", "gitlab-token-0001"});
  EXPECT_EQ(Deliver(gitlab.listener(), gitlab.Body(),
                    {{"X-Gitlab-Token", "gitlab-token-0001"}})
                .status,
            200);
  EXPECT_EQ(Deliver(gitlab.listener(), gitlab.Body(),
                    {{"X-Gitlab-Token", "gitlab-token-0002"}})
                .ErrorCode(),
            "bad_signature");

  TicketCounter custom({"--signature", "token", "--secret", "custom-token-0abc",
                        "--token-header", "X-Hook-Token"});
  EXPECT_EQ(Deliver(custom.listener(), custom.Body(),
                    {{"X-Hook-Token", "custom-token-0abc"}})
                .status,
            200);
  EXPECT_EQ(Deliver(custom.listener(), custom.Body(),
                    {{"X-Gitlab-Token", "custom-token-0abc"}})
                .ErrorCode(),
            "bad_signature");

  // Rotation: both secrets for a while, then only the new one.
  const std::string key = gitlab.listener().key;
  Stack::Get().CtlOk({"listener", "update", key, "--signature", "token",
                      "--secret", "gitlab-token-0002", "--secret",
                      "gitlab-token-0001"});
  EXPECT_EQ(Deliver(gitlab.listener(), gitlab.Body(),
                    {{"X-Gitlab-Token", "gitlab-token-0001"}})
                .status,
            200);
  EXPECT_EQ(Deliver(gitlab.listener(), gitlab.Body(),
                    {{"X-Gitlab-Token", "gitlab-token-0002"}})
                .status,
            200);
  Stack::Get().CtlOk({"listener", "update", key, "--signature", "token",
                      "--secret", "gitlab-token-0002"});
  EXPECT_EQ(Deliver(gitlab.listener(), gitlab.Body(),
                    {{"X-Gitlab-Token", "gitlab-token-0001"}})
                .ErrorCode(),
            "bad_signature");
  EXPECT_EQ(gitlab.Applied(), 3);
}

TEST(KeysTest, IpAllowListAndLastUsed) {
  TicketCounter counter;
  const std::string name = counter.listener().api_name;
  EXPECT_EQ(Stack::Get().Value("SELECT last_used_at FROM api_keys WHERE name = ?",
                               {SqlParam::Text(name)}),
            "NULL");
  EXPECT_EQ(Deliver(counter.listener(), counter.Body()).status, 200);
  EXPECT_NE(Stack::Get().Value("SELECT last_used_at FROM api_keys WHERE name = ?",
                               {SqlParam::Text(name)}),
            "NULL");

  // A key allowed only from elsewhere is refused from 127.0.0.1.
  std::string far_name = Unique("far");
  std::string far = CreateApiKey(far_name, {"10.0.0.0/8", "2001:db8::/32"});
  Stack::Get().CtlOk({"listener", "update", counter.listener().key,
                      "--api-key", far_name});
  HttpResponse r = Stack::Get().Post(counter.listener().path(), counter.Body(),
                                     {Bearer(far), JsonType()});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ErrorCode(), "ip_not_allowed");

  std::string near_name = Unique("near");
  std::string near = CreateApiKey(near_name, {"127.0.0.0/8"});
  Stack::Get().CtlOk({"listener", "update", counter.listener().key,
                      "--api-key", near_name});
  r = Stack::Get().Post(counter.listener().path(), counter.Body(),
                        {Bearer(near), JsonType()});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(counter.Applied(), 2);
}

TEST(ReplayTest, ReplaysSkipSignatureAndDuplicatesButNotTheFilter) {
  const std::string secret = "replay-secret-0001";
  TicketCounter counter({"--signature", "github", "--secret", secret});
  std::string body = counter.Body("replayed");
  HttpResponse r = Deliver(counter.listener(), body,
                           {{"X-Hub-Signature-256", GithubSignature(secret, body)},
                            {"X-GitHub-Delivery", Unique("gh")}});
  ASSERT_EQ(r.status, 200) << r.body;
  int64_t original = r.Event();

  CommandResult replay =
      Stack::Get().Ctl({"events", "replay", std::to_string(original)});
  EXPECT_EQ(replay.exit_code, 0) << replay.err << replay.out;
  EXPECT_EQ(counter.Applied(), 2) << "replayed despite the delivery id";
  int64_t replayed = Stack::Get().Count(
      "SELECT MAX(id) FROM events WHERE replay_of = ?", {SqlParam::Int(original)});
  EXPECT_GT(replayed, original);
  EXPECT_EQ(EventColumn(replayed, "http_status"), "200");

  // The filter still applies: make the ticket fail it, replay again.
  Stack::Get().CtlOk({"listener", "update", counter.listener().key, "--filter",
                      "popularity < 2"});
  replay = Stack::Get().Ctl({"events", "replay", std::to_string(original)});
  EXPECT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_EQ(counter.Applied(), 2);
  int64_t last = Stack::Get().Count(
      "SELECT MAX(id) FROM events WHERE replay_of = ?", {SqlParam::Int(original)});
  EXPECT_NE(EventColumn(last, "outcomes").find("filtered"), std::string::npos);

  CommandResult missing = Stack::Get().Ctl({"events", "replay", "999999999"});
  EXPECT_EQ(missing.exit_code, 2);
}

TEST(EventsTest, ListAndShowMaskSecrets) {
  TicketCounter counter;
  HttpResponse r = Deliver(counter.listener(), counter.Body(),
                           {{"X-Gitlab-Token", "super-secret-token"},
                            {"X-GitHub-Delivery", "d-1"}});
  ASSERT_EQ(r.status, 200);
  CommandResult list = Stack::Get().CtlOk(
      {"events", "list", "--listener", counter.listener().key});
  ASSERT_TRUE(list.json.IsArray()) << list.out;
  EXPECT_EQ(list.json.Size(), 1u);
  CommandResult show =
      Stack::Get().CtlOk({"events", "show", std::to_string(r.Event())});
  EXPECT_EQ(show.out.find("super-secret-token"), std::string::npos);
  EXPECT_EQ(show.out.find(counter.listener().api_key), std::string::npos);
  EXPECT_NE(show.out.find("d-1"), std::string::npos);
  EXPECT_NE(show.out.find("applied"), std::string::npos);
  CommandResult by_status = Stack::Get().CtlOk(
      {"events", "list", "--listener", counter.listener().key, "--status", "422"});
  ASSERT_TRUE(by_status.json.IsArray());
  EXPECT_EQ(by_status.json.Size(), 0u);
}

TEST(RateLimitTest, BurstsBeyondTheLimitGet429InJson) {
  // The harness runs nginx at 20 r/s with a burst of 300 per client
  // address, 127.0.0.1 exempt.
  TicketCounter counter;
  std::atomic<int> limited{0}, ok{0}, other{0};
  std::atomic<bool> retry_after{true};
  std::vector<std::thread> threads;
  std::atomic<int> next{0};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      while (next++ < 700) {
        HttpResponse r = Stack::Get().Post(counter.listener().path(), "{}",
                                           {Bearer("nope"), JsonType()},
                                           "POST", "127.0.0.4");
        if (r.status == 429) {
          ++limited;
          if (r.ErrorCode() != "rate_limited" || r.headers["retry-after"].empty()) {
            retry_after = false;
          }
        } else if (r.status == 401) {
          ++ok;
        } else {
          ++other;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_GT(limited.load(), 0);
  EXPECT_GE(ok.load(), 300);
  EXPECT_EQ(other.load(), 0);
  EXPECT_TRUE(retry_after.load());
}

}  // namespace
}  // namespace earshot::test
