// earshotctl events list | show | purge: the delivery log. Events keep their
// listener's id; a deleted listener's events show that id.

#include <rapidjson/document.h>

#include <chrono>
#include <string>
#include <vector>

#include "common/base/datetime.h"
#include "common/base/utf8.h"
#include "common/store/event_purge.h"
#include "common/base/checks.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/outcomes.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

constexpr int64_t kDefaultLimit = 50;
constexpr int64_t kMaxLimit = 10000;
constexpr int kPurgeBatch = 500;
rapidjson::Value ParseJsonColumn(const Row& row, size_t col, JsonAlloc& alloc) {
  if (row.IsNull(col)) return rapidjson::Value(rapidjson::kNullType);
  rapidjson::Document parsed(&alloc);
  parsed.Parse(row.Text(col).c_str(), row.Text(col).size());
  if (parsed.HasParseError()) return JsonString(row.Text(col), alloc);
  rapidjson::Value value;
  value.CopyFrom(parsed, alloc);
  return value;
}

std::string ListenerText(const Row& row, size_t id_col, size_t key_col) {
  if (row.IsNull(key_col)) {
    return "(deleted #" + std::to_string(row.Int(id_col)) + ")";
  }
  return row.Text(key_col);
}

Status List(Context* ctx, const Args& args) {
  std::string where;
  std::vector<SqlParam> params;
  int64_t limit = kDefaultLimit;
  Status s;
  if (const std::string* v = args.Get("status")) {
    int64_t status;
    s = ParseInt(*v, "--status", 100, 599, &status);
    if (!s.ok()) return s;
    where += " AND e.http_status = ?";
    params.push_back(SqlParam::Int(status));
  }
  for (const char* option : {"since", "until"}) {
    const std::string* v = args.Get(option);
    if (v == nullptr) continue;
    int64_t micros;
    if (!ParseRfc3339(*v, &micros)) {
      return Status::Invalid("invalid --" + std::string(option) + " '" + *v +
                             "': expected an RFC 3339 time such as "
                             "2026-11-27T10:00:00Z, or a date");
    }
    where += std::string(" AND e.received_at ") +
             (option[0] == 's' ? ">=" : "<") + " ?";
    params.push_back(SqlParam::Text(SqlDatetime(micros)));
  }
  if (const std::string* v = args.Get("limit")) {
    s = ParseInt(*v, "--limit", 1, kMaxLimit, &limit);
    if (!s.ok()) return s;
  }
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  if (const std::string* v = args.Get("listener")) {
    int64_t id;
    s = FindListenerId(db, *v, &id);
    if (!s.ok()) return s;
    where += " AND e.listener_id = ?";
    params.push_back(SqlParam::Int(id));
  }
  params.push_back(SqlParam::Int(limit));
  QueryResult r;
  s = db->Run(
      "SELECT e.id, e.received_at, e.listener_id, l.listener_key, "
      "e.http_status, e.error_code, e.delivery_id, e.duration_us, "
      "e.outcomes, e.replay_of, e.duplicate_of FROM events e "
      "LEFT JOIN listeners l ON l.id = e.listener_id WHERE TRUE" +
          where + " ORDER BY e.id DESC LIMIT ?",
      params, &r);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const Row& row : r.rows) {
    rapidjson::Value item(rapidjson::kObjectType);
    Put(&item, "id", row.Int(0), alloc);
    Put(&item, "received_at", TimeOrNull(row, 1, alloc), alloc);
    Put(&item, "listener_id", row.Int(2), alloc);
    Put(&item, "listener", TextOrNull(row, 3, alloc), alloc);
    Put(&item, "http_status", row.Int(4), alloc);
    Put(&item, "error_code", TextOrNull(row, 5, alloc), alloc);
    Put(&item, "delivery_id", TextOrNull(row, 6, alloc), alloc);
    Put(&item, "duration_ms", row.Int(7) / 1000.0, alloc);
    rapidjson::Value outcomes = ParseJsonColumn(row, 8, alloc);
    rapidjson::Value counts = OutcomeCounts(outcomes, alloc);
    Put(&item, "replay_of", IntOrNull(row, 9), alloc);
    Put(&item, "duplicate_of", IntOrNull(row, 10), alloc);
    if (!ctx->json()) {
      Put(&item, "listener_text", ListenerText(row, 2, 3), alloc);
      Put(&item, "summary", OutcomeSummary(counts), alloc);
    }
    Put(&item, "outcomes", std::move(counts), alloc);
    doc.PushBack(item, alloc);
  }
  ctx->out()->PrintTable({{"id", "id"},
                          {"received_at", "received", CellStyle::kTime},
                          {"listener_text", "listener"},
                          {"http_status", "status"},
                          {"error_code", "error"},
                          {"delivery_id", "delivery id", CellStyle::kText, 40},
                          {"duration_ms", "ms"},
                          {"summary", "outcome"}},
                         doc);
  return Status::OK();
}

