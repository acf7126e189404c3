#include "tools/earshotctl/rows.h"

#include "common/base/datetime.h"

namespace earshot::ctl {

std::string SqlTimeToRfc3339(const std::string& sql_datetime) {
  int64_t micros;
  if (!ParseSqlDatetime(sql_datetime, &micros)) return sql_datetime;
  return Rfc3339Utc(micros);
}

rapidjson::Value TextOrNull(const Row& row, size_t col, JsonAlloc& alloc) {
  if (row.IsNull(col)) return rapidjson::Value(rapidjson::kNullType);
  return JsonString(row.Text(col), alloc);
}

rapidjson::Value IntOrNull(const Row& row, size_t col) {
  if (row.IsNull(col)) return rapidjson::Value(rapidjson::kNullType);
  return rapidjson::Value(row.Int(col));
}

rapidjson::Value TimeOrNull(const Row& row, size_t col, JsonAlloc& alloc) {
  if (row.IsNull(col)) return rapidjson::Value(rapidjson::kNullType);
  return JsonString(SqlTimeToRfc3339(row.Text(col)), alloc);
}

}  // namespace earshot::ctl
