// CompileFilter: type-checks a parsed filter against the fields of the
// filtered kind and writes it as SQL. Every comparison is wrapped so that
// a NULL (a missing value) makes it false rather than unknown; `is [not]
// null` and EXISTS are never NULL. The SQL text is built only from the
// literals here and in filter_fields.cc; values go in params.

#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "common/base/datetime.h"
#include "common/base/email.h"
#include "common/filter/filter.h"
#include "common/filter/filter_ast.h"
#include "common/filter/filter_error.h"
#include "common/filter/filter_fields.h"
#include "common/filter/filter_parser.h"

namespace earshot {

namespace {

constexpr const char* kMembershipSql =
    "EXISTS (SELECT 1 FROM participations fp WHERE fp.user_id = t.id";

// The filter's own spelling (filter_ast.h) but for !=, which SQL writes <>.
const char* SqlOperator(FilterOp op) {
  switch (op) {
    case FilterOp::kNe:
      return "<>";
    case FilterOp::kLt:
    case FilterOp::kLe:
    case FilterOp::kGt:
    case FilterOp::kGe:
      return FilterOpText(op);
    default:
      return "=";
  }
}

// "score is an integer field".
std::string FieldIs(const FilterComparison& cmp, FieldType type) {
  const char* what = "a string";
  switch (type) {
    case FieldType::kBoolean:
      what = "a boolean";
      break;
    case FieldType::kDatetime:
      what = "a datetime";
      break;
    case FieldType::kInteger:
      what = "an integer";
      break;
    case FieldType::kString:
      break;
  }
  return cmp.field + " is " + what + " field";
}

// A NUMBER token's text as an Int, or as a Double when it has a fraction.
Status NumberParam(const FilterValue& value, SqlParam* out) {
  const char* begin = value.text.data();
  const char* end = begin + value.text.size();
  if (value.text.find('.') != std::string::npos) {
    double d;
    auto [ptr, ec] = std::from_chars(begin, end, d);
    if (ec != std::errc() || ptr != end) {
      return FilterError(value.column, "number out of range");
    }
    *out = SqlParam::Double(d);
    return Status::OK();
  }
  int64_t i;
  auto [ptr, ec] = std::from_chars(begin, end, i);
  if (ec != std::errc() || ptr != end) {
    return FilterError(value.column,
                       "number out of the signed 64-bit integer range");
  }
  *out = SqlParam::Int(i);
  return Status::OK();
}

class Compiler {
 public:
  explicit Compiler(const FilterContext& context) : context_(context) {}

  Status Compile(const FilterNode& node);

  std::string& sql() { return sql_; }
  std::vector<SqlParam>& params() { return params_; }

 private:
  Status CompileComparison(const FilterComparison& cmp);
  Status CompileMembership(const FilterComparison& cmp);
  void CompileDataComparison(const FilterComparison& cmp,
                             const FilterField& field,
                             std::vector<SqlParam>* values);
  Status CheckOperator(const FilterComparison& cmp, const FilterField& field);
  Status ValueParam(const FilterComparison& cmp, const FilterField& field,
                    const FilterValue& value, SqlParam* out);
  // The field's SQL, and its data field id when it has one.
  void AppendField(const FilterField& field);
  // "?, ?, ?".
  void AppendPlaceholders(size_t n);

  const FilterContext& context_;
  std::string sql_;
  std::vector<SqlParam> params_;
};

Status Compiler::Compile(const FilterNode& node) {
  switch (node.kind) {
    case FilterNode::Kind::kOr:
    case FilterNode::Kind::kAnd: {
      const char* glue = node.kind == FilterNode::Kind::kOr ? " OR " : " AND ";
      sql_ += '(';
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) sql_ += glue;
        Status s = Compile(*node.children[i]);
        if (!s.ok()) return s;
      }
      sql_ += ')';
      return Status::OK();
    }
    case FilterNode::Kind::kNot: {
      sql_ += "(NOT ";
      Status s = Compile(*node.children[0]);
      if (!s.ok()) return s;
      sql_ += ')';
      return Status::OK();
    }
    case FilterNode::Kind::kComparison:
      break;
  }
  return CompileComparison(node.comparison);
}

