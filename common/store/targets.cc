#include "common/store/targets.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "common/base/email.h"
#include "common/store/sql_text.h"

namespace earshot {

namespace {

// How each identifier is compared: emails as their EmailKey, byte for byte
// like users.email_key (VARBINARY); data values exactly like value_text.
const char* IdentifierColumn(IdentifyAttribute attribute) {
  switch (attribute) {
    case IdentifyAttribute::kId:
      return "SELECT ? AS k";
    case IdentifyAttribute::kEmail:
      return "SELECT CAST(? AS BINARY) AS k";
    case IdentifyAttribute::kData:
      return "SELECT CAST(? AS CHAR CHARACTER SET utf8mb4) COLLATE "
             "utf8mb4_nopad_bin AS k";
  }
  return "SELECT ? AS k";
}

// What the query compares: an email's EmailKey, else the identifier.
std::string IdentifierKey(const Listener& l, const std::string& identifier) {
  return l.identify.attribute == IdentifyAttribute::kEmail
             ? EmailKey(identifier)
             : identifier;
}

SqlParam IdentifierParam(const Listener& l, const std::string& identifier) {
  if (l.identify.attribute == IdentifyAttribute::kEmail) {
    return SqlParam::Text(EmailKey(identifier));
  }
  if (l.identify.attribute != IdentifyAttribute::kId) {
    return SqlParam::Text(identifier);
  }
  int64_t id = 0;
  std::from_chars(identifier.data(), identifier.data() + identifier.size(), id);
  return SqlParam::Int(id);
}

// The scope's join and condition, shared by both query shapes.
std::string ScopeJoin(const Listener& l) {
  return l.target == TargetKind::kUsers && l.project_scoped()
             ? "JOIN participations pt ON pt.user_id = t.id AND "
               "pt.project_id = ? "
             : "";
}

std::string ScopeCondition(const Listener& l) {
  switch (l.target) {
    case TargetKind::kUsers:
      return "t.status <> 'deleted'";
    case TargetKind::kFeedback:
      return l.project_scoped() ? "t.project_id = ?" : "TRUE";
    case TargetKind::kProjects:
      return l.project_scoped() ? "t.id = ?" : "TRUE";
  }
  return "TRUE";
}

// The listener the query was built from is still the configured one: its
// config version is the current one (the last `?`). Uncorrelated, so
// evaluated once per execution; a subquery takes no lock even inside FOR
// UPDATE, so deliveries never queue on config_state's row. The event row
// is then written without checking again (event_log.h).
constexpr char kConfigIsCurrent[] =
    " AND (SELECT version FROM config_state WHERE id = 1) = ?";

}  // namespace

// MariaDB caches a correlated subquery's results (author.*, data.* filter
// fields) in a temporary table made and dropped by every execution; the
// targets query runs each subquery once or twice, so the cache is only that
// cost (measured: ~8 us of mariadbd and one temporary table per data
// delivery). The delivery pipeline's sessions have it off (Pipeline::
// Connect; `SET STATEMENT ... FOR` on each query cost another 30-45 us).
// The subquery stays, unlocked: a join inside FOR UPDATE would lock the
// author's user row too (a user listener's delivery would wait, and two
// macro deliveries scoring one author would deadlock).
void BuildTargetQuery(const Listener& l,
                      const std::vector<std::string>& identifiers,
                      std::string* sql, std::vector<SqlParam>* params,
                      const char* column) {
  // The asked-for column follows the filter's, after its parameters.
  const std::string extra = column != nullptr ? std::string(", ") + column : "";
  const std::string table = TargetTable(l.target);
  const int count = static_cast<int>(identifiers.size());
  // Parameters in the order their `?` appear: the filter's (select list),
  // then the FROM clause's, then the WHERE clause's.
  *params = l.filter.params;
  if (count == 1) {
    // One identifier, the common case: no derived table to build and sort.
    *sql = "SELECT t.id, NULL, " + l.filter.sql + extra + " FROM ";
    std::string match;
    switch (l.identify.attribute) {
      case IdentifyAttribute::kId:
        *sql += table + " t ";
        match = "t.id = ?";
        break;
      case IdentifyAttribute::kEmail:
        *sql += "users t ";
        match = "t.email_key = ?";
        break;
      case IdentifyAttribute::kData:
        *sql += "data_values dv JOIN " + table + " t ON t.id = dv.target_id ";
        match = "dv.field_id = ? AND dv.value_text = ?";
        break;
    }
    // No ORDER BY: an id or email names one row, and a data value's rows
    // come from an index ordered by target id (its own, the primary key's
    // or the project's); sorting the one row cost a filesort (~17 us of
    // mariadbd). FindTargets sorts what it returns, and a plan that ever
    // locked in another order would meet a deadlock, which is retried.
    *sql += ScopeJoin(l) + "WHERE " + match + " AND " + ScopeCondition(l) +
            kConfigIsCurrent + " FOR UPDATE";
    if (l.target == TargetKind::kUsers && l.project_scoped()) {
      params->push_back(SqlParam::Int(l.scope_project_id));
    }
    if (l.identify.attribute == IdentifyAttribute::kData) {
      params->push_back(SqlParam::Int(l.identify.data_field_id));
    }
    params->push_back(IdentifierParam(l, identifiers[0]));
    if (l.target != TargetKind::kUsers && l.project_scoped()) {
      params->push_back(SqlParam::Int(l.scope_project_id));
    }
    params->push_back(SqlParam::Int(l.config_version));
    return;
  }

  *sql = "SELECT t.id, ids.k, " + l.filter.sql + extra + " FROM (" +
         Repeat(IdentifierColumn(l.identify.attribute), count, " UNION ALL ") +
         ") ids ";
  switch (l.identify.attribute) {
    case IdentifyAttribute::kId:
      *sql += "JOIN " + table + " t ON t.id = ids.k ";
      break;
    case IdentifyAttribute::kEmail:
      *sql += "JOIN users t ON t.email_key = ids.k ";
      break;
    case IdentifyAttribute::kData:
      *sql +=
          "JOIN data_values dv ON dv.field_id = ? AND dv.value_text = ids.k "
          "JOIN " +
          table + " t ON t.id = dv.target_id ";
      break;
  }
  *sql += ScopeJoin(l) + "WHERE " + ScopeCondition(l) + kConfigIsCurrent +
          " ORDER BY t.id FOR UPDATE";
  for (const std::string& identifier : identifiers) {
    params->push_back(IdentifierParam(l, identifier));
  }
  if (l.identify.attribute == IdentifyAttribute::kData) {
    params->push_back(SqlParam::Int(l.identify.data_field_id));
  }
  if (l.project_scoped()) params->push_back(SqlParam::Int(l.scope_project_id));
  params->push_back(SqlParam::Int(l.config_version));
}

Status FindTargets(Connection* db, const Listener& l,
                   const std::vector<std::string>& identifiers,
                   std::vector<Target>* found,
                   std::vector<std::string>* not_found, bool* config_changed,
                   const char* column) {
  std::string sql;
  std::vector<SqlParam> params;
  BuildTargetQuery(l, identifiers, &sql, &params, column);
  QueryResult r;
  Status s = db->Run(sql, params, &r);
  if (!s.ok()) return s;

  found->clear();
  not_found->clear();
  *config_changed = false;
  if (r.rows.empty()) {
    // Nothing found, or a config that changed: only asking tells which.
    QueryResult v;
    s = db->Run("SELECT version FROM config_state WHERE id = 1", &v);
    if (!s.ok()) return s;
    if (v.rows.empty() || v.rows[0].Int(0) != l.config_version) {
      *config_changed = true;
      return Status::OK();
    }
  }
  // The query gives back keys; answers name identifiers as the sender
  // wrote them. REQUIRES (ExtractIdentifiers): one identifier per key.
  std::unordered_map<std::string, const std::string*> by_key;
  for (const std::string& identifier : identifiers) {
    by_key.emplace(IdentifierKey(l, identifier), &identifier);
  }
  std::unordered_set<int64_t> seen_targets;
  std::unordered_set<const std::string*> seen_identifiers;
  for (const Row& row : r.rows) {
    // The one-identifier query leaves the identifier out: it is known.
    const std::string* identifier = &identifiers[0];
    if (identifiers.size() != 1) {
      auto it = by_key.find(row.Text(1));
      if (it == by_key.end()) continue;
      identifier = it->second;
    }
    seen_identifiers.insert(identifier);
    if (!seen_targets.insert(row.Int(0)).second) continue;
    found->push_back({row.Int(0), *identifier, row.Int(2) != 0,
                      column != nullptr ? row.Int(3) : 0});
  }
  if (identifiers.size() == 1) {
    std::sort(found->begin(), found->end(),
              [](const Target& a, const Target& b) { return a.id < b.id; });
  }
  for (const std::string& identifier : identifiers) {
    if (!seen_identifiers.count(&identifier)) not_found->push_back(identifier);
  }
  return Status::OK();
}

}  // namespace earshot
