#include "tools/outbox/worker.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

#include "common/base/log.h"
#include "common/outbox/outbox_backoff.h"
#include "tools/outbox/senders.h"

namespace earshot {

namespace {

// Tries at settling a sent message before leaving it to its lease.
constexpr int kSettleTries = 10;
// How often old sent messages are purged, and how many per transaction.
constexpr int64_t kPurgeIntervalMs = 10 * 60 * 1000;
constexpr int kPurgeBatch = 1000;

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void Log(const std::string& line, LogLevel level = LogLevel::kError) {
  LogLine(level, line);
}

const char* KindName(OutboxKind kind) {
  return kind == OutboxKind::kEmail ? "email" : "webhook";
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
  const int64_t until = SteadyMs() + ms;
  while (!*stop_) {
    int64_t left = until - SteadyMs();
    if (left <= 0) return;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::min<int64_t>(left, 50)));
  }
}

void Worker::MaybePurge() {
  const int64_t now = SteadyMs();
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

int Worker::Run(bool once) {
  bool warned = false;
  while (!*stop_) {
    MaybePurge();
    Heartbeat();
    Status s = Connect();
    ClaimedMessage m;
    if (s.ok()) s = ClaimMessage(db_.get(), config_.outbox_lease_s, name_, &m);
    if (s.ok()) {
      warned = false;
      Deliver(m);
      continue;
    }
    if (s.IsNotFound()) {
      if (once) return 0;
      Sleep(config_.outbox_poll_ms);
      continue;
    }
    if (s.IsRetry()) {
      // Another worker took that message first: a lock wait on one
      // server, a lost certification at COMMIT on a Galera cluster (where
      // SKIP LOCKED does not see other nodes' locks). Not an error; try
      // again soon, at a random moment, so the two do not collide again.
      Sleep(1 + static_cast<int64_t>(rng_() % 20));
      continue;
    }
    if (!warned) Log("cannot claim messages: " + s.ToString());
    warned = true;
    if (s.IsUnavailable() || (db_ && db_->broken())) db_.reset();
    if (once && !s.IsRetry()) return 1;
    Sleep(config_.outbox_poll_ms);
  }
  return 0;
}

void Worker::Deliver(const ClaimedMessage& m) {
  const int64_t started = SteadyMs();
  const int64_t now = std::time(nullptr);
  // A refused address is dead at once: no retry can help.
  bool permanent = false;
  std::string error = m.kind == OutboxKind::kEmail
                          ? SendEmail(config_, m, now)
                          : SendWebhook(config_, m, now, &permanent);
  const int64_t duration = SteadyMs() - started;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const int64_t delay = JitteredDelayMs(
      RetryDelayMs(m.attempts, config_.outbox_backoff_base_ms), unit(rng_));

  for (int attempt = 1; attempt <= kSettleTries; ++attempt) {
    Settled settled = Settled::kSent;
    Status s = Connect();
    if (s.ok()) {
      s = SettleMessage(db_.get(), m, name_, error, duration,
                        permanent ? m.attempts : config_.outbox_max_attempts,
                        delay, &settled);
    }
    if (s.ok()) {
      std::string what = std::string(KindName(m.kind)) + " " +
                         std::to_string(m.id) + " (" + m.message_id + ")";
      switch (settled) {
        case Settled::kSent:
          break;
        case Settled::kRetry:
          Log(what + " failed, attempt " + std::to_string(m.attempts) +
                  "; retry in " + std::to_string(delay) + " ms: " + error,
              LogLevel::kWarning);
          break;
        case Settled::kDead:
          Log(what + " is dead after " + std::to_string(m.attempts) +
              " attempts: " + error);
          break;
        case Settled::kLeaseLost:
          Log(what +
              ": its lease ran out while sending (outbox_lease_s is "
              "too short?); another worker has it now");
          break;
      }
      return;
    }
    Log("cannot settle message " + std::to_string(m.id) + ": " + s.ToString());
    if (db_ && db_->broken()) db_.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
  }
  Log("gave up settling message " + std::to_string(m.id) +
      "; it will be sent again when its lease runs out");
}

}  // namespace earshot
