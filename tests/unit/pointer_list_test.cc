// The payload picker's pointer list: RFC 6901 escaping, document order,
// the sender's digits, and the caps on big and deep bodies.

#include "common/console/pointer_list.h"

#include <gtest/gtest.h>

#include <string>

#include "common/base/json_pointer.h"

namespace earshot::console {
namespace {

PointerList List(const std::string& json, PointerLimits limits = {}) {
  static JsonBody* body = nullptr;
  static std::string* text = nullptr;
  delete body;
  delete text;
  text = new std::string(json);
  body = new JsonBody();
  EXPECT_TRUE(ParseJsonBody(*text, 64, body).ok()) << json;
  PointerList list;
  ListPointers(*body, limits, &list);
  return list;
}

TEST(PointerList, EscapesTildeAndSlashPerRfc6901) {
  EXPECT_EQ(EscapePointerToken("a/b"), "a~1b");
  EXPECT_EQ(EscapePointerToken("m~n"), "m~0n");
  EXPECT_EQ(EscapePointerToken("~1"), "~01");
  EXPECT_EQ(EscapePointerToken(""), "");
  PointerList l = List(R"({"a/b":{"m~n":"x"},"":1})");
  ASSERT_EQ(l.entries.size(), 3u);
  EXPECT_EQ(l.entries[0].pointer, "/a~1b");
  EXPECT_TRUE(l.entries[0].container);
  EXPECT_EQ(l.entries[0].value, "object, 1 members");
  EXPECT_EQ(l.entries[1].pointer, "/a~1b/m~0n");
  EXPECT_EQ(l.entries[1].value, "\"x\"");
  EXPECT_EQ(l.entries[2].pointer, "/");
  EXPECT_EQ(l.left_out, 0u);
}

TEST(PointerList, EveryPointerResolvesToItsValue) {
  const std::string json =
      R"({"issue":{"key":"J-1","fields":{"labels":["a","b"],"n":null}},)"
      R"("~/":{"/":true},"x y":[{"z":1}]})";
  std::string text = json;
  JsonBody body;
  ASSERT_TRUE(ParseJsonBody(text, 64, &body).ok());
  PointerList l;
  ListPointers(body, {}, &l);
  EXPECT_EQ(l.entries.size(), 12u);
  for (const PointerEntry& e : l.entries) {
    ASSERT_TRUE(IsJsonPointer(e.pointer)) << e.pointer;
    EXPECT_NE(ResolvePointer(body, e.pointer), nullptr) << e.pointer;
  }
  EXPECT_EQ(l.entries[1].pointer, "/issue/key");
  EXPECT_EQ(l.entries[4].pointer, "/issue/fields/labels/0");
  EXPECT_EQ(l.entries[7].pointer, "/~0~1");
  EXPECT_EQ(l.entries[8].pointer, "/~0~1/~1");
}

TEST(PointerList, ShowsTheSendersDigitsAndEscapesStrings) {
  PointerList l = List(R"({"a":2.50,"b":1e3,"c":"q\"\n","d":false})");
  ASSERT_EQ(l.entries.size(), 4u);
  EXPECT_EQ(l.entries[0].value, "2.50");
  EXPECT_EQ(l.entries[1].value, "1e3");
  EXPECT_EQ(l.entries[2].value, "\"q\\\"\\n\"");
  EXPECT_EQ(l.entries[3].value, "false");
}

TEST(PointerList, CutsLongValuesOnCharacterBoundaries) {
  PointerLimits limits;
  limits.max_value_chars = 5;
  PointerList l = List(R"({"a":"ééééééé"})", limits);
  ASSERT_EQ(l.entries.size(), 1u);
  EXPECT_EQ(l.entries[0].value, "\"éééé…");
}

TEST(PointerList, CapsChildrenPerContainer) {
  std::string json = R"({"list":[)";
  for (int i = 0; i < 80; ++i) json += (i ? "," : "") + std::to_string(i);
  json += "]}";
  PointerList l = List(json);
  ASSERT_EQ(l.entries.size(), 51u);  // the array and its first 50 items
  EXPECT_EQ(l.entries[50].pointer, "/list/49");
  EXPECT_EQ(l.left_out, 30u);
}

TEST(PointerList, StopsDescendingBelowTheDepthCap) {
  std::string json;
  for (int i = 0; i < 30; ++i) json += R"({"d":)";
  json += "1";
  for (int i = 0; i < 30; ++i) json += "}";
  PointerList l = List(json);
  ASSERT_EQ(l.entries.size(), 12u);
  EXPECT_EQ(l.entries.back().pointer.size(), 12u * 2);
  EXPECT_TRUE(l.entries.back().container);
  EXPECT_EQ(l.left_out, 1u);
}

TEST(PointerList, CapsTheWholeList) {
  std::string json = "{";
  for (int i = 0; i < 40; ++i) {
    json += (i ? "," : "") + std::string("\"k") + std::to_string(i) +
            R"(":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20])";
  }
  json += "}";
  PointerList l = List(json);
  EXPECT_EQ(l.entries.size(), 400u);
  EXPECT_GT(l.left_out, 0u);
}

}  // namespace
}  // namespace earshot::console
