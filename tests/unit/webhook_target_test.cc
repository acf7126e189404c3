// Which addresses webhooks may reach (common/outbox/webhook_target.h), and the
// webhook_allow setting.

#include "common/outbox/webhook_target.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "common/config.h"

namespace earshot {
namespace {

// The reason for a textual address, or "public".
std::string Reason(const std::string& text) {
  sockaddr_storage storage{};
  if (text.find(':') == std::string::npos) {
    auto* in = reinterpret_cast<sockaddr_in*>(&storage);
    in->sin_family = AF_INET;
    EXPECT_EQ(inet_pton(AF_INET, text.c_str(), &in->sin_addr), 1) << text;
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
    in6->sin6_family = AF_INET6;
    EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), &in6->sin6_addr), 1) << text;
  }
  const char* r = NonPublicReason(reinterpret_cast<sockaddr*>(&storage));
  return r == nullptr ? "public" : r;
}

TEST(WebhookTargetTest, NonPublicIpv4) {
  EXPECT_EQ(Reason("127.0.0.1"), "loopback");
  EXPECT_EQ(Reason("127.255.255.254"), "loopback");
  EXPECT_EQ(Reason("10.1.2.3"), "private");
  EXPECT_EQ(Reason("172.16.0.1"), "private");
  EXPECT_EQ(Reason("172.31.255.255"), "private");
  EXPECT_EQ(Reason("192.168.1.1"), "private");
  EXPECT_EQ(Reason("169.254.169.254"), "link-local");
  EXPECT_EQ(Reason("100.64.0.1"), "shared");
  EXPECT_EQ(Reason("0.0.0.0"), "unspecified");
  EXPECT_EQ(Reason("224.0.0.1"), "multicast");
  EXPECT_EQ(Reason("255.255.255.255"), "reserved");
  EXPECT_EQ(Reason("198.18.0.1"), "reserved");
  EXPECT_EQ(Reason("192.0.2.1"), "documentation");
}

TEST(WebhookTargetTest, PublicIpv4NextToTheRanges) {
  EXPECT_EQ(Reason("8.8.8.8"), "public");
  EXPECT_EQ(Reason("172.15.255.255"), "public");
  EXPECT_EQ(Reason("172.32.0.0"), "public");
  EXPECT_EQ(Reason("100.128.0.0"), "public");
  EXPECT_EQ(Reason("11.0.0.0"), "public");
  EXPECT_EQ(Reason("126.255.255.255"), "public");
  EXPECT_EQ(Reason("128.0.0.0"), "public");
  EXPECT_EQ(Reason("223.255.255.255"), "public");
}

TEST(WebhookTargetTest, Ipv6AndIpv4CarriedInIpv6) {
  EXPECT_EQ(Reason("::1"), "loopback");
  EXPECT_EQ(Reason("::"), "unspecified");
  EXPECT_EQ(Reason("fe80::1"), "link-local");
  EXPECT_EQ(Reason("fd00::1"), "private");
  EXPECT_EQ(Reason("fc00::1"), "private");
  EXPECT_EQ(Reason("ff02::1"), "multicast");
  EXPECT_EQ(Reason("2001:db8::1"), "documentation");
  EXPECT_EQ(Reason("2001::1"), "reserved");  // Teredo
  EXPECT_EQ(Reason("::ffff:127.0.0.1"), "loopback");
  EXPECT_EQ(Reason("::ffff:169.254.169.254"), "link-local");
  EXPECT_EQ(Reason("::127.0.0.1"), "reserved");
  EXPECT_EQ(Reason("64:ff9b::a00:1"), "private");  // NAT64 of 10.0.0.1
  EXPECT_EQ(Reason("2002:7f00:1::"), "loopback");  // 6to4 of 127.0.0.1
  EXPECT_EQ(Reason("2606:4700::1111"), "public");
  EXPECT_EQ(Reason("::ffff:8.8.8.8"), "public");
  EXPECT_EQ(Reason("64:ff9b::808:808"), "public");
}

TEST(WebhookTargetTest, AllowListOfNetworksAndHosts) {
  WebhookAllowList list;
  ASSERT_TRUE(WebhookAllowList::Parse(
                  "10.0.0.0/8, ::1  Hooks.Internal. 192.168.1.5", &list)
                  .ok());
  EXPECT_EQ(list.ToString(),
            "10.0.0.0/8 ::1/128 192.168.1.5/32 hooks.internal");
  EXPECT_TRUE(list.AllowsHost("hooks.internal"));
  EXPECT_TRUE(list.AllowsHost("HOOKS.internal."));
  EXPECT_FALSE(list.AllowsHost("evil.hooks.internal"));
  EXPECT_FALSE(list.AllowsHost("10.0.0.1"));
  sockaddr_in in{};
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "10.9.8.7", &in.sin_addr);
  EXPECT_TRUE(list.AllowsAddress(reinterpret_cast<sockaddr*>(&in)));
  inet_pton(AF_INET, "192.168.1.6", &in.sin_addr);
  EXPECT_FALSE(list.AllowsAddress(reinterpret_cast<sockaddr*>(&in)));
}

TEST(WebhookTargetTest, TheEmptyListAllowsNothingExtra) {
  WebhookAllowList list;
  ASSERT_TRUE(WebhookAllowList::Parse(" , ", &list).ok());
  EXPECT_TRUE(list.empty());
  sockaddr_in in{};
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
  EXPECT_FALSE(list.AllowsAddress(reinterpret_cast<sockaddr*>(&in)));
  EXPECT_FALSE(list.AllowsHost(""));
}

TEST(WebhookTargetTest, BadEntriesAreRefused) {
  WebhookAllowList list;
  EXPECT_FALSE(WebhookAllowList::Parse("10.0.0.0/33", &list).ok());
  EXPECT_FALSE(WebhookAllowList::Parse("300.1.1.1", &list).ok());
  EXPECT_FALSE(WebhookAllowList::Parse("host_name", &list).ok());
  EXPECT_FALSE(WebhookAllowList::Parse("http://x", &list).ok());
}

TEST(WebhookTargetTest, ConfigKeys) {
  Config c;
  EXPECT_EQ(c.max_hops, 5);
  EXPECT_TRUE(c.webhook_allow.empty());
  ASSERT_TRUE(ParseConfig("webhook_allow = 127.0.0.0/8, localhost\n"
                          "max_hops = 2\n",
                          &c)
                  .ok());
  EXPECT_EQ(c.max_hops, 2);
  EXPECT_EQ(c.webhook_allow.ToString(), "127.0.0.0/8 localhost");
  // A later line wins, an empty one included.
  ASSERT_TRUE(ParseConfig("webhook_allow =\n", &c).ok());
  EXPECT_TRUE(c.webhook_allow.empty());
  Status s = ParseConfig("webhook_allow = 10.0.0.0/40\n", &c);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("webhook_allow"), std::string::npos);
  EXPECT_FALSE(ParseConfig("max_hops = -1\n", &c).ok());
}

}  // namespace
}  // namespace earshot
