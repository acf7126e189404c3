#include "common/auth/signature.h"

#include <gtest/gtest.h>
#include <strings.h>

#include <string>
#include <utility>
#include <vector>

#include "common/auth/crypto.h"

namespace earshot {
namespace {

// Request headers for a test, looked up case-insensitively.
class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<std::pair<std::string, std::string>> list)
      : list_(list) {}

  HeaderLookup Lookup() const {
    return [this](std::string_view name) -> std::optional<std::string_view> {
      for (const auto& [key, value] : list_) {
        if (key.size() == name.size() &&
            strncasecmp(key.data(), name.data(), name.size()) == 0) {
          return std::string_view(value);
        }
      }
      return std::nullopt;
    };
  }

 private:
  std::vector<std::pair<std::string, std::string>> list_;
};

SignatureSettings Settings(SignatureScheme scheme,
                           std::vector<std::string> secrets) {
  SignatureSettings s;
  s.scheme = scheme;
  s.secrets = std::move(secrets);
  return s;
}

bool IsBad(const Status& s) {
  return s.IsRefused() && s.api_error() == ApiError::kBadSignature;
}
bool IsStale(const Status& s) {
  return s.IsRefused() && s.api_error() == ApiError::kStaleSignature;
}
bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---- scheme names -----------------------------------------------------

TEST(SignatureSchemeTest, ParseAndName) {
  SignatureScheme scheme = SignatureScheme::kNone;
  ASSERT_TRUE(ParseSignatureScheme("github", &scheme));
  EXPECT_EQ(scheme, SignatureScheme::kGithub);
  ASSERT_TRUE(ParseSignatureScheme("standard", &scheme));
  EXPECT_EQ(scheme, SignatureScheme::kStandard);
  ASSERT_TRUE(ParseSignatureScheme("token", &scheme));
  EXPECT_EQ(scheme, SignatureScheme::kToken);
  EXPECT_FALSE(ParseSignatureScheme("GitHub", &scheme));
  EXPECT_FALSE(ParseSignatureScheme("svix", &scheme));
  EXPECT_FALSE(ParseSignatureScheme("", &scheme));
  EXPECT_EQ(scheme, SignatureScheme::kToken);  // unchanged on failure

  for (SignatureScheme s :
       {SignatureScheme::kGithub, SignatureScheme::kStandard,
        SignatureScheme::kToken}) {
    SignatureScheme back = SignatureScheme::kNone;
    ASSERT_TRUE(ParseSignatureScheme(SignatureSchemeName(s), &back));
    EXPECT_EQ(back, s);
  }
  EXPECT_STREQ(SignatureSchemeName(SignatureScheme::kNone), "none");
}

TEST(SignatureTest, NoneAlwaysPasses) {
  SignatureSettings none;
  EXPECT_TRUE(VerifySignature(none, Headers().Lookup(), "anything", 0).ok());
}

TEST(SignatureTest, SchemeWithoutSecretRefusesEverything) {
  Headers h = {{"X-Gitlab-Token", ""}};
  for (auto scheme : {SignatureScheme::kGithub, SignatureScheme::kStandard,
                      SignatureScheme::kToken}) {
    EXPECT_TRUE(
        IsBad(VerifySignature(Settings(scheme, {}), h.Lookup(), "", 0)));
    EXPECT_TRUE(
        IsBad(VerifySignature(Settings(scheme, {""}), h.Lookup(), "", 0)));
  }
}

// ---- github -----------------------------------------------------------

constexpr char kGithubSecret[] = "It's a Secret to Everybody";
constexpr char kGithubBody[] = "Hello, World!";
constexpr char kGithubHex[] =
    "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(GithubSignatureTest, DocumentedExample) {
  Headers h = {{"X-Hub-Signature-256", std::string("sha256=") + kGithubHex}};
  EXPECT_TRUE(
      VerifySignature(Settings(SignatureScheme::kGithub, {kGithubSecret}),
                      h.Lookup(), kGithubBody, 0)
          .ok());
}

TEST(GithubSignatureTest, HeaderNameIsCaseInsensitiveViaLookup) {
  Headers h = {{"x-hub-signature-256", std::string("sha256=") + kGithubHex}};
  EXPECT_TRUE(
      VerifySignature(Settings(SignatureScheme::kGithub, {kGithubSecret}),
                      h.Lookup(), kGithubBody, 0)
          .ok());
}

