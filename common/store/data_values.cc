#include "common/store/data_values.h"

#include "common/base/datetime.h"
#include "common/base/json_pointer.h"
#include "common/store/identify.h"
#include "common/store/sql_text.h"

namespace earshot {

Status ReadDataUpdates(const std::string& group_name,
                       const std::vector<DataField>& fields,
                       const JsonBody& body, std::vector<DataUpdate>* updates) {
  std::vector<DataUpdate> result;
  for (const DataField& field : fields) {
    const rapidjson::Value* v = field.pointer.Resolve(body);
    if (v == nullptr) continue;  // absent: the value stays as it was
    DataUpdate update;
    update.field_id = field.id;
    if (!v->IsNull()) {
      std::string number_text;
      if (v->IsNumber()) number_text = body.NumberText(*v);
      TypedValue typed;
      Status s = CoerceValue(field.type, *v,
                             v->IsNumber() ? &number_text : nullptr, &typed);
      if (!s.ok()) {
        return Status::Refused(ApiError::kInvalidValue,
                               "field " + group_name + "." + field.label +
                                   " (" + FieldTypeName(field.type) + " at " +
                                   field.param + "): " + s.message());
      }
      update.value = std::move(typed);
    }
    result.push_back(std::move(update));
  }
  *updates = std::move(result);
  return Status::OK();
}

Status WriteDataUpdates(Connection* db, const std::vector<int64_t>& targets,
                        const std::vector<DataUpdate>& updates) {
  if (targets.empty() || updates.empty()) return Status::OK();
  std::vector<SqlParam> set_params, clear_fields;
  int rows = 0;
  for (const DataUpdate& u : updates) {
    if (!u.value) {
      clear_fields.push_back(SqlParam::Int(u.field_id));
      continue;
    }
    const TypedValue& v = *u.value;
    SqlParam as_int = SqlParam::Null(), as_time = SqlParam::Null();
    if (v.type == FieldType::kBoolean || v.type == FieldType::kInteger) {
      as_int = SqlParam::Int(v.number);
    } else if (v.type == FieldType::kDatetime) {
      as_time = SqlParam::Text(SqlDatetime(v.number));
    }
    SqlParam text = SqlParam::Text(CanonicalText(v));
    for (int64_t target : targets) {
      set_params.push_back(SqlParam::Int(u.field_id));
      set_params.push_back(SqlParam::Int(target));
      set_params.push_back(as_int);
      set_params.push_back(as_time);
      set_params.push_back(text);
      ++rows;
    }
  }
  if (rows > 0) {
    Status s = db->Run(
        "INSERT INTO data_values (field_id, target_id, value_int, value_time, "
        "value_text, updated_at) VALUES " +
            Repeat("(?, ?, ?, ?, ?, NOW(6))", rows, ", ") +
            // updated_at first, while the old values are still there: a
            // value written again unchanged leaves its row as it was, and
            // InnoDB then writes nothing for it (no undo, no redo).
            " ON DUPLICATE KEY UPDATE updated_at = IF(value_int <=> "
            "VALUES(value_int) AND value_time <=> VALUES(value_time) AND "
            "value_text = VALUES(value_text), updated_at, NOW(6)), "
            "value_int = VALUES(value_int), value_time = VALUES(value_time), "
            "value_text = VALUES(value_text)",
        set_params, nullptr);
    if (!s.ok()) return s;
  }
  if (!clear_fields.empty()) {
    std::vector<SqlParam> params = clear_fields;
    for (int64_t target : targets) params.push_back(SqlParam::Int(target));
    Status s = db->Run("DELETE FROM data_values WHERE field_id IN (" +
                           Placeholders(static_cast<int>(clear_fields.size())) +
                           ") AND target_id IN (" +
                           Placeholders(static_cast<int>(targets.size())) + ")",
                       params, nullptr);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

}  // namespace earshot
