// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF).
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_UTF8_H_
#define EARSHOT_COMMON_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace earshot {

// True when `text` is valid UTF-8. Otherwise false, with the offset of the
// first bad byte in `*bad_offset` when it is not null.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_UTF8_H_
