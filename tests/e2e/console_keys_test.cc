// The console's API keys page, new-address notification, live filter
// check and payload picker (issue 13), through nginx at /admin/, with a
// real MariaDB behind. A small cookie-keeping client stands in for the
// browser (tests/e2e/console_browser_test.cc drives a real one).

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

// A signed-in admin.
Client Admin() {
  Client c;
  EXPECT_EQ(c.SignIn(ConsoleAccount("admin"), kPassword).status, 303);
  return c;
}

ListenerFixture DataListener() {
  std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  return CreateListener("data", "users",
                        {"--group", group, "--identify", "email=/email"});
}

// The API keys shown in `html`.
std::vector<std::string> KeysIn(const std::string& html) {
  std::vector<std::string> keys;
  auto key_char = [](char c) { return isalnum(c) || c == '-' || c == '_'; };
  for (size_t at = html.find("esk_"); at != std::string::npos;
       at = html.find("esk_", at + 1)) {
    size_t end = at + 4;
    while (end < html.size() && key_char(html[end])) ++end;
    if (end - at == 47) keys.push_back(html.substr(at, 47));
  }
  return keys;
}

HttpResponse DeliverFrom(const std::string& source, const std::string& path,
                         const std::string& api_key,
                         const std::string& body = R"({"email":"x@y.z"})") {
  return Stack::Get().Post(path, body, {Bearer(api_key), JsonType()}, "POST",
                           source);
}

int64_t NotifyEmails(const std::string& recipient) {
  return Stack::Get().Count(
      "SELECT COUNT(*) FROM outbox WHERE recipient = ? AND kind = 'email'",
      {SqlParam::Text(recipient)});
}

// ---- API keys page -------------------------------------------------------

TEST(ConsoleKeys, CreateShowsTheKeyOnceAndItWorks) {
  Client c = Admin();
  HttpResponse page = c.Get("/admin/keys");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string name = Unique("console-key");
  std::string csrf = c.CsrfOf("/admin/keys");
  HttpResponse r =
      c.Post("/admin/keys", "csrf=" + csrf + "&name=" + name + "&allow_ips=");
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> shown = KeysIn(r.body);
  ASSERT_EQ(shown.size(), 1u) << r.body;
  const std::string key = shown[0];
  EXPECT_NE(r.body.find("data-copy"), std::string::npos) << "a copy button";
  // Only its hash is stored.
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM api_keys WHERE name = ? AND hash = "
                "UNHEX(SHA2(?, 256))",
                {SqlParam::Text(name), SqlParam::Text(key)}),
            1);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM console_audit WHERE "
                               "action = 'apikey.create' AND object = ?",
                               {SqlParam::Text("api key " + name)}),
            1);
  // Never shown again, on the list or on its own page.
  HttpResponse list = c.Get("/admin/keys");
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find(name), std::string::npos);
  EXPECT_NE(list.body.find(key.substr(0, 12)), std::string::npos) << "prefix";
  EXPECT_TRUE(KeysIn(list.body).empty());
  HttpResponse one = c.Get("/admin/keys/" + name);
  EXPECT_EQ(one.status, 200);
  EXPECT_TRUE(KeysIn(one.body).empty());

  // The key works for a delivery to a listener that names it.
  std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  const std::string listener = Unique("l");
  Stack::Get().CtlOk({"listener", "create", listener, "--type", "data",
                      "--target", "users", "--api-key", name, "--group", group,
                      "--identify", "email=/email"});
  HttpResponse d = DeliverFrom("", "/listeners/data/" + listener, key);
  EXPECT_EQ(d.status, 200) << d.body;
  // Listed with its listener.
  list = c.Get("/admin/keys");
  EXPECT_NE(list.body.find(listener), std::string::npos);
}

