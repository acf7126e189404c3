// Benchmark floor for the data listener: the SQL a realistic data delivery
// must do (bench/README.md, `data`), in its cheapest correct form, with
// none of earshot's code (libfcgi, Connector/C, RapidJSON, libcrypto's
// SHA-256). Per request:
//
//   parse the Jira issue_updated body, read the 15 fields through JSON
//   Pointers compiled once, coerce them (string, integer, datetime,
//   boolean) the way the contract does, then in one transaction with
//   prepared statements:
//
//   SELECT t.id FROM floor_data_values v JOIN floor_data_targets t
//     ON t.id = v.target_id WHERE v.field_id = 1 AND v.value_text = ?
//     FOR UPDATE                              -- identify by the issue key
//   INSERT INTO floor_data_values ... VALUES (15 rows)
//     ON DUPLICATE KEY UPDATE ...             -- unchanged values untouched
//   INSERT INTO floor_events (...) VALUES (...)  -- the body, headers,
//                                                -- outcome, dedup key
//   COMMIT
//
// then answers 200 like a listener ({"ok":true,"event":ID,"targets":[...]}).
// The delivery id (X-Atlassian-Webhook-Identifier) is claimed through the
// log's unique key, as a listener claims it; a duplicate answers 200
// "duplicate" without applying. No filter, no API key, no listener
// settings: those are earshot's. The session is set up like earshot's
// (autocommit off, READ COMMITTED, utf8mb4); a deadlock or lock wait timeout
// re-runs the transaction. bench/floor_data.py creates the tables; the
// session, request and event row are bench/floor_db.h's (shared with the
// comment and macro floors).
//
// Usage: floor_data.fcgi --socket PATH --user NAME --password-file FILE
//                        --database NAME
// As a FastCGI pool (spawn-fcgi + multiwatch), or as plain CGI.

#include <string>
#include <vector>

#include "bench/floor_db.h"

