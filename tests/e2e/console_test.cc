// The console (admin.fcgi) through nginx at /admin/: sign-in, sessions,
// CSRF, throttling, security headers, the listeners a manager may see,
// the delivery log and replay. A small cookie-keeping client stands in
// for the browser (tests/e2e/console_browser_test.cc drives a real one).

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/e2e/console_client.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/harness.h"

namespace earshot::test {
namespace {

using Client = ConsoleClient;
const char* const kPassword = kConsolePassword;

ListenerFixture DataListener(const std::vector<std::string>& extra = {},
                             std::string* group_name = nullptr) {
  std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  if (group_name != nullptr) *group_name = group;
  std::vector<std::string> options = {"--group", group, "--identify",
                                      "email=/email"};
  options.insert(options.end(), extra.begin(), extra.end());
  return CreateListener("data", "users", options);
}

TEST(ConsoleAuth, SignsInWithThePasswordEarshotctlSet) {
  std::string email = ConsoleAccount("admin");
  Client c;
  HttpResponse r = c.SignIn(email, "not the password");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("Wrong email or password"), std::string::npos);
  EXPECT_FALSE(c.Has("earshot_session"));

  r = c.SignIn(email, kPassword);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.headers["location"], "/admin/listeners");
  const std::string cookie = c.last_set_cookie;
  EXPECT_EQ(cookie.rfind("earshot_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  // Plain HTTP, and no trusted proxy: not Secure (the browser would drop it).
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;

  r = c.Get("/admin/listeners");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(email), std::string::npos);
  // Only a hash of the cookie's token is stored.
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM console_sessions s JOIN users u ON "
                "u.id = s.user_id WHERE u.email = ?",
                {SqlParam::Text(email)}),
            1);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM console_audit WHERE "
                               "actor = ? AND action = 'sign_in'",
                               {SqlParam::Text(email)}),
            1);
}

TEST(ConsoleAuth, MembersAndUnknownAccountsCannotSignIn) {
  std::string member = UniqueEmail("member");
  CreateUser(member, "member");
  CommandResult r =
      Stack::Get().Run({Stack::Get().bin() + "/earshotctl", "--config",
                        Stack::Get().config_path(), "user", "password", member},
                       {}, std::string(kPassword) + "\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("admin or manager"), std::string::npos) << r.err;
  Client c("127.0.0.4");
  EXPECT_EQ(c.SignIn(member, kPassword).status, 401);
  EXPECT_EQ(c.SignIn(UniqueEmail("nobody"), kPassword).status, 401);
}

TEST(ConsoleAuth, ThrottlesAnAccountAfterFiveFailures) {
  std::string email = ConsoleAccount("admin");
  Client c("127.0.0.2");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(c.SignIn(email, "wrong password " + std::to_string(i)).status,
              401);
  }
  // Now even the right password is refused, without being checked.
  HttpResponse r = c.SignIn(email, kPassword);
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("Too many failed sign-ins"), std::string::npos);
  EXPECT_FALSE(c.Has("earshot_session"));
  // From another address too: the count is the account's.
  Client other("127.0.0.5");
  EXPECT_EQ(other.SignIn(email, kPassword).status, 429);
}

TEST(ConsoleAuth, ThrottlesAnAddressAfterTwentyFailures) {
  Client c("127.0.0.3");
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(c.SignIn(UniqueEmail("guess"), "wrong password").status, 401);
  }
  std::string email = ConsoleAccount("admin");
  EXPECT_EQ(c.SignIn(email, kPassword).status, 429);
  Client elsewhere("127.0.0.6");
  EXPECT_EQ(elsewhere.SignIn(email, kPassword).status, 303);
}

