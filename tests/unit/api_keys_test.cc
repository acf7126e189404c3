// The checks earshotctl apikey and the console's API keys page share.

#include "common/store/api_keys.h"

#include <gtest/gtest.h>

namespace earshot {
namespace {

TEST(ApiKeyChecks, NamesFollowTheSimpleNameRule) {
  EXPECT_TRUE(CheckApiKeyName("jira-prod.1_a").ok());
  Status s = CheckApiKeyName("<b>");
  EXPECT_TRUE(s.IsInvalid());
  EXPECT_NE(s.message().find("invalid API key name"), std::string::npos);
  EXPECT_TRUE(CheckApiKeyName("").IsInvalid());
  EXPECT_TRUE(CheckApiKeyName("-a").IsInvalid());
  EXPECT_TRUE(CheckApiKeyName(std::string(65, 'a')).IsInvalid());
}

TEST(ApiKeyChecks, AllowListsAreSplitCheckedAndNormalised) {
  std::vector<std::string> parts =
      SplitAllowList(" 10.1.2.3/8,192.0.2.7\r\n2001:db8::1/32\t10.0.0.0/8 ");
  ASSERT_EQ(parts.size(), 4u);
  std::string normalized;
  ASSERT_TRUE(NormalizeAllowList(parts, &normalized).ok());
  EXPECT_EQ(normalized, "10.0.0.0/8 192.0.2.7/32 2001:db8::/32");
  EXPECT_TRUE(NormalizeAllowList({}, &normalized).ok());
  EXPECT_EQ(normalized, "");
  Status s = NormalizeAllowList({"10.0.0.0/8", "300.1.1.1"}, &normalized);
  EXPECT_TRUE(s.IsInvalid());
  EXPECT_NE(s.message().find("invalid CIDR '300.1.1.1'"), std::string::npos)
      << s.message();
}

TEST(ApiKeyChecks, NotifyAddressesAreEmails) {
  EXPECT_TRUE(CheckNotifyEmail("ops@example.com").ok());
  EXPECT_TRUE(CheckNotifyEmail("no at sign").IsInvalid());
  EXPECT_TRUE(CheckNotifyEmail("a@b\r\nBcc: x@y").IsInvalid());
}

}  // namespace
}  // namespace earshot
