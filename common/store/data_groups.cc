#include "common/store/data_groups.h"

#include <algorithm>

#include "common/base/checks.h"
#include "common/store/listener.h"
#include "common/store/lookup.h"

namespace earshot {

namespace {

std::string FieldName(std::string_view group, std::string_view label) {
  return std::string(group) + "." + std::string(label);
}

// Field GROUP.LABEL's id and type, its row locked: a data listener writing
// a value takes a shared lock on it (the foreign key), so counts of
// values read after this stay true until the transaction ends.
Status LockField(Connection* db, const GroupRef& group,
                 std::string_view group_name, std::string_view label,
                 int64_t* id, std::string* param, FieldType* type) {
  QueryResult r;
  Status s = QueryOne(
      db,
      "SELECT id, param, type FROM data_fields WHERE "
      "group_id = ? AND label = ? FOR UPDATE",
      {SqlParam::Int(group.id), SqlParam::Text(std::string(label))},
      "data group " + Quote(group_name) + " has no field " + Quote(label), &r);
  if (!s.ok()) return s;
  *id = r.rows[0].Int(0);
  *param = r.rows[0].Text(1);
  if (!ParseFieldType(r.rows[0].Text(2), type)) {
    return Status::Internal("data field with an unknown type");
  }
  return Status::OK();
}

Status ValueCount(Connection* db, int64_t field_id, int64_t* count) {
  QueryResult r;
  Status s = db->Run("SELECT COUNT(*) FROM data_values WHERE field_id = ?",
                     {SqlParam::Int(field_id)}, &r);
  if (s.ok()) *count = r.rows[0].Int(0);
  return s;
}

// Invalid when field `id` holds values or is used; `doing` says what was
// refused ("its type cannot change").
Status CheckUnused(Connection* db, const GroupRef& group,
                   std::string_view group_name, std::string_view label,
                   int64_t id, const std::string& doing) {
  int64_t values = 0;
  Status s = ValueCount(db, id, &values);
  if (!s.ok()) return s;
  const std::string field = "field " + FieldName(group_name, label);
  if (values > 0) {
    return Status::Invalid(field + " holds " + std::to_string(values) +
                           (values == 1 ? " value" : " values") + ": " + doing +
                           " (that would lose or misread stored data)");
  }
  std::vector<std::string> uses;
  s = DataFieldUses(db, group.id, group.target, group_name, label, &uses);
  if (!s.ok()) return s;
  if (!uses.empty()) {
    return Status::Invalid(field + " is used by " + JoinNames(uses) + ": " +
                           doing + "; change or delete " +
                           (uses.size() > 1 ? "them" : "it") + " first");
  }
  return Status::OK();
}

}  // namespace

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

Status CreateDataGroup(Connection* db, std::string_view name, TargetKind target,
                       int64_t* id) {
  Status s = CheckDataName(name, "group name");
  if (!s.ok()) return s;
  GroupRef existing;
  s = FindGroup(db, name, &existing);
  const std::string taken =
      "a data group named " + Quote(name) + " already exists";
  if (s.ok()) {
    return Status::Duplicate(taken + " (for " +
                             TargetKindName(existing.target) + ")");
  }
  if (!s.IsNotFound()) return s;
  QueryResult r;
  s = db->Run("INSERT INTO data_groups (name, target) VALUES (?, ?)",
              {SqlParam::Text(std::string(name)),
               SqlParam::Text(TargetKindName(target))},
              &r);
  if (s.IsDuplicate()) return Status::Duplicate(taken);
  if (!s.ok()) return s;
  *id = static_cast<int64_t>(r.insert_id);
  return BumpConfigVersion(db);
}

Status AddDataField(Connection* db, std::string_view group,
                    std::string_view label, std::string_view param,
                    std::string_view type_text, int64_t* id) {
  Status s = CheckDataName(label, "field label");
  if (s.ok()) s = CheckFieldParam(param);
  FieldType type;
  if (s.ok()) s = ParseFieldTypeText(type_text, &type);
  GroupRef ref;
  if (s.ok()) s = FindGroup(db, group, &ref);
  if (!s.ok()) return s;
  const std::string taken =
      "data group " + Quote(group) + " already has a field " + Quote(label);
  QueryResult r;
  s = db->Run("SELECT 1 FROM data_fields WHERE group_id = ? AND label = ?",
              {SqlParam::Int(ref.id), SqlParam::Text(std::string(label))}, &r);
  if (!s.ok()) return s;
  if (!r.rows.empty()) return Status::Duplicate(taken);
  s = db->Run(
      "INSERT INTO data_fields (group_id, label, param, type) "
      "VALUES (?, ?, ?, ?)",
      {SqlParam::Int(ref.id), SqlParam::Text(std::string(label)),
       SqlParam::Text(std::string(param)), SqlParam::Text(FieldTypeName(type))},
      &r);
  if (s.IsDuplicate()) return Status::Duplicate(taken);
  if (!s.ok()) return s;
  *id = static_cast<int64_t>(r.insert_id);
  return BumpConfigVersion(db);
}

Status UpdateDataField(Connection* db, std::string_view group,
                       std::string_view label, std::string_view param,
                       std::string_view type_text, bool* changed) {
  *changed = false;
  Status s = CheckFieldParam(param);
  FieldType type;
  if (s.ok()) s = ParseFieldTypeText(type_text, &type);
  GroupRef ref;
  if (s.ok()) s = FindGroup(db, group, &ref);
  int64_t id = 0;
  std::string old_param;
  FieldType old_type;
  if (s.ok()) s = LockField(db, ref, group, label, &id, &old_param, &old_type);
  if (!s.ok()) return s;
  if (type != old_type) {
    s = CheckUnused(db, ref, group, label, id,
                    std::string("its type cannot change from ") +
                        FieldTypeName(old_type) + " to " + FieldTypeName(type));
    if (!s.ok()) return s;
  }
  if (type == old_type && param == old_param) return Status::OK();
  s = db->Run("UPDATE data_fields SET param = ?, type = ? WHERE id = ?",
              {SqlParam::Text(std::string(param)),
               SqlParam::Text(FieldTypeName(type)), SqlParam::Int(id)},
              nullptr);
  if (!s.ok()) return s;
  *changed = true;
  return BumpConfigVersion(db);
}

Status DeleteDataField(Connection* db, std::string_view group,
                       std::string_view label) {
  GroupRef ref;
  Status s = FindGroup(db, group, &ref);
  int64_t id = 0;
  std::string param;
  FieldType type;
  if (s.ok()) s = LockField(db, ref, group, label, &id, &param, &type);
  if (s.ok())
    s = CheckUnused(db, ref, group, label, id, "it cannot be deleted");
  if (s.ok()) {
    s = db->Run("DELETE FROM data_fields WHERE id = ?", {SqlParam::Int(id)},
                nullptr);
  }
  if (!s.ok()) return s;
  return BumpConfigVersion(db);
}

Status DeleteDataGroup(Connection* db, std::string_view group) {
  QueryResult r;
  Status s = QueryOne(db,
                      "SELECT id, target FROM data_groups WHERE name = ? "
                      "FOR UPDATE",
                      {SqlParam::Text(std::string(group))},
                      "no data group named " + Quote(group), &r);
  if (!s.ok()) return s;
  GroupRef ref;
  ref.id = r.rows[0].Int(0);
  if (!ParseTargetKind(r.rows[0].Text(1), &ref.target)) {
    return Status::Internal("data group with an unknown target");
  }
  s = db->Run(
      "SELECT listener_key FROM listeners WHERE group_id = ? "
      "ORDER BY listener_key FOR UPDATE",
      {SqlParam::Int(ref.id)}, &r);
  if (!s.ok()) return s;
  if (!r.rows.empty()) {
    std::vector<std::string> keys;
    for (const Row& row : r.rows) keys.push_back("listener " + row.Text(0));
    return Status::Invalid("data group " + Quote(group) + " is used by " +
                           JoinNames(keys) +
                           ": it cannot be deleted; change "
                           "or delete " +
                           (keys.size() > 1 ? "them" : "it") + " first");
  }
  QueryResult fields;
  s = db->Run("SELECT label FROM data_fields WHERE group_id = ? ORDER BY label",
              {SqlParam::Int(ref.id)}, &fields);
  if (!s.ok()) return s;
  for (const Row& row : fields.rows) {
    int64_t id = 0;
    std::string param;
    FieldType type;
    s = LockField(db, ref, group, row.Text(0), &id, &param, &type);
    if (s.ok()) {
      s = CheckUnused(db, ref, group, row.Text(0), id,
                      "the group cannot be deleted");
    }
    if (!s.ok()) return s;
  }
  s = db->Run("DELETE FROM data_fields WHERE group_id = ?",
              {SqlParam::Int(ref.id)}, nullptr);
  if (s.ok()) {
    s = db->Run("DELETE FROM data_groups WHERE id = ?", {SqlParam::Int(ref.id)},
                nullptr);
  }
  if (!s.ok()) return s;
  return BumpConfigVersion(db);
}

Status DataFieldUses(Connection* db, int64_t group_id, TargetKind target,
                     std::string_view group, std::string_view label,
                     std::vector<std::string>* uses) {
  uses->clear();
  const std::string name = FieldName(group, label);
  QueryResult r;
  Status s = db->Run(
      "SELECT listener_key FROM listeners WHERE group_id = ? OR "
      "(target = ? AND (INSTR(identify, ?) = 1 OR INSTR(filter, ?) > 0))",
      {SqlParam::Int(group_id), SqlParam::Text(TargetKindName(target)),
       SqlParam::Text("data:" + name + "="), SqlParam::Text("data." + name)},
      &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) uses->push_back("listener " + row.Text(0));
  s = db->Run(
      "SELECT name FROM macros WHERE target = ? AND INSTR(actions, ?) > 0",
      {SqlParam::Text(TargetKindName(target)), SqlParam::Text(name)}, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) uses->push_back("macro " + row.Text(0));
  std::sort(uses->begin(), uses->end());
  uses->erase(std::unique(uses->begin(), uses->end()), uses->end());
  return Status::OK();
}

}  // namespace earshot
