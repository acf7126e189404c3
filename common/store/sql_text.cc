#include "common/store/sql_text.h"

namespace earshot {

std::string Placeholders(int n) { return Repeat("?", n, ", "); }

std::string Repeat(std::string_view group, int n, std::string_view separator) {
  std::string out;
  out.reserve((group.size() + separator.size()) * n);
  for (int i = 0; i < n; ++i) {
    if (i > 0) out.append(separator);
    out.append(group);
  }
  return out;
}

}  // namespace earshot
