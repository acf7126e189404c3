// The console's pure parts: password hashing, the CSRF comparison, cookie
// parsing and building, form decoding and the TLS decision.

#include <gtest/gtest.h>

#include "common/config.h"
#include "common/console/password.h"
#include "common/console/web.h"

namespace earshot::console {
namespace {

TEST(ConsolePassword, HashVerifiesOnlyTheSamePassword) {
  std::string hash;
  ASSERT_TRUE(HashPassword("correct horse battery", &hash).ok());
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
  EXPECT_TRUE(VerifyPassword("correct horse battery", hash));
  EXPECT_FALSE(VerifyPassword("correct horse batterY", hash));
  EXPECT_FALSE(VerifyPassword("", hash));
  EXPECT_FALSE(
      VerifyPassword(std::string("correct horse battery\0x", 23), hash));
}

TEST(ConsolePassword, SaltsDiffer) {
  std::string a, b;
  ASSERT_TRUE(HashPassword("same password", &a).ok());
  ASSERT_TRUE(HashPassword("same password", &b).ok());
  EXPECT_NE(a, b);
  EXPECT_TRUE(VerifyPassword("same password", b));
}

TEST(ConsolePassword, RefusesMalformedOrOtherHashes) {
  EXPECT_FALSE(VerifyPassword("x", ""));
  EXPECT_FALSE(VerifyPassword("x", "x"));
  EXPECT_FALSE(VerifyPassword("x", "$argon2id$garbage"));
  // Argon2i is not accepted, even when it matches.
  EXPECT_FALSE(VerifyPassword(
      "password",
      "$argon2i$v=19$m=16,t=2,p=1$c29tZXNhbHQ$VD2pgQrrLjwalI/T7uVjGA"));
}

TEST(ConsolePassword, NewPasswordRules) {
  EXPECT_TRUE(CheckNewPassword("0123456789").ok());
  EXPECT_TRUE(CheckNewPassword("012345678").IsInvalid());
  EXPECT_TRUE(CheckNewPassword(std::string(1025, 'a')).IsInvalid());
  EXPECT_TRUE(CheckNewPassword("0123456789\xff").IsInvalid());
}

TEST(ConsoleCsrf, ComparesWholeTokens) {
  EXPECT_TRUE(CsrfTokenMatches("abcDEF-_123", "abcDEF-_123"));
  EXPECT_FALSE(CsrfTokenMatches("abcDEF-_123", "abcDEF-_12"));
  EXPECT_FALSE(CsrfTokenMatches("abcDEF-_123", "abcDEF-_1234"));
  EXPECT_FALSE(CsrfTokenMatches("abcDEF-_123", ""));
  EXPECT_FALSE(CsrfTokenMatches("", ""));
  EXPECT_FALSE(CsrfTokenMatches("abc", "ABC"));
}

TEST(ConsoleCookies, FindsTheNamedCookie) {
  EXPECT_EQ(CookieValue("earshot_session=abc", "earshot_session"), "abc");
  EXPECT_EQ(CookieValue("a=1; earshot_session=abc; b=2", "earshot_session"),
            "abc");
  EXPECT_EQ(CookieValue("a=1;earshot_session = abc ;b=2", "earshot_session"),
            "abc");
  EXPECT_EQ(CookieValue("earshot_session=\"abc\"", "earshot_session"), "abc");
  EXPECT_EQ(CookieValue("earshot_session=", "earshot_session"), "");
}

TEST(ConsoleCookies, AbsentLookalikeOrRepeatedIsNone) {
  EXPECT_FALSE(CookieValue("", "earshot_session").has_value());
  EXPECT_FALSE(CookieValue("xearshot_session=abc", "earshot_session"));
  EXPECT_FALSE(CookieValue("earshot_sessionx=abc", "earshot_session"));
  EXPECT_FALSE(CookieValue("earshot_session", "earshot_session"));
  // A second cookie of the same name (set by a sibling path or domain)
  // makes it ambiguous.
  EXPECT_FALSE(
      CookieValue("earshot_session=a; earshot_session=b", "earshot_session"));
}

TEST(ConsoleCookies, SetCookieFlags) {
  EXPECT_EQ(SetCookie("s", "v", false, -1),
            "s=v; Path=/admin/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(SetCookie("s", "v", true, 3600),
            "s=v; Path=/admin/; HttpOnly; SameSite=Strict; Secure; "
            "Max-Age=3600");
  EXPECT_EQ(SetCookie("s", "", false, 0),
            "s=; Path=/admin/; HttpOnly; SameSite=Strict; Max-Age=0");
}

TEST(ConsoleForm, DecodesUrlEncodedBodies) {
  Form form("email=a%40b.c&password=p+w%26d%3D&empty=&csrf=t&csrf=u");
  EXPECT_EQ(form.Get("email"), "a@b.c");
  EXPECT_EQ(form.Get("password"), "p w&d=");
  EXPECT_EQ(form.Get("empty"), "");
  EXPECT_TRUE(form.Has("empty"));
  EXPECT_FALSE(form.Has("missing"));
  EXPECT_EQ(form.Get("missing"), "");
  EXPECT_EQ(form.Get("csrf"), "t");  // the first of a repeated field
}

TEST(ConsoleTls, HttpsParamOrTrustedForwardedProto) {
  IpAllowList none;
  IpAllowList proxies;
  ASSERT_TRUE(IpAllowList::Parse("10.0.0.0/8", &proxies).ok());
  EXPECT_TRUE(CameOverTls("on", "", "192.0.2.1", none));
  EXPECT_FALSE(CameOverTls("", "", "10.1.2.3", proxies));
  // No trusted proxy: the header is anyone's to send.
  EXPECT_FALSE(CameOverTls("", "https", "10.1.2.3", none));
  EXPECT_TRUE(CameOverTls("", "https", "10.1.2.3", proxies));
  EXPECT_FALSE(CameOverTls("", "https", "192.0.2.1", proxies));
  EXPECT_FALSE(CameOverTls("", "http", "10.1.2.3", proxies));
}

TEST(ConsoleTokens, RandomAndCookieSafe) {
  std::string a, b;
  ASSERT_TRUE(NewToken(32, &a).ok());
  ASSERT_TRUE(NewToken(32, &b).ok());
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr"
                                "stuvwxyz0123456789-_"),
            std::string::npos);
}

}  // namespace
}  // namespace earshot::console

namespace earshot {
namespace {

TEST(ConsoleConfig, SessionHoursAndTrustedProxies) {
  Config c;
  EXPECT_EQ(c.console_session_hours, 12);
  EXPECT_TRUE(c.console_trusted_proxies.empty());
  ASSERT_TRUE(ParseConfig("console_session_hours = 2\n"
                          "console_trusted_proxies = 10.0.0.0/8, ::1\n",
                          &c)
                  .ok());
  EXPECT_EQ(c.console_session_hours, 2);
  EXPECT_TRUE(c.console_trusted_proxies.Allows("10.2.3.4"));
  EXPECT_FALSE(c.console_trusted_proxies.Allows("192.0.2.1"));
  EXPECT_FALSE(ParseConfig("console_session_hours = 0\n", &c).ok());
  EXPECT_FALSE(ParseConfig("console_trusted_proxies = nonsense\n", &c).ok());
}

}  // namespace
}  // namespace earshot
