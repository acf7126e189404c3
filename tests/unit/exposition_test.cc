// Prometheus' text exposition format (common/console/exposition.h), the
// metrics token's checks, and the console_pools setting.

#include "common/console/exposition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/auth/crypto.h"
#include "common/auth/metrics_token.h"
#include "common/config.h"

namespace earshot::console {
namespace {

TEST(ExpositionTest, EscapesLabelValuesAsTheFormatSays) {
  EXPECT_EQ(EscapeLabelValue("plain host:42"), "plain host:42");
  EXPECT_EQ(EscapeLabelValue("a\\b"), "a\\\\b");
  EXPECT_EQ(EscapeLabelValue("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(EscapeLabelValue("two\nlines"), "two\\nlines");
  // Other control characters and UTF-8 pass as they are; invalid UTF-8
  // does not.
  EXPECT_EQ(EscapeLabelValue("tab\there"), "tab\there");
  EXPECT_EQ(EscapeLabelValue("h\xC3\xA9"), "h\xC3\xA9");
  EXPECT_EQ(EscapeLabelValue("bad\xFF"), "bad\xEF\xBF\xBD");
  EXPECT_EQ(EscapeLabelValue("\xC3"), "\xEF\xBF\xBD");
}

TEST(ExpositionTest, HelpEscapesBackslashAndLineFeedButNotQuotes) {
  EXPECT_EQ(EscapeHelp("a \"quoted\" \\ help\nline"),
            "a \"quoted\" \\\\ help\\nline");
}

TEST(ExpositionTest, FormatsValuesExactly) {
  EXPECT_EQ(FormatSampleValue(0), "0");
  EXPECT_EQ(FormatSampleValue(0.005), "0.005");
  EXPECT_EQ(FormatSampleValue(2.5), "2.5");
  EXPECT_EQ(FormatSampleValue(10), "10");
  EXPECT_EQ(FormatSampleValue(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatSampleValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatSampleValue(-std::numeric_limits<double>::infinity()),
            "-Inf");
  EXPECT_EQ(FormatSampleValue(std::nan("")), "NaN");
}

TEST(ExpositionTest, WritesFamiliesAndSamples) {
  Exposition e;
  e.Family("earshot_deliveries_total", "counter", "Deliveries\nby type.");
  e.Sample("earshot_deliveries_total", {{"type", "data"}, {"status", "200"}},
           int64_t{9007199254740993});
  e.Family("earshot_up", "gauge", "Up.");
  e.Sample("earshot_up", {}, int64_t{1});
  e.Sample("earshot_worker_seconds", {{"worker", "a\"b"}}, 1.5);
  EXPECT_EQ(e.text(),
            "# HELP earshot_deliveries_total Deliveries\\nby type.\n"
            "# TYPE earshot_deliveries_total counter\n"
            "earshot_deliveries_total{type=\"data\",status=\"200\"} "
            "9007199254740993\n"
            "# HELP earshot_up Up.\n"
            "# TYPE earshot_up gauge\n"
            "earshot_up 1\n"
            "earshot_worker_seconds{worker=\"a\\\"b\"} 1.5\n");
}

TEST(MetricsTokenTest, TokensAreFreshAndOnlyTheBearerSchemeCounts) {
  std::string a, b;
  ASSERT_TRUE(GenerateMetricsToken(&a).ok());
  ASSERT_TRUE(GenerateMetricsToken(&b).ok());
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("esm_", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 43u);
  EXPECT_EQ(BearerToken("Bearer " + a), a);
  EXPECT_EQ(BearerToken("bEaReR  " + a + " "), a);
  EXPECT_EQ(BearerToken("Basic " + a), "");
  EXPECT_EQ(BearerToken("Bearer"), "");
  EXPECT_EQ(BearerToken(a), "");
}

TEST(MetricsTokenTest, MatchesOnlyTheStoredTokensHash) {
  std::string token;
  ASSERT_TRUE(GenerateMetricsToken(&token).ok());
  const std::string stored = HashMetricsToken(token);
  EXPECT_EQ(stored, Sha256(token));
  EXPECT_TRUE(MetricsTokenMatches(stored, "Bearer " + token));
  EXPECT_FALSE(MetricsTokenMatches(stored, "Bearer " + token + "x"));
  EXPECT_FALSE(MetricsTokenMatches(stored, ""));
  EXPECT_FALSE(MetricsTokenMatches(stored, "Bearer "));
  // No token set: nothing matches, not even an empty one.
  EXPECT_FALSE(MetricsTokenMatches("", "Bearer " + token));
  EXPECT_FALSE(MetricsTokenMatches("", ""));
  EXPECT_FALSE(MetricsTokenMatches(Sha256(""), "Bearer "));
}

TEST(ConsolePoolsConfigTest, ParsesTypeAddressPairs) {
  Config c;
  EXPECT_TRUE(c.console_pools.empty());
  ASSERT_TRUE(ParseConfig("console_pools = data=/run/earshot/data.sock, "
                          "comment=10.0.0.5:9001 comment=[::1]:9001\n",
                          &c)
                  .ok());
  ASSERT_EQ(c.console_pools.size(), 3u);
  EXPECT_EQ(c.console_pools[0],
            std::make_pair(std::string("data"),
                           std::string("/run/earshot/data.sock")));
  EXPECT_EQ(c.console_pools[2].second, "[::1]:9001");
  EXPECT_TRUE(ParseConfig("console_pools = mail=/x.sock\n", &c).IsInvalid());
  EXPECT_TRUE(ParseConfig("console_pools = data\n", &c).IsInvalid());
  EXPECT_TRUE(ParseConfig("console_pools = data=\n", &c).IsInvalid());
  EXPECT_TRUE(ParseConfig("console_pools = ,\n", &c).IsInvalid());
}

}  // namespace
}  // namespace earshot::console