TEST(ConsoleKeys, CreateRefusesBadNamesAndCidrsWithTheCtlMessages) {
  Client c = Admin();
  std::string csrf = c.CsrfOf("/admin/keys");
  const std::string name = Unique("console-key");
  HttpResponse r = c.Post("/admin/keys", "csrf=" + csrf + "&name=" + name +
                                             "&allow_ips=10.0.0.0%2F8+bogus");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("invalid CIDR"), std::string::npos) << r.body;
  EXPECT_TRUE(KeysIn(r.body).empty());
  r = c.Post("/admin/keys", "csrf=" + csrf + "&name=%3Cb%3E");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("invalid API key name"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("<b>"), std::string::npos);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM api_keys WHERE name = ?",
                               {SqlParam::Text(name)}),
            0);
  // A name taken (by earshotctl) is refused.
  const std::string taken = Unique("taken");
  CreateApiKey(taken);
  r = c.Post("/admin/keys", "csrf=" + csrf + "&name=" + taken);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("already exists"), std::string::npos) << r.body;
}

TEST(ConsoleKeys, AllowListEditIsCheckedAndApplied) {
  ListenerFixture l = DataListener();
  Client c = Admin();
  const std::string path = "/admin/keys/" + l.api_name;
  std::string csrf = c.CsrfOf(path);
  HttpResponse r = c.Post(path + "/allow", "csrf=" + csrf +
                                               "&allow_ips=10.0.0.0%2F8%0D%0A"
                                               "300.1.1.1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("invalid CIDR"), std::string::npos) << r.body;
  EXPECT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  r = c.Post(path + "/allow", "csrf=" + csrf + "&allow_ips=10.1.2.3%2F8");
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Stack::Get().Value("SELECT allow_ips FROM api_keys WHERE name = ?",
                               {SqlParam::Text(l.api_name)}),
            "10.0.0.0/8");
  HttpResponse d = DeliverFrom("", l.path(), l.api_key);
  EXPECT_EQ(d.status, 403);
  EXPECT_EQ(d.ErrorCode(), "ip_not_allowed");
  // Emptied: every address again.
  r = c.Post(path + "/allow", "csrf=" + csrf + "&allow_ips=");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  EXPECT_GE(Stack::Get().Count("SELECT COUNT(*) FROM console_audit WHERE "
                               "action = 'apikey.allow' AND object = ?",
                               {SqlParam::Text("api key " + l.api_name)}),
            2);
}

TEST(ConsoleKeys, RevokeNamesTheListenersThenStopsTheKey) {
  ListenerFixture l = DataListener();
  ASSERT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  Client c = Admin();
  const std::string path = "/admin/keys/" + l.api_name + "/revoke";
  HttpResponse confirm = c.Get(path);
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  EXPECT_NE(confirm.body.find(l.key), std::string::npos)
      << "names the listener that stops working";
  std::string csrf = c.CsrfOf(path);
  // Without the confirmation: nothing happens.
  HttpResponse r = c.Post(path, "csrf=" + csrf);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  r = c.Post(path, "csrf=" + csrf + "&confirm=yes");
  EXPECT_EQ(r.status, 303) << r.body;
  HttpResponse d = DeliverFrom("", l.path(), l.api_key);
  EXPECT_EQ(d.status, 401);
  EXPECT_EQ(d.ErrorCode(), "invalid_api_key");
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM console_audit WHERE "
                               "action = 'apikey.revoke' AND object = ?",
                               {SqlParam::Text("api key " + l.api_name)}),
            1);
  HttpResponse list = c.Get("/admin/keys");
  EXPECT_NE(list.body.find("revoked"), std::string::npos);
}

TEST(ConsoleKeys, ManagersGetNotFound) {
  ListenerFixture l = DataListener();
  // What an admin sees there...
  Client admin = Admin();
  EXPECT_EQ(admin.Get("/admin/keys/" + l.api_name).status, 200);
  // ...a project manager does not.
  int64_t project = CreateProject();
  Client c;
  ASSERT_EQ(c.SignIn(ConsoleAccount("manager", {project}), kPassword).status,
            303);
  EXPECT_EQ(c.Get("/admin/keys").status, 404);
  EXPECT_EQ(c.Get("/admin/keys/" + l.api_name).status, 404);
  EXPECT_EQ(c.Get("/admin/keys/" + l.api_name + "/revoke").status, 404);
  std::string csrf = c.CsrfOf("/admin/listeners");
  ASSERT_FALSE(csrf.empty());
  const std::string name = Unique("by-manager");
  EXPECT_EQ(c.Post("/admin/keys", "csrf=" + csrf + "&name=" + name).status,
            404);
  EXPECT_EQ(c.Post("/admin/keys/" + l.api_name + "/revoke",
                   "csrf=" + csrf + "&confirm=yes")
                .status,
            404);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM api_keys WHERE name = ?",
                               {SqlParam::Text(name)}),
            0);
  EXPECT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  EXPECT_EQ(c.Get("/admin/listeners").body.find("/admin/keys"),
            std::string::npos)
      << "no navigation entry for managers";
}