Status Compiler::CompileComparison(const FilterComparison& cmp) {
  FilterField field;
  Status s = ResolveFilterField(cmp.field, cmp.field_column, context_, &field);
  if (!s.ok()) return s;
  if (field.kind == FilterField::Kind::kMembership) {
    return CompileMembership(cmp);
  }
  s = CheckOperator(cmp, field);
  if (!s.ok()) return s;
  std::vector<SqlParam> values(cmp.values.size());
  for (size_t i = 0; i < cmp.values.size(); ++i) {
    s = ValueParam(cmp, field, cmp.values[i], &values[i]);
    if (!s.ok()) return s;
  }

  if (field.kind == FilterField::Kind::kData && cmp.op != FilterOp::kIsNull &&
      cmp.op != FilterOp::kIsNotNull) {
    CompileDataComparison(cmp, field, &values);
    return Status::OK();
  }
  switch (cmp.op) {
    case FilterOp::kIsNull:
    case FilterOp::kIsNotNull:
      sql_ += '(';
      AppendField(field);
      sql_ += cmp.op == FilterOp::kIsNull ? " IS NULL)" : " IS NOT NULL)";
      break;
    case FilterOp::kIn:
      sql_ += "IFNULL(";
      AppendField(field);
      sql_ += " IN (";
      AppendPlaceholders(values.size());
      sql_ += "), FALSE)";
      break;
    case FilterOp::kContains:
      sql_ += "IFNULL(INSTR(";
      AppendField(field);
      sql_ += ", ?) > 0, FALSE)";
      break;
    default:
      sql_ += "IFNULL(";
      AppendField(field);
      sql_ += ' ';
      sql_ += SqlOperator(cmp.op);
      sql_ += " ?, FALSE)";
      break;
  }
  for (SqlParam& value : values) params_.push_back(std::move(value));
  return Status::OK();
}

// A comparison with an external data value as EXISTS over data_values
// with the comparison inside: the same truth as IFNULL(<value> op ?,
// FALSE), since (field_id, target_id) is the primary key (one value at
// most) and a missing or NULL value fails the inner condition. In a WHERE
// clause (lists, reports) MariaDB can then turn it into a semi-join that
// starts from the value's index range (ix_data_values_int/_time/_text)
// instead of reading every target; in a select list (a listener's
// identify+filter query) it stays one primary-key lookup per target.
void Compiler::CompileDataComparison(const FilterComparison& cmp,
                                     const FilterField& field,
                                     std::vector<SqlParam>* values) {
  sql_ +=
      "EXISTS (SELECT 1 FROM data_values dv WHERE dv.field_id = ? AND "
      "dv.target_id = t.id AND ";
  params_.push_back(SqlParam::Int(field.data_field_id));
  switch (cmp.op) {
    case FilterOp::kIn:
      sql_ += field.data_column;
      sql_ += " IN (";
      AppendPlaceholders(values->size());
      sql_ += "))";
      break;
    case FilterOp::kContains:
      sql_ += "INSTR(";
      sql_ += field.data_column;
      sql_ += ", ?) > 0)";
      break;
    default:
      sql_ += field.data_column;
      sql_ += ' ';
      sql_ += SqlOperator(cmp.op);
      sql_ += " ?)";
      break;
  }
  for (SqlParam& value : *values) params_.push_back(std::move(value));
}

// Users' `project`: whether the user takes part in the project(s).
Status Compiler::CompileMembership(const FilterComparison& cmp) {
  if (IsOrderingOp(cmp.op) || cmp.op == FilterOp::kContains) {
    return FilterError(cmp.op_column,
                       cmp.field +
                           " is project membership; only =, !=, in and is "
                           "[not] null apply");
  }
  for (const FilterValue& value : cmp.values) {
    SqlParam param;
    if (value.kind != FilterValue::Kind::kNumber ||
        value.text.find('.') != std::string::npos) {
      return FilterError(value.column,
                         cmp.field +
                             " is project membership; expected an "
                             "integer project id");
    }
    Status s = NumberParam(value, &param);
    if (!s.ok()) return s;
    params_.push_back(std::move(param));
  }
  switch (cmp.op) {
    case FilterOp::kIsNull:
      sql_ += "(NOT ";
      sql_ += kMembershipSql;
      sql_ += "))";
      break;
    case FilterOp::kIsNotNull:
      sql_ += '(';
      sql_ += kMembershipSql;
      sql_ += "))";
      break;
    case FilterOp::kIn:
      sql_ += '(';
      sql_ += kMembershipSql;
      sql_ += " AND fp.project_id IN (";
      AppendPlaceholders(cmp.values.size());
      sql_ += ")))";
      break;
    default:  // = and !=
      sql_ += cmp.op == FilterOp::kNe ? "(NOT " : "(";
      sql_ += kMembershipSql;
      sql_ += " AND fp.project_id = ?))";
      break;
  }
  return Status::OK();
}

