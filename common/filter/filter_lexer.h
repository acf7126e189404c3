// The filter language's lexer: splits filter text into words (field names
// and keywords), strings, numbers, operators and punctuation, each with
// the column it starts at. Checks that the text is valid UTF-8 as it goes.
//
//   word     [A-Za-z_] or any non-ASCII character, then also digits and '.'
//   string   "..." with \" and \\ as the only escapes; no control characters
//   number   -?[0-9]+(\.[0-9]+)?
//   operator = != < <= > >=
//
// Thread-safety: a lexer is used by one thread at a time.

#ifndef EARSHOT_COMMON_FILTER_FILTER_LEXER_H_
#define EARSHOT_COMMON_FILTER_FILTER_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace earshot {

struct FilterToken {
  enum class Kind {
    kEnd,
    kWord,
    kString,
    kNumber,
    kOperator,
    kLeftParen,
    kRightParen,
    kComma,
  };

  Kind kind = Kind::kEnd;
  // kWord, kNumber, kOperator: as written; kString: the decoded string;
  // punctuation: the character.
  std::string text;
  int column = 0;
};

class FilterLexer {
 public:
  // `text` must outlive the lexer.
  explicit FilterLexer(std::string_view text) : text_(text) {}

  FilterLexer(const FilterLexer&) = delete;
  FilterLexer& operator=(const FilterLexer&) = delete;

  // Reads the next token. At the end of the text, and from then on, yields
  // a kEnd token whose column is one past the last character.
  Status Next(FilterToken* token);

 private:
  // Moves past `n` bytes, which must end on a character boundary.
  void Skip(size_t n);
  Status LexWord(FilterToken* token);
  Status LexString(FilterToken* token);
  Status LexNumber(FilterToken* token);
  Status LexOperator(FilterToken* token);

  std::string_view text_;
  size_t pos_ = 0;
  int column_ = 1;  // of the character at pos_
};

// True when `word` is `keyword` in any case. REQUIRES: keyword is lower
// case ASCII.
bool IsFilterKeyword(std::string_view word, std::string_view keyword);

// The column of the character holding byte `offset` of `text`; one past
// the last character when offset == text.size().
int FilterColumnAt(std::string_view text, size_t offset);

}  // namespace earshot

#endif  // EARSHOT_COMMON_FILTER_FILTER_LEXER_H_
