// Query strings: `a=1&b=x%20y` into decoded name/value pairs, in order.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_HTTP_QUERY_STRING_H_
#define EARSHOT_COMMON_HTTP_QUERY_STRING_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace earshot {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Percent-decodes names and values ('+' is a space). Malformed escapes are
// kept as they are.
QueryParams ParseQueryString(std::string_view query);

// Percent-encodes `s` for a query string or form body: every byte but
// letters, digits and -_.~ as %XX.
std::string QueryEscape(std::string_view s);

// `query` with the value of every parameter named `name` replaced by
// "***", for logs.
std::string MaskQueryParam(std::string_view query, std::string_view name);

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_QUERY_STRING_H_