Status Compiler::CheckOperator(const FilterComparison& cmp,
                               const FilterField& field) {
  if (cmp.op == FilterOp::kContains && field.type != FieldType::kString) {
    return FilterError(cmp.op_column, "'contains' needs a string field; " +
                                          FieldIs(cmp, field.type));
  }
  if (IsOrderingOp(cmp.op) && field.type == FieldType::kBoolean) {
    return FilterError(
        cmp.op_column,
        FieldIs(cmp, field.type) + "; only =, !=, in and is [not] null apply");
  }
  return Status::OK();
}

Status Compiler::ValueParam(const FilterComparison& cmp,
                            const FilterField& field, const FilterValue& value,
                            SqlParam* out) {
  using ValueKind = FilterValue::Kind;
  switch (field.type) {
    case FieldType::kInteger:
      if (value.kind != ValueKind::kNumber) {
        return FilterError(value.column,
                           FieldIs(cmp, field.type) + "; expected a number");
      }
      return NumberParam(value, out);
    case FieldType::kString:
      if (value.kind != ValueKind::kString) {
        return FilterError(
            value.column,
            FieldIs(cmp, field.type) + "; expected a string in double quotes");
      }
      *out =
          SqlParam::Text(field.email_key ? EmailKey(value.text) : value.text);
      return Status::OK();
    case FieldType::kDatetime: {
      int64_t micros;
      if (value.kind != ValueKind::kString) {
        return FilterError(value.column,
                           FieldIs(cmp, field.type) +
                               "; expected a datetime in double quotes, "
                               "such as \"2026-11-27T10:00:00Z\"");
      }
      if (!ParseRfc3339(value.text, &micros)) {
        return FilterError(value.column,
                           "invalid datetime for " + cmp.field +
                               "; expected RFC 3339 such as "
                               "\"2026-11-27T10:00:00Z\" or a date such as "
                               "\"2026-11-27\", years 1000 to 9999");
      }
      *out = SqlParam::Text(SqlDatetime(micros));
      return Status::OK();
    }
    case FieldType::kBoolean:
      if (value.kind != ValueKind::kBoolean) {
        return FilterError(value.column, FieldIs(cmp, field.type) +
                                             "; expected true or false");
      }
      *out = SqlParam::Int(value.text == "true" ? 1 : 0);
      return Status::OK();
  }
  return Status::Internal("unknown field type");
}

void Compiler::AppendField(const FilterField& field) {
  sql_ += field.sql;
  if (field.kind == FilterField::Kind::kData) {
    params_.push_back(SqlParam::Int(field.data_field_id));
  }
}

void Compiler::AppendPlaceholders(size_t n) {
  for (size_t i = 0; i < n; ++i) sql_ += i == 0 ? "?" : ", ?";
}

}  // namespace

Status CompileFilter(std::string_view text, const FilterContext& context,
                     CompiledFilter* out) {
  std::unique_ptr<FilterNode> root;
  Status s = ParseFilter(text, &root);
  if (!s.ok()) return s;
  CompiledFilter result;
  if (root == nullptr) {
    result.sql = "TRUE";
    *out = std::move(result);
    return Status::OK();
  }
  Compiler compiler(context);
  s = compiler.Compile(*root);
  if (!s.ok()) return s;
  result.normalized = FormatFilter(*root);
  // The normalised form is what gets stored and compiled again, so it has
  // to fit the limit too (it spaces out what was written tightly).
  if (result.normalized.size() > kMaxFilterBytes) {
    return FilterError(1, "filter longer than " +
                              std::to_string(kMaxFilterBytes) +
                              " bytes once normalised");
  }
  result.sql = std::move(compiler.sql());
  result.params = std::move(compiler.params());
  *out = std::move(result);
  return Status::OK();
}

}  // namespace earshot
