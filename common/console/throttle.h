// Login throttling, kept in the database so that every console host sees
// the same counts: failed sign-ins are counted over the last
// kThrottleWindowMinutes per account (the email typed, as EmailKey folds
// it) and per client address. Past the limit, a sign-in is refused
// without looking at the password, until failures age out of the window.
// A correct password clears the account's count, not the address's.
//
// Thread-safety: functions over a Connection, which belongs to one thread.

#ifndef EARSHOT_COMMON_CONSOLE_THROTTLE_H_
#define EARSHOT_COMMON_CONSOLE_THROTTLE_H_

#include <string_view>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot::console {

constexpr int kThrottleWindowMinutes = 15;
constexpr int kMaxAccountFailures = 5;
constexpr int kMaxAddressFailures = 20;

// Sets *throttled when `email` or `client_addr` has reached its limit.
Status IsThrottled(Connection* db, std::string_view email,
                   std::string_view client_addr, bool* throttled);

// Counts one failed sign-in against both, and forgets failures older
// than the window (a few at a time).
Status RecordLoginFailure(Connection* db, std::string_view email,
                          std::string_view client_addr);

Status ClearAccountFailures(Connection* db, std::string_view email);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_THROTTLE_H_
