// Fuzzes the filter language: lexer, parser, printer and compiler. The
// input is the filter text. A filter that parses prints a normal form that
// parses to the same normal form; one that compiles compiles again from
// its normal form to the same SQL and parameters, with one parameter per
// placeholder.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/filter/filter.h"
#include "common/filter/filter_ast.h"
#include "common/filter/filter_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace earshot {
namespace {

struct FakeDataField {
  TargetKind kind;
  std::string_view group;
  std::string_view label;
  int64_t id;
  FieldType type;
};

// As in tests/unit/filter_test_util.h.
constexpr FakeDataField kFakeDataFields[] = {
    {TargetKind::kUsers, "Usage", "Sessions", 11, FieldType::kInteger},
    {TargetKind::kUsers, "Usage", "Active", 12, FieldType::kBoolean},
    {TargetKind::kUsers, "Usage", "LastSeen", 13, FieldType::kDatetime},
    {TargetKind::kUsers, "Usage", "Plan", 14, FieldType::kString},
    {TargetKind::kFeedback, "Jira", "Key", 21, FieldType::kString},
    {TargetKind::kFeedback, "Jira", "Votes", 22, FieldType::kInteger},
    {TargetKind::kProjects, "Billing", "Paid", 31, FieldType::kBoolean},
};

FilterContext Context(TargetKind kind, bool project_scope) {
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

size_t CountPlaceholders(const std::string& sql) {
  size_t n = 0;
  for (char c : sql) n += c == '?';
  return n;
}

}  // namespace
}  // namespace earshot

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  std::unique_ptr<FilterNode> tree;
  if (ParseFilter(text, &tree).ok() && tree != nullptr) {
    std::string normal = FormatFilter(*tree);
    std::unique_ptr<FilterNode> again;
    Status s = ParseFilter(normal, &again);
    // The normal form may outgrow the size limit; otherwise it parses.
    if (normal.size() <= kMaxFilterBytes) {
      FUZZ_CHECK(s.ok());
      FUZZ_CHECK(again != nullptr);
      FUZZ_CHECK(FormatFilter(*again) == normal);
    }
  }

  static const FilterContext kContexts[] = {
      Context(TargetKind::kUsers, false),
      Context(TargetKind::kUsers, true),
      Context(TargetKind::kFeedback, false),
      Context(TargetKind::kProjects, false),
  };
  for (const FilterContext& context : kContexts) {
    CompiledFilter first;
    Status s = CompileFilter(text, context, &first);
    if (!s.ok()) {
      FUZZ_CHECK(s.IsInvalid());
      continue;
    }
    FUZZ_CHECK(CountPlaceholders(first.sql) == first.params.size());
    if (first.normalized.empty()) continue;
    CompiledFilter second;
    FUZZ_CHECK(CompileFilter(first.normalized, context, &second).ok());
    FUZZ_CHECK(second.normalized == first.normalized);
    FUZZ_CHECK(second.sql == first.sql);
    FUZZ_CHECK(second.params == first.params);
  }
  return 0;
}
