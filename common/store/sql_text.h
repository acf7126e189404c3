// Small builders for the variable parts of SQL text: placeholder lists
// whose length depends on how many values a delivery carries. Only `?`
// and fixed fragments come out of here; values are always bound.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_STORE_SQL_TEXT_H_
#define EARSHOT_COMMON_STORE_SQL_TEXT_H_

#include <string>
#include <string_view>

namespace earshot {

// "?, ?, ?" for n = 3. REQUIRES: n >= 1.
std::string Placeholders(int n);

// `group` repeated n times, joined by `separator`:
// Repeat("(?, ?)", 2, ", ") is "(?, ?), (?, ?)". REQUIRES: n >= 1.
std::string Repeat(std::string_view group, int n, std::string_view separator);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_SQL_TEXT_H_
