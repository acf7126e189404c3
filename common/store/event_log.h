// The delivery log: one row per delivery to an existing listener, written
// in the same transaction as the delivery's effects (or alone, for a
// refusal). It is also where duplicate deliveries are caught: an applied
// delivery with a delivery id claims it through a unique key, so two
// copies arriving at once on two processes cannot both commit.
//
// Thread-safety: uses the caller's Connection.

#ifndef EARSHOT_COMMON_STORE_EVENT_LOG_H_
#define EARSHOT_COMMON_STORE_EVENT_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

struct EventRecord {
  int64_t listener_id = 0;
  int64_t received_micros = 0;  // when the request arrived, UTC
  int http_status = 200;
  std::string error_code;  // "" for success
  std::string error_message;
  std::string delivery_id;      // "" when the sender gave none
  bool claim_delivery = false;  // an applied delivery: claim delivery_id
  int64_t duplicate_of = 0;
  int64_t replay_of = 0;
  std::string client_addr;
  // Whether the delivery passed the API key check and the signature check
  // (a replay: whether its original did). Only such events replay without
  // --force.
  bool key_passed = false;
  bool signature_passed = false;
  std::string forced_by;  // who forced a replay of one that did not; "" else
  int64_t duration_us = 0;
  std::string outcomes_json;  // "" for none
  std::string headers_json;   // "" for none
  std::string body;           // already cut to the configured size
  uint64_t body_size = 0;     // the whole body's size; with an empty
                              // body, > 0 means none was kept (NULL)
  // Who the delivery named, for the erasure index (event_subjects.h):
  // users it targeted, and addresses it carried (identifiers, authors).
  std::vector<int64_t> subject_users;
  std::vector<std::string> subject_emails;
  // Whether the transaction may have queued outbox messages: they then get
  // the event's id (one more statement; outbox.h).
  bool link_outbox = false;
};

// How the event row knows its listener is still the configured one.
enum class ConfigCheck {
  kOnInsert,  // the insert checks config_version itself
  kChecked,   // the transaction checked it already (FindTargets)
};

// Inserts `event`, but only while the config is still at `config_version`
// (kOnInsert; with kChecked the caller vouches for it); otherwise writes
// nothing and sets *config_changed (the caller reloads its listener and
// starts over). With claim_delivery, a
// delivery id already claimed on the listener within `retention_days`
// gives Duplicate (the transaction stays open; roll it back). Files the
// event under its subjects in the same transaction (one more statement,
// only when it named someone). REQUIRES: an open transaction, committed by
// the caller.
Status RecordEvent(Connection* db, const EventRecord& event,
                   int64_t config_version, ConfigCheck check,
                   int retention_days, int64_t* event_id, bool* config_changed);

// The applied event that claimed `delivery_id` on a listener, with its
// outcomes; NotFound when there is none.
Status FindClaimingEvent(Connection* db, int64_t listener_id,
                         const std::string& delivery_id, int64_t* event_id,
                         std::string* outcomes_json);

// The dedup key of a delivery id (SHA-256, raw bytes).
std::string DeliveryKey(const std::string& delivery_id);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_EVENT_LOG_H_
