// Email addresses as account keys. Two addresses name the same account
// when they are equal after ASCII letters are lower-cased, and only then:
// accents, full-width forms, zero-width characters and non-ASCII case all
// make a different address. The database keeps the same key in
// users.email_key (a generated VARBINARY column, unique; sql/004), so a
// lookup compares EmailKey(x) with it byte for byte.
//
// Why ASCII only: Unicode lower-casing maps look-alikes onto plain letters
// (U+212A KELVIN SIGN lower-cases to "k"), depends on the Unicode version
// (MariaDB, MySQL and a C++ table would each disagree somewhere), and is
// wrong for some languages (Turkish dotless i). ASCII folding is what mail
// servers do in practice and is the same everywhere.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_EMAIL_H_
#define EARSHOT_COMMON_BASE_EMAIL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace earshot {

// RFC 5321's longest path, less the angle brackets.
constexpr size_t kMaxEmailBytes = 254;

// `email` with A-Z lower-cased; every other byte as it is.
std::string EmailKey(std::string_view email);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_EMAIL_H_
