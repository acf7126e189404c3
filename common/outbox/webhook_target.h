// Which addresses earshot-outbox may POST webhooks to. A macro's URL is
// written by whoever may save macros and is filled per delivery, so left
// alone it could make the worker call the install's own network (the
// database's admin port, a cloud metadata service at 169.254.169.254, an
// internal API) and show the first bytes of the answer in `outbox show`.
// Only public unicast addresses are reached, checked on the address the
// name resolved to (so no spelling of a URL, no DNS trick and no redirect
// gets around it), unless the operator allow-lists the host name or a
// network in the config (`webhook_allow`).
//
// Thread-safety: a value type; const methods may be called from any number
// of threads at once.

#ifndef EARSHOT_COMMON_OUTBOX_WEBHOOK_TARGET_H_
#define EARSHOT_COMMON_OUTBOX_WEBHOOK_TARGET_H_

#include <netinet/in.h>
#include <sys/socket.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/auth/cidr.h"
#include "common/base/status.h"

namespace earshot {

class WebhookAllowList {
 public:
  // The empty list: only public addresses.
  WebhookAllowList() = default;

  // Parses entries separated by commas and/or blanks: each a network
  // ("10.0.0.0/8", "fd00::/8"), an address (a /32 or /128) or a host
  // name ("hooks.internal"). On a bad entry returns Invalid naming it and
  // leaves *out unchanged.
  static Status Parse(std::string_view spec, WebhookAllowList* out);

  // Whether `host`, a URL's host as written (any case, IPv6 in brackets),
  // is one of the host names: then any address it resolves to is allowed.
  bool AllowsHost(std::string_view host) const;
  // Whether `address` is in one of the networks.
  bool AllowsAddress(const sockaddr* address) const;

  bool empty() const { return hosts_.empty() && networks_.empty(); }
  // The entries, normalised, separated by single spaces.
  std::string ToString() const;

 private:
  std::vector<std::string> hosts_;  // lowercase, no trailing dot
  IpAllowList networks_;            // empty here means none, not all
};

// Why `address` (AF_INET or AF_INET6) is no public unicast address:
// "loopback", "private", "link-local", "shared" (carrier-grade NAT),
// "unspecified", "multicast", "documentation", "reserved"; nullptr for a
// public one. IPv4 carried in IPv6 (mapped, NAT64, 6to4) is judged as the
// IPv4 address it carries.
const char* NonPublicReason(const sockaddr* address);

// The address as text ("127.0.0.1", "::1"); "" for other families.
std::string AddressText(const sockaddr* address);

}  // namespace earshot

#endif  // EARSHOT_COMMON_OUTBOX_WEBHOOK_TARGET_H_
