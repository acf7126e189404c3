#include "common/filter/filter_parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "common/filter/filter.h"

namespace earshot {
namespace {

using NodeKind = FilterNode::Kind;

std::unique_ptr<FilterNode> Parse(std::string_view text) {
  std::unique_ptr<FilterNode> node;
  Status s = ParseFilter(text, &node);
  EXPECT_TRUE(s.ok()) << text << ": " << s.ToString();
  return node;
}

std::string ParseError(std::string_view text) {
  std::unique_ptr<FilterNode> node;
  Status s = ParseFilter(text, &node);
  if (s.ok()) return "OK";
  EXPECT_TRUE(s.IsInvalid());
  EXPECT_EQ(node, nullptr);
  return s.message();
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(s);
  return out;
}

TEST(FilterParserTest, EmptyAndBlankAreTheEmptyFilter) {
  for (std::string_view text : {"", " ", "\t\n\r  "}) {
    std::unique_ptr<FilterNode> node = std::make_unique<FilterNode>();
    EXPECT_TRUE(ParseFilter(text, &node).ok());
    EXPECT_EQ(node, nullptr);
  }
}

TEST(FilterParserTest, Comparison) {
  auto n = Parse("score >= 10");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->kind, NodeKind::kComparison);
  EXPECT_EQ(n->comparison.field, "score");
  EXPECT_EQ(n->comparison.field_column, 1);
  EXPECT_EQ(n->comparison.op, FilterOp::kGe);
  EXPECT_EQ(n->comparison.op_column, 7);
  ASSERT_EQ(n->comparison.values.size(), 1u);
  EXPECT_EQ(n->comparison.values[0].kind, FilterValue::Kind::kNumber);
  EXPECT_EQ(n->comparison.values[0].text, "10");
  EXPECT_EQ(n->comparison.values[0].column, 10);
}

TEST(FilterParserTest, EveryOperator) {
  struct Case {
    const char* text;
    FilterOp op;
  } cases[] = {
      {"a = 1", FilterOp::kEq},
      {"a != 1", FilterOp::kNe},
      {"a < 1", FilterOp::kLt},
      {"a <= 1", FilterOp::kLe},
      {"a > 1", FilterOp::kGt},
      {"a >= 1", FilterOp::kGe},
      {"a in (1)", FilterOp::kIn},
      {"a is null", FilterOp::kIsNull},
      {"a is not null", FilterOp::kIsNotNull},
      {"a contains \"x\"", FilterOp::kContains},
  };
  for (const Case& c : cases) {
    auto n = Parse(c.text);
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->comparison.op, c.op) << c.text;
  }
}

TEST(FilterParserTest, ValueKinds) {
  auto n = Parse("a in (\"s\", -1.5, TRUE, false)");
  ASSERT_NE(n, nullptr);
  const auto& v = n->comparison.values;
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].kind, FilterValue::Kind::kString);
  EXPECT_EQ(v[0].text, "s");
  EXPECT_EQ(v[1].kind, FilterValue::Kind::kNumber);
  EXPECT_EQ(v[1].text, "-1.5");
  EXPECT_EQ(v[2].kind, FilterValue::Kind::kBoolean);
  EXPECT_EQ(v[2].text, "true");
  EXPECT_EQ(v[3].kind, FilterValue::Kind::kBoolean);
  EXPECT_EQ(v[3].text, "false");
  EXPECT_EQ(v[3].column, 24);
}

TEST(FilterParserTest, AndBindsTighterThanOr) {
  auto n = Parse("a = 1 or b = 2 and c = 3");
  ASSERT_NE(n, nullptr);
  ASSERT_EQ(n->kind, NodeKind::kOr);
  ASSERT_EQ(n->children.size(), 2u);
  EXPECT_EQ(n->children[0]->kind, NodeKind::kComparison);
  EXPECT_EQ(n->children[0]->comparison.field, "a");
  ASSERT_EQ(n->children[1]->kind, NodeKind::kAnd);
  EXPECT_EQ(n->children[1]->children[0]->comparison.field, "b");
  EXPECT_EQ(n->children[1]->children[1]->comparison.field, "c");

  n = Parse("a = 1 and b = 2 or c = 3");
  ASSERT_EQ(n->kind, NodeKind::kOr);
  EXPECT_EQ(n->children[0]->kind, NodeKind::kAnd);
  EXPECT_EQ(n->children[1]->comparison.field, "c");
}

TEST(FilterParserTest, NotBindsTighterThanAnd) {
  auto n = Parse("not a = 1 and b = 2");
  ASSERT_NE(n, nullptr);
  ASSERT_EQ(n->kind, NodeKind::kAnd);
  ASSERT_EQ(n->children[0]->kind, NodeKind::kNot);
  EXPECT_EQ(n->children[0]->children[0]->comparison.field, "a");
  EXPECT_EQ(n->children[1]->kind, NodeKind::kComparison);

  n = Parse("not (a = 1 and b = 2)");
  ASSERT_EQ(n->kind, NodeKind::kNot);
  EXPECT_EQ(n->children[0]->kind, NodeKind::kAnd);

  n = Parse("not not a = 1");
  ASSERT_EQ(n->kind, NodeKind::kNot);
  EXPECT_EQ(n->children[0]->kind, NodeKind::kNot);
}

