// Webhook targets that are not public addresses (loopback here; the same
// check covers private, link-local and the rest, see webhook_target.h) are
// refused by earshot-outbox after name resolution, whatever the URL's
// spelling, unless the config allow-lists the host or its network. Tests
// reach loopback only: no other address is ever a target on this machine.

#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

std::string Port(const WebhookReceiver& receiver) {
  std::string url = receiver.url("");
  return url.substr(url.rfind(':') + 1);
}

TEST(OutboxSsrf, LoopbackInAnySpellingIsRefusedWithoutRetries) {
  WebhookReceiver receiver;
  const std::string port = Port(receiver);
  const std::vector<std::string> hosts = {
      "127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1",
      "127.1",     "localhost",  "[::1]",      "[::ffff:127.0.0.1]"};
  std::vector<int64_t> ids;
  for (const std::string& host : hosts) {
    ids.push_back(QueueWebhook("http://" + host + ":" + port + "/hook",
                               R"({"n":1})", "msg_" + Unique("ssrf")));
  }
  // No allow-list: the shipped default.
  OutboxWorker worker("webhook_allow =");
  worker.RunOnce();
  for (size_t i = 0; i < ids.size(); ++i) {
    SCOPED_TRACE(hosts[i]);
    EXPECT_EQ(OutboxColumn(ids[i], "state"), "dead");
    EXPECT_EQ(OutboxColumn(ids[i], "attempts"), "1");
    std::string error = OutboxColumn(ids[i], "last_error");
    EXPECT_NE(error.find("not a public address"), std::string::npos) << error;
    EXPECT_LE(error.size(), 200u);
  }
  EXPECT_TRUE(receiver.Requests().empty());
}

TEST(OutboxSsrf, AnAllowListedNetworkOrHostIsReached) {
  WebhookReceiver receiver;
  const std::string port = Port(receiver);
  int64_t by_network = QueueWebhook("http://127.0.0.1:" + port + "/net", "{}",
                                    "msg_" + Unique("net"));
  OutboxWorker network("webhook_allow = 127.0.0.0/8");
  network.RunOnce();
  EXPECT_EQ(OutboxColumn(by_network, "state"), "sent");

  int64_t by_name = QueueWebhook("http://localhost:" + port + "/name", "{}",
                                 "msg_" + Unique("name"));
  int64_t other = QueueWebhook("http://127.0.0.1:" + port + "/other", "{}",
                               "msg_" + Unique("other"));
  OutboxWorker host("webhook_allow = localhost");
  host.RunOnce();
  EXPECT_EQ(OutboxColumn(by_name, "state"), "sent");
  EXPECT_EQ(OutboxColumn(other, "state"), "dead");
  std::vector<std::string> paths;
  for (const auto& r : receiver.Requests()) paths.push_back(r.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/net", "/name"}));
}

TEST(OutboxSsrf, AMacroWebhookToLoopbackIsQueuedButNeverSent) {
  WebhookReceiver receiver;
  std::string email = UniqueEmail("ssrf");
  CreateUser(email);
  std::string macro = CreateMacro(
      "users", R"({"actions":[{"type":"webhook","url":"http://0x7f000001:)" +
                   Port(receiver) + R"(/internal"}]})");
  ListenerFixture listener =
      CreateListener("macro", "users", {"--macro", macro});
  ASSERT_EQ(Deliver(listener, R"({"email":")" + email + R"("})").status, 200);
  int64_t id = Stack::Get().Count(
      "SELECT MAX(id) FROM outbox WHERE recipient LIKE '%/internal'");
  OutboxWorker worker("webhook_allow =");
  worker.RunOnce();
  EXPECT_EQ(OutboxColumn(id, "state"), "dead");
  EXPECT_TRUE(receiver.Requests().empty());
  CommandResult show =
      Stack::Get().CtlOk({"outbox", "show", std::to_string(id)});
  EXPECT_NE(show.out.find("not a public address"), std::string::npos)
      << show.out;
}

}  // namespace
}  // namespace earshot::test
