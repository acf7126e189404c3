#include "tools/outbox/worker.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>
#include <vector>

#include "common/base/clock.h"
#include "common/base/log.h"
#include "common/outbox/outbox_backoff.h"
#include "tools/outbox/senders.h"

namespace earshot {

namespace {

// Tries at recording ended sends before leaving them to their lease.
constexpr int kSettleTries = 10;
// The longest an ended send waits for others to end, to be recorded with
// them.
constexpr int64_t kRecordLagMs = 20;
// How often old sent messages are purged, and how many per transaction.
constexpr int64_t kPurgeIntervalMs = 10 * 60 * 1000;
constexpr int kPurgeBatch = 1000;

void Log(const std::string& line, LogLevel level = LogLevel::kError) {
  LogLine(level, line);
}

const char* KindName(OutboxKind kind) {
  return kind == OutboxKind::kEmail ? "email" : "webhook";
}

void LogSettled(const SendOutcome& o, Settled settled) {
  const ClaimedMessage& m = *o.message;
  std::string what = std::string(KindName(m.kind)) + " " +
                     std::to_string(m.id) + " (" + m.message_id + ")";
  switch (settled) {
    case Settled::kSent:
      break;
    case Settled::kRetry:
      Log(what + " failed, attempt " + std::to_string(m.attempts) +
              "; retry in " + std::to_string(o.retry_delay_ms) +
              " ms: " + o.error,
          LogLevel::kWarning);
      break;
    case Settled::kDead:
      Log(what + " is dead after " + std::to_string(m.attempts) +
          " attempts: " + o.error);
      break;
    case Settled::kLeaseLost:
      Log(what +
          ": its lease ran out while sending (outbox_lease_s is "
          "too short?); another worker has it now");
      break;
  }
}

}  // namespace

Worker::Worker(const Config& config, std::string name,
               const volatile std::sig_atomic_t* stop)
    : config_(config),
      name_(std::move(name)),
      stop_(stop),
      rng_(std::random_device{}()) {}

Status Worker::Connect() {
  if (db_ && !db_->broken()) return Status::OK();
  db_.reset();
  return Connection::Open(config_.db, &db_);
}

void Worker::Sleep(int64_t ms) {
  const int64_t until = SteadyMillis() + ms;
  while (!*stop_) {
    int64_t left = until - SteadyMillis();
    if (left <= 0) return;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::min<int64_t>(left, 50)));
  }
}

void Worker::MaybePurge() {
  const int64_t now = SteadyMillis();
  if (last_purge_ms_ >= 0 && now - last_purge_ms_ < kPurgeIntervalMs) return;
  last_purge_ms_ = PurgeEvents() ? -1 : now;  // -1: more next time
  int64_t total = 0, deleted = 0;
  do {
    Status s = Connect();
    if (s.ok()) {
      s = PurgeSent(db_.get(), config_.outbox_retention_days, kPurgeBatch,
                    &deleted);
    }
    if (!s.ok()) {
      Log("cannot purge old messages: " + s.ToString());
      if (db_ && db_->broken()) db_.reset();
      return;
    }
    total += deleted;
  } while (deleted == kPurgeBatch && !*stop_);
  if (total > 0) {
    Log("deleted " + std::to_string(total) + " messages sent more than " +
            std::to_string(config_.outbox_retention_days) + " days ago",
        LogLevel::kInfo);
  }
}

struct Worker::Running {
  Running(int total, int per_host) : slots(total, per_host) {}
  ~Running() {
    for (auto& [easy, t] : transfers) curl_multi_remove_handle(multi, easy);
    transfers.clear();
    curl_multi_cleanup(multi);
  }
  CURLM* multi = curl_multi_init();
  HostSlots slots;
  std::map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::vector<std::unique_ptr<Transfer>> ended;
};

int Worker::Run(bool once) {
  Running running(config_.outbox_concurrency, config_.outbox_per_host);
  if (running.multi == nullptr) {
    Log("cannot start libcurl");
    return 1;
  }
  // Idle connections kept for reuse: one per slot.
  curl_multi_setopt(running.multi, CURLMOPT_MAXCONNECTS,
                    static_cast<long>(config_.outbox_concurrency));
  int64_t next_claim_ms = 0;
  bool drained = false, failed = false;
  while (true) {
    const bool claiming = !*stop_ && !failed;
    if (claiming) {
      MaybePurge();
      Heartbeat();
    }
    if (claiming && running.slots.AnyFree() &&
        SteadyMillis() >= next_claim_ms) {
      failed = !ClaimAndStart(&running, once, &next_claim_ms, &drained);
    }
    if (running.transfers.empty() && running.ended.empty()) {
      if (!claiming || (once && drained)) break;
      Sleep(next_claim_ms - SteadyMillis());
      continue;
    }
    const int64_t now = SteadyMillis();
    Drive(&running, claiming && running.slots.AnyFree()
                        ? std::max(now, next_claim_ms)
                        : now + config_.outbox_poll_ms);
    if (!running.ended.empty()) {
      // A freed slot may take a waiting message of its host at once.
      next_claim_ms = 0;
      Settle(&running);
    }
  }
  return failed ? 1 : 0;
}

