// Prometheus' text exposition format, version 0.0.4: # HELP and # TYPE
// lines, then samples `name{label="value",...} number`. Label values are
// escaped as the format says (backslash, double quote and line feed as
// \\, \" and \n), HELP text likewise (backslash and line feed); invalid
// UTF-8 in either becomes U+FFFD, since the format is UTF-8.
//
// Thread-safety: a value type, one thread at a time.

#ifndef EARSHOT_COMMON_CONSOLE_EXPOSITION_H_
#define EARSHOT_COMMON_CONSOLE_EXPOSITION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace earshot::console {

using Labels = std::vector<std::pair<std::string, std::string>>;

// The Content-Type of an exposition.
constexpr char kExpositionContentType[] =
    "text/plain; version=0.0.4; charset=utf-8";

std::string EscapeLabelValue(std::string_view value);
std::string EscapeHelp(std::string_view help);
// The shortest text that reads back as `value`; +Inf, -Inf, NaN.
std::string FormatSampleValue(double value);

class Exposition {
 public:
  // Starts a family. REQUIRES: `name` matches [a-zA-Z_:][a-zA-Z0-9_:]*,
  // `type` is counter, gauge, histogram, summary or untyped.
  void Family(std::string_view name, std::string_view type,
              std::string_view help);
  // One sample. REQUIRES: label names match [a-zA-Z_][a-zA-Z0-9_]*.
  void Sample(std::string_view name, const Labels& labels, double value);
  void Sample(std::string_view name, const Labels& labels, int64_t value);

  const std::string& text() const { return text_; }

 private:
  void Start(std::string_view name, const Labels& labels);
  std::string text_;
};

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_EXPOSITION_H_
