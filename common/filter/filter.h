// The listener filter language: a small boolean language over a target's
// fields, compiled to a parameterised SQL expression. A listener with a
// filter leaves alone the targets that do not match it.
//
//   expr  := term { "or" term }
//   term  := fact { "and" fact }
//   fact  := "not" fact | "(" expr ")" | cmp
//   cmp   := FIELD OP VALUE | FIELD "in" "(" VALUE { "," VALUE } ")"
//          | FIELD "is" ["not"] "null" | FIELD "contains" STRING
//   OP    := "=" | "!=" | "<" | "<=" | ">" | ">="
//   VALUE := STRING | NUMBER | "true" | "false"
//
// Keywords are case-insensitive; field names are not. Logic is two-valued:
// a comparison with a missing value is false and `not` is plain negation.
//
// Safety: the SQL produced is built only from fixed fragments of this
// module and `?` placeholders. No value, field name, group or label from
// the filter text ever reaches it; values travel in `params`.
//
// Thread-safety: CompileFilter is a pure function of its arguments; it
// calls context.lookup_data_field on the calling thread.

#ifndef EARSHOT_COMMON_FILTER_FILTER_H_
#define EARSHOT_COMMON_FILTER_FILTER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/sql_param.h"

namespace earshot {

constexpr size_t kMaxFilterBytes = 4096;
// Parentheses and `not` together, along any path.
constexpr int kMaxFilterDepth = 32;
constexpr int kMaxFilterInValues = 100;
constexpr int kMaxFilterComparisons = 64;

struct DataFieldRef {
  int64_t field_id;
  FieldType type;
};

// Finds external data field GROUP.LABEL among the fields of the target kind
// being filtered; false if none.
using DataFieldLookup = std::function<bool(
    std::string_view group, std::string_view label, DataFieldRef* out)>;

struct FilterContext {
  TargetKind kind;
  bool project_scope = false;  // a listener with scope project:ID
  DataFieldLookup lookup_data_field;
};

// The embedding query names the filtered table `t` and, for users of a
// listener with project scope only, the joined participation `pt`:
//
//   SELECT t.id, (<sql>) AS matched FROM <table> t
//     [JOIN participations pt ON pt.user_id = t.id AND pt.project_id = ?]
//   WHERE ...
//
// The filter sits in the select list, so its params are bound before any
// `?` of the JOIN and WHERE clauses.
struct CompiledFilter {
  std::string sql;               // never NULL; "TRUE" for an empty filter
  std::vector<SqlParam> params;  // bound to the `?` in sql, in order
  std::string normalized;        // canonical text; "" for an empty filter
};

// Parses, type-checks and compiles `text`. Empty or all-blank text is the
// empty filter (matches all). On error returns
// Status::Invalid("column N: <what was expected or wrong>"), N being the
// 1-based column counted in UTF-8 characters, and leaves *out alone.
// Compiling `normalized` again gives the same result.
Status CompileFilter(std::string_view text, const FilterContext& context,
                     CompiledFilter* out);

}  // namespace earshot

#endif  // EARSHOT_COMMON_FILTER_FILTER_H_