bool Worker::ClaimAndStart(Running* running, bool once, int64_t* next_claim_ms,
                           bool* drained) {
  std::vector<ClaimedMessage> claimed;
  Status s = Connect();
  if (s.ok()) {
    s = ClaimBatch(db_.get(), config_.outbox_lease_s, name_, running->slots,
                   &claimed);
  }
  const int64_t now = SteadyMillis();
  *drained = s.IsNotFound();
  if (s.IsNotFound()) {
    warned_ = false;
    *next_claim_ms = now + config_.outbox_poll_ms;
    return true;
  }
  if (s.IsRetry()) {
    // Another worker took those messages first: a lock wait on one
    // server, a lost certification at COMMIT on a Galera cluster (where
    // SKIP LOCKED does not see other nodes' locks). Not an error; try
    // again soon, at a random moment, so the two do not collide again.
    *next_claim_ms = now + 1 + static_cast<int64_t>(rng_() % 20);
    return true;
  }
  if (!s.ok()) {
    if (!warned_) Log("cannot claim messages: " + s.ToString());
    warned_ = true;
    if (s.IsUnavailable() || (db_ && db_->broken())) db_.reset();
    *next_claim_ms = now + config_.outbox_poll_ms;
    return !once;
  }
  warned_ = false;
  // Claim again as soon as a slot is free: there may be more.
  *next_claim_ms = now;
  const int64_t now_unix = std::time(nullptr);
  for (ClaimedMessage& m : claimed) {
    auto t = std::make_unique<Transfer>(config_, std::move(m), now_unix);
    CURL* easy = t->easy();
    if (easy == nullptr ||
        curl_multi_add_handle(running->multi, easy) != CURLM_OK) {
      if (easy != nullptr) t->Finish(CURLE_FAILED_INIT);
      running->ended.push_back(std::move(t));
      continue;
    }
    running->slots.Start(t->message().host);
    running->transfers[easy] = std::move(t);
  }
  return true;
}

void Worker::Drive(Running* running, int64_t until_ms) {
  // Enough ended sends to record them together, and to claim their slots'
  // worth in one go; but an ended send is recorded soon even when the
  // others hang.
  const size_t enough = std::max<size_t>(1, running->transfers.size() / 2);
  int64_t first_ended_ms = running->ended.empty() ? -1 : SteadyMillis();
  while (!running->transfers.empty()) {
    int still = 0;
    curl_multi_perform(running->multi, &still);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(running->multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode rc = msg->data.result;
      curl_multi_remove_handle(running->multi, easy);  // ends msg
      auto it = running->transfers.find(easy);
      if (it == running->transfers.end()) continue;
      it->second->Finish(rc);
      running->slots.Finish(it->second->message().host);
      running->ended.push_back(std::move(it->second));
      running->transfers.erase(it);
    }
    if (running->ended.size() >= enough) return;
    const int64_t now = SteadyMillis();
    if (!running->ended.empty() && first_ended_ms < 0) first_ended_ms = now;
    const int64_t until =
        first_ended_ms < 0 ? until_ms
                           : std::min(until_ms, first_ended_ms + kRecordLagMs);
    const int64_t left = until - now;
    if (left <= 0) return;
    curl_multi_poll(running->multi, nullptr, 0,
                    static_cast<int>(std::min<int64_t>(left, 100)), nullptr);
  }
}

void Worker::Settle(Running* running) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<SendOutcome> outcomes;
  for (const auto& t : running->ended) {
    SendOutcome o;
    o.message = &t->message();
    o.error = t->error();
    o.duration_ms = t->duration_ms();
    // A refused address is dead at once: no retry can help.
    o.max_attempts =
        t->permanent() ? o.message->attempts : config_.outbox_max_attempts;
    o.retry_delay_ms = JitteredDelayMs(
        RetryDelayMs(o.message->attempts, config_.outbox_backoff_base_ms),
        unit(rng_));
    outcomes.push_back(std::move(o));
  }
  std::vector<Settled> settled;
  for (int attempt = 1; attempt <= kSettleTries; ++attempt) {
    Status s = Connect();
    if (s.ok()) s = SettleBatch(db_.get(), outcomes, name_, &settled);
    if (s.ok()) {
      for (size_t i = 0; i < outcomes.size(); ++i) {
        LogSettled(outcomes[i], settled[i]);
      }
      running->ended.clear();
      return;
    }
    Log("cannot record " + std::to_string(outcomes.size()) +
        " sent messages: " + s.ToString());
    if (db_ && db_->broken()) db_.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
  }
  for (const SendOutcome& o : outcomes) {
    Log("gave up recording message " + std::to_string(o.message->id) +
        "; it will be sent again when its lease runs out");
  }
  running->ended.clear();
}

}  // namespace earshot
