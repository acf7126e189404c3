// The console's "Try a payload" page through nginx: the form, the report
// under it, a recorded body picked from the log, the rules of the listener
// page (a manager sees only their projects), CSRF, the body limit, the
// audit row as the only write, and a hostile body shown as text.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/e2e/console_client.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/harness.h"

namespace earshot::test {
namespace {

using Client = ConsoleClient;

struct Fixture {
  std::string group, email;
  int64_t project = 0, user = 0;
  ListenerFixture listener;
};

Fixture ProjectDataListener() {
  Fixture f;
  f.project = CreateProject();
  f.email = UniqueEmail("ann");
  f.user = CreateUser(f.email, "member", {f.project});
  f.group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  f.listener = CreateListener(
      "data", "users",
      {"--group", f.group, "--scope", "project:" + std::to_string(f.project)});
  return f;
}

int64_t Writes() {
  Stack& s = Stack::Get();
  return s.Count("SELECT COUNT(*) FROM data_values") +
         s.Count("SELECT COUNT(*) FROM events") +
         s.Count("SELECT COUNT(*) FROM outbox") +
         s.Count("SELECT COUNT(*) FROM comments");
}

TEST(ConsoleTry, PasteSubmitAndSeeTheReport) {
  Fixture f = ProjectDataListener();
  Client c;
  ASSERT_EQ(c.SignIn(ConsoleAccount("admin")).status, 303);
  const std::string page = "/admin/listeners/" + f.listener.key + "/try";
  HttpResponse listener = c.Get("/admin/listeners/" + f.listener.key);
  EXPECT_NE(listener.body.find("href=\"" + page + "\""), std::string::npos);
  HttpResponse form = c.Get(page);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("<textarea"), std::string::npos);
  const std::string csrf = c.CsrfOf(page);
  const int64_t audits =
      Stack::Get().Count("SELECT COUNT(*) FROM console_audit");
  const int64_t writes = Writes();
  const std::string body = R"({"email":")" + f.email + R"(","plan":"pro"})";
  HttpResponse r = c.Post(page, "csrf=" + csrf + "&body=" + UrlEncode(body));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("applied"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("data." + f.group + ".Plan"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("pro"), std::string::npos);
  EXPECT_NE(r.body.find("Nothing was written"), std::string::npos) << r.body;
  EXPECT_EQ(DataValue(f.group, "Plan", f.user), "NULL");
  EXPECT_EQ(Writes(), writes);
  // The audit row is the only write.
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM console_audit"),
            audits + 1);
  EXPECT_EQ(
      Stack::Get().Value("SELECT action FROM console_audit ORDER BY id DESC "
                         "LIMIT 1"),
      "listener.tried");
}

TEST(ConsoleTry, ARefusalIsShownWithItsCode) {
  Fixture f = ProjectDataListener();
  Client c;
  ASSERT_EQ(c.SignIn(ConsoleAccount("admin")).status, 303);
  const std::string page = "/admin/listeners/" + f.listener.key + "/try";
  HttpResponse r =
      c.Post(page, "csrf=" + c.CsrfOf(page) + "&body=" + UrlEncode("[1,2]"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("not_an_object"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("400"), std::string::npos);
}

TEST(ConsoleTry, PicksARecordedBody) {
  Fixture f = ProjectDataListener();
  HttpResponse sent =
      Deliver(f.listener, R"({"email":")" + f.email + R"(","plan":"team"})");
  ASSERT_EQ(sent.status, 200);
  Client c;
  ASSERT_EQ(c.SignIn(ConsoleAccount("admin")).status, 303);
  const std::string page = "/admin/listeners/" + f.listener.key + "/try";
  HttpResponse form = c.Get(page);
  const std::string option =
      "<option value=\"" + std::to_string(sent.Event()) + "\"";
  EXPECT_NE(form.body.find(option), std::string::npos) << form.body;
  // Change the value so the try has something to show.
  ASSERT_EQ(Deliver(f.listener, R"({"email":")" + f.email + R"(","plan":"x"})")
                .status,
            200);
  HttpResponse r = c.Post(page, "csrf=" + c.CsrfOf(page) + "&body=&event=" +
                                    std::to_string(sent.Event()));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("team"), std::string::npos) << r.body;
  EXPECT_EQ(DataValue(f.group, "Plan", f.user), "x");
  // Another listener's event cannot be picked here.
  Fixture other = ProjectDataListener();
  HttpResponse other_sent = Deliver(
      other.listener, R"({"email":")" + other.email + R"(","plan":"q"})");
  r = c.Post(page, "csrf=" + c.CsrfOf(page) +
                       "&body=&event=" + std::to_string(other_sent.Event()));
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST(ConsoleTry, CsrfAndManagersOfOtherProjects) {
  Fixture f = ProjectDataListener();
  const std::string page = "/admin/listeners/" + f.listener.key + "/try";
  Client outsider;
  ASSERT_EQ(
      outsider.SignIn(ConsoleAccount("manager", {CreateProject()})).status,
      303);
  EXPECT_EQ(outsider.Get(page).status, 404);
  const std::string csrf = outsider.CsrfOf("/admin/listeners");
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(outsider.Post(page, "csrf=" + csrf + "&body=%7B%7D").status, 404);

  Client manager;
  ASSERT_EQ(manager.SignIn(ConsoleAccount("manager", {f.project})).status, 303);
  EXPECT_EQ(manager.Get(page).status, 200);
  const int64_t audits =
      Stack::Get().Count("SELECT COUNT(*) FROM console_audit");
  HttpResponse r = manager.Post(page, "csrf=wrong&body=%7B%7D");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM console_audit"), audits);
  r = manager.Post(page, "csrf=" + manager.CsrfOf(page) + "&body=%7B%7D");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("missing_identifier"), std::string::npos) << r.body;
}

TEST(ConsoleTry, AHostileBodyRendersAsText) {
  Fixture f = ProjectDataListener();
  Client c;
  ASSERT_EQ(c.SignIn(ConsoleAccount("admin")).status, 303);
  const std::string page = "/admin/listeners/" + f.listener.key + "/try";
  const std::string body =
      R"({"email":")" + f.email +
      R"(","plan":"</textarea><script>alert(1)</script>"})";
  HttpResponse r =
      c.Post(page, "csrf=" + c.CsrfOf(page) + "&body=" + UrlEncode(body));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("</textarea><script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)"), std::string::npos) << r.body;
}

