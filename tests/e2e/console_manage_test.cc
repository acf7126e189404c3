// The console's pages for what listeners share (issue 13), through nginx:
// external data groups and fields, macros, the outbox. The same checks as
// earshotctl (same messages), changes that would break stored data or a
// listener refused, admins only, CSRF, and hostile text shown as text.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/e2e/console_client.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

std::string Str(int64_t n) { return std::to_string(n); }

// `text` as ctemplate's HTML auto-escape writes it.
std::string Html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A signed-in console session that sends its CSRF token with every form.
class Session {
 public:
  explicit Session(const std::string& role,
                   const std::vector<int64_t>& projects = {}) {
    EXPECT_EQ(client_.SignIn(ConsoleAccount(role, projects)).status, 303);
    csrf_ = client_.CsrfOf("/admin/listeners");
    EXPECT_FALSE(csrf_.empty());
  }

  HttpResponse Get(const std::string& path) { return client_.Get(path); }
  // Posts `fields` (url-encoded) with the session's CSRF token.
  HttpResponse Post(const std::string& path, const std::string& fields) {
    return client_.Post(path, "csrf=" + csrf_ + "&" + fields);
  }
  HttpResponse PostWithoutCsrf(const std::string& path,
                               const std::string& fields) {
    return client_.Post(path, fields);
  }

 private:
  ConsoleClient client_;
  std::string csrf_;
};

bool Has(const HttpResponse& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

// earshotctl's one-line error for `args`, without its "earshotctl: ".
std::string CtlError(const std::vector<std::string>& args) {
  CommandResult r = Stack::Get().Ctl(args);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  std::string err = r.err;
  if (err.rfind("earshotctl: ", 0) == 0) err = err.substr(12);
  while (!err.empty() && err.back() == '\n') err.pop_back();
  return err;
}

int64_t AuditCount(const std::string& action, const std::string& object) {
  return Stack::Get().Count(
      "SELECT COUNT(*) FROM console_audit WHERE action = ? AND object = ?",
      {SqlParam::Text(action), SqlParam::Text(object)});
}

// Runs one change and commits it.
void Exec(const std::string& sql, const std::vector<SqlParam>& params) {
  auto db = Stack::Get().Db();
  Status s = db->Run(sql, params, nullptr);
  if (s.ok()) s = db->Commit();
  ASSERT_TRUE(s.ok()) << s.ToString();
}

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = Stack::Get().var() + "/" + name;
  FILE* f = fopen(path.c_str(), "w");
  fputs(text.c_str(), f);
  fclose(f);
  return path;
}

TEST(ConsoleManageData, GroupAndFieldMadeInTheFormsFillFromADelivery) {
  Session admin("admin");
  const std::string group = UniqueIdent("Crm");
  HttpResponse r = admin.Post("/admin/data", "name=" + group + "&target=users");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.headers["location"], "/admin/data/" + group);
  r = admin.Post(
      "/admin/data/" + group + "/fields",
      "label=Plan&param=" + UrlEncode("/account/plan") + "&type=string");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(AuditCount("data_group.create", "data group " + group), 1);
  EXPECT_EQ(AuditCount("data_field.add", "data field " + group + ".Plan"), 1);

  r = admin.Get("/admin/data");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, "/admin/data/" + group)) << r.body;
  r = admin.Get("/admin/data/" + group);
  EXPECT_TRUE(Has(r, "/account/plan")) << r.body;

  // The group works for a data listener as earshotctl's would.
  ListenerFixture l = CreateListener(
      "data", "users", {"--group", group, "--identify", "email=/email"});
  std::string email = UniqueEmail("crm");
  int64_t user = CreateUser(email);
  HttpResponse d =
      Deliver(l, R"({"email":")" + email + R"(","account":{"plan":"gold"}})");
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(DataValue(group, "Plan", user), "gold");

  // The parameter may change; the next delivery reads the new place.
  r = admin.Post("/admin/data/" + group + "/fields/Plan",
                 "param=" + UrlEncode("/plan") + "&type=string");
  ASSERT_EQ(r.status, 303) << r.body;
  d = Deliver(l, R"({"email":")" + email + R"(","plan":"silver"})");
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(DataValue(group, "Plan", user), "silver");
}

