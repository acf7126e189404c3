#include "common/base/log.h"

#include <gtest/gtest.h>

namespace earshot {
namespace {

// 2026-12-01T14:50:00.123456Z
constexpr int64_t kTime = 1796136600123456;

TEST(LogLine, FormatHasTimeLevelProgramPidMessageAndEvent) {
  EXPECT_EQ(FormatLogLine(kTime, LogLevel::kWarning, "data.fcgi", 42,
                          "database unavailable", 17),
            "2026-12-01T14:50:00.123Z WARN data.fcgi[42]: database "
            "unavailable [event=17]\n");
  EXPECT_EQ(FormatLogLine(kTime, LogLevel::kInfo, "earshot-outbox", 7, "x", 0),
            "2026-12-01T14:50:00.123Z INFO earshot-outbox[7]: x\n");
  EXPECT_EQ(FormatLogLine(kTime, LogLevel::kError, "p", 1, "x", 0),
            "2026-12-01T14:50:00.123Z ERROR p[1]: x\n");
}

TEST(LogLine, OneLinePerMessageWhateverItQuotes) {
  std::string line =
      FormatLogLine(kTime, LogLevel::kError, "data.fcgi", 1,
                    "a\nFAKE ERROR x[1]: y\r\t\x1b[31m\\ \x7f", 0);
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line,
            "2026-12-01T14:50:00.123Z ERROR data.fcgi[1]: a\\nFAKE ERROR "
            "x[1]: y\\r\\t\\x1b[31m\\\\ \\x7f\n");
}

TEST(LogLine, Utf8StaysAndInvalidBytesAreEscaped) {
  EXPECT_EQ(EscapeLogText("élodie \xe2\x82\xac"), "élodie \xe2\x82\xac");
  EXPECT_EQ(EscapeLogText("a\xff"
                          "b\xc3"),
            "a\\xffb\\xc3");
  EXPECT_EQ(EscapeLogText("\xed\xb0\x80"), "\\xed\\xb0\\x80");  // surrogate
}

}  // namespace
}  // namespace earshot
