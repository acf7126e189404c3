// Datetimes as microseconds since the Unix epoch, UTC: parsing the text
// forms senders use and formatting for SQL and for people.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_DATETIME_H_
#define EARSHOT_COMMON_BASE_DATETIME_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace earshot {

// The range a DATETIME(6) column holds: 1000-01-01 to 9999-12-31 UTC.
constexpr int64_t kMinDatetimeMicros = -30610224000LL * 1000000;
constexpr int64_t kMaxDatetimeMicros = 253402300799LL * 1000000 + 999999;

// Parses RFC 3339 (`2026-11-27T10:00:00+01:00`, `...Z`, a fraction of up
// to 9 digits, kept to the microsecond), a plain date (`2026-11-27`, read as
// midnight UTC), and Jira's offsets without a colon (`+0100`). 'T' may also
// be 't' or a space. Leap second :60 counts as the next second. Returns
// false for anything else or for a time outside the DATETIME range.
bool ParseRfc3339(std::string_view text, int64_t* micros);

// Unix time from a number: seconds, or milliseconds when above
// 100000000000 (Jira's `timestamp`). Returns false outside the range.
bool EpochToMicros(double seconds_or_millis, int64_t* micros);
bool EpochToMicros(int64_t seconds_or_millis, int64_t* micros);

// "2026-11-27 09:00:00.000000", for binding to DATETIME(6).
std::string SqlDatetime(int64_t micros);
// "2026-11-27T09:00:00Z", with a fraction only when it is not zero
// ("...:00.5Z"). The canonical text of a datetime value.
std::string Rfc3339Utc(int64_t micros);
// The same from SqlDatetime(micros), for a caller that needs both.
std::string Rfc3339UtcFromSql(std::string sql_datetime);
// Parses what MariaDB returns for a DATETIME(6) ("2026-11-27 09:00:00" or
// with ".ffffff").
bool ParseSqlDatetime(std::string_view text, int64_t* micros);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_DATETIME_H_