// The payload picker on the field forms: a group's data listeners' recorded
// deliveries are offered, a sample's pointers listed, nothing saved.
TEST(ConsoleManageData, FieldFormsOfferThePayloadPicker) {
  Session admin("admin");
  const std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  ListenerFixture l = CreateListener(
      "data", "users", {"--group", group, "--identify", "email=/email"});
  HttpResponse d = Deliver(
      l, R"({"email":"nobody@example.com","usage":{"a/b":{"count":3}}})");
  ASSERT_EQ(d.status, 200) << d.body;
  const std::string event = Str(d.Event());

  HttpResponse r = admin.Get("/admin/data/" + group);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, "<option value=\"" + event + "\"")) << r.body;
  EXPECT_TRUE(Has(r, "data-pointer-field=\"pointer\"")) << r.body;

  // Add-field form: a recorded delivery's pointers; the field is not added.
  r = admin.Post(
      "/admin/data/" + group + "/fields",
      "label=Count&param=&type=integer&pick=1&sample_event=" + event);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Has(r, "data-pointer=\"/usage/a~1b/count\"")) << r.body;
  EXPECT_TRUE(Has(r, "value=\"Count\"")) << r.body;  // what was typed stays
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM data_fields f JOIN data_groups g ON "
                "g.id = f.group_id WHERE g.name = ? AND f.label = 'Count'",
                {SqlParam::Text(group)}),
            0);

  // Field page: a pasted sample; the field keeps its Parameter.
  r = admin.Post("/admin/data/" + group + "/fields/Plan",
                 "param=" + UrlEncode("/x") +
                     "&type=string&pick=1&sample_body=" +
                     UrlEncode(R"({"account":{"plan":"gold"}})"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Has(r, "data-pointer=\"/account/plan\"")) << r.body;
  EXPECT_EQ(Stack::Get().Value(
                "SELECT f.param FROM data_fields f JOIN data_groups g ON "
                "g.id = f.group_id WHERE g.name = ? AND f.label = 'Plan'",
                {SqlParam::Text(group)}),
            "/plan");

  // Another group's listener's delivery is not offered to this group.
  const std::string other = CreateGroup("users", {{"N", "/n", "integer"}});
  r = admin.Post("/admin/data/" + other + "/fields",
                 "label=M&param=&type=integer&pick=1&sample_event=" + event);
  EXPECT_TRUE(Has(r, "not one of")) << r.body;
  EXPECT_FALSE(Has(r, "/usage/a~1b/count")) << r.body;
}

TEST(ConsoleManageData, RefusesWhatEarshotctlRefusesWithItsMessage) {
  Session admin("admin");
  const std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  const int64_t before = Stack::Get().Count("SELECT COUNT(*) FROM data_fields");

  std::string want = CtlError({"field", "add", group, "Seats", "--param",
                               "seats", "--type", "integer"});
  EXPECT_NE(want.find("invalid parameter 'seats'"), std::string::npos) << want;
  HttpResponse r = admin.Post("/admin/data/" + group + "/fields",
                              "label=Seats&param=seats&type=integer");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;

  want = CtlError(
      {"field", "add", group, "Plan", "--param", "/p", "--type", "string"});
  EXPECT_NE(want.find("already has a field 'Plan'"), std::string::npos) << want;
  r = admin.Post("/admin/data/" + group + "/fields",
                 "label=Plan&param=%2Fp&type=string");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;

  want = CtlError(
      {"field", "add", group, "9lives", "--param", "/p", "--type", "string"});
  r = admin.Post("/admin/data/" + group + "/fields",
                 "label=9lives&param=%2Fp&type=string");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;

  want = CtlError({"group", "create", group, "--target", "feedback"});
  r = admin.Post("/admin/data", "name=" + group + "&target=feedback");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;

  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM data_fields"), before);
}

