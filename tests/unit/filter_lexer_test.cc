#include "common/filter/filter_lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace earshot {
namespace {

using Kind = FilterToken::Kind;

// All tokens of `text` up to and including kEnd; on a lexing error, the
// error message in *error.
std::vector<FilterToken> Lex(std::string_view text,
                             std::string* error = nullptr) {
  FilterLexer lexer(text);
  std::vector<FilterToken> tokens;
  for (int i = 0; i < 1000; ++i) {
    FilterToken token;
    Status s = lexer.Next(&token);
    if (!s.ok()) {
      EXPECT_TRUE(s.IsInvalid());
      if (error != nullptr) *error = s.message();
      return tokens;
    }
    tokens.push_back(token);
    if (token.kind == Kind::kEnd) break;
  }
  if (error != nullptr) *error = "OK";
  return tokens;
}

std::string LexError(std::string_view text) {
  std::string error;
  Lex(text, &error);
  return error;
}

TEST(FilterLexerTest, SplitsTokensWithColumns) {
  auto t = Lex("score >= -12.5 and (name, x_1)");
  ASSERT_EQ(t.size(), 10u);
  EXPECT_EQ(t[0].kind, Kind::kWord);
  EXPECT_EQ(t[0].text, "score");
  EXPECT_EQ(t[0].column, 1);
  EXPECT_EQ(t[1].kind, Kind::kOperator);
  EXPECT_EQ(t[1].text, ">=");
  EXPECT_EQ(t[1].column, 7);
  EXPECT_EQ(t[2].kind, Kind::kNumber);
  EXPECT_EQ(t[2].text, "-12.5");
  EXPECT_EQ(t[2].column, 10);
  EXPECT_EQ(t[3].kind, Kind::kWord);
  EXPECT_EQ(t[3].text, "and");
  EXPECT_EQ(t[4].kind, Kind::kLeftParen);
  EXPECT_EQ(t[4].column, 20);
  EXPECT_EQ(t[5].text, "name");
  EXPECT_EQ(t[6].kind, Kind::kComma);
  EXPECT_EQ(t[7].text, "x_1");
  EXPECT_EQ(t[8].kind, Kind::kRightParen);
  EXPECT_EQ(t[9].kind, Kind::kEnd);
  EXPECT_EQ(t[9].column, 31);
}

TEST(FilterLexerTest, AllOperators) {
  auto t = Lex("= != < <= > >=");
  ASSERT_EQ(t.size(), 7u);
  const char* expected[] = {"=", "!=", "<", "<=", ">", ">="};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(t[i].kind, Kind::kOperator);
    EXPECT_EQ(t[i].text, expected[i]);
  }
  // No spaces needed.
  t = Lex("a<=1");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].text, "<=");
  EXPECT_EQ(t[2].text, "1");
}

TEST(FilterLexerTest, DottedWords) {
  auto t = Lex("data.Usage.Sessions author.email");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].text, "data.Usage.Sessions");
  EXPECT_EQ(t[1].text, "author.email");
  EXPECT_EQ(t[1].column, 21);
}

TEST(FilterLexerTest, StringEscapes) {
  auto t = Lex(R"("a\"b\\c" "")");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].kind, Kind::kString);
  EXPECT_EQ(t[0].text, "a\"b\\c");
  EXPECT_EQ(t[1].kind, Kind::kString);
  EXPECT_EQ(t[1].text, "");
  EXPECT_EQ(t[1].column, 11);
}

TEST(FilterLexerTest, StringsKeepUnicodeAndColumnsCountCharacters) {
  // "é" is 2 bytes, "日本" 6, "😀" 4: each is one column.
  auto t = Lex("\"é日本😀\" x");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].text, "é日本😀");
  EXPECT_EQ(t[1].text, "x");
  EXPECT_EQ(t[1].column, 8);
}

TEST(FilterLexerTest, UnicodeWords) {
  auto t = Lex("scöre =");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].kind, Kind::kWord);
  EXPECT_EQ(t[0].text, "scöre");
  EXPECT_EQ(t[1].column, 7);
}

TEST(FilterLexerTest, BlanksAreSpacesTabsAndNewlines) {
  auto t = Lex(" \t\r\na\n=\t1 ");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].column, 5);
  EXPECT_EQ(t[3].kind, Kind::kEnd);
}

TEST(FilterLexerTest, EndRepeats) {
  FilterLexer lexer("a");
  FilterToken token;
  ASSERT_TRUE(lexer.Next(&token).ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(lexer.Next(&token).ok());
    EXPECT_EQ(token.kind, Kind::kEnd);
    EXPECT_EQ(token.column, 2);
  }
}