Status Show(Context* ctx, const Args& args) {
  int64_t id;
  Status s = ParseId(args.positionals()[0], "event id", &id);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(
      "SELECT e.id, e.received_at, e.listener_id, l.listener_key, l.type, "
      "e.http_status, e.error_code, e.error_message, e.delivery_id, "
      "e.dedup_key IS NOT NULL, e.duplicate_of, e.replay_of, e.client_addr, "
      "e.duration_us, e.outcomes, e.headers, e.body, e.body_size, "
      "e.key_passed, e.signature_passed, e.forced_by "
      "FROM events e LEFT JOIN listeners l ON l.id = e.listener_id "
      "WHERE e.id = ?",
      {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no event " + std::to_string(id));
  const Row& row = r.rows[0];
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  Put(&doc, "id", row.Int(0), alloc);
  Put(&doc, "received_at", TimeOrNull(row, 1, alloc), alloc);
  Put(&doc, "listener_id", row.Int(2), alloc);
  Put(&doc, "listener", TextOrNull(row, 3, alloc), alloc);
  Put(&doc, "listener_type", TextOrNull(row, 4, alloc), alloc);
  Put(&doc, "http_status", row.Int(5), alloc);
  Put(&doc, "error_code", TextOrNull(row, 6, alloc), alloc);
  Put(&doc, "error_message", TextOrNull(row, 7, alloc), alloc);
  Put(&doc, "delivery_id", TextOrNull(row, 8, alloc), alloc);
  Put(&doc, "dedup_retained", row.Int(9) != 0, alloc);
  Put(&doc, "duplicate_of", IntOrNull(row, 10), alloc);
  Put(&doc, "replay_of", IntOrNull(row, 11), alloc);
  Put(&doc, "forced_by", TextOrNull(row, 20, alloc), alloc);
  Put(&doc, "key_passed", row.Int(18) != 0, alloc);
  Put(&doc, "signature_passed", row.Int(19) != 0, alloc);
  Put(&doc, "client_addr", row.Text(12), alloc);
  Put(&doc, "duration_ms", row.Int(13) / 1000.0, alloc);
  rapidjson::Value outcomes = ParseJsonColumn(row, 14, alloc);
  rapidjson::Value counts = OutcomeCounts(outcomes, alloc);
  const std::string summary = OutcomeSummary(counts);
  rapidjson::Value headers = ParseJsonColumn(row, 15, alloc);
  const std::string& body = row.Text(16);
  const bool has_body = !row.IsNull(16);
  const bool text = has_body && IsValidUtf8(body);
  const int64_t body_size = row.Int(17);

  if (ctx->json()) {
    Put(&doc, "outcome_counts", std::move(counts), alloc);
    Put(&doc, "outcomes", std::move(outcomes), alloc);
    Put(&doc, "headers", std::move(headers), alloc);
    Put(&doc, "body_size", body_size, alloc);
    Put(&doc, "body_stored", static_cast<int64_t>(body.size()), alloc);
    Put(&doc, "body_binary", has_body && !text, alloc);
    if (text) {
      Put(&doc, "body", body, alloc);
    } else {
      Put(&doc, "body", nullptr, alloc);
    }
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }

  Put(&doc, "listener_text",
      row.IsNull(3)
          ? "(deleted listener, id " + std::to_string(row.Int(2)) + ")"
          : row.Text(3) + " (id " + std::to_string(row.Int(2)) + ", " +
                row.Text(4) + ")",
      alloc);
  Put(&doc, "summary", summary, alloc);
  Put(&doc, "checks_text",
      std::string(row.Int(18) != 0 ? "key passed" : "key not passed") +
          (row.Int(19) != 0 ? ", signature passed" : ", signature not passed"),
      alloc);
  Output* out = ctx->out();
  out->Print(FormatRecord({{"id", "id"},
                           {"received_at", "received"},
                           {"listener_text", "listener"},
                           {"http_status", "http status"},
                           {"error_code", "error"},
                           {"error_message", "error message"},
                           {"delivery_id", "delivery id"},
                           {"dedup_retained", "dedup key kept"},
                           {"duplicate_of", "duplicate of"},
                           {"replay_of", "replay of"},
                           {"forced_by", "forced by"},
                           {"checks_text", "checks"},
                           {"client_addr", "client"},
                           {"duration_ms", "duration ms"},
                           {"summary", "outcome"}},
                          doc));
  if (outcomes.IsArray() && !outcomes.Empty()) {
    out->Print("\ntargets:\n");
    out->Print(FormatTable({{"id", "id"}, {"outcome", "outcome"}}, outcomes));
  }
  out->Print("\nheaders:\n");
  if (headers.IsNull()) {
    out->Print("(none)\n");
  } else {
    out->Print(Printable(FormatJson(headers), true));
  }
  out->Print("\nbody (" + std::to_string(body_size) + " bytes" +
             (has_body && static_cast<int64_t>(body.size()) < body_size
                  ? ", the first " + std::to_string(body.size()) + " kept"
                  : "") +
             "):\n");
  if (!has_body) {
    out->Print("(not kept)\n");
  } else if (!text) {
    out->Print("(binary: not valid UTF-8)\n");
  } else {
    out->Print(Printable(body, true));
    if (!body.empty() && body.back() != '\n') out->Print("\n");
  }
  return Status::OK();
}

Status Purge(Context* ctx, const Args& args) {
  const Config* config;
  Status s = ctx->GetConfig(&config);
  if (!s.ok()) return s;
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  int64_t cutoff = RetentionCutoff(*config, now);
  if (const std::string* v = args.Get("before")) {
    if (!ParseRfc3339(*v, &cutoff)) {
      return Status::Invalid("invalid --before '" + *v +
                             "': expected an RFC 3339 time such as "
                             "2026-11-27T10:00:00Z, or a date");
    }
  } else if (cutoff == 0) {
    return Status::Invalid(
        "event_retention_days is 0 (events are kept forever): give --before");
  }
  s = CheckPurgeCutoff(*config, now, cutoff);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  int64_t total = 0, deleted = 0;
  do {
    // Each batch commits: a long purge holds no big transaction.
    s = PurgeEventsBatch(db, cutoff, kPurgeBatch, &deleted);
    if (!s.ok()) return s;
    total += deleted;
  } while (deleted == kPurgeBatch);
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  Put(&doc, "deleted", total, alloc);
  Put(&doc, "before", Rfc3339Utc(cutoff), alloc);
  if (ctx->json()) {
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("deleted " + std::to_string(total) +
                      " events received before " + Rfc3339Utc(cutoff) + "\n");
  }
  return Status::OK();
}

}  // namespace

void AddEventCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"events list",
       "[--listener KEY] [--status N] [--since T] [--until T] [--limit N]",
       "the delivery log, newest first (50 unless --limit; --since "
       "inclusive, --until exclusive)",
       "listener status since until limit", 0, 0, List});
  commands->push_back({"events show", "ID",
                       "one delivery: headers, outcomes and the body kept", "",
                       1, 1, Show});
  commands->push_back(
      {"events purge", "[--before T]",
       "delete events received before T (default: event_retention_days "
       "ago), in small committed batches; for cron",
       "before", 0, 0, Purge});
}

}  // namespace earshot::ctl