TEST(ConsoleManageData, RefusesChangesThatWouldBreakStoredDataOrListeners) {
  Session admin("admin");
  const std::string group = CreateGroup(
      "users", {{"Plan", "/plan", "string"}, {"Spare", "/spare", "string"}});
  ListenerFixture l = CreateListener(
      "data", "users", {"--group", group, "--identify", "email=/email"});
  std::string email = UniqueEmail("vals");
  CreateUser(email);
  ASSERT_EQ(Deliver(l, R"({"email":")" + email + R"(","plan":"gold"})").status,
            200);

  // A type change on a field with values.
  HttpResponse r = admin.Post("/admin/data/" + group + "/fields/Plan",
                              "param=%2Fplan&type=integer");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, "field " + group +
                         ".Plan holds 1 value: its type "
                         "cannot change from string to integer"))
      << r.body;
  EXPECT_EQ(Stack::Get().Value(
                "SELECT f.type FROM data_fields f JOIN data_groups g ON "
                "g.id = f.group_id WHERE g.name = ? AND f.label = 'Plan'",
                {SqlParam::Text(group)}),
            "string");

  // Deleting a field without values that a listener's group still holds.
  r = admin.Post("/admin/data/" + group + "/fields/Spare/delete",
                 "confirm=yes");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, "is used by listener " + l.key)) << r.body;

  // Deleting the group a listener writes.
  r = admin.Post("/admin/data/" + group + "/delete", "confirm=yes");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, "data group " + Html("'" + group + "'") +
                         " is used by listener " + l.key))
      << r.body;
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM data_groups WHERE name = ?",
                         {SqlParam::Text(group)}),
      1);

  // An unused group goes, with its fields.
  const std::string spare = CreateGroup("users", {{"X", "/x", "string"}});
  r = admin.Post("/admin/data/" + spare + "/delete", "confirm=yes");
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM data_groups WHERE name = ?",
                         {SqlParam::Text(spare)}),
      0);
  EXPECT_EQ(AuditCount("data_group.delete", "data group " + spare), 1);
}

TEST(ConsoleManageData, EarshotctlRefusesTheSameBreakingChanges) {
  Session admin("admin");
  const std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  ListenerFixture l = CreateListener(
      "data", "users", {"--group", group, "--identify", "email=/email"});
  std::string email = UniqueEmail("ctlvals");
  CreateUser(email);
  ASSERT_EQ(Deliver(l, R"({"email":")" + email + R"(","plan":"gold"})").status,
            200);
  std::string want =
      CtlError({"field", "update", group, "Plan", "--type", "integer"});
  EXPECT_NE(want.find("holds 1 value"), std::string::npos) << want;
  HttpResponse r = admin.Post("/admin/data/" + group + "/fields/Plan",
                              "param=%2Fplan&type=integer");
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;
  want = CtlError({"group", "delete", group});
  r = admin.Post("/admin/data/" + group + "/delete", "confirm=yes");
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;
  want = CtlError({"field", "delete", group, "Plan"});
  r = admin.Post("/admin/data/" + group + "/fields/Plan/delete", "confirm=yes");
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;
  // What is safe, earshotctl does too.
  Stack::Get().CtlOk({"field", "update", group, "Plan", "--param", "/p2"});
  EXPECT_EQ(Stack::Get().Value(
                "SELECT f.param FROM data_fields f JOIN data_groups g ON "
                "g.id = f.group_id WHERE g.name = ? AND f.label = 'Plan'",
                {SqlParam::Text(group)}),
            "/p2");
  const std::string spare = CreateGroup("feedback", {{"X", "/x", "string"}});
  Stack::Get().CtlOk({"field", "update", spare, "X", "--type", "integer"});
  Stack::Get().CtlOk({"field", "delete", spare, "X"});
  Stack::Get().CtlOk({"group", "delete", spare});
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM data_groups WHERE name = ?",
                         {SqlParam::Text(spare)}),
      0);
}

