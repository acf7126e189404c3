// The loop guard's header (common/http/hops.h).

#include "common/http/hops.h"

#include <gtest/gtest.h>

namespace earshot {
namespace {

TEST(HopsTest, ParsesTheLargestNumber) {
  EXPECT_EQ(ParseHops(std::nullopt), 0);
  EXPECT_EQ(ParseHops(std::string("")), 0);
  EXPECT_EQ(ParseHops(std::string("3")), 3);
  EXPECT_EQ(ParseHops(std::string(" 4 ")), 4);
  EXPECT_EQ(ParseHops(std::string("2, 7,1")), 7);
  EXPECT_EQ(ParseHops(std::string("abc")), 0);
  EXPECT_EQ(ParseHops(std::string("-5")), 0);
  EXPECT_EQ(ParseHops(std::string("5x, 2")), 2);
  EXPECT_EQ(ParseHops(std::string("99999999999999999999999")), 1000000);
}

TEST(HopsTest, AboveTheMaximumIsALoop) {
  int hops = -1;
  EXPECT_TRUE(CheckHops(std::string("5"), 5, &hops).ok());
  EXPECT_EQ(hops, 5);
  Status s = CheckHops(std::string("6"), 5, &hops);
  ASSERT_TRUE(s.IsRefused());
  EXPECT_EQ(s.api_error(), ApiError::kLoopDetected);
  EXPECT_EQ(ApiErrorHttpStatus(s.api_error()), 508);
  EXPECT_STREQ(ApiErrorCode(s.api_error()), "loop_detected");
  EXPECT_TRUE(CheckHops(std::nullopt, 0, &hops).ok());
  EXPECT_EQ(hops, 0);
}

}  // namespace
}  // namespace earshot
