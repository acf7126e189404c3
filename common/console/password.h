// Console passwords: Argon2id (libargon2) in the PHC string form
// ($argon2id$v=19$m=19456,t=2,p=1$SALT$HASH), which carries its own cost
// and salt, so the cost can be raised later without breaking stored hashes.
// The cost is OWASP's first recommendation for Argon2id (19 MiB, two
// passes, one lane): tens of milliseconds per sign-in.
//
// Thread-safety: pure functions; safe from any thread.

#ifndef EARSHOT_COMMON_CONSOLE_PASSWORD_H_
#define EARSHOT_COMMON_CONSOLE_PASSWORD_H_

#include <string>
#include <string_view>

#include "common/base/status.h"

namespace earshot::console {

constexpr size_t kMinPasswordLength = 10;
constexpr size_t kMaxPasswordLength = 1024;

// Invalid, with a message for the person choosing it, unless `password`
// is an acceptable new password: 10 to 1024 bytes, valid UTF-8.
Status CheckNewPassword(std::string_view password);

// Hashes `password` with a fresh random salt into *encoded.
Status HashPassword(std::string_view password, std::string* encoded);

// Whether `password` matches `encoded` (a HashPassword result). False for
// a malformed or non-Argon2id `encoded`. libargon2 compares the hashes in
// constant time.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// Spends the time of one VerifyPassword against a real hash, so that
// signing in as an unknown account takes as long as with a known one.
void VerifyDummyPassword(std::string_view password);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_PASSWORD_H_
