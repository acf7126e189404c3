// The Ops page (admins): is the install working? Each handler pool asked
// for its health, the database, the outbox's depth and workers, the
// delivery log's retention, the migrations applied. Every state is written
// out in words; colour only repeats it.
//
// Pools are asked directly over FastCGI, at the addresses in
// console_pools, rather than through nginx: nginx retries another server
// of an upstream when one fails, so a dead host behind it would look
// healthy, and the console would need nginx's address (and TLS, and the
// rate limit) on top.

#include <rapidjson/document.h>

#include <chrono>
#include <cstdio>

#include "common/base/domain.h"
#include "common/console/console.h"
#include "common/http/fcgi_client.h"
#include "common/store/ops_state.h"

namespace earshot::console {

namespace {

// A pool that has not answered by then is reported down; pools are asked
// one after the other.
constexpr int kProbeTimeoutMs = 2000;
// Workers write a heartbeat every 10 s (as `earshotctl doctor` expects).
constexpr double kWorkerAgeS = 60;

struct PoolState {
  std::string type, address;
  bool up = false;
  std::string detail;
};

PoolState Probe(const std::string& type, const std::string& address) {
  PoolState p{type, address, false, ""};
  const std::string path = "/listeners/" + type + "/_health";
  const auto start = std::chrono::steady_clock::now();
  FcgiReply reply;
  Status s = FcgiGet(address,
                     {{"REQUEST_METHOD", "GET"},
                      {"DOCUMENT_URI", path},
                      {"REQUEST_URI", path},
                      {"QUERY_STRING", ""},
                      {"SERVER_PROTOCOL", "HTTP/1.1"},
                      {"GATEWAY_INTERFACE", "CGI/1.1"}},
                     kProbeTimeoutMs, &reply);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  if (!s.ok()) {
    p.detail = s.message();
    return p;
  }
  if (reply.status == 200) {
    p.up = true;
    p.detail = "answered in " + std::to_string(ms) + " ms";
    return p;
  }
  p.detail = "answered " + std::to_string(reply.status);
  rapidjson::Document doc;
  doc.Parse(reply.body.c_str());
  if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("error") &&
      doc["error"].IsObject() && doc["error"].HasMember("message") &&
      doc["error"]["message"].IsString()) {
    p.detail += ": " + std::string(doc["error"]["message"].GetString());
  }
  return p;
}

std::string Seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.0f s", s);
  return text;
}

}  // namespace

