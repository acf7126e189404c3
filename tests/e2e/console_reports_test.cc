// The console's pages over external data (issue 14) through nginx: users
// and feedback lists with data columns, filters, sorting, paging and CSV
// export, and one field's report with its chart. Every value is set by a
// real delivery to a data listener; the numbers are checked against what
// was sent and against earshotctl, which prints the same core's results.

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>
#include <string>
#include <vector>

#include "tests/e2e/console_client.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/harness.h"

namespace earshot::test {
namespace {

using Client = ConsoleClient;
const char* const kPassword = kConsolePassword;
constexpr int kParticipants = 53;  // more than a page of 50
constexpr int kWithData = 8;
// The participants and the manager.
constexpr int kInProject = kParticipants + 1;
const char kFormula[] = "=HYPERLINK(\"http://evil.example/\",\"x\")";
const char kScript[] = "<script>alert(1)</script>";

std::string JsonText(const std::string& s) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  w.String(s.c_str());
  return b.GetString();
}

// The ids of the rows of a list page, in order.
std::vector<int64_t> RowIds(const std::string& body, const std::string& base) {
  std::vector<int64_t> ids;
  const std::string marker = "<td><a href=\"" + base + "/";
  for (size_t at = body.find(marker); at != std::string::npos;
       at = body.find(marker, at + 1)) {
    ids.push_back(std::stoll(body.substr(at + marker.size())));
  }
  return ids;
}

class ConsoleReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    project_ = CreateProject();
    other_ = CreateProject();
    group_ = CreateGroup("users", {{"Uses", "/uses", "integer"},
                                   {"Beta", "/beta", "boolean"},
                                   {"Seen", "/seen", "datetime"},
                                   {"Plan", "/plan", "string"}});
    ListenerFixture l = CreateListener("data", "users", {"--group", group_});
    for (int i = 1; i <= kParticipants; ++i) {
      const std::string email = UniqueEmail("cr");
      ids_.push_back(CreateUser(email, "member", {project_}));
      if (i > kWithData) continue;
      std::string plan = i == 1   ? kFormula
                         : i == 2 ? kScript
                                  : "p" + std::to_string(i % 2);
      std::string body = R"({"email":")" + email + R"(","uses":)" +
                         std::to_string(i) + R"(,"beta":)" +
                         (i % 4 == 0 ? "true" : "false") +
                         R"(,"seen":"2026-11-0)" + std::to_string(i) +
                         R"(T23:30:00Z","plan":)" + JsonText(plan) + "}";
      HttpResponse r = Deliver(l, body);
      ASSERT_EQ(r.status, 200) << r.body;
    }
    admin_ = ConsoleAccount("admin");
    manager_ = ConsoleAccount("manager", {project_});
    manager_id_ = Stack::Get().Count("SELECT id FROM users WHERE email = ?",
                                     {SqlParam::Text(manager_)});
  }

  static Client Admin() {
    Client c;
    EXPECT_EQ(c.SignIn(admin_, kPassword).status, 303);
    return c;
  }
  static std::string F(const char* label) { return group_ + "." + label; }
  static std::string P() { return std::to_string(project_); }

  static int64_t project_, other_, manager_id_;
  static std::string group_, admin_, manager_;
  static std::vector<int64_t> ids_;
};

int64_t ConsoleReportsTest::project_ = 0;
int64_t ConsoleReportsTest::other_ = 0;
int64_t ConsoleReportsTest::manager_id_ = 0;
std::string ConsoleReportsTest::group_;
std::string ConsoleReportsTest::admin_;
std::string ConsoleReportsTest::manager_;
std::vector<int64_t> ConsoleReportsTest::ids_;

