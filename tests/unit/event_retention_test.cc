// The delivery log's retention settings and the erasure index's keys.

#include <gtest/gtest.h>

#include "common/config.h"
#include "common/store/event_purge.h"
#include "common/store/event_subjects.h"

namespace earshot {
namespace {

constexpr int64_t kDay = int64_t{86400} * 1000000;

TEST(EventRetentionConfigTest, DefaultsToThirtyDaysAndZeroKeepsForever) {
  Config c;
  EXPECT_EQ(c.event_retention_days, 30);
  EXPECT_EQ(RetentionCutoff(c, 100 * kDay), 70 * kDay);
  ASSERT_TRUE(ParseConfig("event_retention_days = 0\n", &c).ok());
  EXPECT_EQ(RetentionCutoff(c, 100 * kDay), 0);
}

TEST(EventRetentionConfigTest, MayNotBeShorterThanTheDuplicateWindow) {
  Config c;
  Status s = ParseConfig(
      "delivery_retention_days = 14\nevent_retention_days = 10\n", &c);
  EXPECT_TRUE(s.IsInvalid()) << s.ToString();
  EXPECT_NE(s.message().find("delivery_retention_days"), std::string::npos);
  EXPECT_EQ(c.event_retention_days, 30) << "unchanged on error";
  EXPECT_TRUE(ParseConfig("delivery_retention_days = 14\n"
                          "event_retention_days = 14\n",
                          &c)
                  .ok());
  EXPECT_TRUE(ParseConfig("event_retention_days = -1\n", &c).IsInvalid());
}

TEST(EventRetentionConfigTest, PurgeRefusesCutoffsInsideTheDuplicateWindow) {
  Config c;  // delivery_retention_days = 7
  const int64_t now = 1000 * kDay;
  EXPECT_TRUE(CheckPurgeCutoff(c, now, now - 7 * kDay).ok());
  EXPECT_TRUE(CheckPurgeCutoff(c, now, now - 7 * kDay + 1).IsInvalid());
  EXPECT_TRUE(CheckPurgeCutoff(c, now, now).IsInvalid());
}

TEST(EventSubjectsTest, KeysAreShortOpaqueAndFoldAsciiCase) {
  EXPECT_EQ(UserSubject(7).size(), kSubjectBytes);
  EXPECT_EQ(EmailSubject("Ann@Example.COM"), EmailSubject("ann@example.com"));
  EXPECT_NE(EmailSubject("ann@example.com"), EmailSubject("jann@example.com"));
  EXPECT_NE(UserSubject(7), UserSubject(70));
  EXPECT_NE(UserSubject(7), EmailSubject("7"));
  EXPECT_EQ(EmailSubject("ann@example.com").find("ann"), std::string::npos);
}

TEST(EventSubjectsTest, SubjectKeysAreSortedAndUnique) {
  std::vector<std::string> keys =
      SubjectKeys({3, 1, 3}, {"A@x.io", "a@x.io", "", "b@x.io"});
  EXPECT_EQ(keys.size(), 4u);  // users 1 and 3, two addresses
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_TRUE(SubjectKeys({}, {""}).empty());
}

}  // namespace
}  // namespace earshot
