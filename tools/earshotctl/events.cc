// earshotctl events list | show | purge: the delivery log. Events keep their
// listener's id; a deleted listener's events show that id.

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "common/base/clock.h"
#include "common/base/datetime.h"
#include "common/base/utf8.h"
#include "common/store/event_purge.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/outcomes.h"
#include "tools/earshotctl/query.h"

namespace earshot::ctl {

namespace {

constexpr int64_t kDefaultLimit = 50;
constexpr int64_t kMaxLimit = 10000;
constexpr int kPurgeBatch = 500;
// The outcomes column, counted (see outcomes.h).
rapidjson::Value Outcomes(const Row& row, size_t col, JsonAlloc& alloc) {
  return OutcomeCounts(JsonOrNull(row, col, alloc), alloc);
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
  RowExtras for_people = nullptr;
  if (!ctx->json()) {
    for_people = [](const Row& row, rapidjson::Value* item, JsonAlloc& alloc) {
      Put(item, "listener_text", ListenerText(row, 2, 3), alloc);
      Put(item, "summary", OutcomeSummary((*item)["outcomes"]), alloc);
      return Status::OK();
    };
  }
  return PrintRows(ctx,
                   "SELECT e.id, e.received_at, e.listener_id, l.listener_key, "
                   "e.http_status, e.error_code, e.delivery_id, e.duration_us, "
                   "e.replay_of, e.duplicate_of, e.outcomes FROM events e "
                   "LEFT JOIN listeners l ON l.id = e.listener_id WHERE TRUE" +
                       where + " ORDER BY e.id DESC LIMIT ?",
                   params,
                   {{{"id", Int},
                     {"received_at", TimeOrNull},
                     {"listener_id", Int},
                     {"listener", TextOrNull},
                     {"http_status", Int},
                     {"error_code", TextOrNull},
                     {"delivery_id", TextOrNull},
                     {"duration_ms", Millis},
                     {"replay_of", IntOrNull},
                     {"duplicate_of", IntOrNull},
                     {"outcomes", Outcomes}},
                    for_people},
                   {{"id", "id"},
                    {"received_at", "received", CellStyle::kTime},
                    {"listener_text", "listener"},
                    {"http_status", "status"},
                    {"error_code", "error"},
                    {"delivery_id", "delivery id", CellStyle::kText, 40},
                    {"duration_ms", "ms"},
                    {"summary", "outcome"}});
}

Status Show(Context* ctx, const Args& args) {
  int64_t id;
  Status s = ParseId(args.positionals()[0], "event id", &id);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = QueryOne(
      db,
      "SELECT e.id, e.received_at, e.listener_id, l.listener_key, l.type, "
      "e.http_status, e.error_code, e.error_message, e.delivery_id, "
      "e.dedup_key IS NOT NULL, e.duplicate_of, e.replay_of, e.forced_by, "
      "e.key_passed, e.signature_passed, e.client_addr, e.duration_us, "
      "e.outcomes, e.headers, e.body, e.body_size "
      "FROM events e LEFT JOIN listeners l ON l.id = e.listener_id "
      "WHERE e.id = ?",
      {SqlParam::Int(id)}, "no event " + std::to_string(id), &r);
  if (!s.ok()) return s;
  const Row& row = r.rows[0];
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  PutCells({{"id", Int},
            {"received_at", TimeOrNull},
            {"listener_id", Int},
            {"listener", TextOrNull},
            {"listener_type", TextOrNull},
            {"http_status", Int},
            {"error_code", TextOrNull},
            {"error_message", TextOrNull},
            {"delivery_id", TextOrNull},
            {"dedup_retained", Bool},
            {"duplicate_of", IntOrNull},
            {"replay_of", IntOrNull},
            {"forced_by", TextOrNull},
            {"key_passed", Bool},
            {"signature_passed", Bool},
            {"client_addr"},
            {"duration_ms", Millis}},
           row, &doc, alloc);
  rapidjson::Value outcomes = JsonOrNull(row, 17, alloc);
  rapidjson::Value counts = OutcomeCounts(outcomes, alloc);
  const std::string summary = OutcomeSummary(counts);
  rapidjson::Value headers = JsonOrNull(row, 18, alloc);
  const std::string& body = row.Text(19);
  const bool has_body = !row.IsNull(19);
  const bool text = has_body && IsValidUtf8(body);
  const int64_t body_size = row.Int(20);

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
      std::string(row.Int(13) != 0 ? "key passed" : "key not passed") +
          (row.Int(14) != 0 ? ", signature passed" : ", signature not passed"),
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
  const int64_t now = WallMicros();
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
