// The outbox worker's settings.

#include <gtest/gtest.h>

#include "common/config.h"

namespace earshot {
namespace {

TEST(OutboxConfigTest, Defaults) {
  Config c;
  EXPECT_EQ(c.outbox_max_attempts, 8);
  EXPECT_EQ(c.outbox_timeout_s, 10);
  EXPECT_EQ(c.outbox_backoff_base_ms, 5000);
  EXPECT_EQ(c.outbox_lease_s, 60);
  EXPECT_EQ(c.outbox_poll_ms, 500);
  EXPECT_EQ(c.outbox_concurrency, 64);
  EXPECT_EQ(c.outbox_per_host, 32);
  EXPECT_EQ(c.mail_dir, "var/mail");
  EXPECT_TRUE(c.smtp_url.empty());
  EXPECT_TRUE(c.webhook_secret.empty());
}

TEST(OutboxConfigTest, ParsesTheOutboxKeys) {
  Config c;
  Status s = ParseConfig(
      "smtp_url = smtp://127.0.0.1:2525\nmail_from = e@example.org\n"
      "webhook_secret = whsec_abc\noutbox_backoff_base_ms = 20\n"
      "outbox_lease_s = 3\noutbox_poll_ms = 50\noutbox_max_attempts = 2\n"
      "outbox_timeout_s = 1\noutbox_concurrency = 100\n"
      "outbox_per_host = 3\n",
      &c);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(c.smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(c.mail_from, "e@example.org");
  EXPECT_EQ(c.webhook_secret, "whsec_abc");
  EXPECT_EQ(c.outbox_backoff_base_ms, 20);
  EXPECT_EQ(c.outbox_lease_s, 3);
  EXPECT_EQ(c.outbox_poll_ms, 50);
  EXPECT_EQ(c.outbox_max_attempts, 2);
  EXPECT_EQ(c.outbox_timeout_s, 1);
  EXPECT_EQ(c.outbox_concurrency, 100);
  EXPECT_EQ(c.outbox_per_host, 3);
}

TEST(OutboxConfigTest, RefusesOutOfRangeValues) {
  for (const char* line : {"outbox_backoff_base_ms = 0", "outbox_lease_s = 1",
                           "outbox_poll_ms = 5", "outbox_max_attempts = 0",
                           "outbox_backoff_base_ms = soon",
                           "outbox_concurrency = 0", "outbox_per_host = 0",
                           "outbox_concurrency = 1001", "outbox_per_host = x"}) {
    Config c;
    EXPECT_TRUE(ParseConfig(line, &c).IsInvalid()) << line;
  }
}

}  // namespace
}  // namespace earshot
