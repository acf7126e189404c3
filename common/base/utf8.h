// UTF-8 decoding (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF): the one place that knows which byte sequences are
// well-formed, for every module that validates or walks UTF-8 text.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_UTF8_H_
#define EARSHOT_COMMON_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace earshot {

// The length (1 to 4) of the well-formed UTF-8 sequence that starts at
// byte `pos` of `text`, or 0 when none does there: a continuation byte, a
// byte that never leads (C0, C1, F5 to FF), an overlong form, a surrogate,
// a code point above U+10FFFF, or a sequence cut short by the end of
// `text`. REQUIRES: pos < text.size().
size_t Utf8SequenceLength(std::string_view text, size_t pos);

// True when `text` is valid UTF-8. Otherwise false, with the offset of the
// first byte that does not start a well-formed sequence in `*bad_offset`
// when it is not null.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_UTF8_H_
