#include "common/filter/filter_error.h"

namespace earshot {

namespace {

constexpr int kMaxQuotedChars = 32;

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

Status FilterError(int column, std::string_view what) {
  std::string msg = "column " + std::to_string(column) + ": ";
  msg.append(what);
  return Status::Invalid(msg);
}

std::string QuoteFilterText(std::string_view text) {
  int chars = 0;
  size_t end = 0;
  for (; end < text.size(); ++end) {
    if (!IsContinuationByte(text[end]) && ++chars > kMaxQuotedChars) break;
  }
  std::string quoted = "'";
  quoted.append(text.substr(0, end));
  if (end < text.size()) quoted += "...";
  quoted += "'";
  return quoted;
}

}  // namespace earshot