TEST(ConsoleKeys, PostsWithoutTheCsrfTokenChangeNothing) {
  ListenerFixture l = DataListener();
  Client c = Admin();
  const std::string name = Unique("forged");
  EXPECT_EQ(c.Post("/admin/keys", "name=" + name).status, 403);
  EXPECT_EQ(c.Post("/admin/keys", "csrf=forged&name=" + name).status, 403);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM api_keys WHERE name = ?",
                               {SqlParam::Text(name)}),
            0);
  EXPECT_EQ(
      c.Post("/admin/keys/" + l.api_name + "/revoke", "confirm=yes").status,
      403);
  EXPECT_EQ(c.Post("/admin/keys/" + l.api_name + "/notify",
                   "notify_email=thief%40example.com")
                .status,
            403);
  EXPECT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  EXPECT_EQ(
      Stack::Get().Value("SELECT notify_email FROM api_keys WHERE name = ?",
                         {SqlParam::Text(l.api_name)}),
      "NULL");
}

TEST(ConsoleKeys, ListenerFormOffersUsableKeysInASelect) {
  ListenerFixture live = DataListener();
  const std::string revoked = Unique("revoked");
  CreateApiKey(revoked);
  Stack::Get().CtlOk({"apikey", "revoke", revoked});
  Client c = Admin();
  HttpResponse r = c.Get("/admin/new-listener?type=data&target=users");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<select id=\"f-api-key\" name=\"api-key\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<option value=\"" + live.api_name + "\""),
            std::string::npos);
  EXPECT_EQ(r.body.find("<option value=\"" + revoked + "\""),
            std::string::npos);
  // The same validation as before: a revoked key is refused.
  std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  std::string csrf = c.CsrfOf("/admin/new-listener?type=data&target=users");
  r = c.Post("/admin/new-listener",
             "csrf=" + csrf + "&type=data&target=users&key=" + Unique("l") +
                 "&group=" + group + "&api-key=" + revoked);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("is revoked"), std::string::npos);
}

// ---- new-address notification --------------------------------------------

TEST(KeyNotify, FirstUseFromEachAddressQueuesOneEmail) {
  ListenerFixture l = DataListener();
  const std::string to = UniqueEmail("key-owner");
  Stack::Get().CtlOk({"apikey", "notify", l.api_name, "--email", to});
  EXPECT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  EXPECT_EQ(NotifyEmails(to), 1);
  EXPECT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  EXPECT_EQ(NotifyEmails(to), 1) << "127.0.0.1 is known now";
  EXPECT_EQ(DeliverFrom("127.0.0.2", l.path(), l.api_key).status, 200);
  EXPECT_EQ(NotifyEmails(to), 2);
  EXPECT_EQ(DeliverFrom("127.0.0.2", l.path(), l.api_key).status, 200);
  EXPECT_EQ(NotifyEmails(to), 2);
  std::string body = Stack::Get().Value(
      "SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1",
      {SqlParam::Text(to)});
  EXPECT_NE(body.find("127.0.0.2"), std::string::npos) << body;
  EXPECT_NE(body.find(l.api_name), std::string::npos) << body;
  EXPECT_EQ(body.find(l.api_key), std::string::npos) << "never the key";
  // A wrong key from a new address is not "the key used": nothing.
  EXPECT_EQ(
      DeliverFrom("127.0.0.3", l.path(), "esk_" + std::string(43, 'A')).status,
      401);
  EXPECT_EQ(NotifyEmails(to), 2);
  // Off: a new address queues nothing.
  Stack::Get().CtlOk({"apikey", "notify", l.api_name, "--off"});
  EXPECT_EQ(DeliverFrom("127.0.0.4", l.path(), l.api_key).status, 200);
  EXPECT_EQ(NotifyEmails(to), 2);
}

