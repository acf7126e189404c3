// IpAllowList: the networks an API key may be used from (api_keys.allow_ips),
// IPv4 and IPv6, written as CIDRs ("10.0.0.0/8", "2001:db8::/32") or bare
// addresses (a /32 or /128).
//
// An empty list allows every address: that is how "no allow-list" is
// stored. A client address given as IPv4-mapped IPv6 ("::ffff:10.1.2.3",
// as a dual-stack socket reports IPv4 peers) matches IPv4 networks as well
// as IPv6 ones; a plain IPv4 client never matches an IPv6 network, so
// "::/0" means every IPv6 address, not every address.
//
// Thread-safety: a value type; const methods may be called from any number
// of threads at once.

#ifndef EARSHOT_COMMON_AUTH_CIDR_H_
#define EARSHOT_COMMON_AUTH_CIDR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"

namespace earshot {

class IpAllowList {
 public:
  // The empty list, which allows everything.
  IpAllowList() = default;

  // Parses CIDRs separated by spaces and/or commas (tabs and newlines also
  // separate); empty input gives the empty list. Host bits beyond the
  // prefix are accepted and cleared, as nginx does ("10.0.0.1/8" is
  // 10.0.0.0/8). Repeated networks are kept once. On a bad entry returns
  // Invalid("invalid CIDR '...': reason") and leaves *out unchanged.
  static Status Parse(std::string_view spec, IpAllowList* out);

  // Checks one CIDR (e.g. one --allow-ip value) and, if it is valid, sets
  // *normalized to its canonical text as ToString() would print it.
  // Surrounding blanks are not accepted; an empty string is invalid.
  static Status ParseOne(std::string_view cidr, std::string* normalized);

  // Whether `address` (a client address in textual form, e.g. REMOTE_ADDR)
  // is in one of the networks. Always true for the empty list; otherwise
  // an address that does not parse is never allowed.
  bool Allows(std::string_view address) const;

  bool empty() const { return networks_.empty(); }
  size_t size() const { return networks_.size(); }

  // The networks, normalised ("10.0.0.0/8 2001:db8::/32"), in the order
  // given, separated by single spaces; "" for the empty list. Parse
  // accepts it back.
  std::string ToString() const;

 private:
  struct Network {
    bool v6 = false;
    uint8_t bytes[16] = {};  // IPv4 uses the first 4; host bits are zero
    int prefix = 0;          // 0..32 or 0..128

    bool operator==(const Network& other) const;
    bool Contains(const uint8_t* address) const;
    std::string ToString() const;
  };

  static Status ParseNetwork(std::string_view cidr, Network* out);

  std::vector<Network> networks_;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_AUTH_CIDR_H_
