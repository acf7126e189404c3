// Hostile senders (issue 10): replays of deliveries that never
// authenticated, signed bytes resent under a fresh Idempotency-Key,
// secrets reaching the delivery log or a log file, secrets split on blanks
// and too short, the Authorization scheme's case, and repeated headers in
// the delivery log. Everything through nginx and earshotctl.

#include <dirent.h>
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "common/auth/crypto.h"
#include "common/auth/signature.h"
#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

// A comment listener on one ticket: popularity counts applied deliveries.
class Ticket {
 public:
  explicit Ticket(const std::vector<std::string>& extra = {}) {
    int64_t project = CreateProject();
    std::string manager = UniqueEmail("pm");
    CreateUser(manager, "manager", {project});
    ticket_ = CreateFeedback(project, manager);
    std::vector<std::string> options = {
        "--scope",         "project:" + std::to_string(project),
        "--author",        manager,
        "--comment-field", "/c"};
    options.insert(options.end(), extra.begin(), extra.end());
    listener_ = CreateListener("comment", "feedback", options);
  }

  std::string Body(const std::string& text = "+1") const {
    return R"({"feedback_id":)" + std::to_string(ticket_) + R"(,"c":")" + text +
           "\"}";
  }
  int64_t Applied() const {
    return std::stoll(
        Stack::Get().Value("SELECT popularity FROM feedback WHERE id = ?",
                           {SqlParam::Int(ticket_)}));
  }
  const ListenerFixture& listener() const { return listener_; }

 private:
  int64_t ticket_ = 0;
  ListenerFixture listener_;
};

std::string GithubSignature(const std::string& secret,
                            const std::string& body) {
  return "sha256=" + HexEncode(HmacSha256(secret, body));
}

int64_t LastReplayOf(int64_t original) {
  return Stack::Get().Count(
      "SELECT COALESCE(MAX(id), 0) FROM events WHERE replay_of = ?",
      {SqlParam::Int(original)});
}

// Lines of `text` that are not empty.
int Lines(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) n += !line.empty();
  return n;
}

const char kGithubSecret[] = "It's a Secret to Everybody";