const char kBadMacro[] =
    R"({"actions":[{"type":"score","points":1},{"type":"status","value":"vip"},)"
    R"({"type":"comment","author":"boss@example.com"}]})";

TEST(ConsoleManageMacros, RefusesAnInvalidActionNamingItAsEarshotctlDoes) {
  Session admin("admin");
  const std::string name = Unique("bad");
  std::string want = CtlError({"macro", "create", name, "--target", "users",
                               "--file", WriteFile(name + ".json", kBadMacro)});
  EXPECT_NE(want.find("action 3 (comment)"), std::string::npos) << want;
  HttpResponse r = admin.Post(
      "/admin/new-macro",
      "name=" + name + "&target=users&document=" + UrlEncode(kBadMacro));
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;
  // The document comes back as typed, for fixing.
  EXPECT_TRUE(Has(r, Html(kBadMacro))) << r.body;
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM macros WHERE name = ?",
                               {SqlParam::Text(name)}),
            0);
}

TEST(ConsoleManageMacros, SavedMacroRunsInAMacroListenerAndEditsApply) {
  Session admin("admin");
  const std::string name = Unique("bump");
  HttpResponse r =
      admin.Post("/admin/new-macro",
                 "name=" + name + "&target=users&document=" +
                     UrlEncode(R"({"actions":[{"type":"score","points":5}]})"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(AuditCount("macro.create", "macro " + name), 1);
  ListenerFixture l = CreateListener(
      "macro", "users", {"--macro", name, "--identify", "email=/email"});
  std::string email = UniqueEmail("scored");
  int64_t user = CreateUser(email);
  ASSERT_EQ(Deliver(l, R"({"email":")" + email + R"("})").status, 200);
  auto score = [&] {
    return Stack::Get().Value("SELECT score FROM users WHERE id = ?",
                              {SqlParam::Int(user)});
  };
  EXPECT_EQ(score(), "5");

  // Its page shows the document pretty-printed and the listener using it.
  r = admin.Get("/admin/macros/" + name);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, Html("\"points\": 5"))) << r.body;
  EXPECT_TRUE(Has(r, "/admin/listeners/" + l.key)) << r.body;
  r = admin.Get("/admin/macros");
  EXPECT_TRUE(Has(r, l.key)) << r.body;

  r = admin.Post(
      "/admin/macros/" + name,
      "document=" + UrlEncode(R"({"actions":[{"type":"score","points":7}]})"));
  ASSERT_EQ(r.status, 303) << r.body;
  ASSERT_EQ(Deliver(l, R"({"email":")" + email + R"("})",
                    {{"Idempotency-Key", Unique("again")}})
                .status,
            200);
  EXPECT_EQ(score(), "12");
  EXPECT_EQ(AuditCount("macro.update", "macro " + name), 1);
}

TEST(ConsoleManageMacros, DeletingAMacroInUseIsRefusedNamingTheListeners) {
  Session admin("admin");
  const std::string name =
      CreateMacro("users", R"({"actions":[{"type":"score","points":1}]})");
  ListenerFixture l = CreateListener(
      "macro", "users", {"--macro", name, "--identify", "email=/email"});
  HttpResponse r =
      admin.Post("/admin/macros/" + name + "/delete", "confirm=yes");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, Html("macro '" + name + "' is used by listener " + l.key)))
      << r.body;
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM macros WHERE name = ?",
                               {SqlParam::Text(name)}),
            1);
  const std::string unused =
      CreateMacro("users", R"({"actions":[{"type":"score","points":1}]})");
  r = admin.Post("/admin/macros/" + unused + "/delete", "confirm=yes");
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(AuditCount("macro.delete", "macro " + unused), 1);
}

