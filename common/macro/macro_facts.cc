#include "common/macro/macro_facts.h"

#include <unordered_map>

#include "common/store/sql_text.h"

namespace earshot {

namespace {

std::vector<SqlParam> Ids(const std::vector<int64_t>& ids) {
  std::vector<SqlParam> params;
  for (int64_t id : ids) params.push_back(SqlParam::Int(id));
  return params;
}

TagValue TextOrNull(const Row& row, size_t col) {
  return row.IsNull(col) ? TagValue::Null() : TagValue::String(row.Text(col));
}

TagValue IntOrNull(const Row& row, size_t col) {
  return row.IsNull(col) ? TagValue::Null() : TagValue::Number(row.Int(col));
}

}  // namespace

Status LoadTagValues(Connection* db, const MacroScope& scope,
                     const std::vector<int64_t>& data_fields,
                     const std::vector<int64_t>& targets,
                     std::vector<TagValues>* values) {
  values->assign(targets.size(), TagValues());
  if (targets.empty()) return Status::OK();
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < targets.size(); ++i) {
    index[targets[i]] = i;
    (*values)[i].payload = scope.payload;
    (*values)[i].facts["macro.name"] = TagValue::String(scope.macro_name);
  }
  const std::string in =
      "(" + Placeholders(static_cast<int>(targets.size())) + ")";
  std::vector<SqlParam> params;
  std::string sql;
  if (scope.kind == TargetKind::kUsers && scope.project_id == 0) {
    sql =
        "SELECT u.id, u.email, u.name, u.status, u.score, NULL "
        "FROM users u WHERE u.id IN " +
        in;
  } else if (scope.kind == TargetKind::kUsers) {
    sql =
        "SELECT u.id, u.email, u.name, p.status, p.score, pr.name "
        "FROM users u JOIN participations p ON p.user_id = u.id AND "
        "p.project_id = ? JOIN projects pr ON pr.id = p.project_id "
        "WHERE u.id IN " +
        in;
    params.push_back(SqlParam::Int(scope.project_id));
  } else {
    sql =
        "SELECT f.id, f.title, f.status, f.kind, f.popularity, pr.name, "
        "a.id, a.email, a.name, a.status, a.score FROM feedback f "
        "JOIN projects pr ON pr.id = f.project_id "
        "JOIN users a ON a.id = f.author_id WHERE f.id IN " +
        in;
  }
  std::vector<SqlParam> ids = Ids(targets);
  params.insert(params.end(), ids.begin(), ids.end());
  QueryResult r;
  Status s = db->Run(sql, params, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    auto it = index.find(row.Int(0));
    if (it == index.end()) continue;
    auto& f = (*values)[it->second].facts;
    if (scope.kind == TargetKind::kUsers) {
      f["user.id"] = TagValue::Number(row.Int(0));
      f["user.email"] = TextOrNull(row, 1);
      f["user.name"] = TextOrNull(row, 2);
      f["user.status"] = TextOrNull(row, 3);
      f["user.score"] = IntOrNull(row, 4);
      f["project.name"] = TextOrNull(row, 5);
    } else {
      f["feedback.id"] = TagValue::Number(row.Int(0));
      f["feedback.title"] = TextOrNull(row, 1);
      f["feedback.status"] = TextOrNull(row, 2);
      f["feedback.kind"] = TextOrNull(row, 3);
      f["feedback.popularity"] = IntOrNull(row, 4);
      f["project.name"] = TextOrNull(row, 5);
      f["author.id"] = IntOrNull(row, 6);
      f["author.email"] = TextOrNull(row, 7);
      f["author.name"] = TextOrNull(row, 8);
      f["author.status"] = TextOrNull(row, 9);
      f["author.score"] = IntOrNull(row, 10);
    }
  }
  if (data_fields.empty()) return Status::OK();

  params = Ids(data_fields);
  params.insert(params.end(), ids.begin(), ids.end());
  r = QueryResult();
  s = db->Run(
      "SELECT v.target_id, v.field_id, f.type, v.value_int, v.value_text "
      "FROM data_values v JOIN data_fields f ON f.id = v.field_id "
      "WHERE v.field_id IN (" +
          Placeholders(static_cast<int>(data_fields.size())) +
          ") AND v.target_id IN " + in,
      params, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    auto it = index.find(row.Int(0));
    if (it == index.end()) continue;
    const std::string& type = row.Text(2);
    TagValue v = TagValue::String(row.Text(4));
    if (type == "integer") v = TagValue::Number(row.Int(3));
    if (type == "boolean") v = TagValue::Bool(row.Int(3) != 0);
    (*values)[it->second].data[row.Int(1)] = std::move(v);
  }
  return Status::OK();
}

Status LoadFollowerEmails(Connection* db, const std::vector<int64_t>& tickets,
                          std::map<int64_t, std::vector<std::string>>* emails) {
  emails->clear();
  if (tickets.empty()) return Status::OK();
  QueryResult r;
  Status s = db->Run(
      "SELECT fo.feedback_id, u.email FROM followers fo "
      "JOIN users u ON u.id = fo.user_id WHERE fo.feedback_id IN (" +
          Placeholders(static_cast<int>(tickets.size())) +
          ") AND u.email IS NOT NULL AND u.status = 'active' "
          "ORDER BY fo.feedback_id, u.id",
      Ids(tickets), &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) (*emails)[row.Int(0)].push_back(row.Text(1));
  return Status::OK();
}

}  // namespace earshot
