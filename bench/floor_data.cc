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
// re-runs the transaction. bench/floor_data.py creates the tables.
//
// Usage: floor_data.fcgi --socket PATH --user NAME --password-file FILE
//                        --database NAME
// As a FastCGI pool (spawn-fcgi + multiwatch), or as plain CGI.

#include <fcgiapp.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <openssl/sha.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace {

constexpr size_t kMaxBody = 1 << 20;
constexpr size_t kLoggedBody = 64 * 1024;
constexpr int kAttempts = 4;
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

struct Options {
  std::string socket, user, password, database;
};

bool ParseOptions(int argc, char** argv, Options* o) {
  std::string password_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name == "--socket") {
      o->socket = argv[i + 1];
    } else if (name == "--user") {
      o->user = argv[i + 1];
    } else if (name == "--password-file") {
      password_file = argv[i + 1];
    } else if (name == "--database") {
      o->database = argv[i + 1];
    } else {
      return false;
    }
  }
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    std::getline(in, o->password);
  }
  return !o->socket.empty() && !o->user.empty() && !o->database.empty();
}

// --- values ------------------------------------------------------------------

// One value as stored: value_int, value_time (SQL text), value_text.
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
// --------------------------------------------------------------

// One session with its three prepared statements.
class FloorDb {
 public:
  ~FloorDb() { Close(); }

  bool Open(const Options& o) {
    mysql_ = mysql_init(nullptr);
    if (mysql_ == nullptr) return false;
    my_bool off = 0;
    mysql_options(mysql_, MYSQL_OPT_RECONNECT, &off);
    mysql_options(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    mysql_options(mysql_, MYSQL_INIT_COMMAND,
                  "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    if (mysql_real_connect(mysql_, "localhost", o.user.c_str(),
                           o.password.c_str(), o.database.c_str(), 0,
                           o.socket.c_str(), 0) == nullptr) {
      std::fprintf(stderr, "floor_data: %s\n", mysql_error(mysql_));
      Close();
      return false;
    }
    mysql_autocommit(mysql_, 0);
    lock_ = Prepare(
        "SELECT t.id FROM floor_data_values v JOIN floor_data_targets t ON "
        "t.id = v.target_id WHERE v.field_id = 1 AND v.value_text = ? "
        "FOR UPDATE");
    std::string upsert =
        "INSERT INTO floor_data_values (field_id, target_id, value_int, "
        "value_time, value_text, updated_at) VALUES ";
    for (int i = 0; i < kFieldCount; ++i) {
      upsert +=
          i == 0 ? "(?, ?, ?, ?, ?, NOW(6))" : ", (?, ?, ?, ?, ?, NOW(6))";
    }
    upsert +=
        " ON DUPLICATE KEY UPDATE updated_at = IF(value_int <=> "
        "VALUES(value_int) AND value_time <=> VALUES(value_time) AND "
        "value_text = VALUES(value_text), updated_at, NOW(6)), "
        "value_int = VALUES(value_int), value_time = VALUES(value_time), "
        "value_text = VALUES(value_text)";
    upsert_ = Prepare(upsert.c_str());
    event_ = Prepare(
        "INSERT INTO floor_events (listener_id, received_at, http_status, "
        "delivery_id, dedup_key, client_addr, duration_us, outcomes, headers, "
        "body, body_size, key_passed, signature_passed) "
        "VALUES (?, NOW(6), 200, ?, ?, ?, 0, ?, ?, ?, ?, TRUE, TRUE)");
    if (!lock_ || !upsert_ || !event_) {
      Close();
      return false;
    }
    return true;
  }

  bool is_open() const { return mysql_ != nullptr; }

