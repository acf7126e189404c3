#include "common/base/text.h"

#include <algorithm>

namespace earshot {

bool HasAsciiControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), IsAsciiControl);
}

size_t CodePointCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace earshot