TEST(ConsoleTry, AQueryStringCannotSmuggleAHandlerOption) {
  Fixture f = ProjectDataListener();
  HttpResponse sent =
      Deliver(f.listener, R"({"email":")" + f.email + R"(","plan":"old"})");
  ASSERT_EQ(sent.status, 200);
  ASSERT_EQ(
      Deliver(f.listener, R"({"email":")" + f.email + R"(","plan":"new"})")
          .status,
      200);
  Client c;
  ASSERT_EQ(c.SignIn(ConsoleAccount("admin")).status, 303);
  const std::string page = "/admin/listeners/" + f.listener.key + "/try";
  const int64_t events = Stack::Get().Count("SELECT COUNT(*) FROM events");
  for (const std::string& query :
       {"--replay=" + std::to_string(sent.Event()), std::string("--replay")}) {
    HttpResponse r = c.Post(
        page, "csrf=" + c.CsrfOf(page) +
                  "&body=" + UrlEncode(R"({"email":")" + f.email + R"("})") +
                  "&query=" + UrlEncode(query));
    EXPECT_EQ(r.status, 200) << r.body;
  }
  // No replay ran: no event recorded, the value untouched.
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM events"), events);
  EXPECT_EQ(DataValue(f.group, "Plan", f.user), "new");
}

TEST(ConsoleTry, ABodyOverTheFormLimitIsRefused) {
  Fixture f = ProjectDataListener();
  Client c;
  ASSERT_EQ(c.SignIn(ConsoleAccount("admin")).status, 303);
  const std::string page = "/admin/listeners/" + f.listener.key + "/try";
  const int64_t audits =
      Stack::Get().Count("SELECT COUNT(*) FROM console_audit");
  std::string big = R"({"email":")" + f.email + R"(","plan":")" +
                    std::string(300 * 1024, 'a') + "\"}";
  HttpResponse r =
      c.Post(page, "csrf=" + c.CsrfOf(page) + "&body=" + UrlEncode(big));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(DataValue(f.group, "Plan", f.user), "NULL");
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM console_audit"), audits);
}

}  // namespace
}  // namespace earshot::test
