#include "common/reports/target_set.h"

#include "common/store/listener.h"
#include "common/store/lookup.h"

namespace earshot {

Status MakeTargetSet(Connection* db, TargetKind kind, int64_t project_id,
                     std::string_view filter, TargetSet* set) {
  TargetSet result;
  result.kind = kind;
  result.project_id = project_id;
  if (project_id != 0) {
    if (kind == TargetKind::kProjects) {
      return Status::Invalid(
          "a project's data is reported over all projects; "
          "leave --project out");
    }
    Status s = CheckProjectExists(db, project_id);
    if (!s.ok()) return s;
  }
  const bool project_scope = kind == TargetKind::kUsers && project_id != 0;
  Status s =
      CompileListenerFilter(db, kind, project_scope, filter, &result.filter);
  if (!s.ok()) return s;
  switch (kind) {
    case TargetKind::kUsers:
      result.from = "users t";
      if (project_scope) {
        result.from +=
            " JOIN participations pt ON pt.user_id = t.id AND "
            "pt.project_id = ?";
        result.from_params.push_back(SqlParam::Int(project_id));
      }
      result.where = "t.status <> 'deleted'";
      break;
    case TargetKind::kFeedback:
      result.from = "feedback t";
      result.where = "TRUE";
      if (project_id != 0) {
        result.where = "t.project_id = ?";
        result.where_params.push_back(SqlParam::Int(project_id));
      }
      break;
    case TargetKind::kProjects:
      result.from = "projects t";
      result.where = "TRUE";
      break;
  }
  result.whole = project_id == 0 && result.filter.normalized.empty();
  result.where += " AND " + result.filter.sql;
  for (const SqlParam& p : result.filter.params) {
    result.where_params.push_back(p);
  }
  *set = std::move(result);
  return Status::OK();
}

Status FindDataFieldName(Connection* db, std::string_view name, bool any_kind,
                         TargetKind* kind, DataFieldName* out) {
  const size_t dot = name.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) {
    return Status::Invalid("'" + std::string(name) +
                           "' is not a data field; expected GROUP.LABEL");
  }
  DataFieldName f;
  f.group = std::string(name.substr(0, dot));
  f.label = std::string(name.substr(dot + 1));
  std::string sql =
      "SELECT f.id, f.type, f.param, g.target FROM data_fields f "
      "JOIN data_groups g ON g.id = f.group_id "
      "WHERE g.name = ? AND f.label = ?";
  std::vector<SqlParam> params = {SqlParam::Text(f.group),
                                  SqlParam::Text(f.label)};
  if (!any_kind) {
    sql += " AND g.target = ?";
    params.push_back(SqlParam::Text(TargetKindName(*kind)));
  }
  QueryResult r;
  Status s =
      QueryOne(db, sql, params,
               "no data field " + f.name() +
                   (any_kind ? std::string()
                             : std::string(" for ") + TargetKindName(*kind)),
               &r);
  if (!s.ok()) return s;
  const Row& row = r.rows[0];
  f.field_id = row.Int(0);
  if (!ParseFieldType(row.Text(1), &f.type)) {
    return Status::Internal("data field with an unknown type");
  }
  f.param = row.Text(2);
  if (any_kind && !ParseTargetKind(row.Text(3), kind)) {
    return Status::Internal("data group with an unknown target");
  }
  *out = std::move(f);
  return Status::OK();
}

const char* DataValueColumn(FieldType type) {
  switch (type) {
    case FieldType::kBoolean:
    case FieldType::kInteger:
      return "value_int";
    case FieldType::kDatetime:
      return "value_time";
    case FieldType::kString:
      break;
  }
  return "value_text";
}

}  // namespace earshot
