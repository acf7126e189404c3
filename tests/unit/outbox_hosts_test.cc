// The outbox worker's per-host scheduling: host keys and slots.

#include "common/outbox/outbox_hosts.h"

#include <gtest/gtest.h>

namespace earshot {
namespace {

std::string Key(const std::string& url) {
  return OutboxHostKey(OutboxKind::kWebhook, url);
}

TEST(OutboxHostsTest, AWebhooksHostIsItsUrlsHostAndPort) {
  EXPECT_EQ(Key("https://Hooks.Example.com/a?b=c"), "hooks.example.com:443");
  EXPECT_EQ(Key("http://example.com"), "example.com:80");
  EXPECT_EQ(Key("HTTP://example.com:8080/x"), "example.com:8080");
  EXPECT_EQ(Key("http://example.com:080/x"), "example.com:80");
  EXPECT_EQ(Key("http://user:pw@example.com:81/"), "example.com:81");
  EXPECT_EQ(Key("http://[::1]:9000/h"), "[::1]:9000");
  EXPECT_EQ(Key("https://[2001:db8::1]/h"), "[2001:db8::1]:443");
  EXPECT_EQ(Key("http://127.0.0.1:5000#frag"), "127.0.0.1:5000");
}

TEST(OutboxHostsTest, UnreadableUrlsShareOneKey) {
  for (const char* url : {"", "example.com/x", "http://", "http://:80/",
                          "http://h:port/", "http://[::1/", "http://[::1]x/"}) {
    EXPECT_EQ(Key(url), "?") << url;
  }
  EXPECT_EQ(Key("http://" + std::string(400, 'a') + "/"), "?");
}

TEST(OutboxHostsTest, EveryEmailGoesToOneHost) {
  EXPECT_EQ(OutboxHostKey(OutboxKind::kEmail, "a@example.com"), "smtp");
  EXPECT_EQ(OutboxHostKey(OutboxKind::kEmail, "b@example.org"), "smtp");
}

TEST(OutboxHostsTest, SlotsKeepToBothLimits) {
  HostSlots slots(5, 2);
  EXPECT_EQ(slots.Free("a"), 2);
  slots.Start("a");
  slots.Start("a");
  EXPECT_EQ(slots.Free("a"), 0);
  EXPECT_EQ(slots.Free("b"), 2);
  slots.Start("b");
  slots.Start("b");
  slots.Start("c");
  EXPECT_FALSE(slots.AnyFree());
  EXPECT_EQ(slots.Free("d"), 0) << "the total is reached";
  slots.Finish("a");
  EXPECT_TRUE(slots.AnyFree());
  EXPECT_EQ(slots.Free("a"), 1);
  EXPECT_EQ(slots.InFlight("b"), 2);
  EXPECT_EQ(slots.in_flight(), 4);
  slots.Finish("zzz");  // not in flight: ignored
  EXPECT_EQ(slots.in_flight(), 4);
}

TEST(OutboxHostsTest, APlanSkipsHostsAtTheirLimitAndKeepsTheOrder) {
  HostSlots slots(6, 3);
  for (int i = 0; i < 3; ++i) slots.Start("hung");
  using Plan = std::vector<std::pair<std::string, int>>;
  EXPECT_EQ(slots.Plan({"hung", "fast", "slow"}),
            (Plan{{"fast", 3}}));  // 3 free in all, all to the oldest
  slots.Finish("hung");
  EXPECT_EQ(slots.Plan({"hung", "fast", "slow"}),
            (Plan{{"hung", 1}, {"fast", 3}}));
  EXPECT_TRUE(HostSlots(4, 2).Plan({}).empty());
  EXPECT_EQ(HostSlots(4, 2).Plan({"a", "b", "c"}), (Plan{{"a", 2}, {"b", 2}}));
}

}  // namespace
}  // namespace earshot