TEST(GithubSignatureTest, JiraHeaderName) {
  Headers h = {{"X-Hub-Signature", std::string("sha256=") + kGithubHex}};
  EXPECT_TRUE(
      VerifySignature(Settings(SignatureScheme::kGithub, {kGithubSecret}),
                      h.Lookup(), kGithubBody, 0)
          .ok());
}

TEST(GithubSignatureTest, Sha256HeaderWinsOverSha1Header) {
  // GitHub sends both; the SHA-1 one must not get in the way.
  Headers h = {{"X-Hub-Signature", "sha1=01234567890123456789"},
               {"X-Hub-Signature-256", std::string("sha256=") + kGithubHex}};
  EXPECT_TRUE(
      VerifySignature(Settings(SignatureScheme::kGithub, {kGithubSecret}),
                      h.Lookup(), kGithubBody, 0)
          .ok());
}

TEST(GithubSignatureTest, UppercaseHex) {
  std::string upper = kGithubHex;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  Headers h = {{"X-Hub-Signature-256", "sha256=" + upper}};
  EXPECT_TRUE(
      VerifySignature(Settings(SignatureScheme::kGithub, {kGithubSecret}),
                      h.Lookup(), kGithubBody, 0)
          .ok());
}

TEST(GithubSignatureTest, TamperedBody) {
  Headers h = {{"X-Hub-Signature-256", std::string("sha256=") + kGithubHex}};
  Status s =
      VerifySignature(Settings(SignatureScheme::kGithub, {kGithubSecret}),
                      h.Lookup(), "Hello, World?", 0);
  EXPECT_TRUE(IsBad(s)) << s.ToString();
}

TEST(GithubSignatureTest, WrongSecret) {
  Headers h = {{"X-Hub-Signature-256", std::string("sha256=") + kGithubHex}};
  Status s = VerifySignature(
      Settings(SignatureScheme::kGithub, {"It's a Secret to Nobody"}),
      h.Lookup(), kGithubBody, 0);
  EXPECT_TRUE(IsBad(s)) << s.ToString();
}

TEST(GithubSignatureTest, MessagesRevealNothingSecret) {
  const std::string secret = "hunter2-very-secret";
  const std::string body = "payload";
  const std::string expected = HexEncode(HmacSha256(secret, body));
  Headers h = {{"X-Hub-Signature-256", "sha256=" + std::string(64, '0')}};
  Status s = VerifySignature(Settings(SignatureScheme::kGithub, {secret}),
                             h.Lookup(), body, 0);
  ASSERT_TRUE(IsBad(s));
  EXPECT_FALSE(Contains(s.message(), secret));
  EXPECT_FALSE(Contains(s.message(), expected));
  EXPECT_FALSE(Contains(s.message(), expected.substr(0, 8)));
  EXPECT_TRUE(Contains(s.message(), "X-Hub-Signature-256")) << s.message();
}

TEST(GithubSignatureTest, Sha1IsRefusedClearly) {
  Headers h = {
      {"X-Hub-Signature", "sha1=2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"}};
  Status s =
      VerifySignature(Settings(SignatureScheme::kGithub, {kGithubSecret}),
                      h.Lookup(), kGithubBody, 0);
  ASSERT_TRUE(IsBad(s));
  EXPECT_TRUE(Contains(s.message(), "SHA-1")) << s.message();
  EXPECT_TRUE(Contains(s.message(), "sha256=")) << s.message();
}

TEST(GithubSignatureTest, MissingAndMalformedHeaders) {
  auto verify = [](const Headers& h) {
    return VerifySignature(Settings(SignatureScheme::kGithub, {kGithubSecret}),
                           h.Lookup(), kGithubBody, 0);
  };
  Status missing = verify(Headers());
  ASSERT_TRUE(IsBad(missing));
  EXPECT_TRUE(Contains(missing.message(), "X-Hub-Signature-256"));

  const std::string hex = kGithubHex;
  for (std::string value : {
           hex,                                  // no algorithm
           "sha512=" + hex,                      // other algorithm
           "sha256=" + hex.substr(0, 62),        // short
           "sha256=" + hex + "00",               // long
           "sha256=" + hex.substr(0, 63) + "g",  // not hex
           std::string("sha256="),               // empty
           std::string(""),
       }) {
    Status s = verify(Headers{{"X-Hub-Signature-256", value}});
    EXPECT_TRUE(IsBad(s)) << value;
  }
}

