#include "common/auth/auth.h"

#include "common/auth/api_key.h"
#include "common/auth/crypto.h"

namespace earshot {

namespace {

constexpr std::string_view kBearer = "bearer ";

// "Bearer " in any case: scheme names are case-insensitive (RFC 9110
// 11.1).
bool HasBearerScheme(std::string_view value) {
  if (value.size() <= kBearer.size()) return false;
  for (size_t i = 0; i < kBearer.size(); ++i) {
    char c = value[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kBearer[i]) return false;
  }
  return true;
}

}  // namespace

std::string PresentedApiKey(const Request& request, const QueryParams& query) {
  if (auto auth = RequestHeader(request, "Authorization")) {
    std::string_view v(*auth);
    if (HasBearerScheme(v)) {
      v.remove_prefix(kBearer.size());
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      if (!v.empty()) return std::string(v);
    }
  }
  if (auto header = RequestHeader(request, "X-Api-Key")) {
    if (!header->empty()) return *header;
  }
  for (const auto& [name, value] : query) {
    if (name == "api_key" && !value.empty()) return value;
  }
  return "";
}

Status CheckApiKey(Connection* db, const Listener& listener,
                   std::string_view key, std::string_view client_addr) {
  if (key.empty()) {
    return Status::Refused(ApiError::kMissingApiKey,
                           "send the API key in Authorization: Bearer, "
                           "X-Api-Key or ?api_key=");
  }
  const Status invalid =
      Status::Refused(ApiError::kInvalidApiKey, "the API key is not valid");
  if (!LooksLikeApiKey(key)) return invalid;
  std::string hash = HashApiKey(key);
  if (DigestsEqual(hash, listener.api_key_hash)) {
    if (listener.api_key_revoked) {
      return Status::Refused(ApiError::kInvalidApiKey,
                             "the API key has been revoked");
    }
  } else {
    QueryResult r;
    Status s = db->Run(
        "SELECT revoked_at IS NULL FROM api_keys WHERE hash = ?",
        {SqlParam::Blob(hash)}, &r);
    if (!s.ok()) return s;
    if (r.rows.empty() || r.rows[0].Int(0) == 0) return invalid;
    return Status::Refused(ApiError::kKeyNotAllowed,
                           "this API key may not call this listener");
  }
  if (!listener.allowed_ips.Allows(client_addr)) {
    return Status::Refused(ApiError::kIpNotAllowed,
                           "the API key may not be used from " +
                               std::string(client_addr));
  }
  return Status::OK();
}

Status TouchApiKey(Connection* db, int64_t api_key_id) {
  return db->Run(
      "UPDATE api_keys SET last_used_at = NOW(6) WHERE id = ? AND "
      "(last_used_at IS NULL OR last_used_at < NOW(6) - INTERVAL 60 SECOND)",
      {SqlParam::Int(api_key_id)}, nullptr);
}

}  // namespace earshot
