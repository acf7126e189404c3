#include "common/outbox/outbox_hosts.h"

#include <algorithm>

namespace earshot {

const char* const kEmailHostKey = "smtp";

namespace {

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string OutboxHostKey(OutboxKind kind, const std::string& recipient) {
  if (kind == OutboxKind::kEmail) return kEmailHostKey;
  size_t colon = recipient.find("://");
  if (colon == std::string::npos) return "?";
  std::string scheme = Lower(recipient.substr(0, colon));
  std::string rest = recipient.substr(colon + 3);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  std::string host, port;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return "?";
    host = authority.substr(0, close + 1);
    std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return "?";
      port = after.substr(1);
    }
  } else {
    size_t p = authority.rfind(':');
    host = authority.substr(0, p);
    if (p != std::string::npos) port = authority.substr(p + 1);
  }
  if (host.empty()) return "?";
  if (port.empty()) port = scheme == "https" ? "443" : "80";
  if (!AllDigits(port)) return "?";
  port.erase(0, std::min(port.find_first_not_of('0'), port.size() - 1));
  std::string key = Lower(host) + ":" + port;
  if (key.size() > kMaxHostKeyBytes) return "?";
  return key;
}

int HostSlots::InFlight(const std::string& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? 0 : it->second;
}

int HostSlots::Free(const std::string& host) const {
  return std::max(0, std::min(total_ - in_flight_, per_host_ - InFlight(host)));
}

void HostSlots::Start(const std::string& host) {
  ++hosts_[host];
  ++in_flight_;
}

void HostSlots::Finish(const std::string& host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) return;
  --in_flight_;
  if (--it->second == 0) hosts_.erase(it);
}

std::vector<std::pair<std::string, int>> HostSlots::Plan(
    const std::vector<std::string>& due_hosts) const {
  std::vector<std::pair<std::string, int>> plan;
  int left = total_ - in_flight_;
  for (const std::string& host : due_hosts) {
    if (left <= 0) break;
    int n = std::min(left, per_host_ - InFlight(host));
    if (n <= 0) continue;
    plan.emplace_back(host, n);
    left -= n;
  }
  return plan;
}

}  // namespace earshot