namespace {

using floor_db::Int;
using floor_db::Request;
using floor_db::Session;
using floor_db::Text;

constexpr long long kListenerId = 1;

enum class Type { kString, kInteger, kDatetime, kBoolean };

// The data group's fields (bench/payloads.py's JIRA_FIELDS), ids 1..15;
// field 1 identifies the target.
struct Field {
  const char* pointer;
  Type type;
};
const Field kFields[] = {
    {"/issue/key", Type::kString},
    {"/issue/fields/status/name", Type::kString},
    {"/issue/fields/priority/name", Type::kString},
    {"/issue/fields/assignee/displayName", Type::kString},
    {"/issue/fields/votes/votes", Type::kInteger},
    {"/issue/fields/watches/watchCount", Type::kInteger},
    {"/issue/fields/customfield_10016", Type::kInteger},
    {"/issue/fields/timespent", Type::kInteger},
    {"/issue/fields/created", Type::kDatetime},
    {"/issue/fields/updated", Type::kDatetime},
    {"/issue/fields/duedate", Type::kDatetime},
    {"/timestamp", Type::kDatetime},
    {"/issue/fields/customfield_10050", Type::kBoolean},
    {"/issue/fields/customfield_10051", Type::kBoolean},
    {"/issue/fields/issuetype/subtask", Type::kBoolean},
};
constexpr int kFieldCount = sizeof(kFields) / sizeof(kFields[0]);

struct Value {
  bool has_int = false, has_time = false;
  long long number = 0;
  std::string time, text;
};

long long DaysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool Digits(const char* s, size_t n, size_t* pos, int count, int* out) {
  if (*pos + count > n) return false;
  int v = 0;
  for (int i = 0; i < count; ++i) {
    char c = s[(*pos)++];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// RFC 3339 or a date (earshot's accepted forms) to UTC microseconds.
bool ParseTime(const char* s, size_t n, long long* micros) {
  size_t p = 0;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!Digits(s, n, &p, 4, &y) || p >= n || s[p++] != '-' ||
      !Digits(s, n, &p, 2, &mo) || p >= n || s[p++] != '-' ||
      !Digits(s, n, &p, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return false;
  }
  long long fraction = 0, offset = 0;
  if (p < n) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return false;
    ++p;
    if (!Digits(s, n, &p, 2, &h) || p >= n || s[p++] != ':' ||
        !Digits(s, n, &p, 2, &mi) || p >= n || s[p++] != ':' ||
        !Digits(s, n, &p, 2, &se)) {
      return false;
    }
    if (p < n && s[p] == '.') {
      long long scale = 100000;
      for (++p; p < n && s[p] >= '0' && s[p] <= '9'; ++p, scale /= 10) {
        fraction += (s[p] - '0') * scale;
      }
    }
    if (p >= n) return false;
    char z = s[p++];
    if (z == '+' || z == '-') {
      int oh, om;
      if (!Digits(s, n, &p, 2, &oh)) return false;
      if (p < n && s[p] == ':') ++p;
      if (!Digits(s, n, &p, 2, &om)) return false;
      offset = (oh * 3600 + om * 60) * (z == '+' ? 1 : -1);
    } else if (z != 'Z' && z != 'z') {
      return false;
    }
  }
  if (p != n) return false;
  long long seconds =
      DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
  *micros = seconds * 1000000 + fraction;
  return true;
}

void SetTime(long long micros, Value* v) {
  long long days = micros / 86400000000LL, of_day = micros % 86400000000LL;
  if (of_day < 0) {
    of_day += 86400000000LL;
    --days;
  }
  // Civil from days (Howard Hinnant's algorithm).
  long long z = days + 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
  long long secs = of_day / 1000000, us = of_day % 1000000;
  char buf[40];
  int n =
      std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u %02lld:%02lld:%02lld",
                    y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
  v->has_time = true;
  v->time.assign(buf, n);
  v->text.assign(buf, n);
  v->text[10] = 'T';
  if (us != 0) {
    char frac[8];
    std::snprintf(frac, sizeof(frac), ".%06lld", us);
    v->time += frac;
    std::string f = frac;
    while (f.back() == '0') f.pop_back();
    v->text += f;
  }
  v->text += 'Z';
}

// The contract's coercion, for the shapes a Jira body has.
bool Coerce(Type type, const rapidjson::Value& j, Value* v) {
  switch (type) {
    case Type::kString:
      if (j.IsString()) {
        v->text.assign(j.GetString(), j.GetStringLength());
        return true;
      }
      if (j.IsInt64()) {
        v->text = std::to_string(j.GetInt64());
        return true;
      }
      if (j.IsBool()) {
        v->text = j.GetBool() ? "true" : "false";
        return true;
      }
      return false;
    case Type::kInteger:
      if (!j.IsInt64()) return false;
      v->has_int = true;
      v->number = j.GetInt64();
      v->text = std::to_string(v->number);
      return true;
    case Type::kBoolean:
      if (!j.IsBool()) return false;
      v->has_int = true;
      v->number = j.GetBool() ? 1 : 0;
      v->text = j.GetBool() ? "true" : "false";
      return true;
    case Type::kDatetime: {
      long long micros;
      if (j.IsInt64()) {
        long long t = j.GetInt64();
        micros = t > 100000000000LL ? t * 1000 : t * 1000000;
      } else if (!j.IsString() ||
                 !ParseTime(j.GetString(), j.GetStringLength(), &micros)) {
        return false;
      }
      SetTime(micros, v);
      return true;
    }
  }
  return false;
}

// --- the database

// The upsert of the 15 values: unchanged values keep their updated_at.
std::string UpsertSql() {
  std::string upsert =
      "INSERT INTO floor_data_values (field_id, target_id, value_int, "
      "value_time, value_text, updated_at) VALUES ";
  for (int i = 0; i < kFieldCount; ++i) {
    upsert += i == 0 ? "(?, ?, ?, ?, ?, NOW(6))" : ", (?, ?, ?, ?, ?, NOW(6))";
  }
  return upsert +
         " ON DUPLICATE KEY UPDATE updated_at = IF(value_int <=> "
         "VALUES(value_int) AND value_time <=> VALUES(value_time) AND "
         "value_text = VALUES(value_text), updated_at, NOW(6)), "
         "value_int = VALUES(value_int), value_time = VALUES(value_time), "
         "value_text = VALUES(value_text)";
}
const std::string kUpsertSql = UpsertSql();

const std::vector<const char*> kStatements = {
    "SELECT t.id FROM floor_data_values v JOIN floor_data_targets t ON "
    "t.id = v.target_id WHERE v.field_id = 1 AND v.value_text = ? "
    "FOR UPDATE",
    kUpsertSql.c_str(),
    floor_db::kEventSql,
};

struct Pointers {
  Pointers() {
    for (int i = 0; i < kFieldCount; ++i) {
      compiled.emplace_back(kFields[i].pointer);
    }
  }
  std::vector<rapidjson::Pointer> compiled;
};
const Pointers kPointers;

// A value the contract cannot coerce, or no identifier, refuses the
// delivery (422) before any database work.
unsigned int Deliver(Session* db, const Request& r,
                     unsigned long long* event_id, long long* target,
                     bool* duplicate) {
  Value values[kFieldCount];
  bool present[kFieldCount];
  for (int i = 0; i < kFieldCount; ++i) {
    const rapidjson::Value* j = kPointers.compiled[i].Get(r.json);
    present[i] = j != nullptr && !j->IsNull();
    if (present[i] && !Coerce(kFields[i].type, *j, &values[i])) {
      return ER_SIGNAL_EXCEPTION;
    }
  }
  if (!present[0]) return ER_SIGNAL_EXCEPTION;
  const std::string& key = values[0].text;

  unsigned int e = floor_db::FindId(db, 0, key, target);
  if (e != 0) return e;

  if (*target != 0) {
    MYSQL_BIND b[kFieldCount * 5] = {};
    unsigned long lengths[kFieldCount * 2];
    long long field_ids[kFieldCount];
    my_bool is_null = 1;
    for (int i = 0; i < kFieldCount; ++i) {
      int f = present[i] ? i : 0;
      const Value& v = values[f];
      field_ids[i] = f + 1;
      MYSQL_BIND* row = b + i * 5;
      row[0] = Int(&field_ids[i]);
      row[1] = Int(target);
      row[2] = Int(const_cast<long long*>(&v.number));
      row[2].is_null = v.has_int ? nullptr : &is_null;
      lengths[i * 2] = v.time.size();
      row[3].buffer_type = MYSQL_TYPE_STRING;
      row[3].buffer = const_cast<char*>(v.time.data());
      row[3].length = &lengths[i * 2];
      row[3].is_null = v.has_time ? nullptr : &is_null;
      lengths[i * 2 + 1] = v.text.size();
      row[4].buffer_type = MYSQL_TYPE_STRING;
      row[4].buffer = const_cast<char*>(v.text.data());
      row[4].length = &lengths[i * 2 + 1];
    }
    if ((e = db->Execute(1, b)) != 0) return e;
  }

  e = floor_db::InsertEvent(db, 2, kListenerId, r,
                            floor_db::Outcomes(key, *target), event_id,
                            duplicate);
  if (e != 0 || *duplicate) return e;
  return db->Commit();
}

}  // namespace

int main(int argc, char** argv) {
  return floor_db::Main(argc, argv, kStatements, Deliver);
}