TEST(FilterLexerTest, NumberForms) {
  auto t = Lex("0 007 -0 12.50 -3.25");
  ASSERT_EQ(t.size(), 6u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(t[i].kind, Kind::kNumber);
  EXPECT_EQ(t[1].text, "007");
  EXPECT_EQ(t[3].text, "12.50");
  EXPECT_EQ(t[4].text, "-3.25");
}

TEST(FilterLexerTest, Errors) {
  EXPECT_EQ(LexError("x = \"abc"), "column 5: unterminated string");
  EXPECT_EQ(LexError("x = \"abc\\"), "column 5: unterminated string");
  EXPECT_EQ(LexError("\"a\\nb\""),
            "column 3: invalid escape in a string; only \\\" and \\\\ are "
            "allowed");
  EXPECT_EQ(LexError("\"a\\'\""),
            "column 3: invalid escape in a string; only \\\" and \\\\ are "
            "allowed");
  EXPECT_EQ(LexError("a ! b"), "column 4: expected '=' after '!'");
  EXPECT_EQ(LexError("a = -x"), "column 6: expected a digit after '-'");
  EXPECT_EQ(LexError("a = -"), "column 6: expected a digit after '-'");
  EXPECT_EQ(LexError("a = 1."), "column 7: expected a digit after '.'");
  EXPECT_EQ(LexError("a = 1.x"), "column 7: expected a digit after '.'");
  EXPECT_EQ(LexError("a = 12abc"),
            "column 7: unexpected character in a number");
  EXPECT_EQ(LexError("a = 1.2.3"),
            "column 8: unexpected character in a number");
  EXPECT_EQ(LexError("a = +1"), "column 5: unexpected character '+'");
  EXPECT_EQ(LexError("a # b"), "column 3: unexpected character '#'");
  EXPECT_EQ(LexError("a;"), "column 2: unexpected character ';'");
  EXPECT_EQ(LexError("a = 'x'"),
            "column 5: strings are in double quotes, not single");
}

TEST(FilterLexerTest, ControlCharactersAreRefused) {
  using namespace std::string_literals;
  EXPECT_EQ(LexError("\"a\tb\""), "column 3: control character in a string");
  EXPECT_EQ(LexError("\"a\0b\""s), "column 3: control character in a string");
  EXPECT_EQ(LexError("\"a\x7f\""), "column 3: control character in a string");
  EXPECT_EQ(LexError("a \0"s), "column 3: unexpected control character");
  EXPECT_EQ(LexError("a \x1b"), "column 3: unexpected control character");
}

TEST(FilterLexerTest, InvalidUtf8) {
  EXPECT_EQ(LexError("\"é\xff\""), "column 3: invalid UTF-8");
  EXPECT_EQ(LexError("é \xff"), "column 3: invalid UTF-8");
  EXPECT_EQ(LexError("ab\xc3"), "column 3: invalid UTF-8");        // truncated
  EXPECT_EQ(LexError("\"\xc0\xaf\""), "column 2: invalid UTF-8");  // overlong
  EXPECT_EQ(LexError("\"\xed\xa0\x80\""),
            "column 2: invalid UTF-8");  // surrogate
  EXPECT_EQ(LexError("\"\xf4\x90\x80\x80\""),
            "column 2: invalid UTF-8");  // above U+10FFFF
  EXPECT_EQ(LexError("\"\x80\""), "column 2: invalid UTF-8");
}

TEST(FilterLexerTest, KeywordsIgnoreCase) {
  EXPECT_TRUE(IsFilterKeyword("and", "and"));
  EXPECT_TRUE(IsFilterKeyword("AnD", "and"));
  EXPECT_TRUE(IsFilterKeyword("CONTAINS", "contains"));
  EXPECT_FALSE(IsFilterKeyword("an", "and"));
  EXPECT_FALSE(IsFilterKeyword("andd", "and"));
  EXPECT_FALSE(IsFilterKeyword("", "and"));
}

TEST(FilterLexerTest, ColumnAt) {
  const std::string text = "aé日x";  // bytes: a, é(2), 日(3), x
  EXPECT_EQ(FilterColumnAt(text, 0), 1);
  EXPECT_EQ(FilterColumnAt(text, 1), 2);
  EXPECT_EQ(FilterColumnAt(text, 2), 2);  // inside é
  EXPECT_EQ(FilterColumnAt(text, 3), 3);
  EXPECT_EQ(FilterColumnAt(text, 5), 3);  // inside 日
  EXPECT_EQ(FilterColumnAt(text, 6), 4);
  EXPECT_EQ(FilterColumnAt(text, 7), 5);  // the end
}

}  // namespace
}  // namespace earshot
