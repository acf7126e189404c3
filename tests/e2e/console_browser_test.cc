// The console in a real browser: Debian's chromium, driven by
// tests/browser/console_browser.py (python3-selenium and chromium-driver)
// through nginx, on the stack the other e2e tests use. Each test makes
// its accounts and listeners here, then runs one browser scenario; the
// scenarios save screenshots of the pages they visit under
// BUILD/screenshots/.

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>

#include <map>
#include <string>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

const char kPassword[] = "a browser's password";

std::string Account(const std::string& role,
                    const std::vector<int64_t>& projects = {}) {
  std::string email = UniqueEmail("browser-" + role);
  CreateUser(email, role, projects);
  CommandResult r =
      Stack::Get().Run({Stack::Get().bin() + "/earshotctl", "--config",
                        Stack::Get().config_path(), "user", "password", email},
                       {}, std::string(kPassword) + "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return email;
}

ListenerFixture DataListener(const std::vector<std::string>& extra = {}) {
  std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  std::vector<std::string> options = {"--group", group, "--identify",
                                      "email=/email"};
  options.insert(options.end(), extra.begin(), extra.end());
  return CreateListener("data", "users", options);
}

// Runs scenario `name` with `params` (plus email and password); its
// stdout and stderr are shown when it fails.
void Browse(const std::string& name,
            std::map<std::string, std::string> params) {
  Stack& s = Stack::Get();
  params.emplace("password", kPassword);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const auto& [k, v] : params) {
    w.Key(k.c_str());
    w.String(v.c_str());
  }
  w.EndObject();
  const std::string build = s.bin().substr(0, s.bin().rfind('/'));
  const std::string home = s.var() + "/browser-home";
  mkdir(home.c_str(), 0700);
  CommandResult r =
      s.Run({"/usr/bin/python3", s.root() + "/tests/browser/console_browser.py",
             "--base", s.base_url(), "--params", buffer.GetString(), "--shots",
             build + "/screenshots", name},
            {"HOME=" + home, "LANG=C.UTF-8"}, "");
  EXPECT_EQ(r.exit_code, 0) << name << "\n" << r.out << r.err;
}

TEST(ConsoleBrowser, SignInRefusesWrongPasswordsThenThrottles) {
  Browse("sign_in_refuses_wrong_passwords_then_throttles",
         {{"email", Account("admin")}});
}

TEST(ConsoleBrowser, ListenersPageWithCopyButton) {
  std::string email = Account("admin");
  ListenerFixture l = DataListener({"--name", "Product usage"});
  ASSERT_EQ(Deliver(l, R"({"email":"someone@example.com"})").status, 200);
  Browse("listeners_page_with_copy_button", {{"email", email}, {"key", l.key}});
}

TEST(ConsoleBrowser, CreateListenerDeliverAndReplay) {
  std::string email = Account("admin");
  std::string group = CreateGroup("users", {{"Plan", "/plan", "string"}});
  std::string api_name = Unique("browser-key");
  std::string api_key = CreateApiKey(api_name);
  std::string target = UniqueEmail("browser-target");
  CreateUser(target);
  Browse("create_listener_deliver_and_replay",
         {{"email", email},
          {"group", group},
          {"api_name", api_name},
          {"api_key", api_key},
          {"target", target},
          {"new_key", Unique("browser")}});
}

TEST(ConsoleBrowser, ManagerIsDeniedAnotherProjectsListener) {
  int64_t mine = CreateProject();
  int64_t theirs = CreateProject();
  std::string email = Account("manager", {mine});
  ListenerFixture own =
      DataListener({"--scope", "project:" + std::to_string(mine)});
  ListenerFixture other =
      DataListener({"--scope", "project:" + std::to_string(theirs)});
  Browse("manager_is_denied_another_projects_listener",
         {{"email", email}, {"own_key", own.key}, {"other_key", other.key}});
}

