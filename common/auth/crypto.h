// Crypto primitives on top of OpenSSL 3 libcrypto: SHA-256, HMAC-SHA256,
// hex and base64 codecs, secure random bytes and a comparison that does
// not leak where two secrets differ. Strings hold raw bytes unless a
// function says otherwise.
//
// The hash and HMAC functions cannot fail on a working libcrypto; if
// libcrypto does fail (out of memory), they abort the process rather than
// return a value that might compare equal to something.
//
// Thread-safety: pure functions over libcrypto, which is thread-safe in
// OpenSSL 3; safe from any thread.

#ifndef EARSHOT_COMMON_AUTH_CRYPTO_H_
#define EARSHOT_COMMON_AUTH_CRYPTO_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace earshot {

constexpr size_t kSha256Bytes = 32;

// The SHA-256 digest of `data`: 32 raw bytes.
std::string Sha256(std::string_view data);
// HMAC-SHA256 of `data` under `key`: 32 raw bytes. Any key length,
// including empty.
std::string HmacSha256(std::string_view key, std::string_view data);

// Lowercase hex, two digits per byte.
std::string HexEncode(std::string_view bytes);
// Accepts upper- and lowercase digits. Returns false on an odd length or a
// non-hex character, leaving *bytes unchanged.
bool HexDecode(std::string_view hex, std::string* bytes);

// RFC 4648 base64, standard alphabet (+/), padded with '='.
std::string Base64Encode(std::string_view bytes);
// Strict: standard alphabet only, length a multiple of 4, '=' only as the
// last one or two characters, unused trailing bits zero (so every input
// has exactly one encoding), no whitespace. Returns false on anything
// else, leaving *bytes unchanged.
bool Base64Decode(std::string_view text, std::string* bytes);
// RFC 4648 base64url (-_), without padding.
std::string Base64UrlEncode(std::string_view bytes);

// `n` bytes from the OpenSSL CSPRNG. Internal if it cannot deliver them.
Status RandomBytes(size_t n, std::string* out);

// Whether a == b, in time that depends only on the inputs' lengths (the
// cost of hashing them), not on their contents: neither the position of
// the first difference nor whether the lengths differ shows in the time
// of the final comparison. Use it for every comparison with a secret or a
// signature.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Whether two digests of one kind (of a fixed, public length, as Sha256's
// are) are equal, in time that does not depend on their bytes; false at
// once when the lengths differ (a digest's length tells nothing). Cheaper
// than ConstantTimeEquals, which hashes both sides again.
bool DigestsEqual(std::string_view a, std::string_view b);

}  // namespace earshot

#endif  // EARSHOT_COMMON_AUTH_CRYPTO_H_
