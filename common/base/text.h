// Small facts about text that several modules check: ASCII control
// characters, hex digits and how many code points a UTF-8 string holds.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_TEXT_H_
#define EARSHOT_COMMON_BASE_TEXT_H_

#include <cstddef>
#include <string_view>

namespace earshot {

// True for the C0 controls (U+0000 to U+001F) and DEL (U+007F).
inline bool IsAsciiControl(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

// True when `text` holds an ASCII control character (see IsAsciiControl).
bool HasAsciiControl(std::string_view text);

// The value (0 to 15) of a hex digit in either case, or -1.
int HexDigitValue(char c);

// An HTTP token (RFC 9110), as header names are: one or more of the
// letters, digits and !#$%&'*+-.^_`|~.
bool IsHttpToken(std::string_view text);

// How many code points `text` holds. REQUIRES: `text` is valid UTF-8
// (otherwise it counts the bytes that are not continuation bytes).
size_t CodePointCount(std::string_view text);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_TEXT_H_
