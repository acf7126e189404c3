#include "common/http/delivery_id.h"

namespace earshot {

namespace {

// Where the contract looks for a delivery id, first match wins.
constexpr std::string_view kGenericHeaders[] = {
    "Idempotency-Key",
    "webhook-id",
    "svix-id",
    "X-GitHub-Delivery",
    "X-Atlassian-Webhook-Identifier",
    "X-Gitlab-Event-UUID",
};

// The id headers the github scheme's senders set themselves.
constexpr std::string_view kGithubHeaders[] = {
    "X-GitHub-Delivery",
    "X-Atlassian-Webhook-Identifier",
};

template <size_t N>
bool FirstPresent(const std::string_view (&names)[N],
                  const HeaderLookup& headers, std::string* id) {
  for (std::string_view name : names) {
    std::optional<std::string_view> value = headers(name);
    if (value && !value->empty()) {
      *id = std::string(*value);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string DeliveryId(SignatureScheme scheme, std::string_view signed_id,
                       const HeaderLookup& headers) {
  if (!signed_id.empty()) return std::string(signed_id);
  std::string id;
  if (scheme == SignatureScheme::kGithub &&
      FirstPresent(kGithubHeaders, headers, &id)) {
    return id;
  }
  FirstPresent(kGenericHeaders, headers, &id);
  return id;
}

std::string VerifiedDeliveryId(SignatureScheme scheme,
                               std::string_view signed_id,
                               std::string_view unsigned_id,
                               const HeaderLookup& headers) {
  // Only a github listener's unsigned id comes from headers of its own.
  if (signed_id.empty() && scheme == SignatureScheme::kGithub) {
    return DeliveryId(scheme, signed_id, headers);
  }
  return std::string(signed_id.empty() ? unsigned_id : signed_id);
}

}  // namespace earshot