TEST(GithubSignatureTest, SecretRotation) {
  const std::string body = R"({"action":"opened"})";
  const std::string old_sig = "sha256=" + HexEncode(HmacSha256("old", body));
  const std::string new_sig = "sha256=" + HexEncode(HmacSha256("new", body));
  const std::string other = "sha256=" + HexEncode(HmacSha256("other", body));
  SignatureSettings settings =
      Settings(SignatureScheme::kGithub, {"old", "new"});
  for (const std::string& sig : {old_sig, new_sig}) {
    Headers h = {{"X-Hub-Signature-256", sig}};
    EXPECT_TRUE(VerifySignature(settings, h.Lookup(), body, 0).ok());
  }
  Headers h = {{"X-Hub-Signature-256", other}};
  EXPECT_TRUE(IsBad(VerifySignature(settings, h.Lookup(), body, 0)));
}

// ---- standard webhooks ----------------------------------------------------

constexpr char kSwSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kSwId[] = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kSwTimestamp = 1614265330;
constexpr char kSwBody[] = R"({"test": 2432232314})";
constexpr char kSwSignature[] =
    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

Headers SwHeaders(std::string signature, std::string prefix = "webhook-") {
  return Headers{{prefix + "id", kSwId},
                 {prefix + "timestamp", std::to_string(kSwTimestamp)},
                 {prefix + "signature", std::move(signature)}};
}

Status VerifySw(const Headers& h, int64_t now,
                std::vector<std::string> secrets = {kSwSecret},
                std::string_view body = kSwBody) {
  return VerifySignature(Settings(SignatureScheme::kStandard, secrets),
                         h.Lookup(), body, now);
}

