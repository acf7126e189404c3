// The outbox worker's loop: claim a due message, send it, settle it, one
// at a time, until told to stop (see outbox_queue.h for why several
// workers never send one message twice, and what a crash may repeat).
//
// A stop request is honoured between messages: the message in hand is
// always sent and settled first. A lost database connection is reopened;
// settling a sent message is retried for a while before it is given up
// (then the message is sent again after its lease: at least once).
//
// Sent messages older than outbox_retention_days are deleted now and then
// (any worker may do it; they skip each other's rows).
//
// Thread-safety: one Worker per thread; `stop` may be set from a signal
// handler.

#ifndef EARSHOT_TOOLS_OUTBOX_WORKER_H_
#define EARSHOT_TOOLS_OUTBOX_WORKER_H_

#include <csignal>
#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "common/config.h"
#include "common/outbox/outbox_queue.h"
#include "common/store/db.h"

namespace earshot {

class Worker {
 public:
  // REQUIRES: `config` and `stop` outlive the worker.
  Worker(const Config& config, std::string name,
         const volatile std::sig_atomic_t* stop);

  // Delivers until *stop, or, with `once`, until nothing is due. Returns
  // the process exit status.
  int Run(bool once);

 private:
  Status Connect();
  // Sends one claimed message and settles it.
  void Deliver(const ClaimedMessage& m);
  // Sleeps `ms`, or less if a stop is requested.
  void Sleep(int64_t ms);
  // Deletes old sent messages, and old events (PurgeEvents), at most once
  // per kPurgeIntervalMs.
  void MaybePurge();
  // Deletes events past event_retention_days, in small batches, for up to
  // a second (event_retention.cc). True if some are left.
  bool PurgeEvents();
  // Records that this worker is alive (outbox_workers, for earshotctl
  // doctor), at most once per kHeartbeatIntervalMs (heartbeat.cc).
  void Heartbeat();

  const Config& config_;
  const std::string name_;
  const volatile std::sig_atomic_t* stop_;
  std::unique_ptr<Connection> db_;
  std::mt19937_64 rng_;
  int64_t last_purge_ms_ = -1;
  int64_t last_heartbeat_ms_ = -1;
  bool heartbeat_warned_ = false;
};

}  // namespace earshot

#endif  // EARSHOT_TOOLS_OUTBOX_WORKER_H_
