// Auth: which community API key a request carries and whether it may call
// a listener. Keys come in `Authorization: Bearer KEY`, `X-Api-Key: KEY` or
// `?api_key=KEY`; only their SHA-256 is ever compared or stored, and the
// key itself never reaches a log, an event or an error message.
//
// Thread-safety: pure functions, plus reads through a caller's Connection.

#ifndef EARSHOT_COMMON_AUTH_AUTH_H_
#define EARSHOT_COMMON_AUTH_AUTH_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/http/query_string.h"
#include "common/http/request.h"
#include "common/store/db.h"
#include "common/store/listener.h"

namespace earshot {

// The key the request carries, "" when none.
std::string PresentedApiKey(const Request& request, const QueryParams& query);

// OK when `key` is the listener's key, not revoked, and `client_addr` is on
// its allow-list. Otherwise a refusal: kMissingApiKey, kInvalidApiKey
// (unknown or revoked), kKeyNotAllowed (a valid key, but not this
// listener's: asks `db`, inside the caller's transaction), kIpNotAllowed.
Status CheckApiKey(Connection* db, const Listener& listener,
                   std::string_view key, std::string_view client_addr);

// Writes api_keys.last_used_at for the key, inside the caller's
// transaction; a no-op when it was written less than a minute ago, so a busy
// key is not a hot row.
Status TouchApiKey(Connection* db, int64_t api_key_id);

}  // namespace earshot

#endif  // EARSHOT_COMMON_AUTH_AUTH_H_