TEST(ConsoleBrowser, PostsWithoutTheRightCsrfTokenAreRefused) {
  std::string email = Account("admin");
  ListenerFixture l = DataListener();
  Browse("posts_without_the_right_csrf_token_are_refused",
         {{"email", email}, {"key", l.key}});
  EXPECT_EQ(
      Stack::Get().Value("SELECT enabled FROM listeners WHERE listener_key = ?",
                         {SqlParam::Text(l.key)}),
      "1");
}

TEST(ConsoleBrowser, AScriptNameIsShownAsText) {
  std::string email = Account("admin");
  const std::string name = "<script>alert(1)</script>";
  ListenerFixture l = DataListener({"--name", name});
  Browse("a_script_name_is_shown_as_text",
         {{"email", email}, {"key", l.key}, {"name", name}});
}

TEST(ConsoleBrowser, TryAPayload) {
  std::string email = Account("admin");
  std::string target = UniqueEmail("browser-try");
  CreateUser(target);
  ListenerFixture l = DataListener({"--name", "Try me"});
  Browse("try_a_payload",
         {{"email", email}, {"key", l.key}, {"target", target}});
  // The dry run wrote nothing.
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM data_values v JOIN users u ON u.id = "
                "v.target_id WHERE u.email = ?",
                {SqlParam::Text(target)}),
            0);
}

TEST(ConsoleBrowser, OpsPageShowsPoolsDatabaseAndOutbox) {
  Browse("ops_page_shows_pools_database_and_outbox",
         {{"email", Account("admin")},
          {"version", Stack::Get().Value("SELECT VERSION()")}});
}

TEST(ConsoleBrowser, CreateADataField) {
  Browse("create_a_data_field",
         {{"email", Account("admin")}, {"group", UniqueIdent("Licence")}});
}

TEST(ConsoleBrowser, EditAMacroAndSeeItsError) {
  std::string macro =
      CreateMacro("users", R"({"actions":[{"type":"score","points":1}]})");
  ListenerFixture l = CreateListener(
      "macro", "users", {"--macro", macro, "--identify", "email=/email"});
  Browse("edit_a_macro_and_see_its_error",
         {{"email", Account("admin")}, {"macro", macro}, {"listener", l.key}});
}

TEST(ConsoleBrowser, RetryADeadOutboxMessage) {
  WebhookReceiver receiver(/*fail_first=*/5);
  const std::string message_id = "msg_" + Unique("browserdead");
  int64_t id = QueueWebhook(receiver.url(), R"({"n":1})", message_id);
  OutboxWorker("outbox_max_attempts = 1").RunOnce();
  ASSERT_EQ(OutboxColumn(id, "state"), "dead");
  Browse("retry_a_dead_outbox_message", {{"email", Account("admin")},
                                         {"id", std::to_string(id)},
                                         {"message_id", message_id}});
  EXPECT_EQ(OutboxColumn(id, "state"), "pending");
}

TEST(ConsoleBrowser, CreateApiKeyShownOnce) {
  Browse("create_api_key_shown_once", {{"email", Account("admin")},
                                       {"key_name", Unique("browser-key")},
                                       {"notify", UniqueEmail("owner")}});
}

TEST(ConsoleBrowser, LiveFilterErrorWhileTyping) {
  Browse("live_filter_error_while_typing", {{"email", Account("admin")}});
}

TEST(ConsoleBrowser, PickerClickFillsTheField) {
  std::string author = UniqueEmail("browser-author");
  CreateUser(author, "manager");
  ListenerFixture l =
      CreateListener("comment", "users",
                     {"--identify", "email=/email", "--comment-field", "/text",
                      "--author", author});
  HttpResponse d =
      Deliver(l, R"({"email":"nobody@example.com","text":"hi",)"
                 R"("issue":{"key":"J-1","fields":{"a/b":1,"body":"hello"}}})");
  ASSERT_EQ(d.status, 200) << d.body;
  Browse("picker_click_fills_the_field",
         {{"email", Account("admin")},
          {"key", l.key},
          {"event", std::to_string(d.Event())}});
}