TEST(StandardSignatureTest, KnownVector) {
  Status s = VerifySw(SwHeaders(kSwSignature), kSwTimestamp);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(StandardSignatureTest, SignatureListWithBogusEntries) {
  EXPECT_TRUE(
      VerifySw(SwHeaders(std::string("v1,bogus ") + kSwSignature), kSwTimestamp)
          .ok());
  EXPECT_TRUE(VerifySw(SwHeaders(std::string("v1a,") + "abcd " + kSwSignature +
                                 " v2,xyz"),
                       kSwTimestamp)
                  .ok());
}

TEST(StandardSignatureTest, OtherVersionsAreIgnored) {
  // The right bytes under another version tag do not count.
  std::string sig = kSwSignature;
  Status s = VerifySw(SwHeaders("v1a," + sig.substr(3)), kSwTimestamp);
  ASSERT_TRUE(IsBad(s));
  EXPECT_TRUE(Contains(s.message(), "v1")) << s.message();
}

TEST(StandardSignatureTest, SvixHeaders) {
  EXPECT_TRUE(VerifySw(SwHeaders(kSwSignature, "svix-"), kSwTimestamp).ok());
  EXPECT_TRUE(VerifySw(SwHeaders(kSwSignature, "Svix-"), kSwTimestamp).ok());
}

TEST(StandardSignatureTest, ToleranceBoundaries) {
  EXPECT_TRUE(VerifySw(SwHeaders(kSwSignature), kSwTimestamp + 300).ok());
  EXPECT_TRUE(VerifySw(SwHeaders(kSwSignature), kSwTimestamp - 300).ok());

  Status old = VerifySw(SwHeaders(kSwSignature), kSwTimestamp + 301);
  ASSERT_TRUE(IsStale(old)) << old.ToString();
  EXPECT_EQ(old.message(),
            "webhook-timestamp is 301 s old; tolerance is 300 s");

  Status future = VerifySw(SwHeaders(kSwSignature), kSwTimestamp - 301);
  ASSERT_TRUE(IsStale(future)) << future.ToString();
  EXPECT_EQ(future.message(),
            "webhook-timestamp is 301 s in the future; tolerance is 300 s");

  Status svix = VerifySw(SwHeaders(kSwSignature, "svix-"), kSwTimestamp + 412);
  ASSERT_TRUE(IsStale(svix));
  EXPECT_EQ(svix.message(), "svix-timestamp is 412 s old; tolerance is 300 s");
}

TEST(StandardSignatureTest, CustomTolerance) {
  SignatureSettings settings =
      Settings(SignatureScheme::kStandard, {kSwSecret});
  settings.tolerance_seconds = 10;
  Headers h = SwHeaders(kSwSignature);
  EXPECT_TRUE(
      VerifySignature(settings, h.Lookup(), kSwBody, kSwTimestamp + 10).ok());
  Status s = VerifySignature(settings, h.Lookup(), kSwBody, kSwTimestamp + 11);
  ASSERT_TRUE(IsStale(s));
  EXPECT_EQ(s.message(), "webhook-timestamp is 11 s old; tolerance is 10 s");
}

TEST(StandardSignatureTest, TamperingFails) {
  EXPECT_TRUE(IsBad(VerifySw(SwHeaders(kSwSignature), kSwTimestamp, {kSwSecret},
                             R"({"test": 2432232315})")));
  EXPECT_TRUE(IsBad(VerifySw(SwHeaders(kSwSignature), kSwTimestamp,
                             {"whsec_AAAA9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})));
  Headers other_id = {{"webhook-id", "msg_other"},
                      {"webhook-timestamp", std::to_string(kSwTimestamp)},
                      {"webhook-signature", kSwSignature}};
  EXPECT_TRUE(IsBad(VerifySw(other_id, kSwTimestamp)));
  // A different timestamp changes the signed content.
  Headers other_ts = {{"webhook-id", kSwId},
                      {"webhook-timestamp", std::to_string(kSwTimestamp + 1)},
                      {"webhook-signature", kSwSignature}};
  EXPECT_TRUE(IsBad(VerifySw(other_ts, kSwTimestamp)));
}

TEST(StandardSignatureTest, MissingHeadersAreNamed) {
  struct Case {
    Headers headers;
    const char* named;
  } cases[] = {
      {Headers{{"webhook-timestamp", "1614265330"},
               {"webhook-signature", kSwSignature}},
       "webhook-id"},
      {Headers{{"webhook-id", kSwId}, {"webhook-signature", kSwSignature}},
       "webhook-timestamp"},
      {Headers{{"webhook-id", kSwId}, {"webhook-timestamp", "1614265330"}},
       "webhook-signature"},
  };
  for (const Case& c : cases) {
    Status s = VerifySw(c.headers, kSwTimestamp);
    ASSERT_TRUE(IsBad(s)) << c.named;
    EXPECT_TRUE(Contains(s.message(), c.named)) << s.message();
  }
}

TEST(StandardSignatureTest, BadTimestampOrSignatureList) {
  for (const char* ts : {"", "abc", "-1614265330", "+1614265330",
                         "1614265330.5", "99999999999999999999999"}) {
    Headers h = {{"webhook-id", kSwId},
                 {"webhook-timestamp", ts},
                 {"webhook-signature", kSwSignature}};
    Status s = VerifySw(h, kSwTimestamp);
    EXPECT_TRUE(IsBad(s)) << ts << ": " << s.ToString();
  }
  for (const char* sig : {"", "garbage", "v1", "v1,", "v2,abc"}) {
    EXPECT_TRUE(IsBad(VerifySw(SwHeaders(sig), kSwTimestamp))) << sig;
  }
}

TEST(StandardSignatureTest, ExtremeClockValuesDoNotOverflow) {
  Headers h = {{"webhook-id", kSwId},
               {"webhook-timestamp", "9223372036854775807"},
               {"webhook-signature", kSwSignature}};
  EXPECT_TRUE(IsStale(VerifySw(h, kSwTimestamp)));
  EXPECT_TRUE(IsStale(VerifySw(h, INT64_MIN)));
  EXPECT_TRUE(IsStale(VerifySw(SwHeaders(kSwSignature), INT64_MIN)));
  EXPECT_TRUE(IsStale(VerifySw(SwHeaders(kSwSignature), INT64_MAX)));
}

TEST(StandardSignatureTest, MessagesRevealNothingSecret) {
  const std::string expected =
      StandardWebhookSignature(kSwSecret, kSwId, kSwTimestamp, "other");
  Status s =
      VerifySw(SwHeaders(kSwSignature), kSwTimestamp, {kSwSecret}, "other");
  ASSERT_TRUE(IsBad(s));
  EXPECT_FALSE(Contains(s.message(), "MfKQ9r8G"));
  EXPECT_FALSE(Contains(s.message(), expected.substr(3, 10)));
}

TEST(StandardSignatureTest, SecretRotation) {
  const std::string a = "whsec_" + Base64Encode("first-key-bytes");
  const std::string b = "whsec_" + Base64Encode("second-key-bytes");
  const std::string c = "whsec_" + Base64Encode("third-key-bytes");
  for (const std::string& signer : {a, b}) {
    Headers h = SwHeaders(
        StandardWebhookSignature(signer, kSwId, kSwTimestamp, kSwBody));
    EXPECT_TRUE(VerifySw(h, kSwTimestamp, {a, b}).ok());
  }
  Headers h =
      SwHeaders(StandardWebhookSignature(c, kSwId, kSwTimestamp, kSwBody));
  EXPECT_TRUE(IsBad(VerifySw(h, kSwTimestamp, {a, b})));
}

TEST(StandardSignatureTest, SigningReproducesTheVector) {
  EXPECT_EQ(StandardWebhookSignature(kSwSecret, kSwId, kSwTimestamp, kSwBody),
            kSwSignature);
}

TEST(StandardSignatureTest, KeyDecoding) {
  std::string key = StandardWebhookKey(kSwSecret);
  EXPECT_EQ(key.size(), 24u);
  std::string expected;
  ASSERT_TRUE(Base64Decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &expected));
  EXPECT_EQ(key, expected);
  EXPECT_EQ(StandardWebhookKey("plain secret"), "plain secret");
  EXPECT_EQ(StandardWebhookKey("whsec_not base64!"), "whsec_not base64!");
  // A raw secret signs with its own bytes.
  EXPECT_EQ(StandardWebhookSignature("raw", "id", 5, "b"),
            "v1," + Base64Encode(HmacSha256("raw", "id.5.b")));
}

// ---- token ------------------------------------------------------------

TEST(TokenSignatureTest, DefaultGitlabHeader) {
  SignatureSettings settings = Settings(SignatureScheme::kToken, {"s3cret"});
  EXPECT_EQ(settings.token_header, "X-Gitlab-Token");
  Headers good = {{"x-gitlab-token", "s3cret"}};
  EXPECT_TRUE(VerifySignature(settings, good.Lookup(), "body", 0).ok());

  Headers wrong = {{"X-Gitlab-Token", "s3cre"}};
  Status s = VerifySignature(settings, wrong.Lookup(), "body", 0);
  ASSERT_TRUE(IsBad(s));
  EXPECT_FALSE(Contains(s.message(), "s3cre"));

  Headers longer = {{"X-Gitlab-Token", "s3cret "}};
  EXPECT_TRUE(IsBad(VerifySignature(settings, longer.Lookup(), "body", 0)));
  Headers empty = {{"X-Gitlab-Token", ""}};
  EXPECT_TRUE(IsBad(VerifySignature(settings, empty.Lookup(), "body", 0)));

  Status missing = VerifySignature(settings, Headers().Lookup(), "body", 0);
  ASSERT_TRUE(IsBad(missing));
  EXPECT_TRUE(Contains(missing.message(), "X-Gitlab-Token"));
}

TEST(TokenSignatureTest, CustomHeader) {
  SignatureSettings settings = Settings(SignatureScheme::kToken, {"tok"});
  settings.token_header = "X-Webhook-Token";
  Headers good = {{"X-Webhook-Token", "tok"}};
  EXPECT_TRUE(VerifySignature(settings, good.Lookup(), "", 0).ok());
  // The default header no longer counts.
  Headers gitlab = {{"X-Gitlab-Token", "tok"}};
  Status s = VerifySignature(settings, gitlab.Lookup(), "", 0);
  ASSERT_TRUE(IsBad(s));
  EXPECT_TRUE(Contains(s.message(), "X-Webhook-Token")) << s.message();
}

TEST(TokenSignatureTest, EmptyHeaderSettingMeansDefault) {
  SignatureSettings settings = Settings(SignatureScheme::kToken, {"tok"});
  settings.token_header = "";
  Headers good = {{"X-Gitlab-Token", "tok"}};
  EXPECT_TRUE(VerifySignature(settings, good.Lookup(), "", 0).ok());
}

TEST(TokenSignatureTest, SecretRotation) {
  SignatureSettings settings =
      Settings(SignatureScheme::kToken, {"old-token", "new-token"});
  for (const char* token : {"old-token", "new-token"}) {
    Headers h = {{"X-Gitlab-Token", token}};
    EXPECT_TRUE(VerifySignature(settings, h.Lookup(), "", 0).ok()) << token;
  }
  Headers h = {{"X-Gitlab-Token", "other-token"}};
  EXPECT_TRUE(IsBad(VerifySignature(settings, h.Lookup(), "", 0)));
}

TEST(TokenSignatureTest, EmptySecretNeverMatchesEmptyHeader) {
  SignatureSettings settings = Settings(SignatureScheme::kToken, {"", "tok"});
  Headers h = {{"X-Gitlab-Token", ""}};
  EXPECT_TRUE(IsBad(VerifySignature(settings, h.Lookup(), "", 0)));
}

}  // namespace
}  // namespace earshot