TEST(FilterParserTest, ParenthesesOverridePrecedence) {
  auto n = Parse("(a = 1 or b = 2) and c = 3");
  ASSERT_NE(n, nullptr);
  ASSERT_EQ(n->kind, NodeKind::kAnd);
  EXPECT_EQ(n->children[0]->kind, NodeKind::kOr);
  EXPECT_EQ(n->children[1]->kind, NodeKind::kComparison);
}

TEST(FilterParserTest, ChainsAreFlat) {
  auto n = Parse("(a = 1 or b = 2) or (c = 3 or d = 4)");
  ASSERT_NE(n, nullptr);
  ASSERT_EQ(n->kind, NodeKind::kOr);
  ASSERT_EQ(n->children.size(), 4u);
  for (const auto& child : n->children) {
    EXPECT_EQ(child->kind, NodeKind::kComparison);
  }
  n = Parse("a = 1 and (b = 2 and c = 3)");
  ASSERT_EQ(n->kind, NodeKind::kAnd);
  EXPECT_EQ(n->children.size(), 3u);
  n = Parse("((a = 1))");
  EXPECT_EQ(n->kind, NodeKind::kComparison);
}

TEST(FilterParserTest, KeywordsIgnoreCaseFieldsDoNot) {
  auto n = Parse(
      "Score = 1 AND NOT b Is NoT nULL Or c IN (TRUE) oR d CONTAINS \"x\"");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(FormatFilter(*n),
            "Score = 1 and not b is not null or c in (true) or d contains "
            "\"x\"");
}

TEST(FilterParserTest, Errors) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"score >= ", "column 10: expected a value after '>='"},
      {"score > 1 and id >= )", "column 21: expected a value after '>='"},
      {"(score = 1", "column 11: expected ')'"},
      {"(score = 1 id = 2)", "column 12: expected ')'"},
      {"email is nul", "column 10: expected 'null' after 'is'"},
      {"email is not 3", "column 14: expected 'null' after 'is not'"},
      {"email is", "column 9: expected 'null' after 'is'"},
      {"id = 1 xyz", "column 8: unexpected 'xyz' after a complete filter"},
      {"id = 1)", "column 7: unexpected ')' after a complete filter"},
      {"id = 1 \"x\"", "column 8: unexpected string after a complete filter"},
      {"id = 1 2", "column 8: unexpected '2' after a complete filter"},
      {"id = 1 and",
       "column 11: expected a field name, 'not' or '(' after "
       "'and'"},
      {"id = 1 or or",
       "column 11: expected a field name, 'not' or '(' after "
       "'or'"},
      {"= 1", "column 1: expected a field name, 'not' or '('"},
      {"\"x\" = name", "column 1: expected a field name, 'not' or '('"},
      {"and = 1", "column 1: expected a field name, 'not' or '('"},
      {"not", "column 4: expected a field name, 'not' or '(' after 'not'"},
      {"()", "column 2: expected a field name, 'not' or '(' after '('"},
      {"not not (",
       "column 10: expected a field name, 'not' or '(' after "
       "'('"},
      {"id 1",
       "column 4: expected an operator, 'in', 'is' or 'contains' "
       "after 'id'"},
      {"id not in (1)",
       "column 4: expected an operator, 'in', 'is' or "
       "'contains' after 'id'"},
      {"id",
       "column 3: expected an operator, 'in', 'is' or 'contains' after "
       "'id'"},
      {"id in 1", "column 7: expected '(' after 'in'"},
      {"id in (1 2)", "column 10: expected ',' or ')'"},
      {"id in (1", "column 9: expected ',' or ')'"},
      {"id in ()", "column 8: expected a value after '('"},
      {"id in (1,)", "column 10: expected a value after ','"},
      {"name contains 3", "column 15: expected a string after 'contains'"},
      {"name contains", "column 14: expected a string after 'contains'"},
      {"id = null",
       "column 6: expected a value after '='; use 'is null' to "
       "test for a missing value"},
      {"id = x", "column 6: expected a value after '='"},
      {"id = = 1", "column 6: expected a value after '='"},
      {"id <> 1", "column 5: expected a value after '<'"},
      {"name = \"abc", "column 8: unterminated string"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseError(c.text), c.error) << c.text;
  }
}

