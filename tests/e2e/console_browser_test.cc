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
  ListenerFixture l = CreateListener(
      "comment", "users",
      {"--identify", "email=/email", "--comment-field", "/text", "--author",
       author});
  HttpResponse d = Deliver(
      l, R"({"email":"nobody@example.com","text":"hi",)"
         R"("issue":{"key":"J-1","fields":{"a/b":1,"body":"hello"}}})");
  ASSERT_EQ(d.status, 200) << d.body;
  Browse("picker_click_fills_the_field",
         {{"email", Account("admin")},
          {"key", l.key},
          {"event", std::to_string(d.Event())}});
}

}  // namespace
}  // namespace earshot::test
