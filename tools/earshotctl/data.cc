// earshotctl data get: a target's external data. Also ReadExternalData
// (external_data.h), which `user show` and `feedback show` use.

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "common/base/coerce.h"
#include "common/base/datetime.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/external_data.h"
#include "tools/earshotctl/query.h"

namespace earshot::ctl {

namespace {

// The canonical text of a stored value, from its typed columns.
std::string StoredText(FieldType type, const Row& row, size_t int_col,
                       size_t time_col, size_t text_col) {
  TypedValue value;
  value.type = type;
  switch (type) {
    case FieldType::kBoolean:
    case FieldType::kInteger:
      value.number = row.Int(int_col);
      break;
    case FieldType::kDatetime:
      if (!ParseSqlDatetime(row.Text(time_col), &value.number)) {
        return row.Text(text_col);
      }
      break;
    case FieldType::kString:
      value.text = row.Text(text_col);
      break;
  }
  return CanonicalText(value);
}

Status Get(Context* ctx, const Args& args) {
  TargetKind kind;
  int64_t id;
  Connection* db;
  Status s =
      FindTargetArgs(ctx, args, "users|feedback|projects", &kind, &id, &db);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kArrayType);
  s = ReadExternalData(db, kind, id, &doc, doc.GetAllocator());
  if (!s.ok()) return s;
  ctx->out()->PrintTable(ExternalDataColumns(), doc);
  return Status::OK();
}

}  // namespace

const std::vector<Column>& ExternalDataColumns() {
  static const std::vector<Column> kColumns = {
      {"group", "group"},
      {"label", "label"},
      {"type", "type"},
      {"value", "value", CellStyle::kText, 0, "null"},
  };
  return kColumns;
}

Status ReadExternalData(Connection* db, TargetKind kind, int64_t id,
                        rapidjson::Value* rows, JsonAlloc& alloc) {
  return QueryRows(
      db,
      "SELECT g.name, f.label, f.type, v.field_id IS NOT NULL, v.value_int, "
      "v.value_time, v.value_text FROM data_groups g "
      "JOIN data_fields f ON f.group_id = g.id "
      "LEFT JOIN data_values v ON v.field_id = f.id AND v.target_id = ? "
      "WHERE g.target = ? ORDER BY g.name, f.id",
      {SqlParam::Int(id), SqlParam::Text(TargetKindName(kind))},
      {{{"group"}, {"label"}, {"type"}},
       [](const Row& row, rapidjson::Value* item, JsonAlloc& alloc) {
         FieldType type;
         if (!ParseFieldType(row.Text(2), &type)) {
           return Status::Internal("data field with an unknown type");
         }
         if (row.Int(3) != 0) {
           Put(item, "value", StoredText(type, row, 4, 5, 6), alloc);
         } else {
           Put(item, "value", nullptr, alloc);
         }
         return Status::OK();
       }},
      rows, alloc);
}

void AddDataCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"data get", "users|feedback|projects ID",
       "every external data field of a target, with its value (users also "
       "by email)",
       "", 2, 2, Get});
}

}  // namespace earshot::ctl
