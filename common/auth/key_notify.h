// New-address notification: for an API key with a notification address,
// the first delivery that passes the key check from a client address the
// key was not used from before queues one email to that address, in the
// delivery's own transaction (so it is sent only if that transaction
// commits, and exactly once however many copies race).
//
// Cost: nothing for keys without notification (the caller checks the
// listener's cached api_key_notify_email; no statement is run). For keys
// with it, one INSERT IGNORE per delivery; a new address adds a lock on
// the key's row, a count and the outbox row.
//
// Not floodable: one email per (key, address), addresses taken exactly as
// nginx reports them (REMOTE_ADDR; never a header a sender sets), and at
// most `max_per_hour` emails per key in any hour. Addresses beyond the cap
// are still recorded (the console lists them) but not emailed; the email
// that reaches the cap says so.
//
// Thread-safety: writes through the caller's Connection.

#ifndef EARSHOT_COMMON_AUTH_KEY_NOTIFY_H_
#define EARSHOT_COMMON_AUTH_KEY_NOTIFY_H_

#include <string_view>

#include "common/base/status.h"
#include "common/store/db.h"
#include "common/store/listener.h"

namespace earshot {

// Client addresses are stored (and compared) cut to this many bytes.
constexpr size_t kMaxKeyAddressBytes = 64;

// Records that listener.api_key_id was used from `client_addr` and, when
// that is new, queues the email. A no-op when the key has no notification
// address. REQUIRES: an open transaction that will be committed only
// with the delivery's event record.
Status NoteApiKeyAddress(Connection* db, const Listener& listener,
                         std::string_view client_addr, int max_per_hour);

}  // namespace earshot

#endif  // EARSHOT_COMMON_AUTH_KEY_NOTIFY_H_
