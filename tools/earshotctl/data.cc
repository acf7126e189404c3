// earshotctl data get: a target's external data. Also ReadExternalData
// (external_data.h), which `user show` and `feedback show` use.

#include <string>
#include <vector>

#include "common/base/coerce.h"
#include "common/base/datetime.h"
#include "common/base/checks.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/external_data.h"
#include "common/store/lookup.h"

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
  Status s =
      ParseTargetArg(args.positionals()[0], "users|feedback|projects", &kind);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  int64_t id;
  if (kind == TargetKind::kUsers) {
    s = FindUser(db, args.positionals()[1], &id);
  } else {
    s = ParseId(args.positionals()[1],
                kind == TargetKind::kFeedback ? "feedback id" : "project id",
                &id);
    if (s.ok()) s = CheckTargetExists(db, kind, id);
  }
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
  QueryResult r;
  Status s = db->Run(
      "SELECT g.name, f.label, f.type, v.field_id IS NOT NULL, v.value_int, "
      "v.value_time, v.value_text FROM data_groups g "
      "JOIN data_fields f ON f.group_id = g.id "
      "LEFT JOIN data_values v ON v.field_id = f.id AND v.target_id = ? "
      "WHERE g.target = ? ORDER BY g.name, f.id",
      {SqlParam::Int(id), SqlParam::Text(TargetKindName(kind))}, &r);
  if (!s.ok()) return s;
  rows->SetArray();
  for (const Row& row : r.rows) {
    FieldType type;
    if (!ParseFieldType(row.Text(2), &type)) {
      return Status::Internal("data field with an unknown type");
    }
    rapidjson::Value item(rapidjson::kObjectType);
    Put(&item, "group", row.Text(0), alloc);
    Put(&item, "label", row.Text(1), alloc);
    Put(&item, "type", row.Text(2), alloc);
    if (row.Int(3) != 0) {
      Put(&item, "value", StoredText(type, row, 4, 5, 6), alloc);
    } else {
      Put(&item, "value", nullptr, alloc);
    }
    rows->PushBack(item, alloc);
  }
  return Status::OK();
}

void AddDataCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"data get", "users|feedback|projects ID",
       "every external data field of a target, with its value (users also "
       "by email)",
       "", 2, 2, Get});
}

}  // namespace earshot::ctl