  // Runs the transaction; on failure returns the error number (0: ok).
  // *target is 0 when the key names no target (nothing is written then but
  // the event).
  unsigned int Deliver(const std::string& key, const Value* values,
                       const bool* present, const std::string& delivery_id,
                       const std::string& client, const std::string& headers,
                       const std::string& body, long long* target,
                       unsigned long long* event_id, bool* duplicate) {
    *duplicate = false;
    MYSQL_BIND k{};
    unsigned long key_length = key.size();
    k.buffer_type = MYSQL_TYPE_STRING;
    k.buffer = const_cast<char*>(key.data());
    k.buffer_length = key_length;
    k.length = &key_length;
    if (mysql_stmt_bind_param(lock_, &k) || mysql_stmt_execute(lock_)) {
      return Fail(lock_);
    }
    *target = 0;
    MYSQL_BIND out{};
    out.buffer_type = MYSQL_TYPE_LONGLONG;
    out.buffer = target;
    if (mysql_stmt_bind_result(lock_, &out)) return Fail(lock_);
    int rc;
    while ((rc = mysql_stmt_fetch(lock_)) == 0) {
    }
    if (rc == 1) return Fail(lock_);
    mysql_stmt_free_result(lock_);

    if (*target != 0) {
      // Absent fields stay as they were: they repeat the key's row, whose
      // update is a no-op (the upsert has a fixed number of rows).
      MYSQL_BIND b[kFieldCount * 5] = {};
      unsigned long lengths[kFieldCount * 2];
      long long field_ids[kFieldCount];
      my_bool is_null = 1;
      for (int i = 0; i < kFieldCount; ++i) {
        int f = present[i] ? i : 0;
        const Value& v = values[f];
        field_ids[i] = f + 1;
        MYSQL_BIND* r = b + i * 5;
        r[0].buffer_type = MYSQL_TYPE_LONGLONG;
        r[0].buffer = &field_ids[i];
        r[1].buffer_type = MYSQL_TYPE_LONGLONG;
        r[1].buffer = target;
        r[2].buffer_type = MYSQL_TYPE_LONGLONG;
        r[2].buffer = const_cast<long long*>(&v.number);
        r[2].is_null = v.has_int ? nullptr : &is_null;
        lengths[i * 2] = v.time.size();
        r[3].buffer_type = MYSQL_TYPE_STRING;
        r[3].buffer = const_cast<char*>(v.time.data());
        r[3].length = &lengths[i * 2];
        r[3].is_null = v.has_time ? nullptr : &is_null;
        lengths[i * 2 + 1] = v.text.size();
        r[4].buffer_type = MYSQL_TYPE_STRING;
        r[4].buffer = const_cast<char*>(v.text.data());
        r[4].length = &lengths[i * 2 + 1];
      }
      if (mysql_stmt_bind_param(upsert_, b) || mysql_stmt_execute(upsert_)) {
        return Fail(upsert_);
      }
    }

    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(delivery_id.data()),
           delivery_id.size(), digest);
    std::string outcomes =
        *target == 0
            ? "[{\"identifier\":\"" + key + "\",\"outcome\":\"not_found\"}]"
            : "[{\"id\":" + std::to_string(*target) + ",\"identifier\":\"" +
                  key + "\",\"outcome\":\"applied\"}]";
    long long listener = kListenerId;
    long long body_size = static_cast<long long>(body.size());
    my_bool no_id = delivery_id.empty();
    unsigned long lengths[6] = {
        delivery_id.size(), SHA256_DIGEST_LENGTH,
        client.size(),      outcomes.size(),
        headers.size(),     std::min(body.size(), kLoggedBody)};
    const void* data[6] = {delivery_id.data(), digest,         client.data(),
                           outcomes.data(),    headers.data(), body.data()};
    const enum_field_types types[6] = {MYSQL_TYPE_STRING, MYSQL_TYPE_BLOB,
                                       MYSQL_TYPE_STRING, MYSQL_TYPE_STRING,
                                       MYSQL_TYPE_STRING, MYSQL_TYPE_BLOB};
    MYSQL_BIND e[8] = {};
    e[0].buffer_type = MYSQL_TYPE_LONGLONG;
    e[0].buffer = &listener;
    for (int i = 0; i < 6; ++i) {
      e[i + 1].buffer_type = types[i];
      e[i + 1].buffer = const_cast<void*>(data[i]);
      e[i + 1].length = &lengths[i];
    }
    e[1].is_null = &no_id;
    e[2].is_null = &no_id;
    e[7].buffer_type = MYSQL_TYPE_LONGLONG;
    e[7].buffer = &body_size;
    if (mysql_stmt_bind_param(event_, e) || mysql_stmt_execute(event_)) {
      if (mysql_stmt_errno(event_) == ER_DUP_ENTRY) {
        *duplicate = true;
        mysql_rollback(mysql_);
        return 0;
      }
      return Fail(event_);
    }
    *event_id = mysql_stmt_insert_id(event_);
    if (mysql_commit(mysql_)) {
      unsigned int err = mysql_errno(mysql_);
      Close();  // outcome unknown: start over with a fresh session
      return err;
    }
    return 0;
  }

 private:
  MYSQL_STMT* Prepare(const char* sql) {
    MYSQL_STMT* stmt = mysql_stmt_init(mysql_);
    if (stmt && mysql_stmt_prepare(stmt, sql, std::strlen(sql)) == 0) {
      return stmt;
    }
    std::fprintf(stderr, "floor_data: %s\n", mysql_error(mysql_));
    if (stmt) mysql_stmt_close(stmt);
    return nullptr;
  }

  // Rolls back; a lock error keeps the session, anything else drops it.
  unsigned int Fail(MYSQL_STMT* stmt) {
    unsigned int e = mysql_stmt_errno(stmt);
    mysql_stmt_free_result(stmt);
    if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT) {
      if (mysql_rollback(mysql_) == 0) return e;
    }
    std::fprintf(stderr, "floor_data: %s\n", mysql_stmt_error(stmt));
    Close();
    return e ? e : 1;
  }

  void Close() {
    for (MYSQL_STMT** s : {&lock_, &upsert_, &event_}) {
      if (*s) mysql_stmt_close(*s);
      *s = nullptr;
    }
    if (mysql_) mysql_close(mysql_);
    mysql_ = nullptr;
  }

  MYSQL* mysql_ = nullptr;
  MYSQL_STMT* lock_ = nullptr;
  MYSQL_STMT* upsert_ = nullptr;
  MYSQL_STMT* event_ = nullptr;
};

