#include "common/http/hops.h"

namespace earshot {

namespace {

constexpr int kCap = 1000000;

}  // namespace

int ParseHops(const std::optional<std::string>& header) {
  if (!header) return 0;
  int best = 0;
  std::string_view rest = *header;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view()
                                           : rest.substr(comma + 1);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) {
      part.remove_prefix(1);
    }
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) {
      part.remove_suffix(1);
    }
    if (part.empty()) continue;
    int n = 0;
    bool number = true;
    for (char c : part) {
      if (c < '0' || c > '9') {
        number = false;
        break;
      }
      n = n >= kCap ? kCap : n * 10 + (c - '0');
    }
    if (number && n > best) best = n > kCap ? kCap : n;
  }
  return best;
}

Status CheckHops(const std::optional<std::string>& header, int max_hops,
                 int* hops) {
  *hops = ParseHops(header);
  if (*hops > max_hops) {
    return Status::Refused(
        ApiError::kLoopDetected,
        "this delivery went through " + std::to_string(*hops) +
            " webhook hops (Earshot-Hops), more than the " +
            std::to_string(max_hops) +
            " allowed: a macro's webhook calling back into a listener?");
  }
  return Status::OK();
}

}  // namespace earshot
