#include "common/outbox/webhook_target.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>

namespace earshot {

namespace {

bool IsHostName(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  bool letter = false;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || c == '-') {
      letter = true;
    } else if (!(c >= '0' && c <= '9') && c != '.') {
      return false;
    }
  }
  // All digits and dots is a (bad) address, never a name.
  return letter && s.front() != '.' && s.front() != '-';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Range {
  uint32_t base;
  int prefix;
  const char* reason;
};

const char* V4Reason(uint32_t a) {
  static const Range kRanges[] = {
      {0x00000000, 8, "unspecified"},     // 0.0.0.0/8
      {0x0A000000, 8, "private"},         // 10.0.0.0/8
      {0x64400000, 10, "shared"},         // 100.64.0.0/10
      {0x7F000000, 8, "loopback"},        // 127.0.0.0/8
      {0xA9FE0000, 16, "link-local"},     // 169.254.0.0/16
      {0xAC100000, 12, "private"},        // 172.16.0.0/12
      {0xC0000000, 24, "reserved"},       // 192.0.0.0/24
      {0xC0000200, 24, "documentation"},  // 192.0.2.0/24
      {0xC0586300, 24, "reserved"},       // 192.88.99.0/24
      {0xC0A80000, 16, "private"},        // 192.168.0.0/16
      {0xC6120000, 15, "reserved"},       // 198.18.0.0/15
      {0xC6336400, 24, "documentation"},  // 198.51.100.0/24
      {0xCB007100, 24, "documentation"},  // 203.0.113.0/24
      {0xE0000000, 4, "multicast"},       // 224.0.0.0/4
      {0xF0000000, 4, "reserved"},        // 240.0.0.0/4, broadcast too
  };
  for (const Range& r : kRanges) {
    uint32_t mask = r.prefix == 0 ? 0 : ~uint32_t{0} << (32 - r.prefix);
    if ((a & mask) == r.base) return r.reason;
  }
  return nullptr;
}

uint32_t V4At(const uint8_t* b) {
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 |
         b[3];
}

bool StartsWith(const uint8_t* a, std::initializer_list<uint8_t> prefix,
                int bits) {
  int i = 0;
  for (uint8_t byte : prefix) {
    int take = std::min(8, bits - 8 * i);
    if (take <= 0) break;
    uint8_t mask = static_cast<uint8_t>(0xFF << (8 - take));
    if ((a[i] & mask) != (byte & mask)) return false;
    ++i;
  }
  return true;
}

const char* V6Reason(const uint8_t* a) {
  static const uint8_t kZero[16] = {};
  if (std::memcmp(a, kZero, 15) == 0 && a[15] == 0) return "unspecified";
  if (std::memcmp(a, kZero, 15) == 0 && a[15] == 1) return "loopback";
  // ::ffff:0:0/96, IPv4-mapped.
  if (std::memcmp(a, kZero, 10) == 0 && a[10] == 0xFF && a[11] == 0xFF) {
    return V4Reason(V4At(a + 12));
  }
  // 64:ff9b::/96, NAT64: the IPv4 address it stands for.
  if (StartsWith(a, {0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0}, 96)) {
    return V4Reason(V4At(a + 12));
  }
  if (StartsWith(a, {0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01}, 48)) {
    return "reserved";  // 64:ff9b:1::/48, local-use NAT64
  }
  // ::/96, IPv4-compatible (deprecated), and the rest of ::/8.
  if (a[0] == 0) return "reserved";
  if (StartsWith(a, {0x01, 0x00, 0, 0, 0, 0, 0, 0}, 64)) return "reserved";
  if (StartsWith(a, {0x20, 0x01, 0x0D, 0xB8}, 32)) return "documentation";
  if (StartsWith(a, {0x3F, 0xFF}, 20)) return "documentation";
  // 2001::/23: IETF protocol assignments, Teredo (2001::/32) among them.
  if (StartsWith(a, {0x20, 0x01, 0x00}, 23)) return "reserved";
  // 2002::/16, 6to4: the IPv4 address it carries.
  if (a[0] == 0x20 && a[1] == 0x02) {
    const char* r = V4Reason(V4At(a + 2));
    return r;
  }
  if ((a[0] & 0xFE) == 0xFC) return "private";  // fc00::/7, unique local
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return "link-local";
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) return "private";  // site-local
  if (a[0] == 0xFF) return "multicast";
  return nullptr;
}

}  // namespace

Status WebhookAllowList::Parse(std::string_view spec, WebhookAllowList* out) {
  WebhookAllowList result;
  std::string networks;
  size_t i = 0;
  while (i < spec.size()) {
    size_t end = spec.find_first_of(" ,\t\r\n", i);
    if (end == std::string_view::npos) end = spec.size();
    std::string_view entry = spec.substr(i, end - i);
    i = end + 1;
    if (entry.empty()) continue;
    std::string lower = Lower(entry);
    if (!lower.empty() && lower.back() == '.') lower.pop_back();
    std::string normalized;
    if (IpAllowList::ParseOne(entry, &normalized).ok()) {
      networks += normalized + " ";
    } else if (IsHostName(lower)) {
      result.hosts_.push_back(lower);
    } else {
      return Status::Invalid("'" + std::string(entry) +
                             "' is neither a network (CIDR), an address nor "
                             "a host name");
    }
  }
  Status s = IpAllowList::Parse(networks, &result.networks_);
  if (!s.ok()) return s;
  *out = std::move(result);
  return Status::OK();
}

bool WebhookAllowList::AllowsHost(std::string_view host) const {
  std::string lower = Lower(host);
  if (!lower.empty() && lower.back() == '.') lower.pop_back();
  for (const std::string& h : hosts_) {
    if (h == lower) return true;
  }
  return false;
}

bool WebhookAllowList::AllowsAddress(const sockaddr* address) const {
  if (networks_.empty()) return false;
  std::string text = AddressText(address);
  return !text.empty() && networks_.Allows(text);
}

std::string WebhookAllowList::ToString() const {
  std::string out = networks_.ToString();
  for (const std::string& h : hosts_) out += (out.empty() ? "" : " ") + h;
  return out;
}

const char* NonPublicReason(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return V4Reason(ntohl(in->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    return V6Reason(in6->sin6_addr.s6_addr);
  }
  return "reserved";
}

std::string AddressText(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr,
              text, sizeof(text));
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6,
              &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
              sizeof(text));
  }
  return text;
}

}  // namespace earshot
