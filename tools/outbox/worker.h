// The outbox worker's loop: claim due messages in batches, per receiving
// host, as free slots allow (at most outbox_concurrency sends in flight,
// outbox_per_host to one host: outbox_hosts.h); send them all at once
// through one libcurl multi handle; record the ended sends in batches;
// claim more as slots free up; until told to stop (see outbox_queue.h for
// why several workers never send one message twice, and what a crash may
// repeat). A host at its limit, say one that never answers, keeps its
// waiting messages unclaimed while other hosts' flow.
//
// A stop request ends claiming: the sends in hand are finished (each
// within outbox_timeout_s) and recorded, then Run returns. A lost
// database connection is reopened; recording ended sends is retried for a
// while before it is given up (then those messages are sent again after
// their lease: at least once).
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
#include <map>
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
  struct Running;
  Status Connect();
  // Claims what the free slots allow and starts it; *next_claim_ms says
  // when to claim again at the latest, *drained whether nothing was due.
  // False on an error that ends a --once run.
  bool ClaimAndStart(Running* running, bool once, int64_t* next_claim_ms,
                     bool* drained);
  // Runs transfers until some end or `until_ms` passes; moves ended ones
  // to running->ended.
  void Drive(Running* running, int64_t until_ms);
  // Records running->ended and forgets them.
  void Settle(Running* running);
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
  bool warned_ = false;  // about claiming, until a claim works again
};

}  // namespace earshot

#endif  // EARSHOT_TOOLS_OUTBOX_WORKER_H_
