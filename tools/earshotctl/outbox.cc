// earshotctl outbox list | show | retry: the emails and webhooks queued by
// listeners, as earshot-outbox delivers them. `retry` makes a dead (or a
// waiting) message due now, with a fresh attempt budget for a dead one; a
// message a worker is sending right now is left to it.

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "common/outbox/outbox_retry.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/query.h"

namespace earshot::ctl {

namespace {

constexpr int64_t kDefaultLimit = 50;
constexpr int64_t kMaxLimit = 10000;

// A message is "being sent" while a worker holds an unexpired lease on it.
constexpr const char* kColumns =
    "SELECT id, kind, state, recipient, subject, attempts, "
    "IF(state = 'pending', next_attempt_at, NULL), last_error, origin, "
    "message_id, created_at, sent_at, state = 'pending' AND "
    "lease_token IS NOT NULL AND next_attempt_at > NOW(6), leased_by "
    "FROM outbox ";
constexpr size_t kSendingColumn = 12;
constexpr size_t kLeasedByColumn = 13;

const RowShape& Message() {
  static const RowShape kShape = {
      {{"id", Int},
       {"kind"},
       {"state"},
       {"recipient"},
       {"subject", TextOrNull},
       {"attempts", Int},
       {"next_attempt_at", TimeOrNull},
       {"last_error", TextOrNull},
       {"origin"},
       {"message_id"},
       {"created_at", TimeOrNull},
       {"sent_at", TimeOrNull},
       {"sending", Bool}},
      [](const Row& row, rapidjson::Value* item, JsonAlloc& alloc) {
        if (row.Int(kSendingColumn) != 0) {
          Put(item, "sending_by", row.Text(kLeasedByColumn), alloc);
        } else {
          Put(item, "sending_by", nullptr, alloc);
        }
        return Status::OK();
      }};
  return kShape;
}

// The message the command's first argument names, with kColumns.
Status ReadMessage(Context* ctx, const Args& args, const char* lock,
                   int64_t* id, Connection** db, QueryResult* r) {
  Status s = ParseId(args.positionals()[0], "message id", id);
  if (s.ok()) s = ctx->Db(db);
  if (!s.ok()) return s;
  return QueryOne(*db, std::string(kColumns) + "WHERE id = ?" + lock,
                  {SqlParam::Int(*id)},
                  "no outbox message " + std::to_string(*id), r);
}

Status List(Context* ctx, const Args& args) {
  std::string where = "WHERE TRUE";
  std::vector<SqlParam> params;
  if (const std::string* state = args.Get("state")) {
    if (*state != "pending" && *state != "sent" && *state != "dead") {
      return Status::Invalid("invalid --state '" + *state +
                             "': expected pending, sent or dead");
    }
    where += " AND state = ?";
    params.push_back(SqlParam::Text(*state));
  }
  int64_t limit = kDefaultLimit;
  if (const std::string* v = args.Get("limit")) {
    Status s = ParseInt(*v, "--limit", 1, kMaxLimit, &limit);
    if (!s.ok()) return s;
  }
  params.push_back(SqlParam::Int(limit));
  return PrintRows(ctx,
                   std::string(kColumns) + where + " ORDER BY id DESC LIMIT ?",
                   params, Message(),
                   {{"id", "id"},
                    {"kind", "kind"},
                    {"state", "state"},
                    {"recipient", "to", CellStyle::kText, 40},
                    {"subject", "subject", CellStyle::kText, 30},
                    {"attempts", "tries"},
                    {"next_attempt_at", "next", CellStyle::kTime},
                    {"last_error", "last error", CellStyle::kText, 40},
                    {"origin", "origin", CellStyle::kText, 24}});
}

Status Show(Context* ctx, const Args& args) {
  int64_t id;
  Connection* db;
  QueryResult r;
  Status s = ReadMessage(ctx, args, "", &id, &db, &r);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  s = PutRow(Message(), r.rows[0], &doc, alloc);
  if (!s.ok()) return s;
  rapidjson::Value list;
  s = QueryRows(db,
                "SELECT attempted_at, duration_ms, worker, error "
                "FROM outbox_attempts WHERE outbox_id = ? ORDER BY id",
                {SqlParam::Int(id)},
                {{{"at", TimeOrNull},
                  {"duration_ms", Int},
                  {"worker"},
                  {"error", TextOrNull}}},
                &list, alloc);
  if (!s.ok()) return s;
  if (ctx->json()) {
    Put(&doc, "attempt_log", std::move(list), alloc);
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }
  ctx->out()->PrintRecord(
      {{"id", "id"},
       {"kind", "kind"},
       {"state", "state"},
       {"recipient", "to"},
       {"subject", "subject"},
       {"message_id", "message id"},
       {"origin", "origin"},
       {"attempts", "attempts"},
       {"next_attempt_at", "next attempt", CellStyle::kTime},
       {"sending_by", "being sent by"},
       {"created_at", "created", CellStyle::kTime},
       {"sent_at", "sent", CellStyle::kTime},
       {"last_error", "last error"}},
      doc);
  ctx->out()->Print("\nattempts:\n");
  ctx->out()->Print(
      FormatTable({{"at", "at", CellStyle::kTime},
                   {"duration_ms", "ms"},
                   {"worker", "worker"},
                   {"error", "error", CellStyle::kText, 60, "ok"}},
                  list));
  return Status::OK();
}

Status Retry(Context* ctx, const Args& args) {
  int64_t id;
  Connection* db;
  bool dead = false;
  Status s = ParseId(args.positionals()[0], "message id", &id);
  if (s.ok()) s = ctx->Db(&db);
  if (s.ok()) s = RetryOutboxMessage(db, id, &dead);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", id, alloc);
    Put(&doc, "state", "pending", alloc);
    Put(&doc, "was", dead ? "dead" : "pending", alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("outbox message " + std::to_string(id) + " is due now" +
                      (dead ? " (was dead)" : "") + "\n");
  }
  return Status::OK();
}

}  // namespace

void AddOutboxCommands(std::vector<Command>* commands) {
  commands->push_back({"outbox list", "[--state pending|sent|dead] [--limit N]",
                       "list queued emails and webhooks, newest first",
                       "state limit", 0, 0, List});
  commands->push_back({"outbox show", "ID",
                       "show one message and every attempt at it", "", 1, 1,
                       Show});
  commands->push_back({"outbox retry", "ID",
                       "make a dead or waiting message due now", "", 1, 1,
                       Retry});
}

}  // namespace earshot::ctl