TEST_F(ConsoleReportsTest, UsersListWithADataColumnFilterAndSort) {
  Client c = Admin();
  HttpResponse r =
      c.Get("/admin/users?project=" + P() + "&col=" + F("Uses") + "&col=" +
            F("Beta") + "&col=" + F("Seen") + "&filter=data." + F("Uses") +
            "+%3E%3D+3&sort=" + F("Uses") + "&dir=desc&tz=Europe%2FParis");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(RowIds(r.body, "/admin/users"),
            (std::vector<int64_t>{ids_[7], ids_[6], ids_[5], ids_[4], ids_[3],
                                  ids_[2]}));
  EXPECT_NE(r.body.find("1–6 of 6"), std::string::npos);
  // Shown by Label, sorted column marked, linked to its report.
  EXPECT_NE(r.body.find("aria-sort=\"descending\" title=\"" + F("Uses") +
                        "\"><a href=\"/admin/users?project=" + P()),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(">Uses</a>"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/admin/reports?field=" + F("Uses")),
            std::string::npos);
  // yes/no, and the datetime in the viewer's zone (23:30Z is the next day
  // in Paris).
  EXPECT_NE(r.body.find("<td>yes</td>"), std::string::npos);
  EXPECT_NE(r.body.find("<td>2026-11-09T00:30:00+01:00</td>"),
            std::string::npos)
      << r.body;
}

TEST_F(ConsoleReportsTest, PagesOfFiftyWithPreviousAndNext) {
  Client c = Admin();
  HttpResponse r = c.Get("/admin/users?project=" + P());
  ASSERT_EQ(r.status, 200);
  std::vector<int64_t> first = RowIds(r.body, "/admin/users");
  ASSERT_EQ(first.size(), 50u);
  EXPECT_EQ(first[0], ids_[0]);
  EXPECT_NE(r.body.find("1–50 of " + std::to_string(kInProject)),
            std::string::npos);
  EXPECT_EQ(r.body.find("rel=\"prev\""), std::string::npos);
  const std::string next = "rel=\"next\" href=\"";
  size_t at = r.body.find(next);
  ASSERT_NE(at, std::string::npos);
  std::string url = r.body.substr(at + next.size());
  url = url.substr(0, url.find('"'));
  EXPECT_EQ(url, "/admin/users?project=" + P() + "&amp;page=2");
  r = c.Get("/admin/users?project=" + P() + "&page=2");
  EXPECT_EQ(RowIds(r.body, "/admin/users"),
            (std::vector<int64_t>{ids_[50], ids_[51], ids_[52], manager_id_}));
  EXPECT_NE(r.body.find("rel=\"prev\""), std::string::npos);
  EXPECT_EQ(r.body.find("rel=\"next\""), std::string::npos);
}

TEST_F(ConsoleReportsTest, CsvExportIsExactlyWhatIsShownEveryPage) {
  Client c = Admin();
  const std::string query = "?project=" + P() + "&col=" + F("Plan") +
                            "&col=" + F("Uses") + "&sort=" + F("Plan") +
                            "&dir=desc&format=csv";
  HttpResponse r = c.Get("/admin/users" + query);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(r.headers["content-disposition"],
            "attachment; filename=\"users-project-" + P() + ".csv\"");
  CommandResult ctl =
      Stack::Get().Run({Stack::Get().bin() + "/earshotctl", "--config",
                        Stack::Get().config_path(), "user", "list", "--project",
                        P(), "--fields", F("Plan") + "," + F("Uses"), "--sort",
                        F("Plan"), "--desc", "--limit", "1000", "--csv"},
                       {}, "");
  ASSERT_EQ(ctl.exit_code, 0) << ctl.err;
  EXPECT_EQ(r.body, ctl.out);
  // Every page: a header and every participant.
  size_t lines = 0;
  for (size_t at = r.body.find("\r\n"); at != std::string::npos;
       at = r.body.find("\r\n", at + 2)) {
    ++lines;
  }
  EXPECT_EQ(lines, kInProject + 1u);
  EXPECT_EQ(
      r.body.substr(0, r.body.find("\r\n")),
      "id,email,name,status,role,score,created," + F("Plan") + "," + F("Uses"));
  // The formula-looking value neutralised, quoted; the script as text.
  EXPECT_NE(
      r.body.find(
          ",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",1\r\n"),
      std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(",<script>alert(1)</script>,2\r\n"), std::string::npos);
}

TEST_F(ConsoleReportsTest, ReportNumbersEqualTheCores) {
  Client c = Admin();
  HttpResponse r =
      c.Get("/admin/reports?field=" + F("Uses") + "&project=" + P());
  ASSERT_EQ(r.status, 200) << r.body;
  CommandResult ctl =
      Stack::Get().CtlOk({"data", "report", F("Uses"), "--project", P()});
  ASSERT_TRUE(ctl.json.IsObject()) << ctl.out;
  for (const char* key : {"min", "max", "median", "p90", "sum"}) {
    EXPECT_NE(r.body.find(std::string("<dt>") + key + "</dt><dd>" +
                          std::to_string(ctl.json[key].GetInt64()) + "</dd>"),
              std::string::npos)
        << key;
  }
  EXPECT_NE(r.body.find("<dt>targets</dt><dd>" + std::to_string(kInProject) +
                        "</dd>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<dt>median</dt><dd>4</dd>"), std::string::npos);
  // The histogram: one bar per value 1..8, each labelled 1, in the SVG and
  // in the table under it.
  EXPECT_NE(r.body.find("<svg id=\"chart\""), std::string::npos);
  EXPECT_NE(r.body.find("class=\"count\">1</text>"), std::string::npos);
  EXPECT_NE(r.body.find("<tr><td>8</td><td>1</td></tr>"), std::string::npos);

  r = c.Get("/admin/reports?field=" + F("Beta") + "&project=" + P());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<dt>true</dt><dd>2 (3.7%)</dd>"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<dt>false</dt><dd>6 (11.1%)</dd>"), std::string::npos);
  EXPECT_NE(r.body.find(">yes: 2 (3.7%)</text>"), std::string::npos);

  r = c.Get("/admin/reports?field=" + F("Seen") + "&project=" + P() +
            "&changes=1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<dt>first</dt><dd>2026-11-01T23:30:00Z</dd>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<tr><td>2026-11-08</td><td>1</td></tr>"),
            std::string::npos);
  EXPECT_NE(r.body.find("id=\"changes-data\""), std::string::npos);
}