TEST(ConsoleManageOutbox, ListsADeadMessageAndRetryMakesItPendingAgain) {
  Session admin("admin");
  WebhookReceiver receiver(/*fail_first=*/5);
  const std::string message_id = "msg_" + Unique("consoledead");
  int64_t id = QueueWebhook(receiver.url(), R"({"n":1})", message_id);
  {
    OutboxWorker worker("outbox_max_attempts = 1");
    worker.RunOnce();
  }
  ASSERT_EQ(OutboxColumn(id, "state"), "dead");

  HttpResponse r = admin.Get("/admin/outbox?state=dead");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, "/admin/outbox/" + Str(id) + "\"")) << r.body;
  r = admin.Get("/admin/outbox?state=sent");
  EXPECT_FALSE(Has(r, "/admin/outbox/" + Str(id) + "\""));

  r = admin.Get("/admin/outbox/" + Str(id));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, message_id)) << r.body;
  EXPECT_TRUE(Has(r, "HTTP 500")) << r.body;  // the attempt's error
  EXPECT_TRUE(Has(r, "/admin/outbox/" + Str(id) + "/retry")) << r.body;

  // Without the confirmation nothing changes.
  r = admin.Post("/admin/outbox/" + Str(id) + "/retry", "");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(OutboxColumn(id, "state"), "dead");

  r = admin.Post("/admin/outbox/" + Str(id) + "/retry", "confirm=yes");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(OutboxColumn(id, "state"), "pending");
  EXPECT_EQ(OutboxColumn(id, "attempts"), "0");
  EXPECT_EQ(AuditCount("outbox.retry", "outbox message " + Str(id)), 1);
  r = admin.Get("/admin/outbox?state=pending");
  EXPECT_TRUE(Has(r, "/admin/outbox/" + Str(id) + "\"")) << r.body;

  // A sent message cannot be retried: earshotctl's message.
  WebhookReceiver ok_receiver;
  int64_t sent = QueueWebhook(ok_receiver.url(), "{}", "msg_" + Unique("sent"));
  {
    OutboxWorker worker;
    worker.RunOnce();
  }
  ASSERT_EQ(OutboxColumn(sent, "state"), "sent");
  std::string want = CtlError({"outbox", "retry", Str(sent)});
  r = admin.Post("/admin/outbox/" + Str(sent) + "/retry", "confirm=yes");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(Has(r, Html(want))) << want << "\n" << r.body;
}

TEST(ConsoleManageOutbox, MessagePageLinksTheDeliveryThatQueuedIt) {
  Session admin("admin");
  const std::string hook = "http://127.0.0.1:9/" + Unique("hook");
  const std::string name = CreateMacro(
      "users", R"({"actions":[{"type":"webhook","url":")" + hook + R"("}]})");
  ListenerFixture l = CreateListener(
      "macro", "users", {"--macro", name, "--identify", "email=/email"});
  std::string email = UniqueEmail("hooked");
  CreateUser(email);
  HttpResponse d = Deliver(l, R"({"email":")" + email + R"("})");
  ASSERT_EQ(d.status, 200) << d.body;
  const int64_t event = d.json["event"].GetInt64();
  const std::string id = Stack::Get().Value(
      "SELECT id FROM outbox WHERE recipient = ?", {SqlParam::Text(hook)});
  ASSERT_FALSE(id.empty());
  HttpResponse r = admin.Get("/admin/outbox/" + id);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, "href=\"/admin/deliveries/" + Str(event) + "\""))
      << r.body;
  EXPECT_TRUE(Has(r, "macro " + name)) << r.body;
}

