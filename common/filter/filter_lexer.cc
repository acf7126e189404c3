#include "common/filter/filter_lexer.h"

#include "common/base/text.h"
#include "common/base/utf8.h"
#include "common/filter/filter_error.h"

namespace earshot {

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool IsNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool IsWordStart(char c) {
  return IsAsciiLetter(c) || c == '_' || IsNonAscii(c);
}
bool IsWordPart(char c) { return IsWordStart(c) || IsDigit(c) || c == '.'; }
bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

bool IsFilterKeyword(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != keyword[i]) return false;
  }
  return true;
}

int FilterColumnAt(std::string_view text, size_t offset) {
  int column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (!IsContinuationByte(text[i])) ++column;
  }
  if (offset < text.size() && IsContinuationByte(text[offset])) --column;
  return column;
}

void FilterLexer::Skip(size_t n) {
  for (size_t end = pos_ + n; pos_ < end; ++pos_) {
    if (!IsContinuationByte(text_[pos_])) ++column_;
  }
}

Status FilterLexer::Next(FilterToken* token) {
  while (pos_ < text_.size() && IsBlank(text_[pos_])) Skip(1);
  token->text.clear();
  token->column = column_;
  if (pos_ == text_.size()) {
    token->kind = FilterToken::Kind::kEnd;
    return Status::OK();
  }
  const char c = text_[pos_];
  if (IsWordStart(c)) return LexWord(token);
  if (c == '"') return LexString(token);
  if (IsDigit(c) || c == '-') return LexNumber(token);
  if (c == '=' || c == '!' || c == '<' || c == '>') return LexOperator(token);
  if (c == '(' || c == ')' || c == ',') {
    token->kind = c == '('   ? FilterToken::Kind::kLeftParen
                  : c == ')' ? FilterToken::Kind::kRightParen
                             : FilterToken::Kind::kComma;
    token->text = c;
    Skip(1);
    return Status::OK();
  }
  if (c == '\'') {
    return FilterError(column_, "strings are in double quotes, not single");
  }
  if (IsAsciiControl(c)) return FilterError(column_, "unexpected control character");
  return FilterError(column_,
                     "unexpected character " + QuoteFilterText({&c, 1}));
}

Status FilterLexer::LexWord(FilterToken* token) {
  token->kind = FilterToken::Kind::kWord;
  const size_t start = pos_;
  while (pos_ < text_.size() && IsWordPart(text_[pos_])) {
    const size_t n = Utf8SequenceLength(text_, pos_);
    if (n == 0) return FilterError(column_, "invalid UTF-8");
    Skip(n);
  }
  token->text.assign(text_.substr(start, pos_ - start));
  return Status::OK();
}

Status FilterLexer::LexString(FilterToken* token) {
  token->kind = FilterToken::Kind::kString;
  const int start_column = column_;
  Skip(1);  // the opening quote
  for (;;) {
    if (pos_ == text_.size()) {
      return FilterError(start_column, "unterminated string");
    }
    const char c = text_[pos_];
    if (c == '"') {
      Skip(1);
      return Status::OK();
    }
    if (c == '\\') {
      if (pos_ + 1 == text_.size()) {
        return FilterError(start_column, "unterminated string");
      }
      const char escaped = text_[pos_ + 1];
      if (escaped != '"' && escaped != '\\') {
        return FilterError(
            column_,
            "invalid escape in a string; only \\\" and \\\\ are allowed");
      }
      token->text += escaped;
      Skip(2);
      continue;
    }
    if (IsAsciiControl(c)) {
      return FilterError(column_, "control character in a string");
    }
    const size_t n = Utf8SequenceLength(text_, pos_);
    if (n == 0) return FilterError(column_, "invalid UTF-8");
    token->text.append(text_.substr(pos_, n));
    Skip(n);
  }
}

Status FilterLexer::LexNumber(FilterToken* token) {
  token->kind = FilterToken::Kind::kNumber;
  const size_t start = pos_;
  if (text_[pos_] == '-') {
    Skip(1);
    if (pos_ == text_.size() || !IsDigit(text_[pos_])) {
      return FilterError(column_, "expected a digit after '-'");
    }
  }
  while (pos_ < text_.size() && IsDigit(text_[pos_])) Skip(1);
  if (pos_ < text_.size() && text_[pos_] == '.') {
    Skip(1);
    if (pos_ == text_.size() || !IsDigit(text_[pos_])) {
      return FilterError(column_, "expected a digit after '.'");
    }
    while (pos_ < text_.size() && IsDigit(text_[pos_])) Skip(1);
  }
  if (pos_ < text_.size() && IsWordPart(text_[pos_])) {
    return FilterError(column_, "unexpected character in a number");
  }
  token->text.assign(text_.substr(start, pos_ - start));
  return Status::OK();
}

Status FilterLexer::LexOperator(FilterToken* token) {
  token->kind = FilterToken::Kind::kOperator;
  const char c = text_[pos_];
  const bool has_equals = pos_ + 1 < text_.size() && text_[pos_ + 1] == '=';
  if (c == '!' && !has_equals) {
    Skip(1);
    return FilterError(column_, "expected '=' after '!'");
  }
  const size_t n = c != '=' && has_equals ? 2 : 1;
  token->text.assign(text_.substr(pos_, n));
  Skip(n);
  return Status::OK();
}

}  // namespace earshot