TEST(ConsoleAuth, SetupLinkSetsAPasswordOnce) {
  std::string email = UniqueEmail("manager");
  CreateUser(email, "manager");
  CommandResult r = Stack::Get().CtlOk({"user", "invite", email});
  ASSERT_TRUE(r.json.IsObject()) << r.out;
  std::string url = r.json["url"].GetString();
  std::string path = url.substr(url.find("/admin/setup"));
  std::string token = path.substr(path.find("token=") + 6);

  Client c;
  std::string csrf = c.CsrfOf(path);
  ASSERT_FALSE(csrf.empty());
  HttpResponse p = c.Post("/admin/setup", "csrf=" + csrf + "&token=" + token +
                                              "&password=short&confirm=short");
  EXPECT_EQ(p.status, 422);
  p = c.Post("/admin/setup", "csrf=" + csrf + "&token=" + token +
                                 "&password=chosen+password+1&confirm=chosen+"
                                 "password+1");
  ASSERT_EQ(p.status, 303) << p.body;
  EXPECT_EQ(c.Get("/admin/listeners").status, 200);

  Client again;
  EXPECT_EQ(again.Get(path).status, 404);
  EXPECT_EQ(again.SignIn(email, "chosen password 1").status, 303);
  Client bad;
  EXPECT_EQ(bad.Get("/admin/setup?token=made-up").status, 404);
}

TEST(ConsoleAuth, SignOutEndsTheSession) {
  std::string email = ConsoleAccount("admin");
  Client c;
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  std::string csrf = c.CsrfOf("/admin/listeners");
  ASSERT_FALSE(csrf.empty());
  // Keep a copy of the cookie, as a thief would.
  Client thief = c;
  HttpResponse r = c.Post("/admin/logout", "csrf=" + csrf);
  EXPECT_EQ(r.status, 303);
  EXPECT_FALSE(c.Has("earshot_session"));
  r = thief.Get("/admin/listeners");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers["location"], "/admin/login");
}

TEST(ConsoleAuth, PostsWithoutTheRightCsrfTokenAreRefused) {
  std::string email = ConsoleAccount("admin");
  ListenerFixture l = DataListener();
  Client c;
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  const std::string path = "/admin/listeners/" + l.key + "/enabled";
  EXPECT_EQ(c.Post(path, "enabled=0").status, 403);
  EXPECT_EQ(c.Post(path, "enabled=0&csrf=forged").status, 403);
  EXPECT_EQ(
      Stack::Get().Value("SELECT enabled FROM listeners WHERE listener_key = ?",
                         {SqlParam::Text(l.key)}),
      "1");
  // Another session's token does not do either.
  Client other;
  ASSERT_EQ(other.SignIn(email, kPassword).status, 303);
  std::string theirs = other.CsrfOf("/admin/listeners/" + l.key);
  EXPECT_EQ(c.Post(path, "enabled=0&csrf=" + theirs).status, 403);

  std::string csrf = c.CsrfOf("/admin/listeners/" + l.key);
  HttpResponse r = c.Post(path, "enabled=0&csrf=" + csrf);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(
      Stack::Get().Value("SELECT enabled FROM listeners WHERE listener_key = ?",
                         {SqlParam::Text(l.key)}),
      "0");
  EXPECT_EQ(Deliver(l, R"({"email":"x@example.com"})").status, 403);
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM console_audit WHERE actor = ? AND "
                "action = 'listener.disable' AND object = ?",
                {SqlParam::Text(email), SqlParam::Text("listener " + l.key)}),
            1);
  // The sign-in form's own token is checked too.
  Client fresh;
  fresh.CsrfOf("/admin/login");
  EXPECT_EQ(fresh
                .Post("/admin/login", "csrf=forged&email=" + UrlEncode(email) +
                                          "&password=" + kPassword)
                .status,
            403);
}

TEST(ConsoleHeaders, StrictCspAndNoCachingOnEveryPage) {
  std::string email = ConsoleAccount("admin");
  Client c;
  for (const char* path : {"/admin/login", "/admin/setup?token=none"}) {
    HttpResponse r = c.Get(path);
    const std::string csp = r.headers["content-security-policy"];
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
    EXPECT_EQ(r.headers["cache-control"], "no-store");
    EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
  }
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  HttpResponse r = c.Get("/admin/listeners");
  EXPECT_NE(r.headers["content-security-policy"].find("script-src 'self'"),
            std::string::npos);
  // No inline script or style in the page itself.
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_EQ(r.body.find("style="), std::string::npos);
  EXPECT_EQ(c.Get("/admin/static/console.css").headers["content-type"],
            "text/css");
}