TEST_F(ConsoleReportsTest, AScriptValueIsTextInTableAndChart) {
  Client c = Admin();
  for (const std::string& path :
       {"/admin/users?project=" + P() + "&col=" + F("Plan"),
        "/admin/reports?field=" + F("Plan") + "&project=" + P()}) {
    HttpResponse r = c.Get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body.find(kScript), std::string::npos) << path;
    EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"),
              std::string::npos)
        << path;
  }
}

TEST_F(ConsoleReportsTest, AFilterErrorIsShownWithItsColumn) {
  Client c = Admin();
  HttpResponse r = c.Get("/admin/users?project=" + P() + "&filter=data." +
                         F("Uses") + "+%3E%3D");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Filter: column "), std::string::npos) << r.body;
  r = c.Get("/admin/reports?field=" + F("Uses") + "&filter=nosuch+%3D+1");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Filter: column 1"), std::string::npos) << r.body;
}

TEST_F(ConsoleReportsTest, AManagerSeesOnlyTheirProjects) {
  Client c;
  ASSERT_EQ(c.SignIn(manager_, kPassword).status, 303);
  const std::string other = std::to_string(other_);
  EXPECT_EQ(c.Get("/admin/users?project=" + P()).status, 200);
  EXPECT_EQ(c.Get("/admin/feedback?project=" + P()).status, 200);
  EXPECT_EQ(
      c.Get("/admin/reports?field=" + F("Uses") + "&project=" + P()).status,
      200);
  EXPECT_EQ(c.Get("/admin/users?project=" + other).status, 404);
  EXPECT_EQ(c.Get("/admin/users?project=" + other + "&format=csv").status, 404);
  EXPECT_EQ(c.Get("/admin/feedback?project=" + other).status, 404);
  EXPECT_EQ(
      c.Get("/admin/reports?field=" + F("Uses") + "&project=" + other).status,
      404);
  // The community is no one project's: admins only; the manager is
  // offered their projects instead.
  HttpResponse r = c.Get("/admin/users");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("The community's user list is for admins"),
            std::string::npos);
  EXPECT_NE(r.body.find("href=\"/admin/users?project=" + P() + "\""),
            std::string::npos);
  EXPECT_EQ(r.body.find("href=\"/admin/users?project=" + other + "\""),
            std::string::npos);
  EXPECT_EQ(RowIds(r.body, "/admin/users"), std::vector<int64_t>{});
  EXPECT_EQ(c.Get("/admin/reports?field=" + F("Uses")).status, 404);
}

TEST_F(ConsoleReportsTest, FeedbackListOfAProject) {
  const std::string author = UniqueEmail("author");
  CreateUser(author);
  const int64_t ticket = CreateFeedback(project_, author, "Crash on <b>start");
  Client c = Admin();
  HttpResponse r = c.Get("/admin/feedback?project=" + P());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(RowIds(r.body, "/admin/feedback"), (std::vector<int64_t>{ticket}));
  EXPECT_NE(r.body.find("Crash on &lt;b&gt;start"), std::string::npos);
  // Without a project: the projects to choose from.
  r = c.Get("/admin/feedback");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"/admin/feedback?project=" + P() + "\""),
            std::string::npos);
}

