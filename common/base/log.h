// Log lines: the one format every earshot program writes to stderr (a
// pool's log file, or the journal under systemd):
//
//   2026-12-01T14:50:00.123Z WARN data.fcgi[4242]: message [event=17]
//
// UTC time to the millisecond, level (INFO, WARN, ERROR), program name and
// pid, the message, and the event it concerns when there is one. One line
// per call: newlines, other control characters, backslashes and bytes
// that are not UTF-8 are escaped (\n, \x1b, \\), so a message quoting
// outside input can neither forge a line nor hide in one. Callers never
// pass API keys, secrets or request headers (see README, Security).
//
// Unlike the rest of common/base/, this writes (to fd 2): each line with
// one write(2), so that lines from the processes of a pool sharing one
// log file never interleave.
//
// Thread-safety: safe from any thread.

#ifndef EARSHOT_COMMON_BASE_LOG_H_
#define EARSHOT_COMMON_BASE_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace earshot {

enum class LogLevel { kInfo, kWarning, kError };

// Writes `message` as one line; `event_id` 0 leaves "[event=...]" out.
void LogLine(LogLevel level, std::string_view message, int64_t event_id = 0);

// The line LogLine writes, newline included. Exposed for tests.
std::string FormatLogLine(int64_t unix_micros, LogLevel level,
                          std::string_view program, long pid,
                          std::string_view message, int64_t event_id);

// `text` with control characters, backslashes and invalid UTF-8 escaped.
std::string EscapeLogText(std::string_view text);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_LOG_H_
