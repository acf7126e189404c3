// Community API keys: how they are made, recognised, hashed for storage
// and shown to operators.
//
// A key is "esk_" followed by the base64url encoding (no padding) of 32
// random bytes: 47 characters in all. Only its SHA-256 hash is stored
// (api_keys.hash) and only its first characters are shown (api_keys.prefix).
// The key itself is printed once, by the command that creates it, and must
// never be logged, stored or put in an error message anywhere.
//
// Thread-safety: pure functions; safe from any thread.

#ifndef EARSHOT_COMMON_AUTH_API_KEY_H_
#define EARSHOT_COMMON_AUTH_API_KEY_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace earshot {

constexpr std::string_view kApiKeyTag = "esk_";
constexpr size_t kApiKeyRandomBytes = 32;
// base64url of 32 bytes without padding: ceil(32 * 4 / 3).
constexpr size_t kApiKeyEncodedChars = 43;
constexpr size_t kApiKeyChars = kApiKeyTag.size() + kApiKeyEncodedChars;
// What ApiKeyPrefix keeps: the tag and 8 key characters (48 of the key's
// 256 random bits), enough to tell keys apart, far too few to matter.
constexpr size_t kApiKeyPrefixChars = 12;

// A fresh key from the OpenSSL CSPRNG. Internal if randomness fails.
Status GenerateApiKey(std::string* key);

// What api_keys.hash holds: SHA-256 of the whole key, 32 raw bytes.
std::string HashApiKey(std::string_view key);

// The key's first kApiKeyPrefixChars characters (all of it if shorter), as
// stored in api_keys.prefix and shown in listings.
std::string ApiKeyPrefix(std::string_view key);

// Whether `text` has the shape of a key: the tag, then exactly 43
// base64url characters. A cheap check to refuse junk before any database
// lookup; it says nothing about whether the key exists.
bool LooksLikeApiKey(std::string_view text);

}  // namespace earshot

#endif  // EARSHOT_COMMON_AUTH_API_KEY_H_
