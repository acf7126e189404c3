#include "common/auth/crypto.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace earshot {
namespace {

TEST(Sha256Test, KnownAnswers) {
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256("abc").size(), kSha256Bytes);
}

TEST(DigestsEqualTest, AgreesWithConstantTimeEquals) {
  const std::string a = Sha256("a"), b = Sha256("b");
  std::string a_last = a;
  a_last.back() ^= 1;
  for (const auto& [x, y] :
       std::vector<std::pair<std::string, std::string>>{{a, a},
                                                        {a, b},
                                                        {a, a_last},
                                                        {a, a.substr(0, 31)},
                                                        {a, ""},
                                                        {"", ""},
                                                        {a, a + "x"}}) {
    EXPECT_EQ(DigestsEqual(x, y), ConstantTimeEquals(x, y));
    EXPECT_EQ(DigestsEqual(x, y), x == y);
  }
}

TEST(HmacSha256Test, Rfc4231Case1) {
  std::string key(20, '\x0b');
  EXPECT_EQ(HexEncode(HmacSha256(key, "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256Test, Rfc4231Case2) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256Test, EmptyKeyAndData) {
  EXPECT_EQ(HexEncode(HmacSha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacSha256Test, KeyLongerThanBlock) {
  // RFC 4231 test case 6: a 131-byte key is hashed first.
  std::string key(131, '\xaa');
  EXPECT_EQ(HexEncode(HmacSha256(
                key, "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HexTest, EncodeIsLowercase) {
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(HexEncode(""), "");
}

TEST(HexTest, DecodeEitherCase) {
  std::string bytes;
  ASSERT_TRUE(HexDecode("00ABcdEf", &bytes));
  EXPECT_EQ(bytes, std::string("\x00\xab\xcd\xef", 4));
  ASSERT_TRUE(HexDecode("", &bytes));
  EXPECT_EQ(bytes, "");
}

TEST(HexTest, DecodeRejectsJunkAndLeavesOutputAlone) {
  std::string bytes = "unchanged";
  EXPECT_FALSE(HexDecode("abc", &bytes));   // odd length
  EXPECT_FALSE(HexDecode("zz", &bytes));    // not hex
  EXPECT_FALSE(HexDecode("0g", &bytes));    // second digit bad
  EXPECT_FALSE(HexDecode(" 00", &bytes));   // whitespace
  EXPECT_FALSE(HexDecode("0x00", &bytes));  // prefix
  EXPECT_EQ(bytes, "unchanged");
}

TEST(HexTest, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  std::string back;
  ASSERT_TRUE(HexDecode(HexEncode(all), &back));
  EXPECT_EQ(back, all);
}

TEST(Base64Test, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Test, StandardAlphabet) {
  EXPECT_EQ(Base64Encode("\xfb\xff\xbf"), "+/+/");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
}

TEST(Base64Test, UrlHasNoPadding) {
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode(std::string(32, '\0')).size(), 43u);
}

TEST(Base64Test, RoundTripsAllLengths) {
  std::string data;
  for (int n = 0; n < 70; ++n) {
    std::string back;
    ASSERT_TRUE(Base64Decode(Base64Encode(data), &back)) << n;
    EXPECT_EQ(back, data) << n;
    data += static_cast<char>(n * 37 + 200);
  }
}

TEST(Base64Test, DecodesKnownText) {
  std::string bytes;
  ASSERT_TRUE(Base64Decode("Zm9vYg==", &bytes));
  EXPECT_EQ(bytes, "foob");
  ASSERT_TRUE(Base64Decode("Zm9vYmE=", &bytes));
  EXPECT_EQ(bytes, "fooba");
  ASSERT_TRUE(Base64Decode("+/+/", &bytes));
  EXPECT_EQ(bytes, "\xfb\xff\xbf");
}

TEST(Base64Test, DecodeRejectsGarbage) {
  std::string bytes = "unchanged";
  EXPECT_FALSE(Base64Decode("Zg", &bytes));        // missing padding
  EXPECT_FALSE(Base64Decode("Zg=", &bytes));       // short padding
  EXPECT_FALSE(Base64Decode("Zg===", &bytes));     // too much padding
  EXPECT_FALSE(Base64Decode("Zg==Zg==", &bytes));  // padding mid-way
  EXPECT_FALSE(Base64Decode("Z===", &bytes));      // 1 char + padding
  EXPECT_FALSE(Base64Decode("====", &bytes));      // only padding
  EXPECT_FALSE(Base64Decode("Zm9v\n", &bytes));    // whitespace
  EXPECT_FALSE(Base64Decode("Zm 9v", &bytes));     // whitespace
  EXPECT_FALSE(Base64Decode("-_-_", &bytes));      // url alphabet
  EXPECT_FALSE(Base64Decode("Zm9v!!!!", &bytes));  // junk
  EXPECT_FALSE(Base64Decode("Zh==", &bytes));      // non-zero spare bits
  EXPECT_FALSE(Base64Decode("Zm9=", &bytes));      // non-zero spare bits
  EXPECT_FALSE(Base64Decode("Zm=v", &bytes));      // '=' then data
  EXPECT_FALSE(Base64Decode(std::string("Zm9\0", 4), &bytes));
  EXPECT_EQ(bytes, "unchanged");
}

TEST(RandomBytesTest, LengthAndVariety) {
  std::string a, b;
  ASSERT_TRUE(RandomBytes(32, &a).ok());
  ASSERT_TRUE(RandomBytes(32, &b).ok());
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(b.size(), 32u);
  EXPECT_NE(a, b);
  std::string empty = "x";
  ASSERT_TRUE(RandomBytes(0, &empty).ok());
  EXPECT_EQ(empty, "");
}

TEST(RandomBytesTest, NotAllTheSameByte) {
  std::string a;
  ASSERT_TRUE(RandomBytes(1024, &a).ok());
  std::set<char> distinct(a.begin(), a.end());
  EXPECT_GT(distinct.size(), 100u);
}

TEST(ConstantTimeEqualsTest, Equality) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_TRUE(
      ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret "));
  EXPECT_FALSE(ConstantTimeEquals("secret", ""));
  EXPECT_FALSE(ConstantTimeEquals("", "secret"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), "a"));
}

}  // namespace
}  // namespace earshot
