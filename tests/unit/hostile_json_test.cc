// Unit tests for what hostile senders put in a body: unpaired surrogate
// escapes, NUL bytes, numbers whose digits must survive as text, look-alike
// emails and oversized identifiers.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/base/coerce.h"
#include "common/base/email.h"
#include "common/base/utf8.h"
#include "common/http/answer.h"
#include "common/http/json_body.h"
#include "common/store/identify.h"

namespace earshot {
namespace {

constexpr size_t kNone = std::string_view::npos;

Status Parse(const std::string& body, JsonBody* doc) {
  return ParseJsonBody(body, 64, doc);
}

TEST(HostileJsonTest, FindsOnlyLoneLowSurrogates) {
  EXPECT_EQ(FindLoneLowSurrogate(R"({"a":"A\udc00B"})"), 7u);
  EXPECT_EQ(FindLoneLowSurrogate(R"({"a":"\uDFFF"})"), 6u);
  EXPECT_EQ(FindLoneLowSurrogate(R"({"a":"\ud83d\ude00"})"), kNone);
  EXPECT_EQ(FindLoneLowSurrogate(R"({"a":"\ud83d\ude00\ude00"})"), 18u);
  EXPECT_EQ(FindLoneLowSurrogate(R"({"a":"\\udc00"})"), kNone);
  EXPECT_EQ(FindLoneLowSurrogate(R"({"a":"\\\udc00"})"), 8u);
  EXPECT_EQ(FindLoneLowSurrogate(R"({"a":"\ud800","b":"\udc00"})"), 19u);
  EXPECT_EQ(FindLoneLowSurrogate(R"({"a":"\u00e9\n\"\udc0"})"), kNone);
  EXPECT_EQ(FindLoneLowSurrogate("\\"), kNone);
}

TEST(HostileJsonTest, UnpairedSurrogatesNulsAndTrailingBytesAreInvalidJson) {
  for (const std::string& body :
       {std::string(R"({"a":"A\udc00B"})"), std::string(R"({"\udc00":1})"),
        std::string(R"({"a":"\ud800"})"), std::string(R"({"a":"\ud800x"})"),
        std::string("{\"a\":1}\0", 8), std::string("{\"a\":1}\0{}", 10),
        std::string("{\"a\":\"x\0\"}", 10), std::string("{\"a\":1} x")}) {
    JsonBody doc;
    Status s = Parse(body, &doc);
    ASSERT_TRUE(s.IsRefused()) << body;
    EXPECT_EQ(s.api_error(), ApiError::kInvalidJson) << body;
  }
  JsonBody doc;
  ASSERT_TRUE(Parse(" {\"a\":\"\\ud83d\\ude00\"} \r\n\t", &doc).ok());
  std::string a = doc["a"].GetString();
  EXPECT_TRUE(IsValidUtf8(a));
}

// Numbers on which RapidJSON 1.1.0's full-precision reader has undefined
// behaviour (found by the fuzzers; the bodies are read at the default
// precision): they read as their values, and their text is the sender's.
TEST(HostileJsonTest, NumbersThatBreakFullPrecisionReadNearTheirValue) {
  JsonBody doc;
  const std::string zeros =
      R"({"a":0e40,"b":0.000E-400,"c":-0e+30,"d":0.0e23,)"
      R"("e":-0.0000000000000000000000000000000000000000000000000})";
  ASSERT_TRUE(Parse(zeros, &doc).ok());
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    ASSERT_TRUE(doc[name].IsNumber()) << name;
    EXPECT_EQ(doc[name].GetDouble(), 0.0) << name;
  }
  EXPECT_EQ(doc.NumberText(doc["a"]), "0e40");
  // Digits that begin with 2^64 - 1 and a 5 (its rounding wrapped the
  // significand to zero).
  JsonBody wrap;
  const std::string wrapping =
      R"({"a":0.000184467440737095516155,"b":1844674407370.95516157e-3,)"
      R"("c":"18446744073709551615.5"})";
  ASSERT_TRUE(Parse(wrapping, &wrap).ok());
  EXPECT_NEAR(wrap["a"].GetDouble(), 1.8446744073709552e-4, 1e-18);
  EXPECT_NEAR(wrap["b"].GetDouble(), 1.8446744073709552e9, 1e-3);
  EXPECT_EQ(wrap.NumberText(wrap["a"]), "0.000184467440737095516155");
  JsonBody precise;
  const std::string numbers =
      R"({"a":0.30000000000000004,"b":10e5,"c":"x1.0e5","d":0.0005})";
  ASSERT_TRUE(Parse(numbers, &precise).ok());
  EXPECT_NEAR(precise["a"].GetDouble(), 0.30000000000000004, 1e-16);
  EXPECT_EQ(precise.NumberText(precise["a"]), "0.30000000000000004");
  EXPECT_EQ(precise["b"].GetDouble(), 1e6);
  EXPECT_EQ(precise["d"].GetDouble(), 0.0005);
}

TEST(HostileJsonTest, NumberTextIsWhatTheSenderWrote) {
  JsonBody doc;
  std::string body =
      R"({"a":0.30000000000000004,"b":[1.50,-0,1e3,-2.5E-8],"c":{"d":12},)"
      R"("e":123456789012345678901234567890,"f":-9223372036854775808,)"
      R"("g":18446744073709551615})";
  ASSERT_TRUE(Parse(body, &doc).ok());
  EXPECT_EQ(doc.NumberText(doc["a"]), "0.30000000000000004");
  EXPECT_EQ(doc.NumberText(doc["b"][0]), "1.50");
  EXPECT_EQ(doc.NumberText(doc["b"][1]), "-0");
  EXPECT_EQ(doc.NumberText(doc["b"][2]), "1e3");
  EXPECT_EQ(doc.NumberText(doc["b"][3]), "-2.5E-8");
  EXPECT_EQ(doc.NumberText(doc["c"]["d"]), "12");
  EXPECT_EQ(doc.NumberText(doc["e"]), "123456789012345678901234567890");
  EXPECT_EQ(doc.NumberText(doc["f"]), "-9223372036854775808");
  EXPECT_EQ(doc.NumberText(doc["g"]), "18446744073709551615");

  // A document not read by ParseJsonBody gives the writer's text.
  JsonBody plain;
  plain.Parse<rapidjson::kParseFullPrecisionFlag>(
      R"({"a":0.30000000000000004})");
  EXPECT_EQ(plain.NumberText(plain["a"]), "0.30000000000000004");
}

TEST(HostileJsonTest, ShortestNumberTextIsJavaScriptsLayout) {
  const std::pair<double, const char*> cases[] = {
      {0.30000000000000004, "0.30000000000000004"},
      {0.1, "0.1"},
      {-0.0001, "-0.0001"},
      {1.5e-7, "1.5e-7"},
      {1e21, "1e+21"},
      {123456789012345680000.0, "123456789012345680000"},
      {100.0, "100"},
      {-2.5, "-2.5"},
      {0.0, "0"},
      {1e300, "1e+300"},
      {5e-324, "5e-324"},
  };
  for (const auto& [d, text] : cases) EXPECT_EQ(ShortestNumberText(d), text);
}

TEST(HostileJsonTest, EmailKeyFoldsOnlyAsciiCase) {
  EXPECT_EQ(EmailKey("Bob.Smith@Example.COM"), "bob.smith@example.com");
  EXPECT_EQ(EmailKey("\xc3\x81LICE@X.ORG"), "\xc3\x81lice@x.org");  // Á stays
  EXPECT_EQ(EmailKey("\xe2\x84\xaa"
                     "ate@x.org"),  // Kelvin sign stays
            "\xe2\x84\xaa"
            "ate@x.org");
  EXPECT_NE(EmailKey("bob@x.org\xe2\x80\x8b"), EmailKey("bob@x.org"));
}

Status Extract(const std::string& identify, TargetKind kind,
               const std::string& body, std::vector<std::string>* out) {
  IdentifySpec spec;
  Status s = ParseIdentify(identify, kind, &spec);
  if (!s.ok()) return s;
  spec.data_field_type = FieldType::kString;
  JsonBody doc;
  s = ParseJsonBody(body, 64, &doc);
  if (!s.ok()) return s;
  return ExtractIdentifiers(spec, doc, {}, 100, out);
}

TEST(HostileJsonTest, IdentifiersAreBounded) {
  std::vector<std::string> ids;
  std::string at_limit = std::string(242, 'a') + "@example.com";
  ASSERT_EQ(at_limit.size(), 254u);
  EXPECT_TRUE(Extract("email=/e", TargetKind::kUsers,
                      R"({"e":")" + at_limit + R"("})", &ids)
                  .ok());
  Status s = Extract("email=/e", TargetKind::kUsers,
                     R"({"e":"a)" + at_limit + R"("})", &ids);
  ASSERT_TRUE(s.IsRefused());
  EXPECT_EQ(s.api_error(), ApiError::kInvalidValue);
  EXPECT_NE(s.message().find("longer than 254 bytes"), std::string::npos)
      << s.message();

  EXPECT_TRUE(Extract("data:G.L=/k", TargetKind::kFeedback,
                      R"({"k":")" + std::string(1024, 'k') + R"("})", &ids)
                  .ok());
  s = Extract("data:G.L=/k", TargetKind::kFeedback,
              R"({"k":")" + std::string(1025, 'k') + R"("})", &ids);
  ASSERT_TRUE(s.IsRefused());
  EXPECT_NE(s.message().find("longer than 1024 bytes"), std::string::npos);
}

TEST(HostileJsonTest, EmailsDedupeByKeyAndDataNumbersKeepDigits) {
  std::vector<std::string> ids;
  ASSERT_TRUE(Extract("email=/e", TargetKind::kUsers,
                      R"({"e":["Bob@x.org","bob@X.org","b\u00f3b@x.org"]})",
                      &ids)
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"Bob@x.org",
                                           "b\xc3\xb3"
                                           "b@x.org"}));
  ASSERT_TRUE(Extract("data:G.L=/k", TargetKind::kFeedback,
                      R"({"k":[0.30000000000000004,1.50,7]})", &ids)
                  .ok());
  EXPECT_EQ(ids,
            (std::vector<std::string>{"0.30000000000000004", "1.50", "7"}));
}