Status Console::OpsPage(Exchange* x) {
  if (!x->session.account.admin()) return NotFound(x);
  Dict dict("ops");
  std::vector<std::string> problems;

  // Pools first: no database work is held open while they are asked.
  std::vector<std::pair<std::string, std::string>> pools =
      config_.console_pools;
  if (pools.empty()) {
    for (ListenerType t :
         {ListenerType::kData, ListenerType::kComment, ListenerType::kMacro}) {
      pools.emplace_back(
          ListenerTypeName(t),
          std::string("/run/earshot/") + ListenerTypeName(t) + ".sock");
    }
  }
  int down = 0;
  std::map<std::string, int> seen;
  for (const auto& [type, address] : pools) {
    PoolState p = Probe(type, address);
    Dict* d = dict.AddSectionDictionary("POOL");
    const int n = ++seen[type];
    d->SetValue("ROW_ID",
                "pool-" + type + (n > 1 ? "-" + std::to_string(n) : ""));
    d->SetValue("TYPE", type);
    d->SetValue("ADDRESS", address);
    d->SetValue("STATE", p.up ? "OK" : "Down");
    d->SetValue("CLASS", p.up ? "ok" : "failed");
    d->SetValue("DETAIL", p.detail);
    if (!p.up) ++down;
  }
  if (down > 0) {
    problems.push_back(std::to_string(down) + " of " +
                       std::to_string(pools.size()) + " pools down");
  }

  QueryResult r;
  Status s =
      db_->Run("SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s')", &r);
  if (!s.ok()) return s;
  dict.SetValue("NOW", r.rows.empty() ? "" : r.rows[0].Text(0));

  DatabaseState database;
  s = ReadDatabaseState(db_.get(), &database);
  if (!s.ok()) return s;
  dict.SetValue("DB_VERSION", database.version);
  if (database.galera) {
    const bool synced = database.node_state == "Synced" &&
                        database.ready == "ON" &&
                        database.cluster_status == "Primary";
    Dict* g = dict.AddSectionDictionary("GALERA");
    g->SetValue("GALERA_STATE", synced ? "OK" : "Not ready");
    g->SetValue("GALERA_CLASS", synced ? "ok" : "failed");
    g->SetValue("NODE_STATE", database.node_state);
    g->SetValue("READY", database.ready);
    g->SetValue("CLUSTER_STATUS", database.cluster_status);
    g->SetValue("CLUSTER_SIZE", database.cluster_size);
    if (!synced) problems.push_back("this Galera node is not ready");
  } else {
    dict.ShowSection("NO_GALERA");
  }

  OutboxDepth depth;
  s = ReadOutboxDepth(db_.get(), &depth);
  if (!s.ok()) return s;
  dict.SetIntValue("PENDING", depth.pending);
  dict.SetIntValue("DUE", depth.due);
  dict.SetIntValue("FAILING", depth.failing);
  dict.SetIntValue("DEAD", depth.dead);
  dict.SetValue("OLDEST_DUE",
                depth.oldest_due.empty() ? "none due" : depth.oldest_due);
  if (depth.dead > 0) {
    dict.ShowSection("HAS_DEAD");
    problems.push_back(std::to_string(depth.dead) + " dead outbox messages");
  }

  std::vector<WorkerSeen> workers;
  s = ReadWorkers(db_.get(), &workers);
  if (!s.ok()) return s;
  bool worker_alive = false;
  for (const WorkerSeen& w : workers) {
    const bool alive = w.seen_ago_s <= kWorkerAgeS;
    worker_alive = worker_alive || alive;
    Dict* d = dict.AddSectionDictionary("WORKER");
    d->SetValue("NAME", w.name);
    d->SetValue("STATE", alive ? "Running" : "Not seen");
    d->SetValue("CLASS", alive ? "ok" : "failed");
    d->SetValue("SEEN_AT", w.seen_at);
    d->SetValue("SEEN_AGO", Seconds(w.seen_ago_s));
    d->SetValue("STARTED_AT", w.started_at);
  }
  dict.ShowSection(workers.empty() ? "NO_WORKERS" : "HAS_WORKERS");
  if (!worker_alive) {
    problems.push_back("no outbox worker seen in the last " +
                       Seconds(kWorkerAgeS));
  }

  RetentionState retention;
  s = ReadRetentionState(db_.get(), &retention);
  if (!s.ok()) return s;
  dict.SetValue("RETENTION",
                config_.event_retention_days == 0
                    ? "forever (event_retention_days = 0)"
                    : std::to_string(config_.event_retention_days) + " days");
  dict.SetValue("OLDEST_EVENT", retention.oldest_event.empty()
                                    ? "none"
                                    : retention.oldest_event + " UTC");
  dict.SetIntValue("APPROX_EVENTS", retention.approx_events);
  dict.SetValue("PURGED_AT", retention.purged_at.empty()
                                 ? "never"
                                 : retention.purged_at + " UTC");
  if (!retention.purged_at.empty()) {
    dict.ShowSection("PURGED");
    dict.SetIntValue("PURGED_EVENTS", retention.purged_events);
  }
  dict.SetIntValue("ROLLED_UP_TO", retention.rolled_up_to);
  if (!retention.folded_at.empty()) {
    dict.ShowSection("FOLDED");
    dict.SetValue("FOLDED_AT", retention.folded_at + " UTC");
  }

  std::vector<Migration> migrations;
  s = ReadMigrations(db_.get(), &migrations);
  if (!s.ok()) return s;
  for (const Migration& m : migrations) {
    char number[24];
    std::snprintf(number, sizeof(number), "%03lld_",
                  static_cast<long long>(m.version));
    Dict* d = dict.AddSectionDictionary("MIGRATION");
    d->SetValue("NAME", number + m.name);
    d->SetValue("APPLIED_AT", m.applied_at);
  }

  if (problems.empty()) {
    dict.ShowSection("ALL_OK");
  } else {
    std::string text;
    for (const std::string& p : problems) {
      text += (text.empty() ? "" : "; ") + p;
    }
    Dict* d = dict.AddSectionDictionary("PROBLEMS");
    d->SetValue("PROBLEMS_TEXT", "Needs attention: " + text + ".");
  }
  return Render("ops.tpl", "Ops", "ops", &x->session, &dict, x->out);
}

}  // namespace earshot::console