TEST_F(ConsoleReportsTest, AUsersPageShowsEveryFieldAndTheDeliveryThatSetIt) {
  // The second participant's delivery: its plan is the script.
  const int64_t event = Stack::Get().Count(
      "SELECT MAX(e.id) FROM events e WHERE JSON_CONTAINS(e.outcomes, "
      "JSON_OBJECT('id', ?, 'outcome', 'applied'))",
      {SqlParam::Int(ids_[1])});
  ASSERT_GT(event, 0);
  Client c = Admin();
  HttpResponse r =
      c.Get("/admin/users/" + std::to_string(ids_[1]) + "?tz=%2B02:00");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<h3>" + group_ + "</h3>"), std::string::npos);
  EXPECT_NE(r.body.find("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"),
            std::string::npos);
  EXPECT_EQ(r.body.find(kScript), std::string::npos);
  EXPECT_NE(r.body.find("<td>2026-11-03T01:30:00+02:00</td>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<a href=\"/admin/deliveries/" + std::to_string(event) +
                        "\">delivery #" + std::to_string(event) + "</a>"),
            std::string::npos)
      << r.body;
  // A participant without data: every field there, never set.
  r = c.Get("/admin/users/" + std::to_string(ids_[20]));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("never set"), std::string::npos);
  EXPECT_EQ(c.Get("/admin/users/999999999").status, 404);

  // A manager: their project's participant, not someone else's.
  Client m;
  ASSERT_EQ(m.SignIn(manager_, kPassword).status, 303);
  EXPECT_EQ(m.Get("/admin/users/" + std::to_string(ids_[1])).status, 200);
  const int64_t stranger =
      CreateUser(UniqueEmail("stranger"), "member", {other_});
  EXPECT_EQ(m.Get("/admin/users/" + std::to_string(stranger)).status, 404);
}

TEST_F(ConsoleReportsTest, ATicketsPageAndAnotherProjectsTicket) {
  const std::string author = UniqueEmail("author");
  CreateUser(author);
  const int64_t ticket = CreateFeedback(project_, author, "Slow <i>sync");
  const int64_t theirs = CreateFeedback(other_, author, "Elsewhere");
  Client c = Admin();
  HttpResponse r = c.Get("/admin/feedback/" + std::to_string(ticket));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<dd>Slow &lt;i&gt;sync</dd>"), std::string::npos);
  EXPECT_NE(r.body.find("<dd>" + author + "</dd>"), std::string::npos);
  EXPECT_NE(r.body.find("Followers"), std::string::npos);
  Client m;
  ASSERT_EQ(m.SignIn(manager_, kPassword).status, 303);
  EXPECT_EQ(m.Get("/admin/feedback/" + std::to_string(ticket)).status, 200);
  EXPECT_EQ(m.Get("/admin/feedback/" + std::to_string(theirs)).status, 404);
}

TEST_F(ConsoleReportsTest, TagsPageListsEveryTagAndPreviewsATarget) {
  Client c = Admin();
  HttpResponse r = c.Get("/admin/tags?kind=users");
  ASSERT_EQ(r.status, 200) << r.body;
  for (const std::string& tag :
       {std::string("user.email"), std::string("project.name"),
        "data." + F("Uses"), "data." + F("Seen")}) {
    EXPECT_NE(r.body.find("<code>{{" + tag + "}}</code>"), std::string::npos)
        << tag;
  }
  const std::string email = Stack::Get().Value(
      "SELECT email FROM users WHERE id = ?", {SqlParam::Int(ids_[1])});
  r = c.Get("/admin/tags?kind=users&target=" + std::to_string(ids_[1]) +
            "&text=" +
            UrlEncode("Hi {{user.email}}: {{data." + F("Plan") + "}} x{{data." +
                      F("Uses") + "}}"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<pre id=\"filled\">Hi " + email +
                        ": &lt;script&gt;alert(1)&lt;/script&gt; x2</pre>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<td><code>{{data." + F("Uses") +
                        "}}</code></td><td>integer</td><td>2</td>"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find(kScript), std::string::npos);
  r = c.Get("/admin/tags?kind=users&text=" + UrlEncode("{{data.nope.x}}"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Template: "), std::string::npos) << r.body;
  r = c.Get("/admin/tags?kind=feedback");
  EXPECT_NE(r.body.find("<code>{{author.email}}</code>"), std::string::npos);

  Client m;
  ASSERT_EQ(m.SignIn(manager_, kPassword).status, 303);
  EXPECT_EQ(
      m.Get("/admin/tags?kind=users&target=" + std::to_string(ids_[1])).status,
      200);
  const int64_t stranger =
      CreateUser(UniqueEmail("stranger"), "member", {other_});
  EXPECT_EQ(
      m.Get("/admin/tags?kind=users&target=" + std::to_string(stranger)).status,
      404);
}

}  // namespace
}  // namespace earshot::test
