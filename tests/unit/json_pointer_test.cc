// JsonPointerSet resolves each of its pointers to exactly what
// ResolvePointer gives, however the pointers share their paths.

#include "common/base/json_pointer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace earshot {
namespace {

const char kBody[] = R"({
  "issue": {"key": "BENCH-1", "fields": {"status": {"name": "Open"},
    "votes": 3, "a/b": 1, "m~n": 2, "0": "zero", "": "empty",
    "list": [10, 11, {"x": "deep"}], "nul": null, "key": "inner"}},
  "timestamp": 17, "arr": [[1, 2], [3]], "n": 5, "": {"": "e2"}
})";

TEST(JsonPointerSetTest, ResolvesEachPointerLikeResolvePointer) {
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(kBody).HasParseError());
  const std::vector<std::string> texts = {
      "/issue/key", "/issue/fields/status/name", "/issue/fields/votes",
      "/issue/fields/a~1b", "/issue/fields/m~0n", "/issue/fields/0",
      "/issue/fields/", "/issue/fields/list/0", "/issue/fields/list/2/x",
      "/issue/fields/list/3", "/issue/fields/list/01", "/issue/fields/list/-",
      "/issue/fields/nul", "/issue/fields/missing", "/issue/fields/key",
      "/issue/fields", "/issue", "/timestamp", "/timestamp/x", "/arr/0/1",
      "/arr/1/0", "/arr/1/1", "/n/0", "", "/", "//", "/issue/key",
      "/issue/fields/status/name/deeper", "no-slash", "/bad~2escape",
      "/issue/fields/votes"};
  JsonPointerSet set(texts);
  ASSERT_EQ(set.size(), texts.size());
  std::vector<const rapidjson::Value*> values;
  set.Resolve(doc, &values);
  ASSERT_EQ(values.size(), texts.size());
  int found = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const rapidjson::Value* want = texts[i].empty() || texts[i][0] == '/'
                                       ? ResolvePointer(doc, texts[i])
                                       : nullptr;
    EXPECT_EQ(values[i], want) << texts[i];
    if (want != nullptr) ++found;
  }
  EXPECT_EQ(found, 21);  // the cases above that exist, by hand
  EXPECT_EQ(values[0]->GetString(), std::string("BENCH-1"));
  EXPECT_EQ(values[8]->GetString(), std::string("deep"));
  EXPECT_EQ(values[14]->GetString(), std::string("inner"));
}

TEST(JsonPointerSetTest, EmptyAndNonObjectRoots) {
  JsonPointerSet none;
  std::vector<const rapidjson::Value*> values = {nullptr};
  rapidjson::Document doc;
  doc.Parse("[1, {\"a\": 2}]");
  none.Resolve(doc, &values);
  EXPECT_TRUE(values.empty());
  JsonPointerSet set({"/1/a", "/0", "/a", "/1/a/b"});
  set.Resolve(doc, &values);
  ASSERT_EQ(values.size(), 4u);
  ASSERT_NE(values[0], nullptr);
  EXPECT_EQ(values[0]->GetInt(), 2);
  ASSERT_NE(values[1], nullptr);
  EXPECT_EQ(values[1]->GetInt(), 1);
  EXPECT_EQ(values[2], nullptr);
  EXPECT_EQ(values[3], nullptr);
}

// ResolvePointer keeps what it parsed per text: texts resolved in turn,
// again, invalid ones, and more distinct texts than it keeps all resolve
// as if parsed afresh.
TEST(ResolvePointerTest, ParsedTextsResolveAsFresh) {
  rapidjson::Document doc;
  doc.Parse(kBody);
  ASSERT_FALSE(doc.HasParseError());
  for (int round = 0; round < 3; ++round) {
    const rapidjson::Value* key = ResolvePointer(doc, "/issue/key");
    ASSERT_NE(key, nullptr);
    EXPECT_STREQ(key->GetString(), "BENCH-1");
    const rapidjson::Value* n = ResolvePointer(doc, "/n");
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->GetInt(), 5);
    EXPECT_EQ(ResolvePointer(doc, "issue"), nullptr);  // invalid
    EXPECT_EQ(ResolvePointer(doc, "/missing"), nullptr);
    const rapidjson::Value* escaped = ResolvePointer(doc, "/issue/fields/a~1b");
    ASSERT_NE(escaped, nullptr);
    EXPECT_EQ(escaped->GetInt(), 1);
  }
  for (int i = 0; i < 600; ++i) {
    EXPECT_EQ(ResolvePointer(doc, "/absent" + std::to_string(i)), nullptr);
  }
  const rapidjson::Value* deep = ResolvePointer(doc, "/issue/fields/list/2/x");
  ASSERT_NE(deep, nullptr);
  EXPECT_STREQ(deep->GetString(), "deep");
  // The same text against another document reads that document.
  rapidjson::Document other;
  other.Parse(R"({"issue": {"key": "OTHER-2"}})");
  const rapidjson::Value* key = ResolvePointer(other, "/issue/key");
  ASSERT_NE(key, nullptr);
  EXPECT_STREQ(key->GetString(), "OTHER-2");
}

}  // namespace
}  // namespace earshot