TEST(HostileJsonTest, StoredOutcomesFitTheColumn) {
  std::vector<TargetOutcome> outcomes;
  for (int i = 0; i < 1000; ++i) {
    outcomes.push_back(
        {9223372036854775807, std::string(1024, '\x01'), Outcome::kNotFound});
  }
  std::string stored = StoredOutcomesJson(outcomes, kMaxStoredOutcomesBytes);
  EXPECT_LE(stored.size(), kMaxStoredOutcomesBytes);
  rapidjson::Document doc;
  doc.Parse(stored.c_str());
  ASSERT_TRUE(doc.IsArray());
  EXPECT_EQ(doc.Size(), 1000u);

  // Fewer: identifiers are cut, on a character boundary.
  outcomes.resize(100);
  for (auto& o : outcomes) o.identifier = std::string(1000, 'a') + "\xc3\xa9";
  outcomes[0].identifier =
      std::string(47, 'a') + "\xc3\xa9" + std::string(999, 'b');
  stored = StoredOutcomesJson(outcomes, kMaxStoredOutcomesBytes);
  EXPECT_LE(stored.size(), kMaxStoredOutcomesBytes);
  doc.Parse(stored.c_str());
  ASSERT_TRUE(doc.IsArray());
  EXPECT_EQ(std::string(doc[0]["identifier"].GetString()),
            std::string(47, 'a') + "...");
  EXPECT_TRUE(IsValidUtf8(stored));

  // Small lists are stored whole.
  outcomes.resize(2);
  EXPECT_EQ(StoredOutcomesJson(outcomes, kMaxStoredOutcomesBytes),
            OutcomesJson(outcomes));
}

}  // namespace
}  // namespace earshot
