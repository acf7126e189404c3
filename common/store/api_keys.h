// API keys as operators manage them, with `earshotctl apikey` or the
// console: the checks on what they type and the changes themselves, so
// that both ways in refuse exactly the same things with the same messages.
// Every change bumps the config version in the caller's transaction, so
// handlers load the key's new settings before their next commit.
//
// Thread-safety: pure functions, plus writes through a caller's Connection.

#ifndef EARSHOT_COMMON_STORE_API_KEYS_H_
#define EARSHOT_COMMON_STORE_API_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

// Invalid("invalid API key name '...': ...") unless `name` is 1 to 64 of
// A-Z a-z 0-9 _ . - starting with a letter or digit.
Status CheckApiKeyName(std::string_view name);

// Checks `cidrs`, one CIDR or address each, and sets *normalized to what
// api_keys.allow_ips stores: the networks in canonical form, repeats
// dropped, separated by single blanks ("" for none, which allows every
// address). Invalid("invalid CIDR '...': ...") on the first bad one.
Status NormalizeAllowList(const std::vector<std::string>& cidrs,
                          std::string* normalized);

// Splits what a person typed into a box (CIDRs separated by blanks, commas
// or line breaks) into single entries for NormalizeAllowList.
std::vector<std::string> SplitAllowList(std::string_view text);

// Invalid (naming the problem) unless `email` is a sane email address.
Status CheckNotifyEmail(std::string_view email);

struct NewApiKey {
  int64_t id = 0;
  std::string key;  // shown once; never stored, logged or audited
  std::string prefix;
};

// Creates key `name` with a fresh secret. REQUIRES: the arguments passed
// the checks above. Duplicate("an API key named '...' already exists")
// when the name is taken, revoked or not.
Status CreateApiKey(Connection* db, std::string_view name,
                    std::string_view allow_ips, std::string_view notify_email,
                    NewApiKey* created);

// REQUIRES: `allow_ips` came from NormalizeAllowList.
Status SetApiKeyAllowList(Connection* db, int64_t id,
                          std::string_view allow_ips);

// `email` "" turns notification off. REQUIRES: CheckNotifyEmail passed.
Status SetApiKeyNotify(Connection* db, int64_t id, std::string_view email);

// Revokes key `id` (a no-op when it already is) and sets
// *enabled_listeners to the keys of the enabled listeners that use it,
// which refuse deliveries from now on.
Status RevokeApiKey(Connection* db, int64_t id,
                    std::vector<std::string>* enabled_listeners);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_API_KEYS_H_
