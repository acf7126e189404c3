// Pure parts of the hostile-sender fixes (issue 10): delivery ids a
// signature covers, signed ids reported by the verifier, what the delivery
// log masks and repeats, and the Authorization scheme's case.

#include <gtest/gtest.h>
#include <strings.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/auth/auth.h"
#include "common/auth/signature.h"
#include "common/http/delivery_id.h"
#include "common/http/incoming.h"

namespace earshot {
namespace {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

HeaderLookup Lookup(const HeaderList& list) {
  return [&list](std::string_view name) -> std::optional<std::string_view> {
    for (const auto& [key, value] : list) {
      if (key.size() == name.size() &&
          strncasecmp(key.data(), name.data(), name.size()) == 0) {
        return std::string_view(value);
      }
    }
    return std::nullopt;
  };
}

// A request made of CGI parameters.
class FakeRequest : public Request {
 public:
  explicit FakeRequest(std::map<std::string, std::string> params)
      : params_(std::move(params)) {}
  std::optional<std::string> Param(const char* name) const override {
    auto it = params_.find(name);
    if (it == params_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::pair<std::string, std::string>> AllParams() const override {
    return {params_.begin(), params_.end()};
  }
  Status ReadBody(size_t, std::string* body, bool* too_large) override {
    body->clear();
    *too_large = false;
    return Status::OK();
  }
  void Respond(const Answer&) override {}

 private:
  std::map<std::string, std::string> params_;
};

TEST(DeliveryIdTest, GenericOrderWithoutASignature) {
  HeaderList h = {{"X-GitHub-Delivery", "gh"},
                  {"webhook-id", "wh"},
                  {"Idempotency-Key", "ik"}};
  EXPECT_EQ(DeliveryId(SignatureScheme::kNone, "", Lookup(h)), "ik");
  HeaderList empty_key = {{"Idempotency-Key", ""}, {"svix-id", "sv"}};
  EXPECT_EQ(DeliveryId(SignatureScheme::kNone, "", Lookup(empty_key)), "sv");
  EXPECT_EQ(DeliveryId(SignatureScheme::kNone, "", Lookup({})), "");
}

TEST(DeliveryIdTest, ASignedIdAlwaysWins) {
  HeaderList h = {{"Idempotency-Key", "fresh"}, {"webhook-id", "signed"}};
  EXPECT_EQ(DeliveryId(SignatureScheme::kStandard, "signed", Lookup(h)),
            "signed");
}

TEST(DeliveryIdTest, GithubListenersPreferTheSendersOwnId) {
  HeaderList h = {{"Idempotency-Key", "fresh"}, {"X-GitHub-Delivery", "gh"}};
  EXPECT_EQ(DeliveryId(SignatureScheme::kGithub, "", Lookup(h)), "gh");
  HeaderList jira = {{"Idempotency-Key", "fresh"},
                     {"X-Atlassian-Webhook-Identifier", "jira"}};
  EXPECT_EQ(DeliveryId(SignatureScheme::kGithub, "", Lookup(jira)), "jira");
  HeaderList plain = {{"Idempotency-Key", "ik"}};
  EXPECT_EQ(DeliveryId(SignatureScheme::kGithub, "", Lookup(plain)), "ik");
  // Other schemes keep the generic order.
  EXPECT_EQ(DeliveryId(SignatureScheme::kToken, "", Lookup(h)), "fresh");
}

// After the signature check, the id found before the listener was known
// is reused: the same answer as DeliveryId, without looking at headers
// again except on a github listener.
TEST(DeliveryIdTest, VerifiedIdAgreesWithDeliveryId) {
  const HeaderList lists[] = {
      {{"Idempotency-Key", "fresh"}, {"X-GitHub-Delivery", "gh"}},
      {{"Idempotency-Key", "fresh"},
       {"X-Atlassian-Webhook-Identifier", "jira"}},
      {{"Idempotency-Key", ""}, {"svix-id", "sv"}},
      {{"X-GitHub-Delivery", "gh"}},
      {}};
  const SignatureScheme schemes[] = {
      SignatureScheme::kNone, SignatureScheme::kGithub,
      SignatureScheme::kStandard, SignatureScheme::kToken};
  for (const HeaderList& h : lists) {
    const std::string unsigned_id =
        DeliveryId(SignatureScheme::kNone, "", Lookup(h));
    for (SignatureScheme scheme : schemes) {
      for (std::string_view signed_id : {"", "signed"}) {
        int lookups = 0;
        HeaderLookup counting = [&](std::string_view name) {
          ++lookups;
          return Lookup(h)(name);
        };
        EXPECT_EQ(VerifiedDeliveryId(scheme, signed_id, unsigned_id, counting),
                  DeliveryId(scheme, signed_id, Lookup(h)))
            << SignatureSchemeName(scheme) << " " << signed_id;
        if (scheme != SignatureScheme::kGithub || !signed_id.empty()) {
          EXPECT_EQ(lookups, 0) << SignatureSchemeName(scheme);
        }
      }
    }
  }
}

constexpr char kWhsec[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

TEST(SignedIdTest, StandardReportsTheIdItVerified) {
  SignatureSettings s;
  s.scheme = SignatureScheme::kStandard;
  s.secrets = {kWhsec};
  const int64_t now = 1700000000;
  for (const std::string prefix : {"webhook", "svix"}) {
    HeaderList h = {{prefix + "-id", "msg_1"},
                    {prefix + "-timestamp", std::to_string(now)},
                    {prefix + "-signature",
                     StandardWebhookSignature(kWhsec, "msg_1", now, "{}")}};
    std::string id = "stale";
    EXPECT_TRUE(VerifySignature(s, Lookup(h), "{}", now, &id).ok()) << prefix;
    EXPECT_EQ(id, "msg_1");
  }
  // A failed check reports no id.
  HeaderList bad = {{"webhook-id", "msg_1"},
                    {"webhook-timestamp", std::to_string(now)},
                    {"webhook-signature", "v1,AAAA"}};
  std::string id = "stale";
  EXPECT_FALSE(VerifySignature(s, Lookup(bad), "{}", now, &id).ok());
  EXPECT_EQ(id, "");
}

TEST(SignedIdTest, EmptyWebhookIdIsRefused) {
  SignatureSettings s;
  s.scheme = SignatureScheme::kStandard;
  s.secrets = {kWhsec};
  const int64_t now = 1700000000;
  HeaderList h = {
      {"webhook-id", ""},
      {"webhook-timestamp", std::to_string(now)},
      {"webhook-signature", StandardWebhookSignature(kWhsec, "", now, "{}")}};
  Status st = VerifySignature(s, Lookup(h), "{}", now, nullptr);
  EXPECT_TRUE(st.IsRefused());
  EXPECT_NE(st.message().find("empty"), std::string::npos) << st.message();
}

TEST(SignedIdTest, GithubAndTokenSignNoId) {
  SignatureSettings s;
  s.scheme = SignatureScheme::kToken;
  s.secrets = {"a-long-enough-token"};
  HeaderList h = {{"X-Gitlab-Token", "a-long-enough-token"},
                  {"X-Gitlab-Event-UUID", "u"}};
  std::string id = "stale";
  EXPECT_TRUE(VerifySignature(s, Lookup(h), "{}", 0, &id).ok());
  EXPECT_EQ(id, "");
}

TEST(LoggedHeadersTest, SignaturesAndCredentialsAreMasked) {
  for (const char* h :
       {"x-hub-signature-256", "x-hub-signature", "webhook-signature",
        "svix-signature", "authorization", "cookie", "x-gitlab-token"}) {
    EXPECT_TRUE(IsSecretHeader(h)) << h;
  }
  EXPECT_FALSE(IsSecretHeader("webhook-id"));
  EXPECT_FALSE(IsSecretHeader("x-github-delivery"));
}

TEST(LoggedHeadersTest, TheListenersTokenHeaderIsMasked) {
  FakeRequest r({{"HTTP_X_HOOK_AUTH", "s3cr3t"}, {"HTTP_X_OTHER", "shown"}});
  std::string plain = LoggedHeaders(r, "", "");
  EXPECT_NE(plain.find("s3cr3t"), std::string::npos) << "not known as secret";
  std::string masked = LoggedHeaders(r, "", "X-Hook-Auth");
  EXPECT_EQ(masked.find("s3cr3t"), std::string::npos) << masked;
  EXPECT_NE(masked.find(R"("x-hook-auth":"***")"), std::string::npos);
  EXPECT_NE(masked.find(R"("x-other":"shown")"), std::string::npos);
  // Underscores as nginx would never pass them, dashes as CGI renames them.
  EXPECT_EQ(LoggedHeaders(r, "", "x_hook_auth").find("s3cr3t"),
            std::string::npos);
}

TEST(LoggedHeadersTest, ContentHeadersAppearOnce) {
  FakeRequest r({{"CONTENT_TYPE", "application/json"},
                 {"CONTENT_LENGTH", "2"},
                 {"HTTP_CONTENT_TYPE", "application/json"},
                 {"HTTP_CONTENT_LENGTH", "2"}});
  EXPECT_EQ(LoggedHeaders(r, "a=1&api_key=k", ""),
            R"({"content-length":"2","content-type":"application/json",)"
            R"("?query":"a=1&api_key=***"})");
}

TEST(BearerTest, SchemeIsCaseInsensitive) {
  for (const char* value :
       {"Bearer k1", "bearer k1", "BEARER k1", "bEaReR    k1  "}) {
    FakeRequest r(
        std::map<std::string, std::string>{{"HTTP_AUTHORIZATION", value}});
    EXPECT_EQ(PresentedApiKey(r, {}), "k1") << value;
  }
  for (const char* value : {"Basic k1", "Bearer", "Bearer ", "Bearerk1"}) {
    FakeRequest r(
        std::map<std::string, std::string>{{"HTTP_AUTHORIZATION", value}});
    EXPECT_EQ(PresentedApiKey(r, {}), "") << value;
  }
}

}  // namespace
}  // namespace earshot
