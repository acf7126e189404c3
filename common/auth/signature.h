// Webhook signatures: verification of inbound deliveries against a
// listener's signing secrets, and signing of outbound webhooks.
//
// Verification works on the raw body bytes, before any parsing. Schemes:
//
//   github    X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>;
//             when that header is absent, X-Hub-Signature with the same
//             value (Jira sends that name). sha1= is refused.
//   standard  Standard Webhooks (Svix): webhook-id, webhook-timestamp and
//             webhook-signature (or svix-id, svix-timestamp, svix-signature);
//             the signature is a space-separated list of "v1,<base64
//             HMAC-SHA256 of id.timestamp.body>"; the timestamp must be
//             within tolerance_seconds of now, either way.
//   token     a header (X-Gitlab-Token unless configured) equal to a secret.
//
// Several secrets may be configured during a rotation; a delivery signed
// with any one of them passes. Empty secrets are ignored: they would sign
// or match anything. Every comparison with a signature or secret is done
// in constant time, and no error message holds a secret, an expected
// signature or anything derived from one.
//
// Thread-safety: pure functions; safe from any thread.

#ifndef EARSHOT_COMMON_AUTH_SIGNATURE_H_
#define EARSHOT_COMMON_AUTH_SIGNATURE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"

namespace earshot {

enum class SignatureScheme { kNone, kGithub, kStandard, kToken };

// "github", "standard" or "token" (the values of listeners.signature_scheme;
// NULL there is kNone). Returns false on any other name.
bool ParseSignatureScheme(std::string_view name, SignatureScheme* out);
// "github", "standard", "token"; "none" for kNone.
const char* SignatureSchemeName(SignatureScheme scheme);

constexpr std::string_view kDefaultTokenHeader = "X-Gitlab-Token";

struct SignatureSettings {
  SignatureScheme scheme = SignatureScheme::kNone;
  // Any one may match: several during a secret rotation.
  std::vector<std::string> secrets;
  // kToken only; empty means kDefaultTokenHeader.
  std::string token_header = std::string(kDefaultTokenHeader);
  // kStandard only: how far webhook-timestamp may be from now, either way.
  int64_t tolerance_seconds = 300;
};

// Returns the value of a request header by its HTTP name, matched
// case-insensitively, or nullopt.
using HeaderLookup =
    std::function<std::optional<std::string_view>(std::string_view name)>;

// OK if the delivery is signed as `settings` require (always, for kNone);
// else Refused(ApiError::kBadSignature, ...) for a missing, malformed or
// wrong signature (an empty webhook-id too), or
// Refused(ApiError::kStaleSignature, ...) for a Standard Webhooks timestamp
// outside the tolerance. A scheme other than kNone with no (non-empty)
// secret refuses every delivery. When OK and `signed_id` is not null, it is
// set to the delivery id the signature covers (webhook-id or svix-id), ""
// for schemes that sign none.
Status VerifySignature(const SignatureSettings& settings,
                       const HeaderLookup& headers, std::string_view body,
                       int64_t now_unix_seconds,
                       std::string* signed_id = nullptr);

// For the outbox (outbound webhooks, Standard Webhooks): the
// webhook-signature value "v1,<base64 HMAC>" over "id.timestamp.body",
// keyed with StandardWebhookKey(secret).
std::string StandardWebhookSignature(std::string_view secret,
                                     std::string_view id, int64_t timestamp,
                                     std::string_view body);

// Decodes a Standard Webhooks secret: "whsec_" + base64 gives the decoded
// bytes; any other string (including "whsec_" followed by something that
// is not strict base64) is used as raw bytes.
std::string StandardWebhookKey(std::string_view secret);

}  // namespace earshot

#endif  // EARSHOT_COMMON_AUTH_SIGNATURE_H_
