#include "common/store/data_values.h"

#include "common/base/datetime.h"
#include "common/base/json_pointer.h"
#include "common/store/identify.h"
#include "common/store/sql_text.h"

namespace earshot {

Status ReadDataUpdates(const std::string& group_name,
                       const std::vector<DataField>& fields,
                       const JsonPointerSet& pointers, const JsonBody& body,
                       std::vector<DataUpdate>* updates) {
  std::vector<const rapidjson::Value*> values;
  const bool together = pointers.size() == fields.size();
  if (together) pointers.Resolve(body, &values);
  std::vector<DataUpdate> result;
  result.reserve(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    const DataField& field = fields[i];
    const rapidjson::Value* v =
        together ? values[i] : field.pointer.Resolve(body);
    if (v == nullptr) continue;  // absent: the value stays as it was
    DataUpdate update;
    update.field_id = field.id;
    if (!v->IsNull()) {
      // Only a string field stores the sender's digits of a number; the
      // other types read the number's value (and NumberText can cost a
      // second pass over the body).
      const bool digits = field.type == FieldType::kString && v->IsNumber();
      std::string number_text;
      if (digits) number_text = body.NumberText(*v);
      TypedValue typed;
      Status s =
          CoerceValue(field.type, *v, digits ? &number_text : nullptr, &typed);
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

namespace {

// The upsert of `rows` values. Its text is the prepared statement's cache
// key; the texts of small deliveries are kept (per thread) rather than
// built again for every request.
constexpr int kKeptUpsertTexts = 64;

std::string BuildUpsertSql(int rows) {
  return "INSERT INTO data_values (field_id, target_id, value_int, "
         "value_time, value_text, updated_at) VALUES " +
         Repeat("(?, ?, ?, ?, ?, NOW(6))", rows, ", ") +
         // updated_at first, while the old values are still there: a
         // value written again unchanged leaves its row as it was, and
         // InnoDB then writes nothing for it (no undo, no redo).
         " ON DUPLICATE KEY UPDATE updated_at = IF(value_int <=> "
         "VALUES(value_int) AND value_time <=> VALUES(value_time) AND "
         "value_text = VALUES(value_text), updated_at, NOW(6)), "
         "value_int = VALUES(value_int), value_time = VALUES(value_time), "
         "value_text = VALUES(value_text)";
}

const std::string& UpsertSql(int rows, std::string* scratch) {
  if (rows > kKeptUpsertTexts) {
    *scratch = BuildUpsertSql(rows);
    return *scratch;
  }
  thread_local std::vector<std::string> kept(kKeptUpsertTexts + 1);
  std::string& text = kept[rows];
  if (text.empty()) text = BuildUpsertSql(rows);
  return text;
}

}  // namespace

Status WriteDataUpdates(Connection* db, const std::vector<int64_t>& targets,
                        const std::vector<DataUpdate>& updates) {
  if (targets.empty() || updates.empty()) return Status::OK();
  std::vector<SqlParam> set_params, clear_fields;
  set_params.reserve(updates.size() * targets.size() * 5);
  int rows = 0;
  for (const DataUpdate& u : updates) {
    if (!u.value) {
      clear_fields.push_back(SqlParam::Int(u.field_id));
      continue;
    }
    const TypedValue& v = *u.value;
    SqlParam as_int = SqlParam::Null(), as_time = SqlParam::Null();
    SqlParam text;
    if (v.type == FieldType::kBoolean || v.type == FieldType::kInteger) {
      as_int = SqlParam::Int(v.number);
      text = SqlParam::Text(CanonicalText(v));
    } else if (v.type == FieldType::kDatetime) {
      // CanonicalText's Rfc3339Utc, from the SQL form already made.
      std::string sql_time = SqlDatetime(v.number);
      text = SqlParam::Text(Rfc3339UtcFromSql(sql_time));
      as_time = SqlParam::Text(std::move(sql_time));
    } else {
      text = SqlParam::Text(v.text);
    }
    for (size_t t = 0; t < targets.size(); ++t) {
      const bool last = t + 1 == targets.size();
      set_params.push_back(SqlParam::Int(u.field_id));
      set_params.push_back(SqlParam::Int(targets[t]));
      set_params.push_back(last ? std::move(as_int) : as_int);
      set_params.push_back(last ? std::move(as_time) : as_time);
      set_params.push_back(last ? std::move(text) : text);
      ++rows;
    }
  }
  if (rows > 0) {
    std::string scratch;
    Status s = db->Run(UpsertSql(rows, &scratch), set_params, nullptr);
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