TEST(HostileDeliveriesReplay, UnauthenticatedDeliveriesNeedForce) {
  Ticket t({"--signature", "github", "--secret", kGithubSecret});
  const ListenerFixture& l = t.listener();
  const std::string body = t.Body("forged");
  Stack& stack = Stack::Get();

  // No API key at all: 401, recorded without its body.
  HttpResponse keyless = stack.Post(l.path(), body, {JsonType()});
  ASSERT_EQ(keyless.status, 401) << keyless.body;
  // The right key, a forged signature.
  HttpResponse forged = Deliver(
      l, body, {{"X-Hub-Signature-256", GithubSignature("guess", body)}});
  ASSERT_EQ(forged.ErrorCode(), "bad_signature");
  // Disabled: the signature was never checked.
  stack.CtlOk({"listener", "disable", l.key});
  HttpResponse disabled = Deliver(
      l, body, {{"X-Hub-Signature-256", GithubSignature("guess", body)}});
  ASSERT_EQ(disabled.ErrorCode(), "listener_disabled");
  stack.CtlOk({"listener", "enable", l.key});

  for (int64_t event : {keyless.Event(), forged.Event(), disabled.Event()}) {
    ASSERT_GT(event, 0);
    CommandResult r = stack.Ctl({"events", "replay", std::to_string(event)});
    EXPECT_EQ(r.exit_code, 2) << "event " << event << ": " << r.out << r.err;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
    EXPECT_EQ(LastReplayOf(event), 0) << "nothing recorded";
    EXPECT_EQ(t.Applied(), 0);
    EXPECT_EQ(EventColumn(event, "key_passed AND signature_passed"), "0");
  }

  // A keyless delivery kept no body: not even --force can replay it.
  CommandResult bodiless = stack.Ctl(
      {"events", "replay", std::to_string(keyless.Event()), "--force"});
  EXPECT_EQ(bodiless.exit_code, 2) << bodiless.out << bodiless.err;
  EXPECT_NE(bodiless.err.find("kept no body"), std::string::npos)
      << bodiless.err;
  EXPECT_EQ(LastReplayOf(keyless.Event()), 0);

  // An operator forces one; the new event says who (SUDO_USER first).
  CommandResult forced = stack.Run(
      {stack.bin() + "/earshotctl", "--config", stack.config_path(), "--json",
       "events", "replay", std::to_string(forged.Event()), "--force"},
      {"SUDO_USER=alice", "EARSHOT_BIN=" + stack.bin()}, "");
  EXPECT_EQ(forced.exit_code, 0) << forced.err << forced.out;
  EXPECT_EQ(t.Applied(), 1);
  int64_t replayed = LastReplayOf(forged.Event());
  ASSERT_GT(replayed, 0);
  EXPECT_EQ(EventColumn(replayed, "forced_by"), "alice");
  CommandResult show =
      stack.CtlOk({"events", "show", std::to_string(replayed)});
  ASSERT_TRUE(show.json.IsObject()) << show.out;
  ASSERT_TRUE(show.json.HasMember("forced_by")) << show.out;
  EXPECT_STREQ(show.json["forced_by"].GetString(), "alice");

  // A forced replay is no more authentic than its original.
  CommandResult again =
      stack.Ctl({"events", "replay", std::to_string(replayed)});
  EXPECT_EQ(again.exit_code, 2) << again.out << again.err;
  EXPECT_EQ(t.Applied(), 1);

  // A delivery that passed both checks replays without --force, and so does
  // its replay; neither records a forcer.
  const std::string good = t.Body("genuine");
  HttpResponse ok = Deliver(
      l, good, {{"X-Hub-Signature-256", GithubSignature(kGithubSecret, good)}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(EventColumn(ok.Event(), "key_passed AND signature_passed"), "1");
  CommandResult plain =
      stack.Ctl({"events", "replay", std::to_string(ok.Event())});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  int64_t plain_id = LastReplayOf(ok.Event());
  EXPECT_EQ(EventColumn(plain_id, "forced_by"), "NULL");
  plain = stack.Ctl({"events", "replay", std::to_string(plain_id)});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(t.Applied(), 4);
}

TEST(HostileDeliveriesReplay, UnsignedListenersNeedTheKey) {
  Ticket t;
  HttpResponse wrong_key = Stack::Get().Post(
      t.listener().path(), t.Body(), {Bearer("ek_not-a-real-key"), JsonType()});
  ASSERT_EQ(wrong_key.status, 401);
  CommandResult r =
      Stack::Get().Ctl({"events", "replay", std::to_string(wrong_key.Event())});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  // A delivery refused after both checks (422 here) is replayable.
  HttpResponse unfit = Deliver(t.listener(), R"({"c":"x"})");
  ASSERT_EQ(unfit.status, 422);
  EXPECT_EQ(EventColumn(unfit.Event(), "key_passed AND signature_passed"), "1");
  EXPECT_EQ(t.Applied(), 0);
}

TEST(HostileDeliveriesIds, SignedWebhookIdBeatsAFreshIdempotencyKey) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  Ticket t({"--signature", "standard", "--secret", secret});
  const std::string body = t.Body();
  const int64_t now = std::time(nullptr);
  for (const std::string prefix : {"webhook", "svix"}) {
    const std::string id = Unique("msg");
    Headers signed_headers = {
        {prefix + "-id", id},
        {prefix + "-timestamp", std::to_string(now)},
        {prefix + "-signature",
         StandardWebhookSignature(secret, id, now, body)}};
    Headers first = signed_headers;
    first.push_back({"Idempotency-Key", Unique("first")});
    HttpResponse a = Deliver(t.listener(), body, first);
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_FALSE(a.Duplicate());
    EXPECT_EQ(EventColumn(a.Event(), "delivery_id"), id);
    // The same signed bytes, a new unsigned Idempotency-Key.
    Headers resent = signed_headers;
    resent.push_back({"Idempotency-Key", Unique("fresh")});
    HttpResponse b = Deliver(t.listener(), body, resent);
    EXPECT_EQ(b.status, 200) << b.body;
    EXPECT_TRUE(b.Duplicate()) << prefix << ": " << b.body;
    EXPECT_EQ(b.Event(), a.Event());
  }
  EXPECT_EQ(t.Applied(), 2);
}

TEST(HostileDeliveriesIds, GithubDeliveryIdBeatsIdempotencyKey) {
  Ticket t({"--signature", "github", "--secret", kGithubSecret});
  const std::string body = t.Body();
  const std::string delivery = Unique("gh");
  Headers headers = {
      {"X-Hub-Signature-256", GithubSignature(kGithubSecret, body)},
      {"X-GitHub-Delivery", delivery}};
  HttpResponse a = Deliver(t.listener(), body, headers);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(EventColumn(a.Event(), "delivery_id"), delivery);
  headers.push_back({"Idempotency-Key", Unique("fresh")});
  HttpResponse b = Deliver(t.listener(), body, headers);
  EXPECT_EQ(b.status, 200) << b.body;
  EXPECT_TRUE(b.Duplicate()) << b.body;
  EXPECT_EQ(t.Applied(), 1);
}

int64_t EventsHolding(const std::string& needle) {
  return Stack::Get().Count(
      "SELECT COUNT(*) FROM events WHERE INSTR(CONCAT_WS(' ', headers, "
      "error_message, delivery_id, outcomes, client_addr, body), ?) > 0",
      {SqlParam::Text(needle)});
}

TEST(HostileDeliveriesSecrets, NoSecretReachesTheEventsOrTheLogs) {
  const std::string token = "tok-" + Unique("custom-header-value");
  Ticket t({"--signature", "token", "--secret", token, "--token-header",
            "X-Hook-Auth"});
  const ListenerFixture& l = t.listener();
  const std::string cookie = Unique("cookie-session-value");
  HttpResponse ok =
      Deliver(l, t.Body(), {{"X-Hook-Auth", token}, {"Cookie", "s=" + cookie}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  // Refused before the key check, and for a wrong token.
  Stack::Get().Post(l.path(), t.Body(), {{"X-Hook-Auth", token}, JsonType()});
  Deliver(l, t.Body(), {{"X-Hook-Auth", token + "x"}});
  Stack::Get().Post(l.path(), t.Body(),
                    {{"Authorization", "BEARER " + l.api_key}, JsonType()});

  Ticket gh({"--signature", "github", "--secret", kGithubSecret});
  const std::string signature = GithubSignature(kGithubSecret, gh.Body());
  EXPECT_EQ(
      Deliver(gh.listener(), gh.Body(), {{"X-Hub-Signature-256", signature}})
          .status,
      200);
  const std::string whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  Ticket sw({"--signature", "standard", "--secret", whsec});
  const int64_t now = std::time(nullptr);
  const std::string id = Unique("msg");
  const std::string v1 = StandardWebhookSignature(whsec, id, now, sw.Body());
  EXPECT_EQ(Deliver(sw.listener(), sw.Body(),
                    {{"webhook-id", id},
                     {"webhook-timestamp", std::to_string(now)},
                     {"webhook-signature", v1}})
                .status,
            200);

  for (const std::string& secret :
       {token, cookie, l.api_key, gh.listener().api_key, signature.substr(7),
        v1.substr(3)}) {
    EXPECT_EQ(EventsHolding(secret), 0) << secret;
    EXPECT_EQ(FilesHolding(Stack::Get().var() + "/log", secret),
              std::vector<std::string>())
        << secret;
  }
  std::string headers = EventColumn(ok.Event(), "headers");
  EXPECT_NE(headers.find(R"("x-hook-auth":"***")"), std::string::npos)
      << headers;
}

TEST(HostileDeliveriesSecrets, SecretsWithBlanksSurviveAnUpdate) {
  Ticket t({"--signature", "github", "--secret", kGithubSecret});
  const ListenerFixture& l = t.listener();
  CommandResult show = Stack::Get().CtlOk({"listener", "show", l.key});
  ASSERT_TRUE(show.json.IsObject()) << show.out;
  EXPECT_EQ(show.json["secrets"].GetInt(), 1) << "one secret with blanks";
  Stack::Get().CtlOk({"listener", "update", l.key, "--description", "x"});
  const std::string body = t.Body();
  HttpResponse r = Deliver(
      l, body, {{"X-Hub-Signature-256", GithubSignature(kGithubSecret, body)}});
  EXPECT_EQ(r.status, 200) << r.body;
  r = Deliver(l, body, {{"X-Hub-Signature-256", GithubSignature("a", body)}});
  EXPECT_EQ(r.ErrorCode(), "bad_signature") << "a word of the secret signs";
  EXPECT_EQ(t.Applied(), 1);

  show = Stack::Get().CtlOk({"listener", "show", l.key});
  EXPECT_EQ(show.json["secrets"].GetInt(), 1);
  Stack::Get().CtlOk({"listener", "update", l.key, "--secret", kGithubSecret,
                      "--secret", "another secret, long enough"});
  show = Stack::Get().CtlOk({"listener", "show", l.key});
  EXPECT_EQ(show.json["secrets"].GetInt(), 2);
}

TEST(HostileDeliveriesSecrets, ShortSecretsAreRefused) {
  Ticket t;
  for (const std::string& secret :
       {std::string("a"), std::string("tok-1"), std::string("fifteen-chars-x"),
        std::string("whsec_YWJjZGVmZ2hp")}) {
    CommandResult r =
        Stack::Get().Ctl({"listener", "update", t.listener().key, "--signature",
                          "standard", "--secret", secret});
    EXPECT_EQ(r.exit_code, 2) << secret << ": " << r.out;
    EXPECT_NE(r.err.find("16"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Stack::Get().Value(
                "SELECT signature_scheme FROM listeners WHERE listener_key = ?",
                {SqlParam::Text(t.listener().key)}),
            "NULL");
  Stack::Get().CtlOk({"listener", "update", t.listener().key, "--signature",
                      "token", "--secret", "sixteen-chars-xx"});
}

TEST(HostileDeliveriesAuth, BearerSchemeIsCaseInsensitive) {
  Ticket t;
  for (const std::string scheme : {"BEARER ", "bEaReR  "}) {
    HttpResponse r = Stack::Get().Post(
        t.listener().path(), t.Body(),
        {{"Authorization", scheme + t.listener().api_key}, JsonType()});
    EXPECT_EQ(r.status, 200) << "'" << scheme << "': " << r.body;
  }
  EXPECT_EQ(t.Applied(), 2);
}

TEST(HostileDeliveriesLog, HeadersAreNotRepeated) {
  Ticket t;
  HttpResponse r = Deliver(t.listener(), t.Body());
  ASSERT_EQ(r.status, 200);
  std::string headers = EventColumn(r.Event(), "headers");
  for (const std::string name : {"\"content-type\"", "\"content-length\""}) {
    size_t first = headers.find(name);
    EXPECT_NE(first, std::string::npos) << headers;
    EXPECT_EQ(headers.find(name, first + 1), std::string::npos) << headers;
  }
}

}  // namespace
}  // namespace earshot::test
