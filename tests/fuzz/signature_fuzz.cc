// Fuzzes signature headers: GitHub (X-Hub-Signature-256), Standard
// Webhooks (webhook-id/-timestamp/-signature) and plain tokens. The input
// is "Name: value" lines, a blank line, then the body. Each scheme checks
// the fuzzed headers, then headers signed correctly over the same body,
// which must pass.

#include <strings.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/auth/crypto.h"
#include "common/auth/signature.h"
#include "tests/fuzz/fuzz_check.h"

namespace earshot {
namespace {

constexpr char kGithubSecret[] = "It's a Secret to Everybody";
constexpr char kStandardSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr int64_t kNow = 1614265330;

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive, first match, as a request's headers are looked up.
HeaderLookup Lookup(const Headers& headers) {
  return [&headers](std::string_view name) -> std::optional<std::string_view> {
    for (const auto& [key, value] : headers) {
      if (key.size() == name.size() &&
          strncasecmp(key.data(), name.data(), name.size()) == 0) {
        return std::string_view(value);
      }
    }
    return std::nullopt;
  };
}

SignatureSettings Settings(SignatureScheme scheme) {
  SignatureSettings s;
  s.scheme = scheme;
  s.secrets = {"", kGithubSecret, kStandardSecret};
  s.tolerance_seconds = 300;
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace
}  // namespace earshot

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t blank = input.find("\n\n");
  std::string_view head =
      blank == std::string_view::npos ? input : input.substr(0, blank);
  std::string_view body = blank == std::string_view::npos
                              ? std::string_view()
                              : input.substr(blank + 2);
  Headers headers;
  while (!head.empty()) {
    std::string_view line = head.substr(0, head.find('\n'));
    head.remove_prefix(std::min(head.size(), line.size() + 1));
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
    headers.emplace_back(line.substr(0, colon), value);
  }

  for (SignatureScheme scheme :
       {SignatureScheme::kNone, SignatureScheme::kGithub,
        SignatureScheme::kStandard, SignatureScheme::kToken}) {
    Status s = VerifySignature(Settings(scheme), Lookup(headers), body, kNow);
    FUZZ_CHECK(s.ok() || s.IsRefused());
    if (!s.ok() || scheme != SignatureScheme::kGithub) continue;
    // Accepted: the header holds the body's HMAC under one of the secrets.
    auto value = Lookup(headers)("X-Hub-Signature-256");
    if (!value) value = Lookup(headers)("X-Hub-Signature");
    FUZZ_CHECK(value.has_value());
    std::string lower = Lower(*value);
    FUZZ_CHECK(lower.find(HexEncode(HmacSha256(kGithubSecret, body))) !=
                   std::string::npos ||
               lower.find(HexEncode(HmacSha256(kStandardSecret, body))) !=
                   std::string::npos);
  }

  // Correctly signed over the same body: accepted.
  Headers github = {{"X-Hub-Signature-256",
                     "sha256=" + HexEncode(HmacSha256(kGithubSecret, body))}};
  FUZZ_CHECK(VerifySignature(Settings(SignatureScheme::kGithub), Lookup(github),
                             body, kNow)
                 .ok());
  std::optional<std::string_view> id = Lookup(headers)("webhook-id");
  std::string msg_id(id.value_or(""));
  // An empty id is refused: it would leave the signed bytes without a
  // delivery id.
  if (msg_id.empty()) msg_id = "msg_1";
  Headers standard = {
      {"webhook-id", msg_id},
      {"webhook-timestamp", std::to_string(kNow - 10)},
      {"webhook-signature",
       StandardWebhookSignature(kStandardSecret, msg_id, kNow - 10, body)}};
  FUZZ_CHECK(VerifySignature(Settings(SignatureScheme::kStandard),
                             Lookup(standard), body, kNow)
                 .ok());
  return 0;
}
