#include "common/http/json_body.h"

#include <gtest/gtest.h>

#include "common/base/utf8.h"

namespace earshot {
namespace {

ApiError Refusal(const std::string& body, int depth = 64) {
  rapidjson::Document doc;
  Status s = ParseJsonBody(body, depth, &doc);
  EXPECT_TRUE(s.IsRefused()) << body;
  return s.IsRefused() ? s.api_error() : ApiError::kInternal;
}

std::string Nested(int depth) {
  return std::string(depth - 1, '[') + "{}" + std::string(depth - 1, ']');
}

TEST(JsonBodyTest, AcceptsAnObject) {
  rapidjson::Document doc;
  ASSERT_TRUE(ParseJsonBody(R"({"a":{"b":[1,2,"x"]}})", 64, &doc).ok());
  EXPECT_EQ(doc["a"]["b"][2].GetString(), std::string("x"));
}

TEST(JsonBodyTest, RefusesRepeatedMemberNames) {
  EXPECT_EQ(Refusal(R"({"a":1,"b":2,"a":3})"), ApiError::kInvalidJson);
  EXPECT_EQ(Refusal(R"({"x":{"y":[{"k":1,"k":1}]}})"), ApiError::kInvalidJson);
  rapidjson::Document doc;
  Status s = ParseJsonBody(R"({"x":{"dup":1,"dup":2}})", 64, &doc);
  EXPECT_NE(s.message().find("\"dup\""), std::string::npos) << s.message();
  EXPECT_TRUE(
      ParseJsonBody(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]})", 64, &doc)
          .ok())
      << "the same name in different objects is fine";
}

TEST(JsonBodyTest, RefusesWhatIsNotAnObject) {
  EXPECT_EQ(Refusal("[1,2]"), ApiError::kNotAnObject);
  EXPECT_EQ(Refusal("\"text\""), ApiError::kNotAnObject);
  EXPECT_EQ(Refusal("42"), ApiError::kNotAnObject);
  EXPECT_EQ(Refusal("null"), ApiError::kNotAnObject);
}

TEST(JsonBodyTest, RefusesInvalidJson) {
  EXPECT_EQ(Refusal(""), ApiError::kInvalidJson);
  EXPECT_EQ(Refusal("{"), ApiError::kInvalidJson);
  EXPECT_EQ(Refusal("{\"a\":1,}"), ApiError::kInvalidJson);
  EXPECT_EQ(Refusal("{\"a\":1} trailing"), ApiError::kInvalidJson);
  EXPECT_EQ(Refusal("{'a':1}"), ApiError::kInvalidJson);
  EXPECT_EQ(Refusal("{\"a\":NaN}"), ApiError::kInvalidJson);
}

TEST(JsonBodyTest, DepthLimitIsExact) {
  rapidjson::Document doc;
  EXPECT_TRUE(ParseJsonBody(Nested(64), 64, &doc).IsRefused())
      << "an array root is not an object, but depth 64 is allowed";
  EXPECT_EQ(Refusal(Nested(64)), ApiError::kNotAnObject);
  EXPECT_EQ(Refusal(Nested(65)), ApiError::kTooDeep);
  std::string object64 = "{\"a\":" + Nested(63) + "}";
  EXPECT_TRUE(ParseJsonBody(object64, 64, &doc).ok());
  std::string object65 = "{\"a\":" + Nested(64) + "}";
  EXPECT_EQ(Refusal(object65), ApiError::kTooDeep);
}

TEST(JsonBodyTest, VeryDeepInputFailsFastWithoutRecursion) {
  std::string deep(1 << 20, '[');
  EXPECT_EQ(Refusal(deep), ApiError::kTooDeep);
}

TEST(JsonBodyTest, BracketsInsideStringsDoNotCount) {
  std::string body = "{\"a\":\"" + std::string(200, '[') + "\\\"]]\"}";
  rapidjson::Document doc;
  EXPECT_TRUE(ParseJsonBody(body, 2, &doc).ok());
  EXPECT_EQ(JsonNestingDepth("{\"x\":\"{{{\"}", 10), 1);
}

TEST(JsonBodyTest, RefusesInvalidUtf8AnywhereInTheBody) {
  EXPECT_EQ(Refusal("{\"a\":\"\xff\"}"), ApiError::kInvalidUtf8);
  EXPECT_EQ(Refusal("{\"a\":\"\xc3\"}"), ApiError::kInvalidUtf8);
  EXPECT_EQ(Refusal("{\"\xed\xa0\x80\":1}"), ApiError::kInvalidUtf8);
  EXPECT_EQ(Refusal("{\"a\":1}\xff"), ApiError::kInvalidUtf8);
  // A lone surrogate written as an escape is a JSON error (see below).
  EXPECT_EQ(Refusal("{\"a\":\"\\ud800\"}"), ApiError::kInvalidJson);
}

TEST(JsonBodyTest, AcceptsMultibyteUtf8AndEscapes) {
  rapidjson::Document doc;
  ASSERT_TRUE(
      ParseJsonBody(
          "{\"a\":\"h\xc3\xa9 \xf0\x9f\x98\x80 \\u00e9\\ud83d\\ude00\"}", 64,
          &doc)
          .ok());
  EXPECT_TRUE(IsValidUtf8(doc["a"].GetString()));
}

TEST(Utf8Test, ValidatesPerRfc3629) {
  size_t bad = 0;
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("ab\xc0\xaf", &bad));  // overlong '/'
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xe2\x82", &bad));  // truncated
  EXPECT_EQ(bad, 0u);
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
}

