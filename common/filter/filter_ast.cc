#include "common/filter/filter_ast.h"

namespace earshot {

namespace {

void AppendValue(const FilterValue& value, std::string* out) {
  if (value.kind != FilterValue::Kind::kString) {
    out->append(value.text);
    return;
  }
  *out += '"';
  for (char c : value.text) {
    if (c == '"' || c == '\\') *out += '\\';
    *out += c;
  }
  *out += '"';
}

void AppendComparison(const FilterComparison& cmp, std::string* out) {
  out->append(cmp.field);
  *out += ' ';
  out->append(FilterOpText(cmp.op));
  switch (cmp.op) {
    case FilterOp::kIsNull:
    case FilterOp::kIsNotNull:
      return;
    case FilterOp::kIn:
      out->append(" (");
      for (size_t i = 0; i < cmp.values.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendValue(cmp.values[i], out);
      }
      *out += ')';
      return;
    default:
      *out += ' ';
      AppendValue(cmp.values[0], out);
      return;
  }
}

// How tightly a node binds: a child printed inside a parent that binds
// tighter needs parentheses.
int Precedence(FilterNode::Kind kind) {
  switch (kind) {
    case FilterNode::Kind::kOr:
      return 1;
    case FilterNode::Kind::kAnd:
      return 2;
    case FilterNode::Kind::kNot:
      return 3;
    case FilterNode::Kind::kComparison:
      break;
  }
  return 4;
}

void AppendNode(const FilterNode& node, std::string* out);

void AppendChild(const FilterNode& parent, const FilterNode& child,
                 std::string* out) {
  const bool parens = Precedence(child.kind) < Precedence(parent.kind);
  if (parens) *out += '(';
  AppendNode(child, out);
  if (parens) *out += ')';
}

void AppendNode(const FilterNode& node, std::string* out) {
  switch (node.kind) {
    case FilterNode::Kind::kOr:
    case FilterNode::Kind::kAnd: {
      const char* glue = node.kind == FilterNode::Kind::kOr ? " or " : " and ";
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out->append(glue);
        AppendChild(node, *node.children[i], out);
      }
      return;
    }
    case FilterNode::Kind::kNot:
      out->append("not ");
      AppendChild(node, *node.children[0], out);
      return;
    case FilterNode::Kind::kComparison:
      AppendComparison(node.comparison, out);
      return;
  }
}

}  // namespace

const char* FilterOpText(FilterOp op) {
  switch (op) {
    case FilterOp::kEq:
      return "=";
    case FilterOp::kNe:
      return "!=";
    case FilterOp::kLt:
      return "<";
    case FilterOp::kLe:
      return "<=";
    case FilterOp::kGt:
      return ">";
    case FilterOp::kGe:
      return ">=";
    case FilterOp::kIn:
      return "in";
    case FilterOp::kIsNull:
      return "is null";
    case FilterOp::kIsNotNull:
      return "is not null";
    case FilterOp::kContains:
      return "contains";
  }
  return "";
}

bool IsOrderingOp(FilterOp op) {
  return op == FilterOp::kLt || op == FilterOp::kLe || op == FilterOp::kGt ||
         op == FilterOp::kGe;
}

std::string FormatFilter(const FilterNode& node) {
  std::string out;
  AppendNode(node, &out);
  return out;
}

}  // namespace earshot
