// The normalised form: canonical text, and compiling it again gives the
// same SQL, params and normalised text.

#include <gtest/gtest.h>

#include <string>

#include "common/filter/filter.h"
#include "tests/unit/filter_test_util.h"

namespace earshot {
namespace {

using filter_test::Compile;
using filter_test::Error;
using filter_test::Feedback;
using filter_test::Projects;
using filter_test::Users;

std::string Normalized(std::string_view text,
                       const FilterContext& context = Users()) {
  return Compile(text, context).normalized;
}

void ExpectRoundTrip(std::string_view text, const FilterContext& context) {
  const CompiledFilter first = Compile(text, context);
  ASSERT_FALSE(first.normalized.empty()) << text;
  const CompiledFilter second = Compile(first.normalized, context);
  EXPECT_EQ(second.sql, first.sql) << text;
  EXPECT_EQ(second.params, first.params) << text;
  EXPECT_EQ(second.normalized, first.normalized) << text;
}

TEST(FilterNormalizeTest, Spacing) {
  EXPECT_EQ(Normalized("id=1"), "id = 1");
  EXPECT_EQ(Normalized("  id  >=\t1\n"), "id >= 1");
  EXPECT_EQ(Normalized("id IN(1,2 ,3)"), "id in (1, 2, 3)");
  EXPECT_EQ(Normalized("email IS NOT NULL"), "email is not null");
  EXPECT_EQ(Normalized("email   is\nnull"), "email is null");
  EXPECT_EQ(Normalized("name CONTAINS\"x\""), "name contains \"x\"");
  EXPECT_EQ(Normalized("NOT id=1"), "not id = 1");
}

TEST(FilterNormalizeTest, Values) {
  EXPECT_EQ(Normalized(R"(name = "a\"b\\c")"), R"(name = "a\"b\\c")");
  EXPECT_EQ(Normalized("name = \"日本 😀\""), "name = \"日本 😀\"");
  EXPECT_EQ(Normalized("score > -0.50"), "score > -0.50");
  EXPECT_EQ(Normalized("score = 007"), "score = 007");
  EXPECT_EQ(Normalized("data.Usage.Active = TRUE"), "data.Usage.Active = true");
  EXPECT_EQ(Normalized("data.Usage.Active in (False,TRUE)"),
            "data.Usage.Active in (false, true)");
  EXPECT_EQ(Normalized("created > \"2026-11-27T10:00:00+01:00\""),
            "created > \"2026-11-27T10:00:00+01:00\"");
}

TEST(FilterNormalizeTest, ParenthesesOnlyWherePrecedenceNeedsThem) {
  EXPECT_EQ(Normalized("((id = 1))"), "id = 1");
  EXPECT_EQ(Normalized("not (id = 1)"), "not id = 1");
  EXPECT_EQ(Normalized("NOT (id = 1 AND id = 2)"), "not (id = 1 and id = 2)");
  EXPECT_EQ(Normalized("not (id = 1 or id = 2)"), "not (id = 1 or id = 2)");
  EXPECT_EQ(Normalized("not not id = 1"), "not not id = 1");
  EXPECT_EQ(Normalized("not (not id = 1)"), "not not id = 1");
  EXPECT_EQ(Normalized("id = 1 or (id = 2 and id = 3)"),
            "id = 1 or id = 2 and id = 3");
  EXPECT_EQ(Normalized("(id = 1 or id = 2) and id = 3"),
            "(id = 1 or id = 2) and id = 3");
  EXPECT_EQ(Normalized("id = 1 and (id = 2 or id = 3)"),
            "id = 1 and (id = 2 or id = 3)");
  EXPECT_EQ(Normalized("(id = 1 and id = 2) and id = 3"),
            "id = 1 and id = 2 and id = 3");
  EXPECT_EQ(Normalized("(id = 1 or id = 2) or (id = 3)"),
            "id = 1 or id = 2 or id = 3");
  EXPECT_EQ(Normalized("(not id = 1) and (id = 2)"), "not id = 1 and id = 2");
  EXPECT_EQ(Normalized("  id=1   AND(name=\"a\\\"b\"OR   name  contains "
                       "\"\\\\\")"),
            "id = 1 and (name = \"a\\\"b\" or name contains \"\\\\\")");
}

TEST(FilterNormalizeTest, RoundTrip) {
  const struct {
    const char* text;
    FilterContext context;
  } cases[] = {
      {"id=1", Users()},
      {"id = 1 Or name = \"x\" AND NOT email IS NULL", Users()},
      {"((id=1 OR id=2)) and ((not (score>2.5)))", Users()},
      {"not not (id = 1 and id = 2) or id = 3", Users()},
      {"(id = 1 or (id = 2 or (id = 3 and (id = 4 and id = 5))))", Users()},
      {"project IN (1,2) or project is NULL or project != 4", Users()},
      {"status = \"a\" and score >= -4", Users(true)},
      {R"(name = "q\"uo\\te" or email contains "\\\"")", Users()},
      {"created in (\"2026-01-01\",\"2026-01-02T03:04:05.5-02:00\")", Users()},
      {"data.Usage.Active = FALSE and data.Usage.Sessions in (1,2.0)", Users()},
      {"data.Usage.LastSeen is not null or data.Usage.Plan contains \"é\"",
       Users()},
      {"author.email contains \"@x\" and (popularity > 3 or kind = \"bug\")",
       Feedback()},
      {"data.Jira.Key = \"EAR-1\" or not data.Jira.Votes < 0", Feedback()},
      {"name = \"日本\" and data.Billing.Paid != true", Projects()},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    ExpectRoundTrip(c.text, c.context);
  }
}

TEST(FilterNormalizeTest, RoundTripAtTheLimits) {
  std::string deep;
  for (int i = 0; i < kMaxFilterDepth; ++i) deep += i % 2 ? "not " : "(";
  deep += "(id = 1 or id = 2)";
  for (int i = 0; i < kMaxFilterDepth / 2; ++i) deep += ")";
  // 16 '(' + 16 not + the inner '(' = 33: one too many.
  EXPECT_EQ(Error(deep), "column 81: nesting deeper than 32");
  deep = deep.substr(1, deep.size() - 2);  // drop the outermost parentheses
  ExpectRoundTrip(deep, Users());

  std::string many = "id = 0";
  for (int i = 1; i < kMaxFilterComparisons; ++i) {
    many += i % 3 ? " and id = " : " or id = ";
    many += std::to_string(i);
  }
  ExpectRoundTrip(many, Users());
}

TEST(FilterNormalizeTest, NormalizedFormMustFitTheByteLimit) {
  // Tightly written lists grow by a space per comma once normalised.
  std::string list = "id in(1";
  for (int i = 1; i < kMaxFilterInValues; ++i) list += ",1";
  list += ")";
  std::string text = list;
  for (int i = 1; i < 19; ++i) text += " or " + list;
  ASSERT_LE(text.size(), kMaxFilterBytes);
  EXPECT_EQ(Error(text),
            "column 1: filter longer than 4096 bytes once normalised");
  // Fewer lists fit.
  text = list;
  for (int i = 1; i < 10; ++i) text += " or " + list;
  const CompiledFilter f = Compile(text);
  EXPECT_LE(f.normalized.size(), kMaxFilterBytes);
  ExpectRoundTrip(text, Users());
}

}  // namespace
}  // namespace earshot
