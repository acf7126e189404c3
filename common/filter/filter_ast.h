// The filter language's syntax tree, as the parser builds it, and its
// canonical text (the `normalized` form of a compiled filter).
//
// `and` and `or` nodes are flat: an `or` never has an `or` child and an
// `and` never has an `and` child, so `(a or b) or c` and `a or b or c` are
// the same tree. Printing a tree and parsing the text gives the same tree.
//
// Thread-safety: value types and pure functions.

#ifndef EARSHOT_COMMON_FILTER_FILTER_AST_H_
#define EARSHOT_COMMON_FILTER_FILTER_AST_H_

#include <memory>
#include <string>
#include <vector>

namespace earshot {

enum class FilterOp {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kIsNull,
  kIsNotNull,
  kContains,
};

// "=", "!=", ..., "in", "is null", "is not null", "contains".
const char* FilterOpText(FilterOp op);
// True for <, <=, > and >=.
bool IsOrderingOp(FilterOp op);

struct FilterValue {
  enum class Kind { kString, kNumber, kBoolean };

  Kind kind = Kind::kString;
  // kString: the decoded string; kNumber: as written; kBoolean: "true" or
  // "false".
  std::string text;
  int column = 0;
};

struct FilterComparison {
  std::string field;
  int field_column = 0;
  FilterOp op = FilterOp::kEq;
  int op_column = 0;
  // One for the six operators and contains, one or more for in, none for
  // is [not] null.
  std::vector<FilterValue> values;
};

struct FilterNode {
  enum class Kind { kOr, kAnd, kNot, kComparison };

  Kind kind = Kind::kComparison;
  // kOr, kAnd: two or more; kNot: one.
  std::vector<std::unique_ptr<FilterNode>> children;
  FilterComparison comparison;  // kComparison
};

// The canonical text of `node`: lower-case keywords, one space around
// operators and keywords, strings re-quoted, numbers as written,
// parentheses only where precedence needs them.
std::string FormatFilter(const FilterNode& node);

}  // namespace earshot

#endif  // EARSHOT_COMMON_FILTER_FILTER_AST_H_
