#include <gtest/gtest.h>

#include "common/macro/macro.h"

namespace earshot {
namespace {

TEST(WebhookUrlTest, AcceptsHttpAndHttpsUrls) {
  for (const char* ok :
       {"https://hooks.example.com/x?a=1", "http://127.0.0.1:9/x",
        "HTTPS://Example.com", "https://[2001:db8::1]:8443/hook",
        "http://localhost:65535/", "https://a-b.example.com#frag"}) {
    EXPECT_TRUE(IsWebhookUrl(ok)) << ok;
  }
}

TEST(WebhookUrlTest, RefusesEverythingElse) {
  for (const char* bad :
       {"", "ftp://x.example.com/", "example.com/hook", "https://",
        "https:///path", "https://user:pw@example.com/", "https://ex ample.com",
        "https://example.com:0/", "https://example.com:65536/",
        "https://example.com:abc/", "https://[]/", "https://[zz::1]/",
        "https://-bad.example.com/", "https://exa_mple.com/",
        "https://example.com/\n", "javascript:alert(1)"}) {
    EXPECT_FALSE(IsWebhookUrl(bad)) << bad;
  }
}

}  // namespace
}  // namespace earshot
