#include "common/auth/api_key.h"

#include "common/auth/crypto.h"

namespace earshot {

namespace {

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

Status GenerateApiKey(std::string* key) {
  std::string random;
  Status s = RandomBytes(kApiKeyRandomBytes, &random);
  if (!s.ok()) return s;
  *key = std::string(kApiKeyTag) + Base64UrlEncode(random);
  return Status::OK();
}

std::string HashApiKey(std::string_view key) {
  // A plain fast hash, not a password hash (bcrypt, Argon2): a key carries
  // 256 random bits, so nobody can guess it from its hash however fast the
  // hash is, and slowness would only cost every delivery time. Being
  // unsalted and deterministic is what lets the hash itself be the lookup
  // key (uq_api_keys_hash).
  return Sha256(key);
}

std::string ApiKeyPrefix(std::string_view key) {
  return std::string(key.substr(0, kApiKeyPrefixChars));
}

bool LooksLikeApiKey(std::string_view text) {
  if (text.size() != kApiKeyChars ||
      text.substr(0, kApiKeyTag.size()) != kApiKeyTag) {
    return false;
  }
  for (char c : text.substr(kApiKeyTag.size())) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

}  // namespace earshot