TEST(ConsoleManageAccess, ManagersGetNotFoundAndChangeNothing) {
  Session manager("manager", {CreateProject()});
  const std::string macro =
      CreateMacro("users", R"({"actions":[{"type":"score","points":1}]})");
  int64_t id =
      QueueWebhook("http://127.0.0.1:9/x", "{}", "msg_" + Unique("mgr"));
  for (const std::string& path :
       {std::string("/admin/data"), std::string("/admin/macros"),
        std::string("/admin/new-macro"), std::string("/admin/outbox"),
        "/admin/outbox/" + Str(id), "/admin/macros/" + macro}) {
    EXPECT_EQ(manager.Get(path).status, 404) << path;
  }
  const std::string group = UniqueIdent("Mgr");
  EXPECT_EQ(
      manager.Post("/admin/data", "name=" + group + "&target=users").status,
      404);
  EXPECT_EQ(
      manager.Post("/admin/macros/" + macro + "/delete", "confirm=yes").status,
      404);
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM data_groups WHERE name = ?",
                         {SqlParam::Text(group)}),
      0);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM macros WHERE name = ?",
                               {SqlParam::Text(macro)}),
            1);
  // No navigation entries for pages they cannot open.
  HttpResponse r = manager.Get("/admin/listeners");
  EXPECT_FALSE(Has(r, "href=\"/admin/outbox\"")) << r.body;
  Session admin("admin");
  r = admin.Get("/admin/listeners");
  EXPECT_TRUE(Has(r, "href=\"/admin/outbox\"")) << r.body;
  EXPECT_TRUE(Has(r, "href=\"/admin/data\"")) << r.body;
  EXPECT_TRUE(Has(r, "href=\"/admin/macros\"")) << r.body;
}

TEST(ConsoleManageAccess, PostsWithoutTheCsrfTokenChangeNothing) {
  Session admin("admin");
  const std::string group = UniqueIdent("Csrf");
  HttpResponse r =
      admin.PostWithoutCsrf("/admin/data", "name=" + group + "&target=users");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM data_groups WHERE name = ?",
                         {SqlParam::Text(group)}),
      0);
  int64_t id =
      QueueWebhook("http://127.0.0.1:9/x", "{}", "msg_" + Unique("csrf"));
  Exec("UPDATE outbox SET state = 'dead' WHERE id = ?", {SqlParam::Int(id)});
  r = admin.PostWithoutCsrf("/admin/outbox/" + Str(id) + "/retry",
                            "confirm=yes");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(OutboxColumn(id, "state"), "dead");
  const std::string name = Unique("csrf");
  r = admin.PostWithoutCsrf(
      "/admin/new-macro",
      "name=" + name + "&target=users&document=" +
          UrlEncode(R"({"actions":[{"type":"score","points":1}]})"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM macros WHERE name = ?",
                               {SqlParam::Text(name)}),
            0);
  // The same requests with the token do what they ask.
  r = admin.Post("/admin/data", "name=" + group + "&target=users");
  EXPECT_EQ(r.status, 303) << r.body;
  r = admin.Post("/admin/outbox/" + Str(id) + "/retry", "confirm=yes");
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(OutboxColumn(id, "state"), "pending");
}

TEST(ConsoleManageHostile, ScriptInAMacroOrALabelIsShownAsText) {
  Session admin("admin");
  const std::string doc =
      R"({"actions":[{"type":"email","to":"target","subject":"<script>alert(1)</script>",)"
      R"("body":"</textarea><script>alert(2)</script>"}]})";
  const std::string name = Unique("xss");
  HttpResponse r =
      admin.Post("/admin/new-macro",
                 "name=" + name + "&target=users&document=" + UrlEncode(doc));
  ASSERT_EQ(r.status, 303) << r.body;
  r = admin.Get("/admin/macros/" + name);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("</textarea><script>"), std::string::npos);
  EXPECT_TRUE(Has(r, "&lt;script&gt;alert(1)&lt;/script&gt;")) << r.body;

  const std::string group = CreateGroup("users", {});
  r = admin.Post("/admin/data/" + group + "/fields",
                 "label=" + UrlEncode("<script>alert(3)</script>") +
                     "&param=%2Fx&type=string");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << r.body;
  EXPECT_TRUE(Has(r, "&lt;script&gt;alert(3)")) << r.body;
  // A refused document with markup is echoed as text too.
  r = admin.Post("/admin/new-macro",
                 "name=" + Unique("xss") + "&target=users&document=" +
                     UrlEncode("<script>alert(4)</script>"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace earshot::test
