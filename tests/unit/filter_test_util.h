// Helpers shared by the filter tests: contexts with a fake data field
// catalogue, and short ways to compile or to get the error.

#ifndef EARSHOT_TESTS_UNIT_FILTER_TEST_UTIL_H_
#define EARSHOT_TESTS_UNIT_FILTER_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/filter/filter.h"
#include "common/store/sql_param.h"

namespace earshot {

// So that gtest prints params readably.
inline void PrintTo(const SqlParam& p, std::ostream* os) {
  switch (p.kind) {
    case SqlParam::Kind::kNull:
      *os << "Null";
      break;
    case SqlParam::Kind::kInt:
      *os << "Int(" << p.i << ")";
      break;
    case SqlParam::Kind::kDouble:
      *os << "Double(" << p.d << ")";
      break;
    case SqlParam::Kind::kText:
      *os << "Text(\"" << p.s << "\")";
      break;
    case SqlParam::Kind::kBlob:
      *os << "Blob(" << p.s.size() << " bytes)";
      break;
  }
}

namespace filter_test {

struct FakeDataField {
  TargetKind kind;
  std::string_view group;
  std::string_view label;
  int64_t id;
  FieldType type;
};

constexpr FakeDataField kFakeDataFields[] = {
    {TargetKind::kUsers, "Usage", "Sessions", 11, FieldType::kInteger},
    {TargetKind::kUsers, "Usage", "Active", 12, FieldType::kBoolean},
    {TargetKind::kUsers, "Usage", "LastSeen", 13, FieldType::kDatetime},
    {TargetKind::kUsers, "Usage", "Plan", 14, FieldType::kString},
    {TargetKind::kFeedback, "Jira", "Key", 21, FieldType::kString},
    {TargetKind::kFeedback, "Jira", "Votes", 22, FieldType::kInteger},
    {TargetKind::kProjects, "Billing", "Paid", 31, FieldType::kBoolean},
};

// A context whose data fields are kFakeDataFields of `kind`.
inline FilterContext Context(TargetKind kind, bool project_scope = false) {
  FilterContext context;
  context.kind = kind;
  context.project_scope = project_scope;
  context.lookup_data_field = [kind](std::string_view group,
                                     std::string_view label,
                                     DataFieldRef* out) {
    for (const FakeDataField& f : kFakeDataFields) {
      if (f.kind == kind && f.group == group && f.label == label) {
        *out = {f.id, f.type};
        return true;
      }
    }
    return false;
  };
  return context;
}

inline FilterContext Users(bool project_scope = false) {
  return Context(TargetKind::kUsers, project_scope);
}
inline FilterContext Feedback() { return Context(TargetKind::kFeedback); }
inline FilterContext Projects() { return Context(TargetKind::kProjects); }

// Compiles `text`, failing the test when it does not compile.
inline CompiledFilter Compile(std::string_view text,
                              const FilterContext& context = Users()) {
  CompiledFilter out;
  Status s = CompileFilter(text, context, &out);
  EXPECT_TRUE(s.ok()) << "filter: " << text << "\n" << s.ToString();
  return out;
}

// The error message for `text`, or "OK" when it compiles. Errors must be
// Invalid.
inline std::string Error(std::string_view text,
                         const FilterContext& context = Users()) {
  CompiledFilter out;
  Status s = CompileFilter(text, context, &out);
  if (s.ok()) return "OK";
  EXPECT_TRUE(s.IsInvalid()) << s.ToString();
  return s.message();
}

}  // namespace filter_test
}  // namespace earshot

#endif  // EARSHOT_TESTS_UNIT_FILTER_TEST_UTIL_H_
