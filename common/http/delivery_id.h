// Delivery ids: which header names a delivery, for duplicate detection.
//
// Without a verified signature the id is the first present of
// Idempotency-Key, webhook-id, svix-id, X-GitHub-Delivery,
// X-Atlassian-Webhook-Identifier and X-Gitlab-Event-UUID. Once a signature
// was verified, an id the signature covers (Standard Webhooks' webhook-id
// or svix-id) is the id: an unsigned header added to the same signed bytes
// must not turn them into a new delivery. GitHub's scheme signs no id: on
// a github listener, the id header that sender sets (X-GitHub-Delivery, or
// Jira's X-Atlassian-Webhook-Identifier) wins over Idempotency-Key, which
// it never sends. Neither is signed, so this dedupes honest retries only;
// it does not stop a replay of captured bytes under a new id.
//
// Thread-safety: pure functions; safe from any thread.

#ifndef EARSHOT_COMMON_HTTP_DELIVERY_ID_H_
#define EARSHOT_COMMON_HTTP_DELIVERY_ID_H_

#include <string>
#include <string_view>

#include "common/auth/signature.h"

namespace earshot {

// The delivery id ("" for none). `signed_id` is the id a verified
// signature covered ("" when it covered none); `scheme` is the listener's
// (kNone before the listener is known).
std::string DeliveryId(SignatureScheme scheme, std::string_view signed_id,
                       const HeaderLookup& headers);

// The same once the listener's signature was checked, given
// `unsigned_id`, DeliveryId(kNone, "", headers) as read before the listener
// was known: only a github listener looks at headers again.
std::string VerifiedDeliveryId(SignatureScheme scheme,
                               std::string_view signed_id,
                               std::string_view unsigned_id,
                               const HeaderLookup& headers);

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_DELIVERY_ID_H_
