#include "common/base/utf8.h"

#include <cstdint>
#include <cstring>

namespace earshot {

size_t Utf8SequenceLength(std::string_view text, size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t left = text.size() - pos;
  const unsigned char lead = s[0];
  if (lead < 0x80) return 1;
  size_t len;
  // The second byte's bounds rule out the overlong forms, the surrogates
  // and what lies above U+10FFFF, so no code point needs computing.
  unsigned char lo = 0x80, hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;  // overlong
    if (lead == 0xED) hi = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;  // overlong
    if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (left < len || s[1] < lo || s[1] > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if ((s[k] & 0xC0) != 0x80) return 0;
  }
  return len;
}

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  size_t i = 0;
  while (i < text.size()) {
    // Bodies are mostly ASCII: eight bytes at a time while none has its
    // high bit set (this loop was a tenth of a delivery's instructions).
    uint64_t word;
    while (i + sizeof(word) <= text.size()) {
      std::memcpy(&word, text.data() + i, sizeof(word));
      if (word & 0x8080808080808080ULL) break;
      i += sizeof(word);
    }
    if (i >= text.size()) break;
    const size_t len = Utf8SequenceLength(text, i);
    if (len == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace earshot
