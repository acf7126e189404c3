#include "common/base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace earshot {
namespace {

// Utf8SequenceLength at the start of `bytes`.
size_t LengthAt0(std::string_view bytes) {
  return Utf8SequenceLength(bytes, 0);
}

TEST(Utf8Test, WellFormedSequencesHaveTheirLength) {
  EXPECT_EQ(LengthAt0("a"), 1u);
  EXPECT_EQ(LengthAt0(std::string_view("\0", 1)), 1u);  // U+0000 is valid
  EXPECT_EQ(LengthAt0("\x7f"), 1u);
  EXPECT_EQ(LengthAt0("\xc2\x80"), 2u);          // U+0080, the smallest
  EXPECT_EQ(LengthAt0("\xc3\xa9"), 2u);          // é
  EXPECT_EQ(LengthAt0("\xdf\xbf"), 2u);          // U+07FF
  EXPECT_EQ(LengthAt0("\xe0\xa0\x80"), 3u);      // U+0800, the smallest
  EXPECT_EQ(LengthAt0("\xe2\x82\xac"), 3u);      // €
  EXPECT_EQ(LengthAt0("\xed\x9f\xbf"), 3u);      // U+D7FF, below surrogates
  EXPECT_EQ(LengthAt0("\xee\x80\x80"), 3u);      // U+E000, above them
  EXPECT_EQ(LengthAt0("\xef\xbf\xbf"), 3u);      // U+FFFF
  EXPECT_EQ(LengthAt0("\xf0\x90\x80\x80"), 4u);  // U+10000, the smallest
  EXPECT_EQ(LengthAt0("\xf0\x9f\x98\x80"), 4u);  // 😀
  EXPECT_EQ(LengthAt0("\xf4\x8f\xbf\xbf"), 4u);  // U+10FFFF, the largest
  // Only the sequence at `pos` counts, not what follows it.
  EXPECT_EQ(LengthAt0("\xc3\xa9\xff"), 2u);
  EXPECT_EQ(Utf8SequenceLength("a\xe2\x82\xac", 1), 3u);
}

TEST(Utf8Test, OverlongFormsAreRefused) {
  EXPECT_EQ(LengthAt0("\xc0\xaf"), 0u);          // '/' in two bytes
  EXPECT_EQ(LengthAt0("\xc0\x80"), 0u);          // U+0000 in two bytes
  EXPECT_EQ(LengthAt0("\xc1\xbf"), 0u);          // U+007F in two bytes
  EXPECT_EQ(LengthAt0("\xe0\x80\xaf"), 0u);      // '/' in three
  EXPECT_EQ(LengthAt0("\xe0\x9f\xbf"), 0u);      // U+07FF in three
  EXPECT_EQ(LengthAt0("\xf0\x80\x80\xaf"), 0u);  // '/' in four
  EXPECT_EQ(LengthAt0("\xf0\x8f\xbf\xbf"), 0u);  // U+FFFF in four
}

TEST(Utf8Test, SurrogatesAreRefused) {
  EXPECT_EQ(LengthAt0("\xed\xa0\x80"), 0u);  // U+D800
  EXPECT_EQ(LengthAt0("\xed\xaf\xbf"), 0u);  // U+DBFF
  EXPECT_EQ(LengthAt0("\xed\xb0\x80"), 0u);  // U+DC00
  EXPECT_EQ(LengthAt0("\xed\xbf\xbf"), 0u);  // U+DFFF
  // A surrogate pair, as CESU-8 writes 😀, is two surrogates.
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\xbd\xed\xb8\x80"));
}

TEST(Utf8Test, CodePointsAboveU10FFFFAreRefused) {
  EXPECT_EQ(LengthAt0("\xf4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(LengthAt0("\xf4\xbf\xbf\xbf"), 0u);
  EXPECT_EQ(LengthAt0("\xf5\x80\x80\x80"), 0u);
  EXPECT_EQ(LengthAt0("\xf7\xbf\xbf\xbf"), 0u);          // U+1FFFFF
  EXPECT_EQ(LengthAt0("\xf8\x88\x80\x80\x80"), 0u);      // old 5-byte form
  EXPECT_EQ(LengthAt0("\xfc\x84\x80\x80\x80\x80"), 0u);  // old 6-byte form
  EXPECT_EQ(LengthAt0("\xfe"), 0u);
  EXPECT_EQ(LengthAt0("\xff"), 0u);
}

TEST(Utf8Test, TruncatedSequencesAreRefused) {
  EXPECT_EQ(LengthAt0("\xc3"), 0u);
  EXPECT_EQ(LengthAt0("\xe2\x82"), 0u);
  EXPECT_EQ(LengthAt0("\xf0\x9f\x98"), 0u);
  // Cut short by a byte that does not continue it, not by the end.
  EXPECT_EQ(LengthAt0("\xc3("), 0u);
  EXPECT_EQ(LengthAt0("\xe2\x82("), 0u);
  EXPECT_EQ(LengthAt0("\xe2(\xac"), 0u);
  EXPECT_EQ(LengthAt0("\xf0\x9f\x98("), 0u);
  EXPECT_EQ(LengthAt0("\xf0\x9f\xc3\xa9"), 0u);  // another lead byte
  // The end of the view counts, not the end of the buffer behind it.
  std::string_view cut = std::string_view("\xe2\x82\xac", 2);
  EXPECT_EQ(Utf8SequenceLength(cut, 0), 0u);
}

TEST(Utf8Test, StrayContinuationBytesAreRefused) {
  EXPECT_EQ(LengthAt0("\x80"), 0u);
  EXPECT_EQ(LengthAt0("\xbf"), 0u);
  EXPECT_EQ(Utf8SequenceLength("\xc3\xa9\xa9", 2), 0u);
}

TEST(Utf8Test, IsValidUtf8NamesTheFirstBadSequence) {
  size_t bad = 99;
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain, \xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("ab\xe2\x82", &bad));  // truncated at the end
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("\xc3\xa9\xed\xa0\x80", &bad));  // surrogate
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("a\xf4\x90\x80\x80z", &bad));  // above U+10FFFF
  EXPECT_EQ(bad, 1u);
  EXPECT_FALSE(IsValidUtf8("ok\xe0\x80\xafok", &bad));  // overlong
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("\xc3\xa9\x80", &bad));  // stray continuation
  EXPECT_EQ(bad, 2u);
}

}  // namespace
}  // namespace earshot
