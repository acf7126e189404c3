#include "common/auth/metrics_token.h"

#include "common/auth/crypto.h"

namespace earshot {

namespace {

constexpr size_t kRandomBytes = 32;

char Lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

}  // namespace

Status GenerateMetricsToken(std::string* token) {
  std::string random;
  Status s = RandomBytes(kRandomBytes, &random);
  if (!s.ok()) return s;
  *token = std::string(kMetricsTokenTag) + Base64UrlEncode(random);
  return Status::OK();
}

std::string HashMetricsToken(std::string_view token) {
  // 256 random bits: a fast hash is enough (see HashApiKey).
  return Sha256(token);
}

std::string BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return "";
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (Lower(authorization[i]) != kScheme[i]) return "";
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return std::string(token);
}

bool MetricsTokenMatches(std::string_view stored_hash,
                         std::string_view authorization) {
  const std::string token = BearerToken(authorization);
  // Hash first, so the comparison is of two 32-byte strings whatever was
  // sent.
  const std::string given = HashMetricsToken(token);
  const bool same = ConstantTimeEquals(given, stored_hash);
  return same && stored_hash.size() == kSha256Bytes && !token.empty();
}

}  // namespace earshot
