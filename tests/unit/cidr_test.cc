#include "common/auth/cidr.h"

#include <gtest/gtest.h>

#include <string>

namespace earshot {
namespace {

IpAllowList MustParse(std::string_view spec) {
  IpAllowList list;
  Status s = IpAllowList::Parse(spec, &list);
  EXPECT_TRUE(s.ok()) << spec << ": " << s.ToString();
  return list;
}

TEST(IpAllowListTest, EmptyAllowsEverything) {
  IpAllowList none;
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(none.Allows("10.1.2.3"));
  EXPECT_TRUE(none.Allows("2001:db8::1"));
  // No allow-list means no restriction, whatever the address looks like.
  EXPECT_TRUE(none.Allows("garbage"));
  EXPECT_EQ(none.ToString(), "");

  IpAllowList blank = MustParse("  , ,\t");
  EXPECT_TRUE(blank.empty());
  EXPECT_TRUE(blank.Allows("192.0.2.1"));
}

TEST(IpAllowListTest, Ipv4Cidr) {
  IpAllowList list = MustParse("10.0.0.0/8");
  EXPECT_FALSE(list.empty());
  EXPECT_TRUE(list.Allows("10.0.0.0"));
  EXPECT_TRUE(list.Allows("10.1.2.3"));
  EXPECT_TRUE(list.Allows("10.255.255.255"));
  EXPECT_FALSE(list.Allows("11.0.0.0"));
  EXPECT_FALSE(list.Allows("9.255.255.255"));
  EXPECT_FALSE(list.Allows("192.168.1.1"));
}

TEST(IpAllowListTest, Ipv4PrefixNotOnAByteBoundary) {
  IpAllowList list = MustParse("192.168.4.0/22");
  EXPECT_TRUE(list.Allows("192.168.4.0"));
  EXPECT_TRUE(list.Allows("192.168.7.255"));
  EXPECT_FALSE(list.Allows("192.168.8.0"));
  EXPECT_FALSE(list.Allows("192.168.3.255"));
}

TEST(IpAllowListTest, Ipv6Cidr) {
  IpAllowList list = MustParse("2001:db8::/32");
  EXPECT_TRUE(list.Allows("2001:db8::1"));
  EXPECT_TRUE(list.Allows("2001:0DB8:ffff::"));
  EXPECT_FALSE(list.Allows("2001:db9::1"));
  EXPECT_FALSE(list.Allows("::1"));
  EXPECT_FALSE(list.Allows("10.0.0.1"));
  EXPECT_EQ(list.ToString(), "2001:db8::/32");
}

TEST(IpAllowListTest, Ipv6OddPrefix) {
  IpAllowList list = MustParse("fd00::/7");
  EXPECT_TRUE(list.Allows("fc00::1"));
  EXPECT_TRUE(list.Allows("fdff::1"));
  EXPECT_FALSE(list.Allows("fe80::1"));
}

TEST(IpAllowListTest, BareAddressesAreSingleHosts) {
  IpAllowList list = MustParse("192.0.2.7 2001:db8::7");
  EXPECT_TRUE(list.Allows("192.0.2.7"));
  EXPECT_FALSE(list.Allows("192.0.2.8"));
  EXPECT_TRUE(list.Allows("2001:db8::7"));
  EXPECT_TRUE(list.Allows("2001:db8:0:0:0:0:0:7"));
  EXPECT_FALSE(list.Allows("2001:db8::8"));
  EXPECT_EQ(list.ToString(), "192.0.2.7/32 2001:db8::7/128");
}

TEST(IpAllowListTest, MappedIpv4MatchesIpv4Networks) {
  IpAllowList list = MustParse("10.0.0.0/8");
  EXPECT_TRUE(list.Allows("::ffff:10.1.2.3"));
  EXPECT_TRUE(list.Allows("::FFFF:a01:203"));  // same address, hex form
  EXPECT_FALSE(list.Allows("::ffff:11.1.2.3"));
  // Not mapped: IPv4-compatible and NAT64 forms are other addresses.
  EXPECT_FALSE(list.Allows("::10.1.2.3"));
  EXPECT_FALSE(list.Allows("64:ff9b::10.1.2.3"));
}

TEST(IpAllowListTest, PlainIpv4DoesNotMatchIpv6Networks) {
  IpAllowList list = MustParse("::/0");
  EXPECT_TRUE(list.Allows("2001:db8::1"));
  EXPECT_TRUE(list.Allows("::ffff:10.1.2.3"));
  EXPECT_FALSE(list.Allows("10.1.2.3"));
}

TEST(IpAllowListTest, ZeroPrefixMatchesTheWholeFamily) {
  IpAllowList v4 = MustParse("0.0.0.0/0");
  EXPECT_TRUE(v4.Allows("1.2.3.4"));
  EXPECT_TRUE(v4.Allows("255.255.255.255"));
  EXPECT_TRUE(v4.Allows("::ffff:1.2.3.4"));
  EXPECT_FALSE(v4.Allows("2001:db8::1"));
  EXPECT_EQ(v4.ToString(), "0.0.0.0/0");
  // Host bits with /0 are all cleared.
  EXPECT_EQ(MustParse("1.2.3.4/0").ToString(), "0.0.0.0/0");
}

TEST(IpAllowListTest, SeveralNetworksCommasAndSpaces) {
  IpAllowList list = MustParse(" 10.0.0.0/8, 192.168.1.0/24 ,2001:db8::/32 ");
  EXPECT_EQ(list.size(), 3u);
  EXPECT_TRUE(list.Allows("10.9.9.9"));
  EXPECT_TRUE(list.Allows("192.168.1.200"));
  EXPECT_TRUE(list.Allows("2001:db8::abcd"));
  EXPECT_FALSE(list.Allows("192.168.2.1"));
  EXPECT_EQ(list.ToString(), "10.0.0.0/8 192.168.1.0/24 2001:db8::/32");
}

TEST(IpAllowListTest, HostBitsAreMaskedAndToStringNormalises) {
  IpAllowList list = MustParse("10.0.0.1/8 2001:db8:1:2::5/32 192.168.1.77/30");
  EXPECT_EQ(list.ToString(), "10.0.0.0/8 2001:db8::/32 192.168.1.76/30");
  EXPECT_TRUE(list.Allows("10.200.0.1"));
  EXPECT_TRUE(list.Allows("192.168.1.79"));
  EXPECT_FALSE(list.Allows("192.168.1.80"));
}

TEST(IpAllowListTest, DuplicatesAreKeptOnce) {
  IpAllowList list = MustParse("10.0.0.0/8 10.1.1.1/8 10.0.0.0/8");
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(list.ToString(), "10.0.0.0/8");
}

TEST(IpAllowListTest, ToStringParsesBack) {
  IpAllowList list = MustParse("10.0.0.1/8,2001:DB8::1/64 ::ffff:10.0.0.0/104");
  IpAllowList again = MustParse(list.ToString());
  EXPECT_EQ(again.ToString(), list.ToString());
}

TEST(IpAllowListTest, InvalidSpecsAreRefused) {
  const char* kBad[] = {
      "10.0.0.0/33",
      "2001:db8::/129",
      "10.0.0.0/",
      "10.0.0.0/-1",
      "10.0.0.0/+8",
      "10.0.0.0/8/8",
      "10.0.0/8",
      "10.0.0.256",
      "010.0.0.1",
      "10.0.0.0/x",
      "/8",
      "example.com",
      "2001:db8:::1",
      "fe80::1%eth0",
      "10.0.0.0 /8",
      "10.0.0.0/0008",
      "1.2.3.4.5",
      "[::1]",
      "10.0.0.0/8 junk",
  };
  for (const char* spec : kBad) {
    IpAllowList list = MustParse("192.0.2.0/24");
    Status s = IpAllowList::Parse(spec, &list);
    EXPECT_TRUE(s.IsInvalid()) << spec;
    EXPECT_NE(s.message().find("invalid CIDR '"), std::string::npos)
        << s.message();
    // A failed parse leaves the list as it was.
    EXPECT_EQ(list.ToString(), "192.0.2.0/24") << spec;
  }
}

TEST(IpAllowListTest, ErrorNamesTheBadEntry) {
  IpAllowList list;
  Status s = IpAllowList::Parse("10.0.0.0/8, 10.0.0.0/40", &list);
  ASSERT_TRUE(s.IsInvalid());
  EXPECT_EQ(s.message().rfind("invalid CIDR '10.0.0.0/40'", 0), 0u)
      << s.message();
}

TEST(IpAllowListTest, GarbageClientAddressesAreNeverAllowed) {
  IpAllowList list = MustParse("0.0.0.0/0 ::/0");
  EXPECT_TRUE(list.Allows("203.0.113.9"));
  EXPECT_TRUE(list.Allows("::1"));
  const char* kGarbage[] = {
      "",          "garbage", "10.0.0.1/32", " 10.0.0.1",
      "10.0.0.1 ", "10.0.0",  "10.0.0.256",  "[::1]",
      "::1%lo",    "unix:",   "10.0.0.1:80",
  };
  for (const char* address : kGarbage) {
    EXPECT_FALSE(list.Allows(address)) << "'" << address << "'";
  }
  EXPECT_FALSE(list.Allows(std::string(1000, '1')));
  EXPECT_FALSE(list.Allows(std::string("10.0.0.1\0junk", 13)));
}

TEST(IpAllowListTest, ParseOneNormalises) {
  std::string normalized;
  ASSERT_TRUE(IpAllowList::ParseOne("10.1.2.3/16", &normalized).ok());
  EXPECT_EQ(normalized, "10.1.0.0/16");
  ASSERT_TRUE(IpAllowList::ParseOne("2001:DB8::1", &normalized).ok());
  EXPECT_EQ(normalized, "2001:db8::1/128");
  normalized = "unchanged";
  EXPECT_TRUE(IpAllowList::ParseOne("", &normalized).IsInvalid());
  EXPECT_TRUE(
      IpAllowList::ParseOne("10.0.0.0/8 11.0.0.0/8", &normalized).IsInvalid());
  EXPECT_TRUE(IpAllowList::ParseOne("10.0.0.0/8,", &normalized).IsInvalid());
  EXPECT_TRUE(IpAllowList::ParseOne("nope", &normalized).IsInvalid());
  EXPECT_EQ(normalized, "unchanged");
}

}  // namespace
}  // namespace earshot
