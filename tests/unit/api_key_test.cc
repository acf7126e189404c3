#include "common/auth/api_key.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/auth/crypto.h"

namespace earshot {
namespace {

TEST(ApiKeyTest, GeneratedKeyHasTheDocumentedFormat) {
  std::string key;
  ASSERT_TRUE(GenerateApiKey(&key).ok());
  EXPECT_EQ(key.size(), 47u);
  EXPECT_EQ(key.substr(0, 4), "esk_");
  for (char c : key.substr(4)) {
    EXPECT_TRUE(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
        << "unexpected character '" << c << "'";
  }
  EXPECT_EQ(key.find('='), std::string::npos);
  EXPECT_TRUE(LooksLikeApiKey(key));
}

TEST(ApiKeyTest, GeneratedKeysAreUnique) {
  std::set<std::string> keys;
  std::set<std::string> prefixes;
  for (int i = 0; i < 2000; ++i) {
    std::string key;
    ASSERT_TRUE(GenerateApiKey(&key).ok());
    keys.insert(key);
    prefixes.insert(ApiKeyPrefix(key));
  }
  EXPECT_EQ(keys.size(), 2000u);
  // 48 random bits per prefix: a collision among 2000 is ~1e-8 likely.
  EXPECT_EQ(prefixes.size(), 2000u);
}

TEST(ApiKeyTest, HashIsSha256OfTheWholeKey) {
  std::string key;
  ASSERT_TRUE(GenerateApiKey(&key).ok());
  std::string hash = HashApiKey(key);
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_EQ(hash, HashApiKey(key));  // deterministic
  EXPECT_EQ(hash, Sha256(key));
  EXPECT_NE(hash, HashApiKey(key.substr(0, key.size() - 1)));
  EXPECT_EQ(HexEncode(HashApiKey("esk_abc")), HexEncode(Sha256("esk_abc")));
}

TEST(ApiKeyTest, HashDiffersBetweenKeys) {
  std::string a, b;
  ASSERT_TRUE(GenerateApiKey(&a).ok());
  ASSERT_TRUE(GenerateApiKey(&b).ok());
  EXPECT_NE(HashApiKey(a), HashApiKey(b));
}

TEST(ApiKeyTest, PrefixIsTheFirstTwelveCharacters) {
  const std::string key = "esk_ABCDEFGHijklmnopqrstuvwxyz0123456789-_ABCDE";
  ASSERT_EQ(key.size(), 47u);
  EXPECT_EQ(ApiKeyPrefix(key), "esk_ABCDEFGH");
  EXPECT_EQ(ApiKeyPrefix("esk_ab"), "esk_ab");
  EXPECT_EQ(ApiKeyPrefix(""), "");
}

TEST(ApiKeyTest, LooksLikeApiKeyRefusesJunk) {
  const std::string good = "esk_ABCDEFGHijklmnopqrstuvwxyz0123456789-_ABCDE";
  EXPECT_TRUE(LooksLikeApiKey(good));
  EXPECT_FALSE(LooksLikeApiKey(""));
  EXPECT_FALSE(LooksLikeApiKey("esk_"));
  EXPECT_FALSE(LooksLikeApiKey(good.substr(0, 46)));       // short
  EXPECT_FALSE(LooksLikeApiKey(good + "A"));               // long
  EXPECT_FALSE(LooksLikeApiKey("ESK_" + good.substr(4)));  // tag case
  EXPECT_FALSE(LooksLikeApiKey("xsk_" + good.substr(4)));  // wrong tag
  std::string padded = good;
  padded.back() = '=';
  EXPECT_FALSE(LooksLikeApiKey(padded));
  std::string plus = good;
  plus[10] = '+';
  EXPECT_FALSE(LooksLikeApiKey(plus));  // std alphabet
  std::string space = good;
  space[20] = ' ';
  EXPECT_FALSE(LooksLikeApiKey(space));
}

}  // namespace
}  // namespace earshot
