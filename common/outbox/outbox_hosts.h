// Which receiving host an outbox message goes to, and how many sends a
// worker may have in flight to each: earshot-outbox sends many messages
// at once, at most `total` in all and `per_host` to any one host, so one
// slow or hung receiver holds at most `per_host` of its slots and never
// the others' (see worker.h). The limits are per worker process.
//
// A host is "host:port" of a webhook's URL (lowercase, the scheme's port
// when none is given), and "smtp" for every email (they all go to the one
// relay). It only groups messages for scheduling; which addresses a
// webhook may reach is checked separately (webhook_target.h).
//
// Thread-safety: OutboxHostKey is pure; a HostSlots is used by one thread.

#ifndef EARSHOT_COMMON_OUTBOX_OUTBOX_HOSTS_H_
#define EARSHOT_COMMON_OUTBOX_OUTBOX_HOSTS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/outbox/outbox.h"

namespace earshot {

// The most bytes of a host key (the outbox's target_host column).
constexpr size_t kMaxHostKeyBytes = 300;
// Every email's host key.
extern const char* const kEmailHostKey;

// The host key of a message to `recipient`; "?" for a URL it cannot read
// (such a message fails when sent, like any other, under its own key).
std::string OutboxHostKey(OutboxKind kind, const std::string& recipient);

class HostSlots {
 public:
  // REQUIRES: total >= 1, per_host >= 1.
  HostSlots(int total, int per_host) : total_(total), per_host_(per_host) {}

  int in_flight() const { return in_flight_; }
  int InFlight(const std::string& host) const;
  // How many more sends may start to `host` now.
  int Free(const std::string& host) const;
  bool AnyFree() const { return in_flight_ < total_; }

  void Start(const std::string& host);
  // REQUIRES: a Start(host) not yet finished.
  void Finish(const std::string& host);

  // How many messages to claim for each of `due_hosts` (the hosts with
  // due messages, the one waiting longest first): as many as each may
  // start, within the free total, in that order; hosts at their limit are
  // left out.
  std::vector<std::pair<std::string, int>> Plan(
      const std::vector<std::string>& due_hosts) const;

 private:
  const int total_, per_host_;
  int in_flight_ = 0;
  std::map<std::string, int> hosts_;  // only hosts with sends in flight
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_OUTBOX_OUTBOX_HOSTS_H_