TEST(FilterParserTest, ErrorColumnsCountCharactersNotBytes) {
  EXPECT_EQ(ParseError("name = \"日本語\" and id >= x"),
            "column 24: expected a value after '>='");
  EXPECT_EQ(ParseError("name = \"😀😀\" or (id = 1"), "column 23: expected ')'");
  EXPECT_EQ(ParseError("nämé = 1 \"é\""),
            "column 10: unexpected string after a complete filter");
}

TEST(FilterParserTest, LongWordsAreShortenedInMessages) {
  const std::string word = Repeat("x", 100);
  EXPECT_EQ(ParseError("id = 1 " + word), "column 8: unexpected '" +
                                              Repeat("x", 32) +
                                              "...' after a complete filter");
  EXPECT_EQ(ParseError("id = 1 " + Repeat("é", 40)),
            "column 8: unexpected '" + Repeat("é", 32) +
                "...' after a complete filter");
}

TEST(FilterParserTest, NestingUpToTheLimit) {
  const int n = kMaxFilterDepth;
  auto node = Parse(Repeat("(", n) + "id = 1" + Repeat(")", n));
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->kind, NodeKind::kComparison);
  node = Parse(Repeat("not ", n) + "id = 1");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->kind, NodeKind::kNot);
  // Siblings do not add up: depth is along one path.
  const std::string deep = Repeat("(", n) + "id = 1" + Repeat(")", n);
  EXPECT_EQ(ParseError(deep + " and " + deep + " or " + deep), "OK");
  // Half parentheses, half not.
  EXPECT_EQ(ParseError(Repeat("(not ", n / 2) + "id = 1" + Repeat(")", n / 2)),
            "OK");
}

TEST(FilterParserTest, NestingBeyondTheLimit) {
  const int n = kMaxFilterDepth;
  EXPECT_EQ(ParseError(Repeat("(", n + 1) + "id = 1" + Repeat(")", n + 1)),
            "column 33: nesting deeper than 32");
  EXPECT_EQ(ParseError(Repeat("not ", n + 1) + "id = 1"),
            "column 129: nesting deeper than 32");
  EXPECT_EQ(ParseError(Repeat("(not ", n / 2) + "(id = 1)"),
            "column 81: nesting deeper than 32");
  EXPECT_EQ(ParseError("id = 1 and " + Repeat("(", n + 1)),
            "column 44: nesting deeper than 32");
}

TEST(FilterParserTest, HugeNestingFailsFast) {
  const auto start = std::chrono::steady_clock::now();
  // The byte limit is checked before anything is parsed.
  EXPECT_EQ(ParseError(Repeat("(", 10000)),
            "column 4097: filter longer than 4096 bytes");
  EXPECT_EQ(ParseError(Repeat("(", 4096)), "column 33: nesting deeper than 32");
  EXPECT_EQ(ParseError(Repeat("not ", 1000)),
            "column 129: nesting deeper than 32");
  EXPECT_EQ(ParseError(Repeat("((((((((", 500) + Repeat(")", 4000)),
            "column 4097: filter longer than 4096 bytes");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(FilterParserTest, ComparisonLimit) {
  std::string text = "id = 0";
  for (int i = 1; i < kMaxFilterComparisons; ++i) {
    text += " or id = " + std::to_string(i % 10);
  }
  EXPECT_EQ(ParseError(text), "OK");
  // The 65th comparison's field is at the end of the text.
  const int column = static_cast<int>(text.size()) + 5;
  EXPECT_EQ(ParseError(text + " or id = 1"),
            "column " + std::to_string(column) + ": more than 64 comparisons");
}

TEST(FilterParserTest, InListLimit) {
  std::string list = "1";
  for (int i = 1; i < kMaxFilterInValues; ++i) list += ",1";
  auto n = Parse("id in (" + list + ")");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->comparison.values.size(), 100u);
  // The 101st value: "id in (" is 7 columns, each value and comma 2.
  EXPECT_EQ(ParseError("id in (" + list + ",2)"),
            "column 208: more than 100 values in an 'in' list");
}

TEST(FilterParserTest, ByteLimit) {
  // Exactly 4096 bytes is fine.
  const std::string value(4096 - 9, 'x');
  EXPECT_EQ(ParseError("name = \"" + value + "\""), "OK");
  EXPECT_EQ(ParseError("name = \"" + value + "x\""),
            "column 4097: filter longer than 4096 bytes");
  // The column counts characters: the first byte past the limit is the
  // closing quote after 2044 two-byte characters.
  EXPECT_EQ(ParseError("name = \"" + Repeat("é", 2044) + "\""),
            "column 2053: filter longer than 4096 bytes");
  // ... or falls inside a character, which is then the one reported.
  EXPECT_EQ(ParseError("name = \"x" + Repeat("é", 2044) + "\""),
            "column 2053: filter longer than 4096 bytes");
  // Blank text is measured too.
  EXPECT_EQ(ParseError(std::string(5000, ' ')),
            "column 4097: filter longer than 4096 bytes");
}

}  // namespace
}  // namespace earshot
