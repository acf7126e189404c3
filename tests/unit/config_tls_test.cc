// The database TLS settings of the config file.

#include <gtest/gtest.h>

#include "common/config.h"

namespace earshot {
namespace {

TEST(ConfigTls, OffByDefaultVerifyFollowsTheCa) {
  Config c;
  ASSERT_TRUE(ParseConfig("db_host = db.example.com\n", &c).ok());
  EXPECT_EQ(c.db.ssl_ca, "");
  EXPECT_FALSE(c.db.ssl_verify.has_value());
  ASSERT_TRUE(ParseConfig("db_ssl_ca = /etc/ssl/db-ca.pem\n"
                          "db_ssl_cert = /etc/earshot/c.pem\n"
                          "db_ssl_key = /etc/earshot/k.pem\n",
                          &c)
                  .ok());
  EXPECT_EQ(c.db.ssl_ca, "/etc/ssl/db-ca.pem");
  EXPECT_EQ(c.db.ssl_cert, "/etc/earshot/c.pem");
  EXPECT_EQ(c.db.ssl_key, "/etc/earshot/k.pem");
  EXPECT_FALSE(c.db.ssl_verify.has_value());
}

TEST(ConfigTls, VerifyIsOnOrOff) {
  Config c;
  ASSERT_TRUE(ParseConfig("db_ssl_verify = off\n", &c).ok());
  EXPECT_EQ(c.db.ssl_verify, std::optional<bool>(false));
  ASSERT_TRUE(ParseConfig("db_ssl_verify = on\n", &c).ok());
  EXPECT_EQ(c.db.ssl_verify, std::optional<bool>(true));
  Status s = ParseConfig("db_ssl_verify = maybe\n", &c);
  EXPECT_TRUE(s.IsInvalid());
  EXPECT_NE(s.message().find("db_ssl_verify"), std::string::npos);
}

TEST(ConfigTls, CertificateAndKeyGoTogether) {
  Config c;
  Status s = ParseConfig("db_ssl_cert = /c.pem\n", &c);
  EXPECT_TRUE(s.IsInvalid());
  EXPECT_NE(s.message().find("db_ssl_key"), std::string::npos);
  Config d;
  EXPECT_TRUE(ParseConfig("db_ssl_key = /k.pem\n", &d).IsInvalid());
}

}  // namespace
}  // namespace earshot
