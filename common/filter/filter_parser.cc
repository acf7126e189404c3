#include "common/filter/filter_parser.h"

#include <string>
#include <utility>

#include "common/filter/filter.h"
#include "common/filter/filter_error.h"
#include "common/filter/filter_lexer.h"

namespace earshot {

namespace {

using TokenKind = FilterToken::Kind;

constexpr const char* kKeywords[] = {"and",  "or",       "not",  "in",   "is",
                                     "null", "contains", "true", "false"};

bool IsKeyword(const FilterToken& token, std::string_view keyword) {
  return token.kind == TokenKind::kWord && IsFilterKeyword(token.text, keyword);
}

bool IsAnyKeyword(const FilterToken& token) {
  for (const char* keyword : kKeywords) {
    if (IsKeyword(token, keyword)) return true;
  }
  return false;
}

// The token as an error message names it.
std::string Describe(const FilterToken& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "the end of the filter";
    case TokenKind::kString:
      return "string";
    default:
      return QuoteFilterText(token.text);
  }
}

FilterOp OperatorFromText(std::string_view text) {
  if (text == "!=") return FilterOp::kNe;
  if (text == "<") return FilterOp::kLt;
  if (text == "<=") return FilterOp::kLe;
  if (text == ">") return FilterOp::kGt;
  if (text == ">=") return FilterOp::kGe;
  return FilterOp::kEq;
}

// Adds `child` to the `and` or `or` node `parent`, splicing in the children
// of a child of the same kind so that the tree stays flat.
void AddChild(FilterNode* parent, std::unique_ptr<FilterNode> child) {
  if (child->kind != parent->kind) {
    parent->children.push_back(std::move(child));
    return;
  }
  for (auto& grandchild : child->children) {
    parent->children.push_back(std::move(grandchild));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) {}

  Status Parse(std::unique_ptr<FilterNode>* out);

 private:
  using ParseFn = Status (Parser::*)(std::string_view after,
                                     std::unique_ptr<FilterNode>* out);

  Status Advance() { return lexer_.Next(&token_); }
  // Each parse function starts at token_ and leaves token_ at the first
  // token it did not use. `after` names what came before, for messages.
  Status ParseExpr(std::string_view after, std::unique_ptr<FilterNode>* out);
  Status ParseTerm(std::string_view after, std::unique_ptr<FilterNode>* out);
  // operand { keyword operand }, as a flat node of `kind`.
  Status ParseChain(FilterNode::Kind kind, const char* keyword,
                    ParseFn parse_operand, std::string_view after,
                    std::unique_ptr<FilterNode>* out);
  Status ParseFact(std::string_view after, std::unique_ptr<FilterNode>* out);
  Status ParseComparison(std::unique_ptr<FilterNode>* out);
  Status ParseInList(FilterComparison* cmp);
  Status ParseValue(std::string_view after, FilterValue* out);
  // Opens a nesting level at the token in `column`.
  Status Enter(int column);

  FilterLexer lexer_;
  FilterToken token_;
  int depth_ = 0;
  int comparisons_ = 0;
};

Status Parser::Parse(std::unique_ptr<FilterNode>* out) {
  Status s = Advance();
  if (!s.ok()) return s;
  if (token_.kind == TokenKind::kEnd) return Status::OK();  // empty filter
  std::unique_ptr<FilterNode> node;
  s = ParseExpr("", &node);
  if (!s.ok()) return s;
  if (token_.kind != TokenKind::kEnd) {
    return FilterError(token_.column, "unexpected " + Describe(token_) +
                                          " after a complete filter");
  }
  *out = std::move(node);
  return Status::OK();
}

Status Parser::ParseExpr(std::string_view after,
                         std::unique_ptr<FilterNode>* out) {
  return ParseChain(FilterNode::Kind::kOr, "or", &Parser::ParseTerm, after,
                    out);
}

Status Parser::ParseTerm(std::string_view after,
                         std::unique_ptr<FilterNode>* out) {
  return ParseChain(FilterNode::Kind::kAnd, "and", &Parser::ParseFact, after,
                    out);
}

Status Parser::ParseChain(FilterNode::Kind kind, const char* keyword,
                          ParseFn parse_operand, std::string_view after,
                          std::unique_ptr<FilterNode>* out) {
  std::unique_ptr<FilterNode> first;
  Status s = (this->*parse_operand)(after, &first);
  if (!s.ok()) return s;
  if (!IsKeyword(token_, keyword)) {
    *out = std::move(first);
    return Status::OK();
  }
  auto node = std::make_unique<FilterNode>();
  node->kind = kind;
  AddChild(node.get(), std::move(first));
  const std::string keyword_after = std::string("'") + keyword + "'";
  while (IsKeyword(token_, keyword)) {
    std::unique_ptr<FilterNode> next;
    s = Advance();
    if (s.ok()) s = (this->*parse_operand)(keyword_after, &next);
    if (!s.ok()) return s;
    AddChild(node.get(), std::move(next));
  }
  *out = std::move(node);
  return Status::OK();
}

Status Parser::Enter(int column) {
  if (++depth_ > kMaxFilterDepth) {
    return FilterError(
        column, "nesting deeper than " + std::to_string(kMaxFilterDepth));
  }
  return Status::OK();
}

Status Parser::ParseFact(std::string_view after,
                         std::unique_ptr<FilterNode>* out) {
  if (IsKeyword(token_, "not")) {
    Status s = Enter(token_.column);
    if (s.ok()) s = Advance();
    auto node = std::make_unique<FilterNode>();
    node->kind = FilterNode::Kind::kNot;
    node->children.emplace_back();
    if (s.ok()) s = ParseFact("'not'", &node->children[0]);
    if (!s.ok()) return s;
    --depth_;
    *out = std::move(node);
    return Status::OK();
  }
  if (token_.kind == TokenKind::kLeftParen) {
    Status s = Enter(token_.column);
    if (s.ok()) s = Advance();
    if (s.ok()) s = ParseExpr("'('", out);
    if (!s.ok()) return s;
    if (token_.kind != TokenKind::kRightParen) {
      return FilterError(token_.column, "expected ')'");
    }
    --depth_;
    return Advance();
  }
  if (token_.kind == TokenKind::kWord && !IsAnyKeyword(token_)) {
    return ParseComparison(out);
  }
  std::string what = "expected a field name, 'not' or '('";
  if (!after.empty()) what += " after " + std::string(after);
  return FilterError(token_.column, what);
}

Status Parser::ParseComparison(std::unique_ptr<FilterNode>* out) {
  if (++comparisons_ > kMaxFilterComparisons) {
    return FilterError(
        token_.column,
        "more than " + std::to_string(kMaxFilterComparisons) + " comparisons");
  }
  auto node = std::make_unique<FilterNode>();
  FilterComparison& cmp = node->comparison;
  cmp.field = token_.text;
  cmp.field_column = token_.column;
  Status s = Advance();
  if (!s.ok()) return s;
  cmp.op_column = token_.column;
  if (token_.kind == TokenKind::kOperator) {
    cmp.op = OperatorFromText(token_.text);
    const std::string after = "'" + token_.text + "'";
    cmp.values.emplace_back();
    s = Advance();
    if (s.ok()) s = ParseValue(after, &cmp.values[0]);
  } else if (IsKeyword(token_, "in")) {
    cmp.op = FilterOp::kIn;
    s = Advance();
    if (s.ok()) s = ParseInList(&cmp);
  } else if (IsKeyword(token_, "is")) {
    cmp.op = FilterOp::kIsNull;
    s = Advance();
    if (s.ok() && IsKeyword(token_, "not")) {
      cmp.op = FilterOp::kIsNotNull;
      s = Advance();
    }
    if (s.ok() && !IsKeyword(token_, "null")) {
      s = FilterError(token_.column, cmp.op == FilterOp::kIsNull
                                         ? "expected 'null' after 'is'"
                                         : "expected 'null' after 'is not'");
    }
    if (s.ok()) s = Advance();
  } else if (IsKeyword(token_, "contains")) {
    cmp.op = FilterOp::kContains;
    s = Advance();
    if (s.ok() && token_.kind != TokenKind::kString) {
      s = FilterError(token_.column, "expected a string after 'contains'");
    }
    cmp.values.emplace_back();
    if (s.ok()) s = ParseValue("'contains'", &cmp.values[0]);
  } else {
    s = FilterError(token_.column,
                    "expected an operator, 'in', 'is' or 'contains' after " +
                        QuoteFilterText(cmp.field));
  }
  if (!s.ok()) return s;
  *out = std::move(node);
  return Status::OK();
}

Status Parser::ParseInList(FilterComparison* cmp) {
  if (token_.kind != TokenKind::kLeftParen) {
    return FilterError(token_.column, "expected '(' after 'in'");
  }
  std::string_view after = "'('";
  for (;;) {
    FilterValue value;
    Status s = Advance();
    if (s.ok()) s = ParseValue(after, &value);
    if (!s.ok()) return s;
    if (cmp->values.size() == static_cast<size_t>(kMaxFilterInValues)) {
      return FilterError(value.column, "more than " +
                                           std::to_string(kMaxFilterInValues) +
                                           " values in an 'in' list");
    }
    cmp->values.push_back(std::move(value));
    if (token_.kind == TokenKind::kRightParen) return Advance();
    if (token_.kind != TokenKind::kComma) {
      return FilterError(token_.column, "expected ',' or ')'");
    }
    after = "','";
  }
}

Status Parser::ParseValue(std::string_view after, FilterValue* out) {
  if (token_.kind == TokenKind::kString) {
    out->kind = FilterValue::Kind::kString;
    out->text = token_.text;
  } else if (token_.kind == TokenKind::kNumber) {
    out->kind = FilterValue::Kind::kNumber;
    out->text = token_.text;
  } else if (IsKeyword(token_, "true") || IsKeyword(token_, "false")) {
    out->kind = FilterValue::Kind::kBoolean;
    out->text = IsKeyword(token_, "true") ? "true" : "false";
  } else {
    std::string what = "expected a value after " + std::string(after);
    if (IsKeyword(token_, "null")) {
      what += "; use 'is null' to test for a missing value";
    }
    return FilterError(token_.column, what);
  }
  out->column = token_.column;
  return Advance();
}

}  // namespace

Status ParseFilter(std::string_view text, std::unique_ptr<FilterNode>* out) {
  out->reset();
  if (text.size() > kMaxFilterBytes) {
    return FilterError(
        FilterColumnAt(text, kMaxFilterBytes),
        "filter longer than " + std::to_string(kMaxFilterBytes) + " bytes");
  }
  Parser parser(text);
  return parser.Parse(out);
}

}  // namespace earshot