// --- one request
// -----------------------------------------------------------------

struct Pointers {
  Pointers() {
    for (int i = 0; i < kFieldCount; ++i) {
      compiled.emplace_back(kFields[i].pointer);
    }
  }
  std::vector<rapidjson::Pointer> compiled;
};

std::string Plain(int status, const char* reason, const std::string& json) {
  return "Status: " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\n\r\n" + json + "\n";
}

// A JSON string's content for a header value (quotes and controls out).
std::string Clean(const char* s) {
  std::string out;
  for (; s != nullptr && *s; ++s) {
    if (*s != '"' && *s != '\\' && static_cast<unsigned char>(*s) >= 0x20) {
      out += *s;
    }
  }
  return out;
}

// The whole answer (head and body) to one delivery. `param` reads a
// FastCGI/CGI variable.
template <typename Param>
std::string Handle(const Options& options, const Pointers& pointers,
                   FloorDb* db, const std::string& body, Param param) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Plain(400, "Bad Request", "{\"ok\":false}");
  }
  Value values[kFieldCount];
  bool present[kFieldCount];
  for (int i = 0; i < kFieldCount; ++i) {
    const rapidjson::Value* j = pointers.compiled[i].Get(doc);
    present[i] = j != nullptr && !j->IsNull();
    if (present[i] && !Coerce(kFields[i].type, *j, &values[i])) {
      return Plain(422, "Unprocessable Content", "{\"ok\":false}");
    }
  }
  if (!present[0]) return Plain(422, "Unprocessable Content", "{\"ok\":false}");
  const std::string& key = values[0].text;
  std::string delivery_id = Clean(param("HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER"));
  std::string client = Clean(param("REMOTE_ADDR"));
  std::string headers =
      "{\"content-type\":\"" + Clean(param("CONTENT_TYPE")) +
      "\",\"user-agent\":\"" + Clean(param("HTTP_USER_AGENT")) +
      "\",\"x-atlassian-webhook-identifier\":\"" + delivery_id + "\"}";
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (!db->is_open() && !db->Open(options)) break;
    long long target = 0;
    unsigned long long event_id = 0;
    bool duplicate = false;
    unsigned int e = db->Deliver(key, values, present, delivery_id, client,
                                 headers, body, &target, &event_id, &duplicate);
    if (e == 0 && duplicate) {
      return Plain(200, "OK", "{\"ok\":true,\"duplicate\":true}");
    }
    if (e == 0) {
      return Plain(200, "OK",
                   "{\"ok\":true,\"event\":" + std::to_string(event_id) +
                       ",\"duplicate\":false,\"targets\":[{\"id\":" +
                       std::to_string(target) + ",\"outcome\":\"" +
                       (target ? "applied" : "not_found") + "\"}]}");
    }
    if (e != ER_LOCK_DEADLOCK && e != ER_LOCK_WAIT_TIMEOUT) break;
  }
  return Plain(503, "Service Unavailable", "{\"ok\":false}");
}

// Keeps up to kMaxBody bytes of what `read_some` yields, drains the rest.
template <typename ReadSome>
void ReadBody(std::string* body, ReadSome read_some) {
  body->clear();
  char buffer[16384];
  for (;;) {
    int n = read_some(buffer, static_cast<int>(sizeof(buffer)));
    if (n <= 0) break;
    size_t room = kMaxBody - body->size();
    body->append(buffer, static_cast<size_t>(n) < room ? n : room);
  }
}

int ServeCgi(const Options& options) {
  const char* length = std::getenv("CONTENT_LENGTH");
  long remaining = length ? std::strtol(length, nullptr, 10) : 0;
  std::string body;
  ReadBody(&body, [&remaining](char* buf, int n) -> int {
    if (remaining <= 0) return 0;
    size_t want = remaining < n ? remaining : n;
    size_t got = std::fread(buf, 1, want, stdin);
    remaining -= static_cast<long>(got);
    return static_cast<int>(got);
  });
  FloorDb db;
  Pointers pointers;
  std::string answer =
      Handle(options, pointers, &db, body,
             [](const char* name) { return std::getenv(name); });
  std::fwrite(answer.data(), 1, answer.size(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: floor_data.fcgi --socket PATH --user NAME "
                 "--password-file FILE --database NAME\n");
    return 2;
  }
  mysql_library_init(0, nullptr, nullptr);
  if (FCGX_IsCGI()) return ServeCgi(options);
  if (FCGX_Init() != 0) return 1;
  FloorDb db;
  db.Open(options);
  const Pointers pointers;
  FCGX_Request request;
  FCGX_InitRequest(&request, 0, 0);
  std::string body;
  while (FCGX_Accept_r(&request) >= 0) {
    ReadBody(&body, [&request](char* buf, int n) {
      return FCGX_GetStr(buf, n, request.in);
    });
    std::string answer =
        Handle(options, pointers, &db, body, [&request](const char* name) {
          return FCGX_GetParam(name, request.envp);
        });
    FCGX_PutStr(answer.data(), static_cast<int>(answer.size()), request.out);
    FCGX_Finish_r(&request);
  }
  return 0;
}
