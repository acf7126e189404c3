// The pure parts of reports (issue 14): CSV (RFC 4180, formula-safe),
// values shown by type and time zone, nearest-rank percentiles, histogram
// bins and JSON Pointer to JSON path.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "common/base/datetime.h"
#include "common/reports/csv.h"
#include "common/reports/display.h"
#include "common/reports/field_report.h"

namespace earshot {
namespace {

TEST(ReportsCsvTest, PlainFieldsStayAsTheyAre) {
  EXPECT_EQ(CsvField("hello"), "hello");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("Zo\xc3\xab \xe2\x9c\x93"), "Zo\xc3\xab \xe2\x9c\x93");
  EXPECT_EQ(CsvRecord({"a", "b", ""}), "a,b,\r\n");
}

TEST(ReportsCsvTest, QuotesCommasQuotesAndLineBreaks) {
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("one\ntwo"), "\"one\ntwo\"");
  EXPECT_EQ(CsvField("one\r\ntwo"), "\"one\r\ntwo\"");
}

TEST(ReportsCsvTest, FormulaStartsArePrefixed) {
  EXPECT_EQ(CsvField("=1+1"), "'=1+1");
  EXPECT_EQ(CsvField("+1"), "'+1");
  EXPECT_EQ(CsvField("-1"), "'-1");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("\tx"), "'\tx");
  EXPECT_EQ(CsvField("\rx"), "\"'\rx\"");
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://e.x\",\"a, b\")"),
            "\"'=HYPERLINK(\"\"http://e.x\"\",\"\"a, b\"\")\"");
  // Only the first character counts.
  EXPECT_EQ(CsvField("a=1"), "a=1");
}

TEST(ReportsCsvTest, NumbersEarshotWroteStayNumbers) {
  EXPECT_EQ(CsvNumber("-42"), "-42");
  EXPECT_EQ(CsvNumber("3.5"), "3.5");
  EXPECT_EQ(CsvNumber(""), "");
  // Anything but a plain number is text, and guarded.
  EXPECT_EQ(CsvNumber("-1+2"), "'-1+2");
  EXPECT_EQ(CsvNumber("=1"), "'=1");
}

int64_t At(const char* rfc3339) {
  int64_t micros = 0;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &micros)) << rfc3339;
  return micros;
}

TEST(ReportsDisplayTest, ValuesByType) {
  DisplayZone utc;
  ReportValue unset;
  EXPECT_EQ(DisplayText(unset, utc), "");
  ReportValue b{true, FieldType::kBoolean, 1, ""};
  EXPECT_EQ(DisplayText(b, utc), "yes");
  b.number = 0;
  EXPECT_EQ(DisplayText(b, utc), "no");
  ReportValue i{true, FieldType::kInteger, -7, ""};
  EXPECT_EQ(DisplayText(i, utc), "-7");
  ReportValue s{true, FieldType::kString, 0, "x y"};
  EXPECT_EQ(DisplayText(s, utc), "x y");
  ReportValue t{true, FieldType::kDatetime, At("2026-11-27T09:00:00.5Z"), ""};
  EXPECT_EQ(DisplayText(t, utc), "2026-11-27T09:00:00Z");
}

TEST(ReportsDisplayTest, TimeZones) {
  DisplayZone zone;
  ASSERT_TRUE(DisplayZone::Parse("+05:30", &zone).ok());
  EXPECT_EQ(zone.Format(At("2026-11-27T20:00:00Z")),
            "2026-11-28T01:30:00+05:30");
  ASSERT_TRUE(DisplayZone::Parse("-03:00", &zone).ok());
  EXPECT_EQ(zone.Format(At("2026-01-01T01:00:00Z")),
            "2025-12-31T22:00:00-03:00");
  ASSERT_TRUE(DisplayZone::Parse("Europe/Paris", &zone).ok());
  EXPECT_EQ(zone.Format(At("2026-11-27T09:00:00Z")),
            "2026-11-27T10:00:00+01:00");
  EXPECT_EQ(zone.Format(At("2026-07-01T09:00:00Z")),
            "2026-07-01T11:00:00+02:00");
  // Before the epoch too.
  ASSERT_TRUE(DisplayZone::Parse("UTC", &zone).ok());
  EXPECT_EQ(zone.Format(At("1969-12-31T23:59:59Z")), "1969-12-31T23:59:59Z");
}

TEST(ReportsDisplayTest, UnknownZonesAreRefused) {
  DisplayZone zone;
  for (const char* bad : {"", "Mars/Olympus", "../../etc/passwd", "/etc/passwd",
                          "+25:00", "+1:00", "Europe/../UTC"}) {
    Status s = DisplayZone::Parse(bad, &zone);
    EXPECT_TRUE(s.IsInvalid()) << bad;
  }
}

TEST(ReportsRankTest, NearestRank) {
  // Integers 1..20: the median is the 10th value, p90 the 18th.
  EXPECT_EQ(NearestRank(20, 50), 10);
  EXPECT_EQ(NearestRank(20, 90), 18);
  EXPECT_EQ(NearestRank(1, 50), 1);
  EXPECT_EQ(NearestRank(1, 90), 1);
  EXPECT_EQ(NearestRank(5, 50), 3);
  EXPECT_EQ(NearestRank(5, 90), 5);
  EXPECT_EQ(NearestRank(10, 90), 9);
  EXPECT_EQ(NearestRank(INT64_MAX, 90) > 0, true);
}

TEST(ReportsBinsTest, OnePerValueWhenFew) {
  auto bins = PlanBins(3, 7);
  ASSERT_EQ(bins.size(), 5u);
  EXPECT_EQ(bins[0].low, 3);
  EXPECT_EQ(bins[4].high, 7);
}

TEST(ReportsBinsTest, TenEqualBinsCoverTheRange) {
  auto bins = PlanBins(1, 20);
  ASSERT_EQ(bins.size(), 10u);
  EXPECT_EQ(bins[0].low, 1);
  EXPECT_EQ(bins[0].high, 2);
  EXPECT_EQ(bins[9].high, 20);
  bins = PlanBins(0, 100);  // 101 values: width 11, the last ends at 109
  ASSERT_EQ(bins.size(), 10u);
  EXPECT_EQ(bins[9].low, 99);
  EXPECT_GE(bins[9].high, 100);
  bins = PlanBins(INT64_MIN, INT64_MAX);
  ASSERT_EQ(bins.size(), 10u);
  EXPECT_EQ(bins[0].low, INT64_MIN);
  EXPECT_EQ(bins[9].high, INT64_MAX);
}

TEST(ReportsPathTest, PointerToJsonPath) {
  std::string path;
  ASSERT_TRUE(PointerToJsonPath("/usage/sessions", &path));
  EXPECT_EQ(path, "$.\"usage\".\"sessions\"");
  ASSERT_TRUE(PointerToJsonPath("/items/0/a~1b~0c", &path));
  EXPECT_EQ(path, "$.\"items\"[0].\"a/b~c\"");
  ASSERT_TRUE(PointerToJsonPath("/01", &path));
  EXPECT_EQ(path, "$.\"01\"");
  EXPECT_FALSE(PointerToJsonPath("/a\"b", &path));
  EXPECT_FALSE(PointerToJsonPath("/a~2", &path));
  EXPECT_FALSE(PointerToJsonPath("a", &path));
}

}  // namespace
}  // namespace earshot
