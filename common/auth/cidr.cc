#include "common/auth/cidr.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace earshot {

namespace {

// Longer than any address inet_pton accepts ("ffff:...:255.255.255.255" is
// 45 characters); anything longer is refused before copying.
constexpr size_t kMaxAddressChars = 64;

bool IsSeparator(char c) {
  return c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r';
}

// Parses an IPv4 or IPv6 address (no prefix). For IPv4 fills bytes[0..3].
bool ParseAddress(std::string_view text, bool* v6, uint8_t bytes[16]) {
  if (text.empty() || text.size() > kMaxAddressChars) return false;
  // inet_pton wants a NUL-terminated string; an embedded NUL would cut
  // the text short.
  if (text.find('\0') != std::string_view::npos) return false;
  std::string s(text);
  *v6 = s.find(':') != std::string::npos;
  return inet_pton(*v6 ? AF_INET6 : AF_INET, s.c_str(), bytes) == 1;
}

Status InvalidCidr(std::string_view cidr, std::string_view reason) {
  return Status::Invalid("invalid CIDR '" + std::string(cidr) +
                         "': " + std::string(reason));
}

}  // namespace

bool IpAllowList::Network::operator==(const Network& other) const {
  return v6 == other.v6 && prefix == other.prefix &&
         std::memcmp(bytes, other.bytes, sizeof(bytes)) == 0;
}

bool IpAllowList::Network::Contains(const uint8_t* address) const {
  int full = prefix / 8;
  if (std::memcmp(bytes, address, full) != 0) return false;
  int rest = prefix % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (address[full] & mask) == bytes[full];
}

std::string IpAllowList::Network::ToString() const {
  char text[INET6_ADDRSTRLEN];
  if (inet_ntop(v6 ? AF_INET6 : AF_INET, bytes, text, sizeof(text)) ==
      nullptr) {
    return "?";  // cannot happen: the buffer fits any address
  }
  return std::string(text) + "/" + std::to_string(prefix);
}

Status IpAllowList::ParseNetwork(std::string_view cidr, Network* out) {
  if (cidr.empty()) return InvalidCidr(cidr, "empty");
  size_t slash = cidr.find('/');
  std::string_view address = cidr.substr(0, slash);
  Network n;
  if (!ParseAddress(address, &n.v6, n.bytes)) {
    return InvalidCidr(cidr, "not an IPv4 or IPv6 address");
  }
  int max_prefix = n.v6 ? 128 : 32;
  n.prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view digits = cidr.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) {
      return InvalidCidr(cidr, "bad prefix length");
    }
    int prefix = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return InvalidCidr(cidr, "bad prefix length");
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > max_prefix) {
      return InvalidCidr(
          cidr, n.v6 ? "prefix length above 128" : "prefix length above 32");
    }
    n.prefix = prefix;
  }
  // Clear the host bits.
  int bytes = n.v6 ? 16 : 4;
  for (int i = 0; i < bytes; ++i) {
    int bits = n.prefix - 8 * i;  // network bits in this byte
    if (bits >= 8) continue;
    n.bytes[i] &= bits <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits));
  }
  *out = n;
  return Status::OK();
}

Status IpAllowList::Parse(std::string_view spec, IpAllowList* out) {
  std::vector<Network> networks;
  size_t i = 0;
  while (i < spec.size()) {
    if (IsSeparator(spec[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < spec.size() && !IsSeparator(spec[end])) ++end;
    Network n;
    Status s = ParseNetwork(spec.substr(i, end - i), &n);
    if (!s.ok()) return s;
    bool seen = false;
    for (const Network& m : networks) seen = seen || m == n;
    if (!seen) networks.push_back(n);
    i = end;
  }
  out->networks_ = std::move(networks);
  return Status::OK();
}

Status IpAllowList::ParseOne(std::string_view cidr, std::string* normalized) {
  Network n;
  Status s = ParseNetwork(cidr, &n);
  if (!s.ok()) return s;
  *normalized = n.ToString();
  return Status::OK();
}

bool IpAllowList::Allows(std::string_view address) const {
  if (networks_.empty()) return true;
  bool v6 = false;
  uint8_t bytes[16] = {};
  if (!ParseAddress(address, &v6, bytes)) return false;
  // ::ffff:a.b.c.d also stands for the IPv4 address a.b.c.d.
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0,    0,
                                                0, 0, 0, 0, 0xff, 0xff};
  bool mapped = v6 && std::memcmp(bytes, kMappedPrefix, 12) == 0;
  for (const Network& n : networks_) {
    if (n.v6 == v6 && n.Contains(bytes)) return true;
    if (mapped && !n.v6 && n.Contains(bytes + 12)) return true;
  }
  return false;
}

std::string IpAllowList::ToString() const {
  std::string out;
  for (const Network& n : networks_) {
    if (!out.empty()) out += ' ';
    out += n.ToString();
  }
  return out;
}

}  // namespace earshot
