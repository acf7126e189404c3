#include "common/targets.h"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "common/sql_text.h"

namespace earshot {

namespace {

// The collation each identifier is compared in: emails without regard to
// case (like users.email), everything else exactly (like value_text).
const char* IdentifierColumn(IdentifyAttribute attribute) {
  switch (attribute) {
    case IdentifyAttribute::kId:
      return "SELECT ? AS k";
    case IdentifyAttribute::kEmail:
      return "SELECT CAST(? AS CHAR CHARACTER SET utf8mb4) COLLATE "
             "utf8mb4_unicode_nopad_ci AS k";
    case IdentifyAttribute::kData:
      return "SELECT CAST(? AS CHAR CHARACTER SET utf8mb4) COLLATE "
             "utf8mb4_nopad_bin AS k";
  }
  return "SELECT ? AS k";
}

}  // namespace

std::string TargetQuery(const Listener& l, int count) {
  const char* table = TargetTable(l.target);
  std::string sql = "SELECT t.id, ids.k, " + l.filter.sql + " FROM (" +
                    Repeat(IdentifierColumn(l.identify.attribute), count,
                           " UNION ALL ") +
                    ") ids ";
  switch (l.identify.attribute) {
    case IdentifyAttribute::kId:
      sql += "JOIN " + std::string(table) + " t ON t.id = ids.k ";
      break;
    case IdentifyAttribute::kEmail:
      sql += "JOIN users t ON t.email = ids.k ";
      break;
    case IdentifyAttribute::kData:
      sql += "JOIN data_values dv ON dv.field_id = ? AND dv.value_text = ids.k "
             "JOIN " + std::string(table) + " t ON t.id = dv.target_id ";
      break;
  }
  if (l.target == TargetKind::kUsers && l.project_scoped()) {
    sql += "JOIN participations pt ON pt.user_id = t.id AND pt.project_id = ? ";
  }
  switch (l.target) {
    case TargetKind::kUsers:
      sql += "WHERE t.status <> 'deleted' ";
      break;
    case TargetKind::kFeedback:
      sql += l.project_scoped() ? "WHERE t.project_id = ? " : "WHERE TRUE ";
      break;
    case TargetKind::kProjects:
      sql += l.project_scoped() ? "WHERE t.id = ? " : "WHERE TRUE ";
      break;
  }
  return sql + "ORDER BY t.id FOR UPDATE";
}

Status FindTargets(Connection* db, const Listener& l,
                   const std::vector<std::string>& identifiers,
                   std::vector<Target>* found,
                   std::vector<std::string>* not_found) {
  // Parameters in the order their `?` appear in TargetQuery.
  std::vector<SqlParam> params = l.filter.params;
  for (const std::string& identifier : identifiers) {
    if (l.identify.attribute == IdentifyAttribute::kId) {
      int64_t id = 0;
      std::from_chars(identifier.data(), identifier.data() + identifier.size(),
                      id);
      params.push_back(SqlParam::Int(id));
    } else {
      params.push_back(SqlParam::Text(identifier));
    }
  }
  if (l.identify.attribute == IdentifyAttribute::kData) {
    params.push_back(SqlParam::Int(l.identify.data_field_id));
  }
  if (l.project_scoped()) params.push_back(SqlParam::Int(l.scope_project_id));

  QueryResult r;
  Status s = db->Run(
      TargetQuery(l, static_cast<int>(identifiers.size())), params, &r);
  if (!s.ok()) return s;

  found->clear();
  not_found->clear();
  std::unordered_set<int64_t> seen_targets;
  std::unordered_set<std::string> seen_identifiers;
  for (const Row& row : r.rows) {
    seen_identifiers.insert(row.Text(1));
    if (!seen_targets.insert(row.Int(0)).second) continue;
    found->push_back({row.Int(0), row.Text(1), row.Int(2) != 0});
  }
  for (const std::string& identifier : identifiers) {
    if (!seen_identifiers.count(identifier)) not_found->push_back(identifier);
  }
  return Status::OK();
}

}  // namespace earshot
