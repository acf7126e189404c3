// /admin/metrics: Prometheus' text format, for a scraper holding the
// metrics token (earshotctl metrics token). No session is looked at: a
// signed-in browser without the token gets 401 like anyone else, and the
// token opens nothing but this. GET (and HEAD) only, so CSRF is moot.
//
// A scrape first folds settled events into the delivery totals
// (delivery_metrics.h), then answers totals plus the events above the
// watermark: its cost follows the deliveries since the last scrape, not
// the size of the delivery log.

#include <chrono>
#include <cstdio>

#include "common/auth/metrics_token.h"
#include "common/base/domain.h"
#include "common/console/console.h"
#include "common/console/exposition.h"
#include "common/store/delivery_metrics.h"
#include "common/store/ops_state.h"

namespace earshot::console {

namespace {

// Events folded per transaction, and how long a scrape may spend folding
// a backlog (the first scrape after a long pause) before it answers 503
// and leaves the rest to the next scrapes.
constexpr int kFoldBatch = 20000;
constexpr auto kFoldBudget = std::chrono::seconds(5);

void Plain(Response* out, int status, const std::string& body) {
  out->status = status;
  out->content_type = "text/plain; charset=utf-8";
  out->body = body;
}

void WriteDeliveries(const DeliveryCounts& counts, Exposition* e) {
  e->Family("earshot_deliveries_total", "counter",
            "Deliveries recorded, by listener type and HTTP status.");
  for (const auto& [key, n] : counts.deliveries) {
    e->Sample("earshot_deliveries_total",
              {{"type", key.first}, {"status", std::to_string(key.second)}}, n);
  }
  e->Family("earshot_delivery_duration_seconds", "histogram",
            "Time from a delivery's arrival to its record, by listener "
            "type.");
  // Every listener type, even before its first delivery.
  std::map<std::string, DeliveryCounts::Durations> durations = counts.durations;
  for (ListenerType t :
       {ListenerType::kData, ListenerType::kComment, ListenerType::kMacro}) {
    durations[ListenerTypeName(t)];
  }
  for (const auto& [type, d] : durations) {
    int64_t cumulative = 0;
    for (int64_t le : DurationBucketsUs()) {
      auto it = d.buckets.find(le);
      if (it != d.buckets.end()) cumulative += it->second;
      e->Sample("earshot_delivery_duration_seconds_bucket",
                {{"type", type},
                 {"le", FormatSampleValue(static_cast<double>(le) / 1e6)}},
                cumulative);
    }
    e->Sample("earshot_delivery_duration_seconds_bucket",
              {{"type", type}, {"le", "+Inf"}}, d.count);
    e->Sample("earshot_delivery_duration_seconds_sum", {{"type", type}},
              static_cast<double>(d.sum_us) / 1e6);
    e->Sample("earshot_delivery_duration_seconds_count", {{"type", type}},
              d.count);
  }
}

void WriteOutbox(const OutboxDepth& depth,
                 const std::vector<WorkerSeen>& workers, Exposition* e) {
  e->Family("earshot_outbox_messages", "gauge",
            "Outbox messages waiting (pending) or given up (dead); sent "
            "ones are history, not depth.");
  e->Sample("earshot_outbox_messages", {{"state", "pending"}}, depth.pending);
  e->Sample("earshot_outbox_messages", {{"state", "dead"}}, depth.dead);
  e->Family("earshot_outbox_due_messages", "gauge",
            "Pending outbox messages due now and not being sent.");
  e->Sample("earshot_outbox_due_messages", {}, depth.due);
  e->Family("earshot_outbox_failing_messages", "gauge",
            "Pending outbox messages whose last attempt failed.");
  e->Sample("earshot_outbox_failing_messages", {}, depth.failing);
  e->Family("earshot_outbox_dead_messages", "gauge",
            "Outbox messages that ran out of attempts (earshotctl outbox "
            "retry ID).");
  e->Sample("earshot_outbox_dead_messages", {}, depth.dead);
  e->Family("earshot_outbox_worker_last_seen_seconds", "gauge",
            "Seconds since each outbox worker's last heartbeat (every 10 s "
            "while it runs), by worker (host:pid).");
  for (const WorkerSeen& w : workers) {
    e->Sample("earshot_outbox_worker_last_seen_seconds", {{"worker", w.name}},
              w.seen_ago_s);
  }
}

}  // namespace

void Console::Metrics(const HttpIn& in, Response* out) {
  out->headers.emplace_back("X-Content-Type-Options", "nosniff");
  out->headers.emplace_back("Cache-Control", "no-store");
  if (in.method != "GET" && in.method != "HEAD") {
    out->headers.emplace_back("Allow", "GET, HEAD");
    Plain(out, 405, "/admin/metrics answers GET only.\n");
    return;
  }
  // The stored hash is compared in constant time, after hashing whatever
  // was sent (metrics_token.h).
  QueryResult r;
  Status s = EnsureDb();
  if (s.ok()) {
    s = db_->Run("SELECT token_hash FROM metrics_token WHERE id = 1", &r);
  }
  if (s.ok()) s = db_->Commit();
  if (s.ok() && !MetricsTokenMatches(r.rows.empty() ? "" : r.rows[0].Text(0),
                                     in.authorization)) {
    out->headers.emplace_back("WWW-Authenticate",
                              "Bearer realm=\"earshot metrics\"");
    Plain(out, 401,
          "A metrics token is required: Authorization: Bearer TOKEN "
          "(earshotctl metrics token makes one).\n");
    return;
  }

  bool more = false;
  if (s.ok()) {
    const auto until = std::chrono::steady_clock::now() + kFoldBudget;
    const int settle_s = SettleSeconds(config_.db);
    do {
      int64_t folded = 0;
      s = FoldDeliveries(db_.get(), settle_s, kFoldBatch, &folded, &more);
      // Another scrape or a purge holds the watermark: it folds, this one
      // answers from the same consistent totals.
      if (s.IsRetry()) {
        s = Status::OK();
        more = false;
      }
    } while (s.ok() && more && std::chrono::steady_clock::now() < until);
  }
  if (s.ok() && more) {
    out->headers.emplace_back("Retry-After", "15");
    Plain(out, 503,
          "Still folding the delivery log into the metrics totals; the next "
          "scrapes continue.\n");
    return;
  }
  DeliveryCounts counts;
  OutboxDepth depth;
  std::vector<WorkerSeen> workers;
  if (s.ok()) s = ReadDeliveryCounts(db_.get(), &counts);
  if (s.ok()) s = ReadOutboxDepth(db_.get(), &depth);
  if (s.ok()) s = ReadWorkers(db_.get(), &workers);
  if (db_ != nullptr && !db_->broken()) {
    Status end = db_->Rollback();  // read only
    if (s.ok()) s = end;
  }
  if (!s.ok()) {
    std::fprintf(stderr, "earshot console: /admin/metrics: %s\n",
                 s.ToString().c_str());
    out->headers.emplace_back("Retry-After",
                              std::to_string(config_.retry_after_s));
    Plain(out, s.IsUnavailable() ? 503 : 500,
          "The metrics cannot be read now; see the console's log.\n");
    return;
  }
  Exposition e;
  e.Family("earshot_up", "gauge",
           "1: the console reached the database and read these metrics.");
  e.Sample("earshot_up", {}, int64_t{1});
  WriteDeliveries(counts, &e);
  WriteOutbox(depth, workers, &e);
  out->status = 200;
  out->content_type = kExpositionContentType;
  out->body = e.text();
}

}  // namespace earshot::console
