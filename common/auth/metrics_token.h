// The token Prometheus reads /admin/metrics with: "esm_" and the base64url
// encoding of 32 random bytes. Separate from API keys and console
// sessions: it can read the metrics and nothing else, and nothing else
// reads them. Only its SHA-256 hash is stored (metrics_token, sql/011);
// `earshotctl metrics token` prints a new one once and replaces the old.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_AUTH_METRICS_TOKEN_H_
#define EARSHOT_COMMON_AUTH_METRICS_TOKEN_H_

#include <string>
#include <string_view>

#include "common/base/status.h"

namespace earshot {

constexpr std::string_view kMetricsTokenTag = "esm_";

Status GenerateMetricsToken(std::string* token);

// What metrics_token.token_hash holds: 32 raw bytes.
std::string HashMetricsToken(std::string_view token);

// The token of an Authorization header, "Bearer TOKEN" (the scheme in any
// letter case); "" when the header is anything else.
std::string BearerToken(std::string_view authorization);

// Whether `authorization` carries the token whose hash is `stored_hash`,
// comparing hashes in constant time. An empty stored hash (no token set)
// matches nothing.
bool MetricsTokenMatches(std::string_view stored_hash,
                         std::string_view authorization);

}  // namespace earshot

#endif  // EARSHOT_COMMON_AUTH_METRICS_TOKEN_H_
