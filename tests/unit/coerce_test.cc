#include "common/base/coerce.h"

#include <gtest/gtest.h>

#include <limits>

namespace earshot {
namespace {

// Coerces the JSON text `json` (one value) as `type`.
Status Coerce(FieldType type, const std::string& json, TypedValue* out) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  return CoerceValue(type, doc, out);
}

std::string Canonical(FieldType type, const std::string& json) {
  TypedValue v;
  Status s = Coerce(type, json, &v);
  EXPECT_TRUE(s.ok()) << json << ": " << s.ToString();
  return CanonicalText(v);
}

bool Refuses(FieldType type, const std::string& json) {
  TypedValue v;
  Status s = Coerce(type, json, &v);
  return s.IsInvalid() && !s.message().empty();
}

TEST(CoerceTest, Boolean) {
  EXPECT_EQ(Canonical(FieldType::kBoolean, "true"), "true");
  EXPECT_EQ(Canonical(FieldType::kBoolean, "false"), "false");
  EXPECT_EQ(Canonical(FieldType::kBoolean, "\"true\""), "true");
  EXPECT_EQ(Canonical(FieldType::kBoolean, "\"false\""), "false");
  TypedValue v;
  ASSERT_TRUE(Coerce(FieldType::kBoolean, "true", &v).ok());
  EXPECT_EQ(v.number, 1);
  for (const char* bad : {"1", "0", "\"TRUE\"", "\"yes\"", "\"\"", "[]",
                          "{}", "\"true \"", "1.0"}) {
    EXPECT_TRUE(Refuses(FieldType::kBoolean, bad)) << bad;
  }
}

TEST(CoerceTest, IntegerWithin64Bits) {
  EXPECT_EQ(Canonical(FieldType::kInteger, "42"), "42");
  EXPECT_EQ(Canonical(FieldType::kInteger, "-7"), "-7");
  EXPECT_EQ(Canonical(FieldType::kInteger, "9223372036854775807"),
            "9223372036854775807");
  EXPECT_EQ(Canonical(FieldType::kInteger, "-9223372036854775808"),
            "-9223372036854775808");
  EXPECT_EQ(Canonical(FieldType::kInteger, "\"123\""), "123");
  EXPECT_EQ(Canonical(FieldType::kInteger, "\"-123\""), "-123");
  EXPECT_EQ(Canonical(FieldType::kInteger, "\"007\""), "7");
  EXPECT_EQ(Canonical(FieldType::kInteger, "\"9223372036854775807\""),
            "9223372036854775807");
  for (const char* bad :
       {"9223372036854775808", "18446744073709551615", "-9223372036854775809",
        "\"9223372036854775808\"", "1.5", "1.0", "1e3", "\"1.5\"", "\"+5\"",
        "\" 5\"", "\"5 \"", "\"\"", "\"0x10\"", "true", "[1]", "{}"}) {
    EXPECT_TRUE(Refuses(FieldType::kInteger, bad)) << bad;
  }
}

TEST(CoerceTest, DatetimeFromTextAndEpochs) {
  EXPECT_EQ(Canonical(FieldType::kDatetime, "\"2026-11-27T10:00:00+01:00\""),
            "2026-11-27T09:00:00Z");
  EXPECT_EQ(Canonical(FieldType::kDatetime, "\"2026-11-27\""),
            "2026-11-27T00:00:00Z");
  EXPECT_EQ(Canonical(FieldType::kDatetime, "1764237600"),
            "2025-11-27T10:00:00Z");
  EXPECT_EQ(Canonical(FieldType::kDatetime, "1764237600123"),
            "2025-11-27T10:00:00.123Z");
  EXPECT_EQ(Canonical(FieldType::kDatetime, "\"1764237600\""),
            "2025-11-27T10:00:00Z");
  EXPECT_EQ(Canonical(FieldType::kDatetime, "1764237600.25"),
            "2025-11-27T10:00:00.25Z");
  EXPECT_EQ(Canonical(FieldType::kDatetime, "100000000000"),
            "5138-11-16T09:46:40Z");
  EXPECT_EQ(Canonical(FieldType::kDatetime, "100000000001"),
            "1973-03-03T09:46:40.001Z");
  for (const char* bad : {"\"yesterday\"", "\"2026-02-30\"", "true", "[]",
                          "{}", "\"\"", "18446744073709551615",
                          "-99999999999999", "\"2026-11-27T10:00:00\""}) {
    EXPECT_TRUE(Refuses(FieldType::kDatetime, bad)) << bad;
  }
}

TEST(CoerceTest, StringFromAnyScalar) {
  EXPECT_EQ(Canonical(FieldType::kString, "\"hello\""), "hello");
  EXPECT_EQ(Canonical(FieldType::kString, "12"), "12");
  EXPECT_EQ(Canonical(FieldType::kString, "-1.5"), "-1.5");
  EXPECT_EQ(Canonical(FieldType::kString, "true"), "true");
  EXPECT_EQ(Canonical(FieldType::kString, "\"\""), "");
  EXPECT_EQ(Canonical(FieldType::kString, "\"caf\\u00e9\""), "caf\xc3\xa9");
  EXPECT_TRUE(Refuses(FieldType::kString, "[\"a\"]"));
  EXPECT_TRUE(Refuses(FieldType::kString, "{\"a\":1}"));
}

TEST(CoerceTest, StringLengthLimitIs65535Bytes) {
  std::string ok = "\"" + std::string(65535, 'x') + "\"";
  EXPECT_EQ(Canonical(FieldType::kString, ok).size(), 65535u);
  std::string too_long = "\"" + std::string(65536, 'x') + "\"";
  EXPECT_TRUE(Refuses(FieldType::kString, too_long));
  // Bytes, not characters: 32768 two-byte characters are 65536 bytes.
  std::string wide = "\"";
  for (int i = 0; i < 32768; ++i) wide += "\xc3\xa9";
  EXPECT_TRUE(Refuses(FieldType::kString, wide + "\""));
}

TEST(CoerceTest, ScalarToTextRefusesContainersAndNull) {
  rapidjson::Document doc;
  doc.Parse("[null, [1], {}]");
  std::string text;
  for (const auto& v : doc.GetArray()) EXPECT_FALSE(ScalarToText(v, &text));
}

}  // namespace
}  // namespace earshot
