// The outbox's retry schedule and email formatting.

#include <gtest/gtest.h>

#include "common/auth/crypto.h"
#include "common/outbox/mail_message.h"
#include "common/outbox/outbox_backoff.h"

namespace earshot {
namespace {

TEST(OutboxBackoffTest, FollowsStandardWebhooksSchedule) {
  const int64_t kS = 1000, kMin = 60 * kS, kH = 60 * kMin;
  EXPECT_EQ(RetryDelayMs(1, 5000), 5 * kS);
  EXPECT_EQ(RetryDelayMs(2, 5000), 5 * kMin);
  EXPECT_EQ(RetryDelayMs(3, 5000), 30 * kMin);
  EXPECT_EQ(RetryDelayMs(4, 5000), 2 * kH);
  EXPECT_EQ(RetryDelayMs(5, 5000), 5 * kH);
  EXPECT_EQ(RetryDelayMs(6, 5000), 10 * kH);
  EXPECT_EQ(RetryDelayMs(7, 5000), 10 * kH);
  EXPECT_EQ(RetryDelayMs(100, 5000), 10 * kH);
  EXPECT_EQ(RetryDelayMs(0, 5000), 5 * kS);
}

TEST(OutboxBackoffTest, ScalesWithTheBase) {
  EXPECT_EQ(RetryDelayMs(1, 10), 10);
  EXPECT_EQ(RetryDelayMs(2, 10), 600);
  EXPECT_EQ(RetryDelayMs(3, 10), 3600);
}

TEST(OutboxBackoffTest, JitterStaysWithinTwentyPercent) {
  EXPECT_EQ(JitteredDelayMs(1000, 0.0), 800);
  EXPECT_EQ(JitteredDelayMs(1000, 0.5), 1000);
  EXPECT_LT(JitteredDelayMs(1000, 0.999999), 1200);
  EXPECT_EQ(JitteredDelayMs(1000, 7.0), 1200) << "clamped";
  for (int i = 0; i < 100; ++i) {
    int64_t d = JitteredDelayMs(5000, i / 100.0);
    EXPECT_GE(d, 4000);
    EXPECT_LT(d, 6000);
  }
}

TEST(MailMessageTest, AsciiMessage) {
  MailMessage m{"earshot@example.org",       "ann@example.com", "Hello Ann",
                "line one\nline two\r\n.\n", "msg_abc",         1795780800};
  std::string text = FormatMail(m);
  EXPECT_EQ(text,
            "From: earshot@example.org\r\n"
            "To: ann@example.com\r\n"
            "Subject: Hello Ann\r\n"
            "Date: Fri, 27 Nov 2026 12:00:00 +0000\r\n"
            "Message-ID: <msg_abc@example.org>\r\n"
            "Auto-Submitted: auto-generated\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 7bit\r\n"
            "\r\n"
            "line one\r\nline two\r\n.\r\n");
}

TEST(MailMessageTest, Rfc5322Dates) {
  EXPECT_EQ(Rfc5322Date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(Rfc5322Date(1795780800), "Fri, 27 Nov 2026 12:00:00 +0000");
}

TEST(MailMessageTest, NonAsciiSubjectsAreEncodedWords) {
  std::string subject =
      "Caf\xC3\xA9 \xE2\x82\xAC " + std::string(60, 'x') + " \xF0\x9F\x98\x80";
  std::string encoded = EncodeHeaderWords(subject);
  std::string decoded;
  size_t pos = 0;
  while ((pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos) {
    size_t end = encoded.find("?=", pos + 10);
    ASSERT_NE(end, std::string::npos);
    ASSERT_LE(end + 2 - pos, 75u);
    std::string bytes;
    ASSERT_TRUE(Base64Decode(encoded.substr(pos + 10, end - pos - 10), &bytes));
    decoded += bytes;
    pos = end + 2;
  }
  EXPECT_EQ(decoded, subject);
  EXPECT_NE(encoded.find("\r\n "), std::string::npos) << "folded";
  EXPECT_EQ(EncodeHeaderWords("plain"), "plain");
}

TEST(MailMessageTest, NonAsciiBodiesAreQuotedPrintable) {
  MailMessage m{"e@x.org", "a@x.org",
                "s",       "na\xC3\xAFve = yes \n" + std::string(100, 'y'),
                "msg_1",   0};
  std::string text = FormatMail(m);
  EXPECT_NE(text.find("Content-Transfer-Encoding: quoted-printable"),
            std::string::npos);
  EXPECT_NE(text.find("na=C3=AFve =3D yes=20\r\n"), std::string::npos) << text;
  size_t body = text.find("\r\n\r\n") + 4;
  size_t start = body;
  while (start < text.size()) {
    size_t end = text.find("\r\n", start);
    if (end == std::string::npos) end = text.size();
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
}

TEST(MailMessageTest, LongLinesAreEncodedToo) {
  MailMessage m{"e@x.org", "a@x.org", "s", std::string(1200, 'z'), "msg_1", 0};
  EXPECT_NE(FormatMail(m).find("quoted-printable"), std::string::npos);
}

}  // namespace
}  // namespace earshot
