#include "common/reports/target_list.h"

#include "common/base/datetime.h"
#include "common/reports/target_set.h"

namespace earshot {

namespace {

struct BaseColumn {
  TargetKind kind;
  const char* name;
  FieldType type;
  const char* sql;
  const char* project_sql;  // users under a project: the participation's
};

constexpr BaseColumn kColumns[] = {
    {TargetKind::kUsers, "id", FieldType::kInteger, "t.id", nullptr},
    {TargetKind::kUsers, "email", FieldType::kString, "t.email", nullptr},
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
    {TargetKind::kFeedback, "author", FieldType::kString,
     "(SELECT a.email FROM users a WHERE a.id = t.author_id)", nullptr},
};

std::string ColumnSql(const BaseColumn& c, bool project_scope) {
  return project_scope && c.project_sql != nullptr ? c.project_sql : c.sql;
}

std::string DataSql(const DataFieldName& f) {
  return std::string("(SELECT dv.") + DataValueColumn(f.type) +
         " FROM data_values dv WHERE dv.field_id = ? AND dv.target_id = t.id)";
}

std::string ColumnNames(TargetKind kind) {
  std::string names;
  for (const ListColumn& c : TargetColumns(kind)) {
    names += (names.empty() ? "" : ", ") + c.name;
  }
  return names;
}

}  // namespace

ReportValue ReadReportValue(const Row& row, size_t col, FieldType type) {
  ReportValue v;
  v.type = type;
  v.set = !row.IsNull(col);
  if (!v.set) return v;
  switch (type) {
    case FieldType::kBoolean:
    case FieldType::kInteger:
      v.number = row.Int(col);
      break;
    case FieldType::kDatetime:
      if (!ParseSqlDatetime(row.Text(col), &v.number)) v.set = false;
      break;
    case FieldType::kString:
      v.text = row.Text(col);
      break;
  }
  return v;
}

std::vector<ListColumn> TargetColumns(TargetKind kind) {
  std::vector<ListColumn> columns;
  for (const BaseColumn& c : kColumns) {
    if (c.kind == kind) columns.push_back({c.name, c.type, false});
  }
  return columns;
}

Status ListTargets(Connection* db, const ListRequest& request, ListPage* page) {
  const TargetKind kind = request.kind;
  if (kind == TargetKind::kProjects) {
    return Status::Invalid("lists are of users or feedback");
  }
  if (kind == TargetKind::kFeedback && request.project_id == 0) {
    return Status::Invalid("feedback is listed per project: give --project");
  }
  if (request.limit < 1 || request.limit > kMaxListLimit) {
    return Status::Invalid("--limit is 1 to " + std::to_string(kMaxListLimit));
  }
  if (request.offset < 0) return Status::Invalid("--offset is 0 or more");
  if (request.fields.size() > kMaxListFields) {
    return Status::Invalid("at most " + std::to_string(kMaxListFields) +
                           " data fields");
  }
  TargetSet set;
  Status s = MakeTargetSet(db, kind, request.project_id, request.filter, &set);
  if (!s.ok()) return s;
  const bool project_scope = kind == TargetKind::kUsers && request.project_id;

  ListPage result;
  std::string select;
  std::vector<SqlParam> params;
  for (const BaseColumn& c : kColumns) {
    if (c.kind != kind) continue;
    select += (select.empty() ? "" : ", ") + ColumnSql(c, project_scope);
    result.columns.push_back({c.name, c.type, false});
  }
  for (const std::string& name : request.fields) {
    TargetKind k = kind;
    DataFieldName f;
    s = FindDataFieldName(db, name, false, &k, &f);
    if (!s.ok()) return s;
    select += ", " + DataSql(f);
    params.push_back(SqlParam::Int(f.field_id));
    result.columns.push_back({f.name(), f.type, true});
  }

  // ORDER BY: a column, or a data field (shown or not), read by a LEFT
  // JOIN so that it is read once per target.
  std::string order, order_join;
  std::vector<SqlParam> order_params;
  for (const BaseColumn& c : kColumns) {
    if (c.kind == kind && request.sort == c.name) {
      order = ColumnSql(c, project_scope);
    }
  }
  if (order.empty()) {
    if (request.sort.find('.') == std::string::npos) {
      return Status::Invalid("cannot sort by '" + request.sort +
                             "'; expected one of " + ColumnNames(kind) +
                             " or GROUP.LABEL");
    }
    TargetKind k = kind;
    DataFieldName f;
    s = FindDataFieldName(db, request.sort, false, &k, &f);
    if (!s.ok()) return s;
    order = std::string("ds.") + DataValueColumn(f.type);
    order_join =
        " LEFT JOIN data_values ds ON ds.field_id = ? AND ds.target_id = t.id";
    order_params.push_back(SqlParam::Int(f.field_id));
  }
  const char* dir = request.descending ? " DESC" : "";

  // The page's ids first (the set's total alongside, from the same pass),
  // then the shown columns for those ids only: the data columns' lookups
  // and the filter are not paid for rows the page skips.
  // Over a whole kind, the count alone is a cheaper index scan than the
  // window over every row, and ORDER BY id LIMIT can stop early.
  std::string sql = "SELECT " + select + ", p.total FROM (SELECT t.id, " +
                    order + " AS k, " + (set.whole ? "0" : "COUNT(*) OVER ()") +
                    " AS total FROM " + set.from + order_join + " WHERE " +
                    set.where + " ORDER BY k" + dir + ", t.id" + dir +
                    " LIMIT ? OFFSET ?) p JOIN " + set.from +
                    " WHERE t.id = p.id ORDER BY p.k" + dir + ", p.id" + dir;
  for (const SqlParam& p : set.from_params) params.push_back(p);
  for (const SqlParam& p : order_params) params.push_back(p);
  for (const SqlParam& p : set.where_params) params.push_back(p);
  params.push_back(SqlParam::Int(request.limit));
  params.push_back(SqlParam::Int(request.offset));
  for (const SqlParam& p : set.from_params) params.push_back(p);
  QueryResult r;
  s = db->Run(sql, params, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    std::vector<ReportValue> values;
    for (size_t i = 0; i < result.columns.size(); ++i) {
      values.push_back(ReadReportValue(row, i, result.columns[i].type));
    }
    result.rows.push_back(std::move(values));
  }
  if (!set.whole && !r.rows.empty()) {
    result.total = r.rows[0].Int(result.columns.size());
    *page = std::move(result);
    return Status::OK();
  }

  // Over a whole kind, or past the last page (no row carries the total).
  std::vector<SqlParam> count_params = set.from_params;
  for (const SqlParam& p : set.where_params) count_params.push_back(p);
  QueryResult c;
  s = db->Run("SELECT COUNT(*) FROM " + set.from + " WHERE " + set.where,
              count_params, &c);
  if (!s.ok()) return s;
  result.total = c.rows.empty() ? 0 : c.rows[0].Int(0);
  *page = std::move(result);
  return Status::OK();
}

}  // namespace earshot
