// Fuzzes query string parsing (ParseQueryString) and the masking of the
// api_key parameter for the delivery log (MaskQueryParam). The input is
// the query string.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/http/query_string.h"
#include "tests/fuzz/fuzz_check.h"

namespace earshot {
namespace {

bool HasEncodedAmpersand(std::string_view query) {
  for (size_t i = 0; i + 2 < query.size(); ++i) {
    if (query[i] == '%' && query[i + 1] == '2' && query[i + 2] == '6') {
      return true;
    }
  }
  return false;
}

}  // namespace
}  // namespace earshot

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::string_view query(reinterpret_cast<const char*>(data), size);
  QueryParams params = ParseQueryString(query);

  // '&' separates parameters: one can only appear decoded from %26.
  size_t parts = 1;
  for (char c : query) parts += c == '&';
  FUZZ_CHECK(params.size() <= parts);
  if (!HasEncodedAmpersand(query)) {
    for (const auto& [name, value] : params) {
      FUZZ_CHECK(name.find('&') == std::string::npos);
      FUZZ_CHECK(value.find('&') == std::string::npos);
    }
  }
  // Decoding never lengthens.
  for (const auto& [name, value] : params) {
    FUZZ_CHECK(name.size() + value.size() <= query.size());
  }

  // The log's copy: every api_key that had a value shows "***" instead,
  // and the other parameters are kept as they were.
  std::string masked = MaskQueryParam(query, "api_key");
  QueryParams after = ParseQueryString(masked);
  FUZZ_CHECK(after.size() == params.size());
  for (size_t i = 0; i < after.size(); ++i) {
    FUZZ_CHECK(after[i].first == params[i].first);
    if (after[i].first == "api_key") {
      FUZZ_CHECK(after[i].second == "***" || params[i].second.empty());
    } else {
      FUZZ_CHECK(after[i].second == params[i].second);
    }
  }
  return 0;
}
