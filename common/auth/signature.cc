#include "common/auth/signature.h"

#include <charconv>

#include "common/auth/crypto.h"

namespace earshot {

namespace {

constexpr std::string_view kWhsecTag = "whsec_";

Status Bad(std::string_view msg) {
  return Status::Refused(ApiError::kBadSignature, msg);
}

Status Stale(std::string_view msg) {
  return Status::Refused(ApiError::kStaleSignature, msg);
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

// Whether `s` starts with `lower_prefix`, ignoring ASCII case.
bool StartsWithNoCase(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    if (LowerAscii(s[i]) != lower_prefix[i]) return false;
  }
  return true;
}

bool HasSecret(const SignatureSettings& settings) {
  for (const std::string& secret : settings.secrets) {
    if (!secret.empty()) return true;
  }
  return false;
}

// The value of header `name`, else of `fallback`; *used is the name found
// (or `name` when neither is there).
std::optional<std::string_view> FindHeader(const HeaderLookup& headers,
                                           std::string_view name,
                                           std::string_view fallback,
                                           std::string_view* used) {
  *used = name;
  std::optional<std::string_view> value = headers(name);
  if (!value) {
    value = headers(fallback);
    if (value) *used = fallback;
  }
  return value;
}

Status VerifyGithub(const SignatureSettings& settings,
                    const HeaderLookup& headers, std::string_view body) {
  std::string_view name;
  std::optional<std::string_view> header =
      FindHeader(headers, "X-Hub-Signature-256", "X-Hub-Signature", &name);
  if (!header) return Bad("missing X-Hub-Signature-256 header");
  std::string_view value = TrimBlanks(*header);
  if (StartsWithNoCase(value, "sha1=")) {
    return Bad(std::string(name) +
               " holds a SHA-1 signature (sha1=); only sha256= is accepted");
  }
  std::string provided;
  if (!StartsWithNoCase(value, "sha256=") ||
      !HexDecode(value.substr(7), &provided) ||
      provided.size() != kSha256Bytes) {
    return Bad(std::string(name) + " is not sha256=<64 hex digits>");
  }
  bool match = false;
  for (const std::string& secret : settings.secrets) {
    if (secret.empty()) continue;
    match |= ConstantTimeEquals(HmacSha256(secret, body), provided);
  }
  if (!match) return Bad(std::string(name) + " does not match the body");
  return Status::OK();
}

// Digits only, in int64 range.
bool ParseTimestamp(std::string_view text, int64_t* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string SignedContent(std::string_view id, std::string_view timestamp,
                          std::string_view body) {
  std::string content;
  content.reserve(id.size() + timestamp.size() + body.size() + 2);
  content.append(id).append(".").append(timestamp).append(".").append(body);
  return content;
}

Status VerifyStandard(const SignatureSettings& settings,
                      const HeaderLookup& headers, std::string_view body,
                      int64_t now, std::string* signed_id) {
  std::string_view id_name, ts_name, sig_name;
  std::optional<std::string_view> id =
      FindHeader(headers, "webhook-id", "svix-id", &id_name);
  std::optional<std::string_view> ts =
      FindHeader(headers, "webhook-timestamp", "svix-timestamp", &ts_name);
  std::optional<std::string_view> sig =
      FindHeader(headers, "webhook-signature", "svix-signature", &sig_name);
  if (!id) return Bad("missing webhook-id (or svix-id) header");
  if (!ts) return Bad("missing webhook-timestamp (or svix-timestamp) header");
  if (!sig) return Bad("missing webhook-signature (or svix-signature) header");
  // The id is the delivery id: an empty one would leave the signed bytes
  // without one, so that any unsigned id could be put beside them.
  if (id->empty()) return Bad(std::string(id_name) + " is empty");

  std::string_view ts_text = TrimBlanks(*ts);
  int64_t timestamp = 0;
  if (!ParseTimestamp(ts_text, &timestamp)) {
    return Bad(std::string(ts_name) + " is not an integer number of seconds");
  }
  int64_t tolerance =
      settings.tolerance_seconds < 0 ? 0 : settings.tolerance_seconds;
  int64_t age = 0;
  if (__builtin_sub_overflow(now, timestamp, &age)) {
    return Stale(std::string(ts_name) + " is too far from the current time");
  }
  if (age > tolerance) {
    return Stale(std::string(ts_name) + " is " + std::to_string(age) +
                 " s old; tolerance is " + std::to_string(tolerance) + " s");
  }
  if (age < -tolerance) {
    uint64_t ahead = 0 - static_cast<uint64_t>(age);  // -age, without overflow
    return Stale(std::string(ts_name) + " is " + std::to_string(ahead) +
                 " s in the future; tolerance is " + std::to_string(tolerance) +
                 " s");
  }

  // The v1 entries that decode to an HMAC-SHA256's length; other versions
  // and undecodable entries are ignored.
  std::vector<std::string> candidates;
  bool any_v1 = false;
  std::string_view list = *sig;
  while (!list.empty()) {
    size_t space = list.find(' ');
    std::string_view entry = list.substr(0, space);
    list = space == std::string_view::npos ? std::string_view()
                                           : list.substr(space + 1);
    if (entry.substr(0, 3) != "v1,") continue;
    any_v1 = true;
    std::string decoded;
    if (Base64Decode(entry.substr(3), &decoded) &&
        decoded.size() == kSha256Bytes) {
      candidates.push_back(std::move(decoded));
    }
  }
  if (!any_v1) return Bad(std::string(sig_name) + " has no v1 signature");

  std::string content = SignedContent(*id, ts_text, body);
  bool match = false;
  for (const std::string& secret : settings.secrets) {
    if (secret.empty()) continue;
    std::string expected = HmacSha256(StandardWebhookKey(secret), content);
    for (const std::string& candidate : candidates) {
      match |= ConstantTimeEquals(expected, candidate);
    }
  }
  if (!match) return Bad(std::string(sig_name) + " does not match the body");
  if (signed_id != nullptr) *signed_id = std::string(*id);
  return Status::OK();
}

Status VerifyToken(const SignatureSettings& settings,
                   const HeaderLookup& headers) {
  std::string_view name = settings.token_header.empty()
                              ? kDefaultTokenHeader
                              : std::string_view(settings.token_header);
  std::optional<std::string_view> value = headers(name);
  if (!value) return Bad("missing " + std::string(name) + " header");
  bool match = false;
  for (const std::string& secret : settings.secrets) {
    if (secret.empty()) continue;
    match |= ConstantTimeEquals(secret, *value);
  }
  if (!match) return Bad(std::string(name) + " does not match");
  return Status::OK();
}

}  // namespace

bool ParseSignatureScheme(std::string_view name, SignatureScheme* out) {
  if (name == "github") {
    *out = SignatureScheme::kGithub;
  } else if (name == "standard") {
    *out = SignatureScheme::kStandard;
  } else if (name == "token") {
    *out = SignatureScheme::kToken;
  } else {
    return false;
  }
  return true;
}

const char* SignatureSchemeName(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kNone:
      return "none";
    case SignatureScheme::kGithub:
      return "github";
    case SignatureScheme::kStandard:
      return "standard";
    case SignatureScheme::kToken:
      return "token";
  }
  return "none";
}

Status VerifySignature(const SignatureSettings& settings,
                       const HeaderLookup& headers, std::string_view body,
                       int64_t now_unix_seconds, std::string* signed_id) {
  if (signed_id != nullptr) signed_id->clear();
  if (settings.scheme == SignatureScheme::kNone) return Status::OK();
  if (!HasSecret(settings)) {
    return Bad("the listener has no signing secret configured");
  }
  switch (settings.scheme) {
    case SignatureScheme::kNone:
      return Status::OK();
    case SignatureScheme::kGithub:
      return VerifyGithub(settings, headers, body);
    case SignatureScheme::kStandard:
      return VerifyStandard(settings, headers, body, now_unix_seconds,
                            signed_id);
    case SignatureScheme::kToken:
      return VerifyToken(settings, headers);
  }
  return Status::Internal("unknown signature scheme");
}

std::string StandardWebhookSignature(std::string_view secret,
                                     std::string_view id, int64_t timestamp,
                                     std::string_view body) {
  std::string content = SignedContent(id, std::to_string(timestamp), body);
  return "v1," + Base64Encode(HmacSha256(StandardWebhookKey(secret), content));
}

std::string StandardWebhookKey(std::string_view secret) {
  if (secret.substr(0, kWhsecTag.size()) == kWhsecTag) {
    std::string key;
    if (Base64Decode(secret.substr(kWhsecTag.size()), &key)) return key;
  }
  return std::string(secret);
}

}  // namespace earshot
