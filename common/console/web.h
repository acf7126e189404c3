// The console's HTTP pieces that need no database: cookies, form bodies,
// the CSRF token check, and whether a request came over TLS.
//
// Thread-safety: pure functions and value types.

#ifndef EARSHOT_COMMON_CONSOLE_WEB_H_
#define EARSHOT_COMMON_CONSOLE_WEB_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/auth/cidr.h"
#include "common/http/query_string.h"

namespace earshot::console {

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or nullopt.
// A cookie named twice (a sibling path or domain can add one) counts as
// absent: the console cannot tell which is its own.
std::optional<std::string> CookieValue(std::string_view header,
                                       std::string_view name);

// A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/admin/, Secure when
// `secure`. `max_age_s` < 0 makes a session cookie, 0 deletes it.
// REQUIRES: name and value are cookie-safe (base64url tokens).
std::string SetCookie(std::string_view name, std::string_view value,
                      bool secure, long max_age_s);

// An application/x-www-form-urlencoded body (or a query string), decoded.
class Form {
 public:
  Form() = default;
  explicit Form(std::string_view encoded)
      : params_(ParseQueryString(encoded)) {}

  // The first value of `name`, or "" when absent.
  std::string Get(std::string_view name) const;
  bool Has(std::string_view name) const;

 private:
  QueryParams params_;
};

// Whether the form's token equals the session's, in constant time. An
// empty expected token never matches.
bool CsrfTokenMatches(std::string_view expected, std::string_view given);

// Whether the request reached nginx over TLS: nginx's HTTPS parameter, or
// X-Forwarded-Proto: https when the peer (REMOTE_ADDR, the proxy in front
// of nginx as nginx reports it) is one of `trusted_proxies`.
bool CameOverTls(std::string_view https_param, std::string_view forwarded_proto,
                 std::string_view remote_addr,
                 const IpAllowList& trusted_proxies);

// A random token of `bytes` bytes as base64url (cookie and form safe).
Status NewToken(size_t bytes, std::string* token);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_WEB_H_