TEST(KeyNotify, ARepeatedDeliveryFromANewAddressIsNewsToo) {
  ListenerFixture l = DataListener();
  const std::string to = UniqueEmail("dup-owner");
  Stack::Get().CtlOk({"apikey", "notify", l.api_name, "--email", to});
  const Headers headers = {
      Bearer(l.api_key), JsonType(), {"Idempotency-Key", Unique("dup")}};
  const std::string body = R"({"email":"x@y.z"})";
  HttpResponse first = Stack::Get().Post(l.path(), body, headers);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(NotifyEmails(to), 1);
  HttpResponse again =
      Stack::Get().Post(l.path(), body, headers, "POST", "127.0.0.2");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(again.Duplicate());
  EXPECT_EQ(NotifyEmails(to), 2);
}

TEST(KeyNotify, KeysWithoutNotificationRecordAndQueueNothing) {
  ListenerFixture l = DataListener();
  int64_t outbox = Stack::Get().Count("SELECT COUNT(*) FROM outbox");
  EXPECT_EQ(DeliverFrom("", l.path(), l.api_key).status, 200);
  EXPECT_EQ(DeliverFrom("127.0.0.2", l.path(), l.api_key).status, 200);
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM api_key_addresses a JOIN api_keys k ON "
                "k.id = a.api_key_id WHERE k.name = ?",
                {SqlParam::Text(l.api_name)}),
            0);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM outbox"), outbox);
}

TEST(KeyNotify, AtMostTenEmailsPerKeyPerHour) {
  ListenerFixture l = DataListener();
  const std::string to = UniqueEmail("flooded");
  Stack::Get().CtlOk({"apikey", "notify", l.api_name, "--email", to});
  for (int i = 0; i < 12; ++i) {
    const std::string from = "127.0.1." + std::to_string(10 + i);
    EXPECT_EQ(DeliverFrom(from, l.path(), l.api_key).status, 200) << from;
  }
  EXPECT_EQ(NotifyEmails(to), 10);
  // Every address is recorded, emailed or not.
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM api_key_addresses a JOIN api_keys k ON "
                "k.id = a.api_key_id WHERE k.name = ?",
                {SqlParam::Text(l.api_name)}),
            12);
}

TEST(KeyNotify, CtlAndConsoleCheckTheAddress) {
  ListenerFixture l = DataListener();
  CommandResult r =
      Stack::Get().Ctl({"apikey", "notify", l.api_name, "--email", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("invalid email"), std::string::npos) << r.err;
  r = Stack::Get().Ctl({"apikey", "notify", l.api_name});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  r = Stack::Get().Ctl(
      {"apikey", "notify", l.api_name, "--email", "a@example.com", "--off"});
  EXPECT_EQ(r.exit_code, 2) << r.out;

  Client c = Admin();
  const std::string path = "/admin/keys/" + l.api_name;
  std::string csrf = c.CsrfOf(path);
  HttpResponse p =
      c.Post(path + "/notify", "csrf=" + csrf + "&notify_email=not+an+email");
  EXPECT_EQ(p.status, 422);
  EXPECT_NE(p.body.find("invalid email"), std::string::npos);
  const std::string to = UniqueEmail("console-owner");
  p = c.Post(path + "/notify",
             "csrf=" + csrf + "&notify_email=" + UrlEncode(to));
  EXPECT_EQ(p.status, 303) << p.body;
  EXPECT_EQ(DeliverFrom("127.0.0.2", l.path(), l.api_key).status, 200);
  EXPECT_EQ(NotifyEmails(to), 1);
  HttpResponse page = c.Get(path);
  EXPECT_NE(page.body.find("127.0.0.2"), std::string::npos)
      << "the addresses seen are listed";
}

// ---- live filter check ------------------------------------------------------

TEST(ConsoleFilterCheck, AnswersOkOrTheErrorWithItsColumn) {
  Client c = Admin();
  HttpResponse r =
      c.Get("/admin/filter-check?target=users&filter=score+%3E%3D+10");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"].rfind("application/json", 0), 0u);
  ASSERT_TRUE(r.json.IsObject()) << r.body;
  EXPECT_TRUE(r.json["ok"].GetBool());
  r = c.Get("/admin/filter-check?target=users&filter=score+%3E%3D");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.json.IsObject()) << r.body;
  EXPECT_FALSE(r.json["ok"].GetBool());
  EXPECT_EQ(r.json["column"].GetInt(), 9) << r.body;
  EXPECT_NE(std::string(r.json["error"].GetString()).find("expected"),
            std::string::npos)
      << r.body;
  // A field of another target.
  r = c.Get("/admin/filter-check?target=projects&filter=popularity+%3E+1");
  ASSERT_TRUE(r.json.IsObject()) << r.body;
  EXPECT_FALSE(r.json["ok"].GetBool());
  EXPECT_EQ(r.json["column"].GetInt(), 1);
  r = c.Get("/admin/filter-check?target=nothing&filter=id+%3D+1");
  EXPECT_EQ(r.status, 400);
  // Signed out: no answer but a refusal.
  Client out;
  r = out.Get("/admin/filter-check?target=users&filter=id+%3D+1");
  EXPECT_EQ(r.status, 401);
}