TEST(ConsoleListeners, AListenerNameIsShownAsText) {
  std::string email = ConsoleAccount("admin");
  ListenerFixture l =
      DataListener({"--name", "<script>alert(1)</script>", "--description",
                    "\"><img src=x onerror=alert(2)>"});
  Client c;
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  for (const std::string& path :
       {std::string("/admin/listeners"), "/admin/listeners/" + l.key}) {
    HttpResponse r = c.Get(path);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos) << path;
    EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"),
              std::string::npos)
        << path;
    EXPECT_EQ(r.body.find("<img src=x"), std::string::npos) << path;
  }
}

TEST(ConsoleListeners, ListShowsLastDeliveryAndCounts) {
  std::string email = ConsoleAccount("admin");
  ListenerFixture l = DataListener();
  ASSERT_EQ(Deliver(l, R"({"email":"a@example.com","plan":"pro"})").status,
            200);
  ASSERT_EQ(Deliver(l, R"({"email":"b@example.com"})").status, 200);
  ASSERT_EQ(Deliver(l, "{not json").status, 400);
  Client c;
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  HttpResponse r = c.Get("/admin/listeners");
  size_t at = r.body.find("/admin/listeners/" + l.key + "\"");
  ASSERT_NE(at, std::string::npos);
  std::string row = r.body.substr(at, r.body.find("</tr>", at) - at);
  EXPECT_NE(row.find(">400<"), std::string::npos) << row;
  EXPECT_NE(row.find("2 ok"), std::string::npos) << row;
  EXPECT_NE(row.find("1 refused"), std::string::npos) << row;
  EXPECT_NE(row.find("0 failed"), std::string::npos) << row;
  EXPECT_NE(row.find("Enabled"), std::string::npos) << row;

  r = c.Get("/admin/listeners/" + l.key);
  EXPECT_NE(r.body.find(Stack::Get().base_url() + "/listeners/data/" + l.key),
            std::string::npos);
  EXPECT_NE(r.body.find("curl -sS -X POST"), std::string::npos);
  EXPECT_NE(r.body.find("data-copy=\"endpoint-url\""), std::string::npos);
  // The API key is named, never shown.
  EXPECT_NE(r.body.find(l.api_name), std::string::npos);
  EXPECT_EQ(r.body.find(l.api_key), std::string::npos);
}

TEST(ConsoleListeners, AManagerSeesOnlyTheirProjects) {
  int64_t mine = CreateProject();
  int64_t theirs = CreateProject();
  std::string email = ConsoleAccount("manager", {mine});
  ListenerFixture own =
      DataListener({"--scope", "project:" + std::to_string(mine)});
  ListenerFixture other =
      DataListener({"--scope", "project:" + std::to_string(theirs)});
  ListenerFixture community = DataListener();
  ASSERT_EQ(Deliver(other, R"({"email":"a@example.com"})").status, 200);
  int64_t other_event = Stack::Get().Count(
      "SELECT MAX(e.id) FROM events e JOIN listeners l ON l.id = "
      "e.listener_id WHERE l.listener_key = ?",
      {SqlParam::Text(other.key)});

  Client c;
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  HttpResponse r = c.Get("/admin/listeners");
  EXPECT_NE(r.body.find(own.key), std::string::npos);
  EXPECT_EQ(r.body.find(other.key), std::string::npos);
  EXPECT_EQ(r.body.find(community.key), std::string::npos);
  EXPECT_EQ(c.Get("/admin/listeners/" + own.key).status, 200);
  EXPECT_EQ(c.Get("/admin/listeners/" + other.key).status, 404);
  EXPECT_EQ(c.Get("/admin/listeners/" + community.key).status, 404);
  const std::string event = "/admin/deliveries/" + std::to_string(other_event);
  EXPECT_EQ(c.Get(event).status, 404);
  EXPECT_EQ(c.Get(event + "/replay").status, 404);
  std::string csrf = c.CsrfOf("/admin/listeners/" + own.key);
  EXPECT_EQ(c.Post(event + "/replay", "confirm=yes&csrf=" + csrf).status, 404);
  EXPECT_EQ(c.Post("/admin/listeners/" + other.key + "/enabled",
                   "enabled=0&csrf=" + csrf)
                .status,
            404);
  r = c.Get("/admin/deliveries?listener=" + other.key);
  EXPECT_EQ(r.body.find(">#" + std::to_string(other_event) + "<"),
            std::string::npos);
}

