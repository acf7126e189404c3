#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "tools/earshotctl/json.h"
#include "tools/earshotctl/output.h"

namespace earshot::ctl {
namespace {

rapidjson::Document Parse(const char* json) {
  rapidjson::Document d;
  d.Parse(json);
  EXPECT_FALSE(d.HasParseError()) << json;
  return d;
}

TEST(CtlOutputTest, TableHasHeaderAlignedColumnsAndNoTrailingBlanks) {
  rapidjson::Document rows =
      Parse(R"([{"name":"jira","n":3,"last":null},)"
            R"({"name":"github-hooks","n":12,"last":"x"}])");
  std::string text = FormatTable(
      {{"name", "name"}, {"n", "listeners"}, {"last", "last used"}}, rows);
  EXPECT_EQ(text,
            "NAME          LISTENERS  LAST USED\n"
            "jira                  3  -\n"
            "github-hooks         12  x\n");
}

TEST(CtlOutputTest, EmptyTableSaysNone) {
  rapidjson::Document rows = Parse("[]");
  EXPECT_EQ(FormatTable({{"a", "a"}}, rows), "(none)\n");
}

TEST(CtlOutputTest, CellsRenderEveryKind) {
  Column c{"k", "k"};
  EXPECT_EQ(CellText(Parse("true"), c), "yes");
  EXPECT_EQ(CellText(Parse("false"), c), "no");
  EXPECT_EQ(CellText(Parse("-42"), c), "-42");
  EXPECT_EQ(CellText(Parse("1.25"), c), "1.2");
  EXPECT_EQ(CellText(Parse("null"), c), "-");
  EXPECT_EQ(CellText(Parse("[]"), c), "-");
  EXPECT_EQ(CellText(Parse(R"(["10.0.0.0/8","::1/128"])"), c),
            "10.0.0.0/8, ::1/128");
  EXPECT_EQ(CellText(Parse(R"({"a":1})"), c), R"({"a":1})");
  Column with_null{"k", "k", CellStyle::kText, 0, "never"};
  EXPECT_EQ(CellText(Parse("null"), with_null), "never");
}

TEST(CtlOutputTest, TimesAreShownToTheSecond) {
  Column t{"k", "k", CellStyle::kTime};
  EXPECT_EQ(CellText(Parse(R"("2026-11-27T09:00:00.123456Z")"), t),
            "2026-11-27T09:00:00Z");
  EXPECT_EQ(CellText(Parse(R"("2026-11-27T09:00:00Z")"), t),
            "2026-11-27T09:00:00Z");
  Column plain{"k", "k"};
  EXPECT_EQ(CellText(Parse(R"("2026-11-27T09:00:00.5Z")"), plain),
            "2026-11-27T09:00:00.5Z");
}

TEST(CtlOutputTest, ControlCharactersAndBadUtf8AreEscaped) {
  EXPECT_EQ(Printable("a\nb\tc\rd"), "a\\nb\\tc\\rd");
  EXPECT_EQ(Printable("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(Printable("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(Printable("bad\xff\xc3"), "bad\\xff\\xc3");
  EXPECT_EQ(Printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(Printable("c1\xc2\x85."), "c1\\xc2\\x85.");
  EXPECT_EQ(Printable("keep\n\tthese\r", true), "keep\n\tthese\\r");
}

TEST(CtlOutputTest, LongCellsAreCutByCharacters) {
  Column c{"k", "k", CellStyle::kText, 8};
  EXPECT_EQ(CellText(Parse(R"("short")"), c), "short");
  EXPECT_EQ(CellText(Parse(R"("exactly8")"), c), "exactly8");
  EXPECT_EQ(CellText(Parse(R"("much longer text")"), c), "much ...");
  // Multi-byte characters count as one and are never split.
  EXPECT_EQ(CellText(Parse("\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
                           "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\""),
                     c),
            "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...");
}

TEST(CtlOutputTest, AlignmentCountsCharactersNotBytes) {
  rapidjson::Document rows = Parse(
      "[{\"a\":\"\xc3\xa9t\xc3\xa9\",\"b\":\"x\"},{\"a\":\"abcd\","
      "\"b\":\"y\"}]");
  EXPECT_EQ(FormatTable({{"a", "a"}, {"b", "b"}}, rows),
            "A     B\n"
            "\xc3\xa9t\xc3\xa9   x\n"
            "abcd  y\n");
  EXPECT_EQ(DisplayWidth("\xc3\xa9t\xc3\xa9"), 3u);
}

TEST(CtlOutputTest, RecordAlignsValues) {
  rapidjson::Document obj =
      Parse(R"({"key":"usage","enabled":true,"filter":null,"n":3})");
  EXPECT_EQ(FormatRecord({{"key", "key"},
                          {"enabled", "enabled"},
                          {"filter", "filter", CellStyle::kText, 0, "(none)"},
                          {"missing", "missing"}},
                         obj),
            "key:     usage\n"
            "enabled: yes\n"
            "filter:  (none)\n"
            "missing: -\n");
}

TEST(CtlOutputTest, JsonModePrintsOneDocument) {
  rapidjson::Document rows = Parse(R"([{"a":"x\ny","b":null}])");
  Output json(true);
  json.PrintTable({{"a", "a"}}, rows);
  rapidjson::Document back;
  back.Parse(json.text().c_str());
  ASSERT_FALSE(back.HasParseError()) << json.text();
  EXPECT_EQ(back, rows);
  EXPECT_EQ(json.text().back(), '\n');

  Output human(false);
  human.PrintTable({{"a", "a"}}, rows);
  EXPECT_EQ(human.text(), "A\nx\\ny\n");
  human.Clear();
  EXPECT_EQ(human.text(), "");
}

TEST(CtlOutputTest, PutBuildsObjects) {
  rapidjson::Document d(rapidjson::kObjectType);
  auto& alloc = d.GetAllocator();
  std::string text = "copied";
  Put(&d, "s", text, alloc);
  text = "changed";
  Put(&d, "c", "lit", alloc);
  Put(&d, "i", 7, alloc);
  Put(&d, "l", int64_t{1} << 40, alloc);
  Put(&d, "b", false, alloc);
  Put(&d, "d", 0.5, alloc);
  Put(&d, "n", nullptr, alloc);
  EXPECT_EQ(FormatJson(d),
            "{\n  \"s\": \"copied\",\n  \"c\": \"lit\",\n  \"i\": 7,\n"
            "  \"l\": 1099511627776,\n  \"b\": false,\n  \"d\": 0.5,\n"
            "  \"n\": null\n}\n");
}

}  // namespace
}  // namespace earshot::ctl