// ---- payload picker -----------------------------------------------------

TEST(ConsolePicker, ListsThePointersOfAPastedBodyWithoutSaving) {
  Client c = Admin();
  const std::string form = "/admin/new-listener?type=comment&target=users";
  HttpResponse page = c.Get(form);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"sample_body\""), std::string::npos);
  std::string csrf = c.CsrfOf(form);
  const std::string key = Unique("picked");
  HttpResponse r = c.Post(
      "/admin/new-listener",
      "csrf=" + csrf + "&type=comment&target=users&key=" + key +
          "&pick=1&sample_body=" +
          UrlEncode(R"({"a/b":{"m~n":"<i>x</i>"},"list":[1,2.50],"":true})"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("/a~1b/m~0n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("/list/1"), std::string::npos);
  EXPECT_NE(r.body.find("2.50"), std::string::npos) << "the sender's digits";
  EXPECT_EQ(r.body.find("<i>x</i>"), std::string::npos) << "escaped";
  // What was typed is kept, and nothing was saved.
  EXPECT_NE(r.body.find("value=\"" + key + "\""), std::string::npos);
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM listeners WHERE listener_key = ?",
                {SqlParam::Text(key)}),
            0);
  // Not JSON: said so.
  r = c.Post("/admin/new-listener",
             "csrf=" + csrf + "&type=comment&target=users&key=" + key +
                 "&pick=1&sample_body=%7Bnope");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("invalid_json"), std::string::npos) << r.body;
}

TEST(ConsolePicker, OffersTheListenersRecordedDeliveries) {
  ListenerFixture l = DataListener();
  HttpResponse d = DeliverFrom("", l.path(), l.api_key,
                               R"({"email":"x@y.z","deep":{"plan":"gold"}})");
  ASSERT_EQ(d.status, 200) << d.body;
  ListenerFixture other = DataListener();
  HttpResponse od = DeliverFrom("", other.path(), other.api_key,
                                R"({"email":"x@y.z","secret":"theirs"})");
  ASSERT_EQ(od.status, 200);
  Client c = Admin();
  const std::string edit = "/admin/listeners/" + l.key + "/edit";
  HttpResponse page = c.Get(edit);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(
      page.body.find("<option value=\"" + std::to_string(d.Event()) + "\""),
      std::string::npos)
      << page.body;
  std::string csrf = c.CsrfOf(edit);
  HttpResponse r = c.Post(edit, "csrf=" + csrf + "&pick=1&sample_event=" +
                                    std::to_string(d.Event()));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("/deep/plan"), std::string::npos) << r.body;
  // Another listener's delivery is not offered through this form.
  r = c.Post(edit, "csrf=" + csrf +
                       "&pick=1&sample_event=" + std::to_string(od.Event()));
  EXPECT_EQ(r.body.find("/secret"), std::string::npos);
}

}  // namespace
}  // namespace earshot::test