TEST(ConsoleDeliveries, ShowsADeliveryAndReplaysItAfterConfirmation) {
  std::string email = ConsoleAccount("admin");
  std::string group;
  ListenerFixture l = DataListener({}, &group);
  std::string user = UniqueEmail("target");
  int64_t target = CreateUser(user);
  HttpResponse d = Deliver(l, R"({"email":")" + user + R"(","plan":"gold"})",
                           {{"Idempotency-Key", Unique("delivery")}});
  ASSERT_EQ(d.status, 200) << d.body;
  const std::string id = std::to_string(d.Event());

  Client c;
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  HttpResponse r = c.Get("/admin/deliveries?listener=" + l.key + "&status=ok");
  EXPECT_NE(r.body.find(">#" + id + "<"), std::string::npos);
  r = c.Get("/admin/deliveries?listener=" + l.key + "&status=failed");
  EXPECT_EQ(r.body.find(">#" + id + "<"), std::string::npos);

  r = c.Get("/admin/deliveries/" + id);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("&quot;plan&quot;:&quot;gold&quot;"),
            std::string::npos);
  EXPECT_NE(r.body.find("<dt>authorization</dt><dd><code>***</code>"),
            std::string::npos);
  EXPECT_EQ(r.body.find(l.api_key), std::string::npos);
  EXPECT_NE(r.body.find("applied"), std::string::npos);

  // The value changes, then the replay puts the recorded one back.
  auto db = Stack::Get().Db();
  ASSERT_TRUE(db->Run("UPDATE data_values v JOIN data_fields f ON f.id = "
                      "v.field_id JOIN data_groups g ON g.id = f.group_id "
                      "SET v.value_text = 'changed' WHERE v.target_id = ? "
                      "AND g.name = ?",
                      {SqlParam::Int(target), SqlParam::Text(group)}, nullptr)
                  .ok());
  ASSERT_TRUE(db->Commit().ok());
  ASSERT_EQ(DataValue(group, "Plan", target), "changed");
  std::string csrf = c.CsrfOf("/admin/deliveries/" + id + "/replay");
  ASSERT_FALSE(csrf.empty());
  r = c.Post("/admin/deliveries/" + id + "/replay", "csrf=" + csrf);
  EXPECT_EQ(r.status, 422);  // not confirmed
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM events WHERE "
                               "replay_of = ?",
                               {SqlParam::Int(d.Event())}),
            0);
  r = c.Post("/admin/deliveries/" + id + "/replay",
             "csrf=" + csrf + "&confirm=yes");
  ASSERT_EQ(r.status, 303) << r.body;
  std::string replay = Stack::Get().Value(
      "SELECT id FROM events WHERE replay_of = ?", {SqlParam::Int(d.Event())});
  ASSERT_NE(replay, "");
  EXPECT_EQ(r.headers["location"], "/admin/deliveries/" + replay);
  EXPECT_EQ(EventColumn(std::stoll(replay), "http_status"), "200");
  EXPECT_EQ(DataValue(group, "Plan", target), "gold");
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM console_audit WHERE actor = ? AND "
                "action = 'delivery.replay' AND object = ?",
                {SqlParam::Text(email), SqlParam::Text("event " + id)}),
            1);
  r = c.Get("/admin/audit");
  EXPECT_NE(r.body.find("recorded as event " + replay), std::string::npos);
}

}  // namespace
}  // namespace earshot::test