// Bodies are parsed in place (the document's strings point into its own
// copy of the body): they must read exactly what RapidJSON's copying
// parser reads, error offsets included.
TEST(JsonBodyTest, InPlaceParseReadsWhatTheCopyingParserReads) {
  for (std::string text :
       {std::string(R"({"a":"x\"y\u00e9\ud83d\ude00","b":[1,"",{"c":"\\n"}]})"),
        std::string("\xEF\xBB\xBF{\"bom\":\"skipped\"}"),
        std::string(R"({"a":[1,2,}})"), std::string(R"({"a":"\q"})"),
        std::string("\xEF\xBB\xBF{\"a\":tru}"), std::string(R"({"a":1} x)")}) {
    rapidjson::Document copied;
    copied.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
    JsonBody in_place;
    Status s = ParseJsonBody(text, 64, &in_place);
    EXPECT_EQ(s.ok(), !copied.HasParseError()) << text;
    if (!s.ok()) {
      std::string at = " at byte " + std::to_string(copied.GetErrorOffset());
      EXPECT_NE(s.message().find(at), std::string::npos) << s.message();
      continue;
    }
    EXPECT_TRUE(copied == static_cast<const rapidjson::Document&>(in_place))
        << text;
  }
  JsonBody body;
  std::string text = R"({"k":"v\u00e9"})";
  ASSERT_TRUE(ParseJsonBody(text, 64, &body).ok());
  text.assign(text.size(), ' ');  // the document keeps its own copy
  EXPECT_EQ(std::string(body["k"].GetString()), "v\xC3\xA9");
}

std::string RepeatedName(const std::string& body) {
  rapidjson::Document doc;
  Status s = ParseJsonBody(body, 64, &doc);
  EXPECT_TRUE(s.IsRefused()) << body;
  size_t open = s.message().find('"');
  size_t close = s.message().find('"', open + 1);
  if (open == std::string::npos || close == std::string::npos) return "";
  return s.message().substr(open + 1, close - open - 1);
}

// Which name a refusal names: an inner object's before its parent's; in
// one object the smallest repeated name, for small objects (checked pair
// by pair) and large ones (sorted) alike.
TEST(JsonBodyTest, RepeatedNameReportedIsTheSame) {
  EXPECT_EQ(RepeatedName(R"({"b":1,"a":2,"b":3,"a":4})"), "a");
  EXPECT_EQ(RepeatedName(R"({"b":1,"b":2,"c":3,"aa":4,"c":5,"aa":6})"), "aa");
  EXPECT_EQ(RepeatedName(R"({"a":1,"a":2,"z":{"q":1,"q":2}})"), "q");
  EXPECT_EQ(RepeatedName(R"({"x":[{"a":1},{"r":1,"p":1,"r":2}],"a":1,"a":1})"),
            "r");
  EXPECT_EQ(RepeatedName(R"({"":1,"ab":2,"":3})"), "");
  for (int members : {15, 16, 17, 40}) {
    std::string body = "{";
    for (int i = 0; i < members; ++i) {
      body += "\"m" + std::to_string(i % (members - 2)) +
              "\":" + std::to_string(i) + ",";
    }
    body.back() = '}';
    // m0 and m1 repeat; m0 is the smaller.
    EXPECT_EQ(RepeatedName(body), "m0") << body;
    rapidjson::Document doc;
    std::string unique = "{";
    for (int i = 0; i < members; ++i) {
      unique += "\"m" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    }
    unique.back() = '}';
    EXPECT_TRUE(ParseJsonBody(unique, 64, &doc).ok()) << unique;
  }
}

// Bodies' strings are scanned 16 bytes at a time: an escape, a quote, a
// control byte (0x1A-0x1F too, which RapidJSON 1.1.0's own SSE2 scan lets
// through) or the end of the text at any offset from a 16-byte boundary
// reads as RapidJSON's byte-wise reader reads it.
TEST(JsonBodyTest, StringScanAgreesAtEveryAlignment) {
  const std::string specials[] = {"\\n",  "\\\"", "\\u00e9",  "\x01", "\x1f",
                                  "\x1a", "\t",   "\xC3\xA9", ""};
  for (int pad = 0; pad < 40; ++pad) {
    for (const std::string& special : specials) {
      for (int after : {0, 1, 15, 16, 17, 33}) {
        std::string text = "{\"k\":\"" + std::string(pad, 'a') + special +
                           std::string(after, 'b') + "\",\"" +
                           std::string(pad, 'c') + "\":[\"" + special + "\"]}";
        rapidjson::Document copied;
        copied.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
        JsonBody in_place;
        Status s = ParseJsonBody(text, 64, &in_place);
        ASSERT_EQ(s.ok(), !copied.HasParseError()) << text;
        if (!s.ok()) {
          std::string at =
              " at byte " + std::to_string(copied.GetErrorOffset());
          EXPECT_NE(s.message().find(at), std::string::npos) << s.message();
          continue;
        }
        ASSERT_TRUE(copied == static_cast<const rapidjson::Document&>(in_place))
            << text;
      }
    }
    // A string cut short by the end of the body.
    std::string cut = "{\"k\":\"" + std::string(pad, 'a');
    JsonBody body;
    EXPECT_FALSE(ParseJsonBody(cut, 64, &body).ok()) << cut;
  }
}

}  // namespace
}  // namespace earshot