// Issue 14's pages. A project of seven participants whose Uses, Beta,
// Seen and Plan came through real deliveries: Uses 1 5 7 3 9 5 2, Beta
// two true, four false, one never; Seen 2026-11-01 to 07 at 10:00Z; Plan
// gold x3, silver x2, a formula, one never.
struct ReportsProject {
  int64_t project = 0;
  std::string group;
  std::vector<std::string> emails;
};

ReportsProject MakeReportsProject() {
  ReportsProject r;
  r.project = CreateProject();
  r.group = CreateGroup("users", {{"Uses", "/uses", "integer"},
                                  {"Beta", "/beta", "boolean"},
                                  {"Seen", "/seen", "datetime"},
                                  {"Plan", "/plan", "string"}});
  ListenerFixture l = CreateListener("data", "users", {"--group", r.group});
  const int uses[] = {1, 5, 7, 3, 9, 5, 2};
  const char* beta[] = {"true", "false", "false", nullptr,
                        "true", "false", "false"};
  const char* plan[] = {"gold", "silver", "gold", "=SUM(1+1)",
                        "gold", "silver", nullptr};
  for (int i = 0; i < 7; ++i) {
    r.emails.push_back(UniqueEmail("tester"));
    CreateUser(r.emails[i], "member", {r.project});
    std::string body = R"({"email":")" + r.emails[i] + R"(","uses":)" +
                       std::to_string(uses[i]) + R"(,"seen":"2026-11-0)" +
                       std::to_string(i + 1) + R"(T10:00:00Z")";
    if (beta[i]) body += std::string(R"(,"beta":)") + beta[i];
    if (plan[i]) body += std::string(R"(,"plan":")") + plan[i] + "\"";
    EXPECT_EQ(Deliver(l, body + "}").status, 200) << body;
  }
  return r;
}

TEST(ConsoleBrowser, UsersListWithADataColumnAndAFilter) {
  ReportsProject r = MakeReportsProject();
  Browse("users_list_with_a_data_column_and_a_filter",
         {{"email", Account("admin")},
          {"project", std::to_string(r.project)},
          {"group", r.group}});
}

TEST(ConsoleBrowser, ACsvDownload) {
  ReportsProject r = MakeReportsProject();
  Browse("a_csv_download", {{"email", Account("admin")},
                            {"project", std::to_string(r.project)},
                            {"group", r.group}});
}

TEST(ConsoleBrowser, AReportOfEachType) {
  ReportsProject r = MakeReportsProject();
  Browse("a_report_of_each_type", {{"email", Account("admin")},
                                   {"project", std::to_string(r.project)},
                                   {"group", r.group}});
}

TEST(ConsoleBrowser, TheTagsPage) {
  ReportsProject r = MakeReportsProject();
  const int64_t target = Stack::Get().Count(
      "SELECT id FROM users WHERE email = ?", {SqlParam::Text(r.emails[4])});
  Browse("the_tags_page", {{"email", Account("admin")},
                           {"group", r.group},
                           {"target", std::to_string(target)},
                           {"target_email", r.emails[4]}});
}

// The issue's "how many testers used feature X at least 5 times this week,
// and who are they", by a manager of the testers' project.
TEST(ConsoleBrowser, HowManyTestersUsedFeatureXFiveTimesThisWeek) {
  ReportsProject r = MakeReportsProject();
  Browse("how_many_testers_used_feature_x_five_times_this_week",
         {{"email", Account("manager", {r.project})},
          {"project", std::to_string(r.project)},
          {"group", r.group},
          {"week", "2026-11-03"},
          {"who", r.emails[2] + "," + r.emails[4] + "," + r.emails[5]}});
}

}  // namespace
}  // namespace earshot::test
