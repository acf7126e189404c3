#include "tools/earshotctl/rows.h"

#include "common/base/datetime.h"

namespace earshot::ctl {

std::string SqlTimeToRfc3339(const std::string& sql_datetime) {
  int64_t micros;
  if (!ParseSqlDatetime(sql_datetime, &micros)) return sql_datetime;
  return Rfc3339Utc(micros);
}

rapidjson::Value Text(const Row& row, size_t col, JsonAlloc& alloc) {
  return JsonString(row.Text(col), alloc);
}

rapidjson::Value TextOrNull(const Row& row, size_t col, JsonAlloc& alloc) {
  if (row.IsNull(col)) return rapidjson::Value(rapidjson::kNullType);
  return JsonString(row.Text(col), alloc);
}

rapidjson::Value Int(const Row& row, size_t col, JsonAlloc&) {
  return rapidjson::Value(row.Int(col));
}

rapidjson::Value IntOrNull(const Row& row, size_t col, JsonAlloc&) {
  if (row.IsNull(col)) return rapidjson::Value(rapidjson::kNullType);
  return rapidjson::Value(row.Int(col));
}

rapidjson::Value Bool(const Row& row, size_t col, JsonAlloc&) {
  return rapidjson::Value(row.Int(col) != 0);
}

rapidjson::Value Millis(const Row& row, size_t col, JsonAlloc&) {
  return rapidjson::Value(row.Int(col) / 1000.0);
}

rapidjson::Value TimeOrNull(const Row& row, size_t col, JsonAlloc& alloc) {
  if (row.IsNull(col)) return rapidjson::Value(rapidjson::kNullType);
  return JsonString(SqlTimeToRfc3339(row.Text(col)), alloc);
}

rapidjson::Value JsonOrNull(const Row& row, size_t col, JsonAlloc& alloc) {
  if (row.IsNull(col)) return rapidjson::Value(rapidjson::kNullType);
  const std::string& text = row.Text(col);
  rapidjson::Document parsed(&alloc);
  parsed.Parse(text.c_str(), text.size());
  if (parsed.HasParseError()) return JsonString(text, alloc);
  rapidjson::Value value;
  value.CopyFrom(parsed, alloc);
  return value;
}

void PutCells(const std::vector<Cell>& cells, const Row& row,
              rapidjson::Value* object, JsonAlloc& alloc) {
  for (size_t col = 0; col < cells.size(); ++col) {
    const Cell& cell = cells[col];
    if (cell.key == nullptr) continue;
    Put(object, cell.key, cell.read(row, col, alloc), alloc);
  }
}

}  // namespace earshot::ctl