namespace earshot::test {
namespace {

TEST(ConsoleListenerForms, CreateEditAndDeleteWithEarshotctlsChecks) {
  std::string email = ConsoleAccount("admin");
  std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  std::string api_name = Unique("key");
  std::string api_key = CreateApiKey(api_name);
  std::string key = Unique("form");
  Client c;
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  std::string csrf = c.CsrfOf("/admin/new-listener?type=data&target=users");
  ASSERT_FALSE(csrf.empty());
  const std::string common =
      "csrf=" + csrf + "&type=data&target=users&key=" + key +
      "&name=From+the+form&group=" + group + "&api-key=" + api_name +
      "&scope=community&identify=email%3D%2Femail"
      "&signature=none";
  // The filter is checked by the code earshotctl uses: same message, with
  // its column.
  HttpResponse r =
      c.Post("/admin/new-listener", common + "&filter=score+%3E%3D");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("column 9"), std::string::npos) << r.body;
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM listeners WHERE listener_key = ?",
                {SqlParam::Text(key)}),
            0);
  r = c.Post("/admin/new-listener", common + "&filter=score+%3E%3D+0");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.headers["location"], "/admin/listeners/" + key);
  std::string user = UniqueEmail("t");
  int64_t target = CreateUser(user);
  HttpResponse d = Stack::Get().Post(
      "/listeners/data/" + key, R"({"email":")" + user + R"(","plan":"x"})",
      {Bearer(api_key), JsonType()});
  EXPECT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(DataValue(group, "Plan", target), "x");

  // Edit: a GitHub signature with its secret, which is never shown again.
  const std::string secret = "a-signing-secret-0123456789";
  r = c.Post(
      "/admin/listeners/" + key + "/edit",
      "csrf=" + csrf + "&name=Renamed&signature=github&secret=" + secret);
  ASSERT_EQ(r.status, 303) << r.body;
  r = c.Get("/admin/listeners/" + key + "/edit");
  EXPECT_EQ(r.body.find(secret), std::string::npos);
  EXPECT_NE(r.body.find("1 set; leave empty to keep"), std::string::npos);
  EXPECT_EQ(
      Stack::Get().Value("SELECT name FROM listeners WHERE listener_key = ?",
                         {SqlParam::Text(key)}),
      "Renamed");
  d = Stack::Get().Post("/listeners/data/" + key, R"({"email":"a@b.c"})",
                        {Bearer(api_key), JsonType()});
  EXPECT_EQ(d.status, 401);  // unsigned now
  // A second save without the secret keeps it.
  r = c.Post("/admin/listeners/" + key + "/edit",
             "csrf=" + csrf + "&name=Renamed+again&secret=");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Stack::Get().Value(
                "SELECT signature_secret FROM listeners WHERE listener_key = ?",
                {SqlParam::Text(key)}),
            secret);

  r = c.Post("/admin/listeners/" + key + "/delete",
             "csrf=" + csrf + "&confirm=wrong");
  EXPECT_EQ(r.status, 422);
  r = c.Post("/admin/listeners/" + key + "/delete",
             "csrf=" + csrf + "&confirm=" + key);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM listeners WHERE listener_key = ?",
                {SqlParam::Text(key)}),
            0);
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM console_audit WHERE actor = ? AND "
                "object = ? AND action IN ('listener.create', "
                "'listener.update', 'listener.delete')",
                {SqlParam::Text(email), SqlParam::Text("listener " + key)}),
            4);
}

TEST(ConsoleListenerForms, AManagerCreatesOnlyInTheirProjects) {
  int64_t mine = CreateProject();
  int64_t theirs = CreateProject();
  std::string email = ConsoleAccount("manager", {mine});
  std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  std::string api_name = Unique("key");
  CreateApiKey(api_name);
  Client c;
  ASSERT_EQ(c.SignIn(email, kPassword).status, 303);
  std::string csrf = c.CsrfOf("/admin/new-listener?type=data&target=users");
  auto form = [&](const std::string& key, const std::string& scope) {
    return "csrf=" + csrf + "&type=data&target=users&key=" + key +
           "&group=" + group + "&api-key=" + api_name + "&scope=" + scope +
           "&signature=none";
  };
  std::string key = Unique("mgr");
  EXPECT_EQ(c.Post("/admin/new-listener",
                   form(key, "project%3A" + std::to_string(theirs)))
                .status,
            422);
  EXPECT_EQ(c.Post("/admin/new-listener", form(key, "community")).status, 422);
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM listeners WHERE listener_key = ?",
                {SqlParam::Text(key)}),
            0);
  EXPECT_EQ(c.Post("/admin/new-listener",
                   form(key, "project%3A" + std::to_string(mine)))
                .status,
            303);
  // Nor can they move it out.
  EXPECT_EQ(
      c.Post("/admin/listeners/" + key + "/edit",
             "csrf=" + csrf + "&scope=project%3A" + std::to_string(theirs))
          .status,
      422);
}

}  // namespace
}  // namespace earshot::test
