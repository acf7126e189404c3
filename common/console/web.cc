#include "common/console/web.h"

#include "common/auth/crypto.h"

namespace earshot::console {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::optional<std::string> CookieValue(std::string_view header,
                                       std::string_view name) {
  std::optional<std::string> found;
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view pair = Trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view()
                                            : header.substr(semi + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (Trim(pair.substr(0, eq)) != name) continue;
    if (found.has_value()) return std::nullopt;
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    found = std::string(value);
  }
  return found;
}

std::string SetCookie(std::string_view name, std::string_view value,
                      bool secure, long max_age_s) {
  std::string out = std::string(name) + "=" + std::string(value) +
                    "; Path=/admin/; HttpOnly; SameSite=Strict";
  if (secure) out += "; Secure";
  if (max_age_s >= 0) out += "; Max-Age=" + std::to_string(max_age_s);
  return out;
}

std::string Form::Get(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return "";
}

bool Form::Has(std::string_view name) const {
  for (const auto& param : params_) {
    if (param.first == name) return true;
  }
  return false;
}

bool CsrfTokenMatches(std::string_view expected, std::string_view given) {
  if (expected.empty()) return false;
  return ConstantTimeEquals(expected, given);
}

bool CameOverTls(std::string_view https_param, std::string_view forwarded_proto,
                 std::string_view remote_addr,
                 const IpAllowList& trusted_proxies) {
  if (https_param == "on" || https_param == "ON") return true;
  if (trusted_proxies.empty()) return false;
  return forwarded_proto == "https" && trusted_proxies.Allows(remote_addr);
}

Status NewToken(size_t bytes, std::string* token) {
  std::string raw;
  Status s = RandomBytes(bytes, &raw);
  if (!s.ok()) return s;
  *token = Base64UrlEncode(raw);
  return Status::OK();
}

}  // namespace earshot::console
