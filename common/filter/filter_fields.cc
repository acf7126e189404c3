#include "common/filter/filter_fields.h"

#include "common/filter/filter_error.h"

namespace earshot {

namespace {

struct Entry {
  TargetKind kind;
  const char* name;
  FieldType type;
  const char* sql;
  // Users' fields read from the participation under a project scope.
  const char* project_scope_sql;
};

constexpr Entry kFields[] = {
    {TargetKind::kUsers, "id", FieldType::kInteger, "t.id", nullptr},
    {TargetKind::kUsers, "email", FieldType::kString, "t.email_key", nullptr},
    {TargetKind::kUsers, "name", FieldType::kString, "t.name", nullptr},
    {TargetKind::kUsers, "status", FieldType::kString, "t.status", "pt.status"},
    {TargetKind::kUsers, "role", FieldType::kString, "t.role", nullptr},
    {TargetKind::kUsers, "score", FieldType::kInteger, "t.score", "pt.score"},
    {TargetKind::kUsers, "created", FieldType::kDatetime, "t.created_at",
     nullptr},
    {TargetKind::kFeedback, "id", FieldType::kInteger, "t.id", nullptr},
    {TargetKind::kFeedback, "project", FieldType::kInteger, "t.project_id",
     nullptr},
    {TargetKind::kFeedback, "kind", FieldType::kString, "t.kind", nullptr},
    {TargetKind::kFeedback, "status", FieldType::kString, "t.status", nullptr},
    {TargetKind::kFeedback, "title", FieldType::kString, "t.title", nullptr},
    {TargetKind::kFeedback, "popularity", FieldType::kInteger, "t.popularity",
     nullptr},
    {TargetKind::kFeedback, "created", FieldType::kDatetime, "t.created_at",
     nullptr},
    {TargetKind::kFeedback, "author.email", FieldType::kString,
     "(SELECT a.email_key FROM users a WHERE a.id = t.author_id)", nullptr},
    {TargetKind::kFeedback, "author.status", FieldType::kString,
     "(SELECT a.status FROM users a WHERE a.id = t.author_id)", nullptr},
    {TargetKind::kFeedback, "author.score", FieldType::kInteger,
     "(SELECT a.score FROM users a WHERE a.id = t.author_id)", nullptr},
    {TargetKind::kProjects, "id", FieldType::kInteger, "t.id", nullptr},
    {TargetKind::kProjects, "name", FieldType::kString, "t.name", nullptr},
    {TargetKind::kProjects, "status", FieldType::kString, "t.status", nullptr},
    {TargetKind::kProjects, "created", FieldType::kDatetime, "t.created_at",
     nullptr},
};

constexpr std::string_view kDataPrefix = "data.";

const char* DataValueSql(FieldType type) {
  switch (type) {
    case FieldType::kBoolean:
    case FieldType::kInteger:
      return "(SELECT dv.value_int FROM data_values dv"
             " WHERE dv.field_id = ? AND dv.target_id = t.id)";
    case FieldType::kDatetime:
      return "(SELECT dv.value_time FROM data_values dv"
             " WHERE dv.field_id = ? AND dv.target_id = t.id)";
    case FieldType::kString:
      break;
  }
  return "(SELECT dv.value_text FROM data_values dv"
         " WHERE dv.field_id = ? AND dv.target_id = t.id)";
}

// [A-Za-z][A-Za-z0-9_]*
bool IsDataName(std::string_view s) {
  auto letter = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  };
  if (s.empty() || !letter(s[0])) return false;
  for (char c : s) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '_') return false;
  }
  return true;
}

Status ResolveDataField(std::string_view name, int column,
                        const FilterContext& context, FilterField* out) {
  const std::string_view rest = name.substr(kDataPrefix.size());
  const size_t dot = rest.find('.');
  const std::string_view group = rest.substr(0, dot);
  const std::string_view label =
      dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  if (!IsDataName(group) || !IsDataName(label)) {
    return FilterError(column, "malformed data field " + QuoteFilterText(name) +
                                   "; expected data.GROUP.LABEL");
  }
  DataFieldRef ref;
  if (!context.lookup_data_field ||
      !context.lookup_data_field(group, label, &ref)) {
    return FilterError(column, "unknown data field " + QuoteFilterText(rest));
  }
  out->kind = FilterField::Kind::kData;
  out->type = ref.type;
  out->sql = DataValueSql(ref.type);
  out->data_field_id = ref.field_id;
  out->data_column = ref.type == FieldType::kDatetime ? "dv.value_time"
                     : ref.type == FieldType::kString ? "dv.value_text"
                                                      : "dv.value_int";
  return Status::OK();
}

}  // namespace

Status ResolveFilterField(std::string_view name, int column,
                          const FilterContext& context, FilterField* out) {
  *out = FilterField();
  if (name.starts_with(kDataPrefix)) {
    return ResolveDataField(name, column, context, out);
  }
  if (context.kind == TargetKind::kUsers && name == "project") {
    out->kind = FilterField::Kind::kMembership;
    out->type = FieldType::kInteger;
    return Status::OK();
  }
  for (const Entry& entry : kFields) {
    if (entry.kind != context.kind || name != entry.name) continue;
    out->type = entry.type;
    out->email_key = name == "email" || name == "author.email";
    out->sql = context.project_scope && entry.project_scope_sql != nullptr
                   ? entry.project_scope_sql
                   : entry.sql;
    return Status::OK();
  }
  return FilterError(column, "unknown field " + QuoteFilterText(name));
}

}  // namespace earshot
