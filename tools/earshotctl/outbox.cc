// earshotctl outbox list | show | retry: the emails and webhooks queued by
// listeners, as earshot-outbox delivers them. `retry` makes a dead (or a
// waiting) message due now, with a fresh attempt budget for a dead one; a
// message a worker is sending right now is left to it.

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

constexpr int64_t kDefaultLimit = 50;
constexpr int64_t kMaxLimit = 10000;

constexpr const char* kColumns =
    "SELECT id, kind, state, recipient, subject, attempts, next_attempt_at, "
    "last_error, origin, message_id, created_at, sent_at, "
    "lease_token IS NOT NULL AND next_attempt_at > NOW(6), leased_by "
    "FROM outbox ";

rapidjson::Value Message(const Row& row, JsonAlloc& alloc) {
  rapidjson::Value item(rapidjson::kObjectType);
  Put(&item, "id", row.Int(0), alloc);
  Put(&item, "kind", row.Text(1), alloc);
  Put(&item, "state", row.Text(2), alloc);
  Put(&item, "recipient", row.Text(3), alloc);
  Put(&item, "subject", TextOrNull(row, 4, alloc), alloc);
  Put(&item, "attempts", row.Int(5), alloc);
  if (row.Text(2) == "pending") {
    Put(&item, "next_attempt_at", TimeOrNull(row, 6, alloc), alloc);
  } else {
    Put(&item, "next_attempt_at", nullptr, alloc);
  }
  Put(&item, "last_error", TextOrNull(row, 7, alloc), alloc);
  Put(&item, "origin", row.Text(8), alloc);
  Put(&item, "message_id", row.Text(9), alloc);
  Put(&item, "created_at", TimeOrNull(row, 10, alloc), alloc);
  Put(&item, "sent_at", TimeOrNull(row, 11, alloc), alloc);
  bool sending = row.Text(2) == "pending" && row.Int(12) != 0;
  Put(&item, "sending", sending, alloc);
  if (sending) {
    Put(&item, "sending_by", row.Text(13), alloc);
  } else {
    Put(&item, "sending_by", nullptr, alloc);
  }
  return item;
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
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(std::string(kColumns) + where + " ORDER BY id DESC LIMIT ?",
              params, &r);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const Row& row : r.rows) doc.PushBack(Message(row, alloc), alloc);
  ctx->out()->PrintTable({{"id", "id"},
                          {"kind", "kind"},
                          {"state", "state"},
                          {"recipient", "to", CellStyle::kText, 40},
                          {"subject", "subject", CellStyle::kText, 30},
                          {"attempts", "tries"},
                          {"next_attempt_at", "next", CellStyle::kTime},
                          {"last_error", "last error", CellStyle::kText, 40},
                          {"origin", "origin", CellStyle::kText, 24}},
                         doc);
  return Status::OK();
}

Status Show(Context* ctx, const Args& args) {
  int64_t id;
  Status s = ParseId(args.positionals()[0], "message id", &id);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r, attempts;
  s = db->Run(std::string(kColumns) + "WHERE id = ?", {SqlParam::Int(id)}, &r);
  if (s.ok()) {
    s = db->Run(
        "SELECT attempted_at, duration_ms, worker, error FROM outbox_attempts "
        "WHERE outbox_id = ? ORDER BY id",
        {SqlParam::Int(id)}, &attempts);
  }
  if (!s.ok()) return s;
  if (r.rows.empty())
    return Status::NotFound("no outbox message " + std::to_string(id));
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  rapidjson::Value m = Message(r.rows[0], alloc);
  for (auto& member : m.GetObject()) {
    doc.AddMember(member.name, member.value, alloc);
  }
  rapidjson::Value list(rapidjson::kArrayType);
  for (const Row& row : attempts.rows) {
    rapidjson::Value a(rapidjson::kObjectType);
    Put(&a, "at", TimeOrNull(row, 0, alloc), alloc);
    Put(&a, "duration_ms", row.Int(1), alloc);
    Put(&a, "worker", row.Text(2), alloc);
    Put(&a, "error", TextOrNull(row, 3, alloc), alloc);
    list.PushBack(a, alloc);
  }
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
  Status s = ParseId(args.positionals()[0], "message id", &id);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(std::string(kColumns) + "WHERE id = ? FOR UPDATE",
              {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty())
    return Status::NotFound("no outbox message " + std::to_string(id));
  const Row& row = r.rows[0];
  if (row.Text(2) == "sent") {
    return Status::Invalid("outbox message " + std::to_string(id) +
                           " was already sent");
  }
  if (row.Text(2) == "pending" && row.Int(12) != 0) {
    return Status::Invalid("outbox message " + std::to_string(id) +
                           " is being sent right now by " + row.Text(13));
  }
  const bool dead = row.Text(2) == "dead";
  s = db->Run(
      "UPDATE outbox SET state = 'pending', next_attempt_at = NOW(6), "
      "lease_token = NULL, attempts = IF(state = 'dead', 0, attempts) "
      "WHERE id = ?",
      {SqlParam::Int(id)}, nullptr);
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
