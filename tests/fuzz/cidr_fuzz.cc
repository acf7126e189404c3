// Fuzzes CIDR allow lists (a listener's allowed_ips). The input is the
// list, or "list\naddress" to also ask whether the list allows an address.
// A list that parses prints a normal form that parses to the same list.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/cidr.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::vector<std::string_view> f =
      Fields({reinterpret_cast<const char*>(data), size}, '\n', 2);
  std::string_view spec = f[0];
  std::string_view address = f[1];

  std::string one;
  if (IpAllowList::ParseOne(spec, &one).ok()) {
    std::string again;
    FUZZ_CHECK(IpAllowList::ParseOne(one, &again).ok());
    FUZZ_CHECK(again == one);
  }

  IpAllowList list;
  if (!IpAllowList::Parse(spec, &list).ok()) return 0;
  std::string normal = list.ToString();
  IpAllowList reparsed;
  FUZZ_CHECK(IpAllowList::Parse(normal, &reparsed).ok());
  FUZZ_CHECK(reparsed.ToString() == normal);
  FUZZ_CHECK(reparsed.size() == list.size());
  FUZZ_CHECK(list.empty() == (list.size() == 0));
  bool allowed = list.Allows(address);
  FUZZ_CHECK(reparsed.Allows(address) == allowed);
  // The empty list means "no allow-list".
  if (list.empty()) FUZZ_CHECK(allowed);
  // Each network allows its own (host-bits-cleared) address.
  std::string_view rest = normal;
  while (!rest.empty()) {
    std::string_view entry = rest.substr(0, rest.find(' '));
    rest.remove_prefix(std::min(rest.size(), entry.size() + 1));
    FUZZ_CHECK(list.Allows(entry.substr(0, entry.find('/'))));
  }
  return 0;
}
