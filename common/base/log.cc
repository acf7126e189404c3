#include "common/base/log.h"

#include <errno.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "common/base/utf8.h"

namespace earshot {

namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "ERROR";
}

void AppendHex(unsigned char c, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->append("\\x");
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

// The length of the valid UTF-8 sequence starting `text`, or 0.
size_t Utf8Length(std::string_view text) {
  unsigned char c = static_cast<unsigned char>(text[0]);
  size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  if (n == 0 || n > text.size()) return 0;
  return IsValidUtf8(text.substr(0, n)) ? n : 0;
}

}  // namespace

std::string EscapeLogText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (c < 0x20 || c == 0x7f) {
      AppendHex(c, &out);
    } else if (c >= 0x80) {
      size_t n = Utf8Length(text.substr(i));
      if (n == 0) {
        AppendHex(c, &out);
      } else {
        out.append(text.substr(i, n));
        i += n;
        continue;
      }
    } else {
      out.push_back(static_cast<char>(c));
    }
    ++i;
  }
  return out;
}

std::string FormatLogLine(int64_t unix_micros, LogLevel level,
                          std::string_view program, long pid,
                          std::string_view message, int64_t event_id) {
  std::time_t seconds = static_cast<std::time_t>(unix_micros / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char time[80];
  std::snprintf(time, sizeof(time), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec,
                static_cast<int>(unix_micros % 1000000 / 1000));
  std::string line = time;
  line += ' ';
  line += LevelName(level);
  line += ' ';
  line += EscapeLogText(program);
  line += '[' + std::to_string(pid) + "]: ";
  line += EscapeLogText(message);
  if (event_id != 0) line += " [event=" + std::to_string(event_id) + "]";
  line += '\n';
  return line;
}

void LogLine(LogLevel level, std::string_view message, int64_t event_id) {
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::string line =
      FormatLogLine(now, level, program_invocation_short_name,
                    static_cast<long>(getpid()), message, event_id);
  // One write; stderr is unbuffered, but a retry after EINTR must not
  // repeat what was written.
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = write(STDERR_FILENO, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace earshot
