// The checks of data group names, field labels, Parameters and types that
// earshotctl and the console share (common/base/checks.h), and how their
// messages name what is wrong.

#include <gtest/gtest.h>

#include <string>

#include "common/base/checks.h"
#include "common/store/data_groups.h"

namespace earshot {
namespace {

TEST(DataChecksTest, NamesAreALetterThenLettersDigitsOrUnderscores) {
  for (const char* ok : {"Jira", "a", "Usage_2"}) {
    EXPECT_TRUE(CheckDataName(ok, "field label").ok()) << ok;
  }
  EXPECT_TRUE(CheckDataName(std::string(64, 'x'), "group name").ok());
  for (const char* bad : {"", "9lives", "_x", "a.b", "a-b", "<script>", "é"}) {
    EXPECT_FALSE(CheckDataName(bad, "field label").ok()) << bad;
  }
  EXPECT_FALSE(CheckDataName(std::string(65, 'x'), "group name").ok());
  EXPECT_EQ(CheckDataName("a.b", "group name").message(),
            "invalid group name 'a.b': expected a letter, then up to 63 "
            "letters, digits or _");
}

TEST(DataChecksTest, ParametersAreJsonPointersOfBoundedSize) {
  for (const char* ok : {"/issue/key", "/a~1b/~0c", "/0", "/"}) {
    EXPECT_TRUE(CheckFieldParam(ok).ok()) << ok;
  }
  for (const char* bad : {"", "issue/key", "/a~2", "/bad~"}) {
    EXPECT_FALSE(CheckFieldParam(bad).ok()) << bad;
  }
  EXPECT_TRUE(CheckFieldParam("/" + std::string(1023, 'a')).ok());
  EXPECT_FALSE(CheckFieldParam("/" + std::string(1024, 'a')).ok());
  EXPECT_EQ(CheckFieldParam("seats").message(),
            "invalid parameter 'seats': expected a JSON Pointer such as "
            "/issue/key");
}

TEST(DataChecksTest, TypesAreTheFourOfTheContract) {
  FieldType type;
  ASSERT_TRUE(ParseFieldTypeText("datetime", &type).ok());
  EXPECT_EQ(type, FieldType::kDatetime);
  EXPECT_FALSE(ParseFieldTypeText("String", &type).ok());
  EXPECT_EQ(ParseFieldTypeText("float", &type).message(),
            "invalid type 'float': expected boolean, datetime, integer or "
            "string");
}

TEST(DataChecksTest, JoinNamesReadsAsASentence) {
  EXPECT_EQ(JoinNames({}), "");
  EXPECT_EQ(JoinNames({"a"}), "a");
  EXPECT_EQ(JoinNames({"a", "b"}), "a and b");
  EXPECT_EQ(JoinNames({"a", "b", "c"}), "a, b and c");
}

}  // namespace
}  // namespace earshot
