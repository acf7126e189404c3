#include "common/base/datetime.h"

#include <gtest/gtest.h>

namespace earshot {
namespace {

int64_t Parse(const std::string& text) {
  int64_t micros = 0;
  EXPECT_TRUE(ParseRfc3339(text, &micros)) << text;
  return micros;
}

bool Refuses(const std::string& text) {
  int64_t micros = 0;
  return !ParseRfc3339(text, &micros);
}

TEST(DatetimeTest, ParsesRfc3339WithOffsetsToUtc) {
  EXPECT_EQ(Rfc3339Utc(Parse("2026-11-27T10:00:00+01:00")),
            "2026-11-27T09:00:00Z");
  EXPECT_EQ(Rfc3339Utc(Parse("2026-11-27T10:00:00Z")), "2026-11-27T10:00:00Z");
  EXPECT_EQ(Rfc3339Utc(Parse("2026-11-27t10:00:00z")), "2026-11-27T10:00:00Z");
  EXPECT_EQ(Rfc3339Utc(Parse("2026-11-27 23:30:00-05:30")),
            "2026-11-28T05:00:00Z");
  EXPECT_EQ(Parse("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Parse("2026-11-27T10:00:00+01:00"),
            Parse("2026-11-27T09:00:00Z"));
}

TEST(DatetimeTest, ParsesDatesAsMidnightUtc) {
  EXPECT_EQ(Rfc3339Utc(Parse("2026-11-27")), "2026-11-27T00:00:00Z");
  EXPECT_EQ(Rfc3339Utc(Parse("2024-02-29")), "2024-02-29T00:00:00Z");
}

TEST(DatetimeTest, KeepsFractionsToTheMicrosecond) {
  EXPECT_EQ(Parse("1970-01-01T00:00:01.5Z"), 1500000);
  EXPECT_EQ(Parse("1970-01-01T00:00:00.123456789Z"), 123456);
  EXPECT_EQ(Rfc3339Utc(Parse("2026-01-01T00:00:00.250Z")),
            "2026-01-01T00:00:00.25Z");
  EXPECT_TRUE(Refuses("2026-01-01T00:00:00.Z"));
  EXPECT_TRUE(Refuses("2026-01-01T00:00:00.1234567890Z"));
}

TEST(DatetimeTest, AcceptsJiraOffsetsWithoutColon) {
  EXPECT_EQ(Rfc3339Utc(Parse("2019-07-29T12:57:49.512+0200")),
            "2019-07-29T10:57:49.512Z");
}

TEST(DatetimeTest, LeapSecondRollsOver) {
  EXPECT_EQ(Rfc3339Utc(Parse("2016-12-31T23:59:60Z")), "2017-01-01T00:00:00Z");
}

TEST(DatetimeTest, RefusesMalformedText) {
  for (const char* bad :
       {"", "2026", "2026-11", "2026-13-01", "2026-00-10", "2026-02-30",
        "2025-02-29", "2026-11-27T10:00:00", "2026-11-27T24:00:00Z",
        "2026-11-27T10:60:00Z", "2026-11-27T10:00:61Z", "2026-11-27T10:00Z",
        "2026-11-27T10:00:00+24:00", "2026-11-27T10:00:00+01:60",
        "2026-11-27X10:00:00Z", "2026-11-27T10:00:00Z ", " 2026-11-27",
        "26-11-27", "2026/11/27", "+2026-11-27", "2026-11-27T1:00:00Z",
        "0999-12-31", "9999-12-31T23:00:00-01:00"}) {
    EXPECT_TRUE(Refuses(bad)) << bad;
  }
}

TEST(DatetimeTest, RangeIsThatOfDatetimeColumns) {
  EXPECT_EQ(Parse("1000-01-01"), kMinDatetimeMicros);
  EXPECT_EQ(Parse("9999-12-31T23:59:59.999999Z"), kMaxDatetimeMicros);
}

TEST(DatetimeTest, EpochSecondsAndMilliseconds) {
  int64_t m = 0;
  ASSERT_TRUE(EpochToMicros(int64_t{1764237600}, &m));
  EXPECT_EQ(Rfc3339Utc(m), "2025-11-27T10:00:00Z");
  ASSERT_TRUE(EpochToMicros(int64_t{100000000000}, &m));  // still seconds
  EXPECT_EQ(m, 100000000000LL * 1000000);
  ASSERT_TRUE(EpochToMicros(int64_t{100000000001}, &m));  // milliseconds
  EXPECT_EQ(m, 100000000001LL * 1000);
  ASSERT_TRUE(EpochToMicros(int64_t{1764237600123}, &m));  // Jira
  EXPECT_EQ(Rfc3339Utc(m), "2025-11-27T10:00:00.123Z");
  ASSERT_TRUE(EpochToMicros(1764237600.5, &m));
  EXPECT_EQ(Rfc3339Utc(m), "2025-11-27T10:00:00.5Z");
  ASSERT_TRUE(EpochToMicros(int64_t{-86400}, &m));
  EXPECT_EQ(Rfc3339Utc(m), "1969-12-31T00:00:00Z");
  EXPECT_FALSE(EpochToMicros(int64_t{-40000000000}, &m));  // before 1000
  EXPECT_FALSE(EpochToMicros(INT64_MAX, &m));
  EXPECT_FALSE(EpochToMicros(INT64_MIN, &m));
  EXPECT_FALSE(EpochToMicros(1e300, &m));
}

TEST(DatetimeTest, SqlFormRoundTrips) {
  int64_t m = Parse("2026-11-27T09:08:07.000006Z");
  EXPECT_EQ(SqlDatetime(m), "2026-11-27 09:08:07.000006");
  int64_t back = 0;
  ASSERT_TRUE(ParseSqlDatetime(SqlDatetime(m), &back));
  EXPECT_EQ(back, m);
  ASSERT_TRUE(ParseSqlDatetime("2026-11-27 09:08:07", &back));
  EXPECT_EQ(Rfc3339Utc(back), "2026-11-27T09:08:07Z");
  EXPECT_EQ(SqlDatetime(-1), "1969-12-31 23:59:59.999999");
}

}  // namespace
}  // namespace earshot
