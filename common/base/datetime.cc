#include "common/base/datetime.h"

#include <cmath>
#include <cstdio>

namespace earshot {

namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMillisThreshold = 100000000000LL;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `*pos`.
bool Digits(std::string_view s, size_t* pos, int n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

bool InRange(int64_t micros) {
  return micros >= kMinDatetimeMicros && micros <= kMaxDatetimeMicros;
}

// Splits micros into days and microseconds of the day.
void Split(int64_t micros, int64_t* days, int64_t* micros_of_day) {
  constexpr int64_t kDay = 86400 * kMicrosPerSecond;
  *days = micros / kDay;
  *micros_of_day = micros % kDay;
  if (*micros_of_day < 0) {
    *micros_of_day += kDay;
    --*days;
  }
}

}  // namespace

bool ParseRfc3339(std::string_view s, int64_t* micros) {
  size_t pos = 0;
  int year, month, day;
  if (!Digits(s, &pos, 4, &year) || !Expect(s, &pos, '-') ||
      !Digits(s, &pos, 2, &month) || !Expect(s, &pos, '-') ||
      !Digits(s, &pos, 2, &day)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > DaysInMonth(year, month)) {
    return false;
  }
  int64_t seconds = DaysFromCivil(year, month, day) * 86400;
  int64_t fraction = 0;
  if (pos < s.size()) {
    char sep = s[pos++];
    if (sep != 'T' && sep != 't' && sep != ' ') return false;
    int hour, minute, second;
    if (!Digits(s, &pos, 2, &hour) || !Expect(s, &pos, ':') ||
        !Digits(s, &pos, 2, &minute) || !Expect(s, &pos, ':') ||
        !Digits(s, &pos, 2, &second)) {
      return false;
    }
    if (hour > 23 || minute > 59 || second > 60) return false;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int n = 0;
      int64_t scale = 100000;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (n < 6) fraction += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
        if (++n > 9) return false;
      }
      if (n == 0) return false;
    }
    if (pos >= s.size()) return false;  // a time needs an offset
    int64_t offset = 0;
    char z = s[pos++];
    if (z == 'Z' || z == 'z') {
      offset = 0;
    } else if (z == '+' || z == '-') {
      int oh, om;
      if (!Digits(s, &pos, 2, &oh)) return false;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (!Digits(s, &pos, 2, &om) || oh > 23 || om > 59) return false;
      offset = (oh * 3600 + om * 60) * (z == '+' ? 1 : -1);
    } else {
      return false;
    }
    seconds += hour * 3600 + minute * 60 + second - offset;
  }
  if (pos != s.size()) return false;
  if (seconds > kMaxDatetimeMicros / kMicrosPerSecond ||
      seconds < kMinDatetimeMicros / kMicrosPerSecond) {
    return false;
  }
  int64_t result = seconds * kMicrosPerSecond + fraction;
  if (!InRange(result)) return false;
  *micros = result;
  return true;
}

bool EpochToMicros(int64_t value, int64_t* micros) {
  // Bound first so the multiplication cannot overflow.
  if (value > kMaxDatetimeMicros / 1000 || value < kMinDatetimeMicros / kMicrosPerSecond) {
    return false;
  }
  int64_t result =
      value > kMillisThreshold ? value * 1000 : value * kMicrosPerSecond;
  if (!InRange(result)) return false;
  *micros = result;
  return true;
}

bool EpochToMicros(double value, int64_t* micros) {
  if (!std::isfinite(value)) return false;
  double scaled = value > static_cast<double>(kMillisThreshold)
                      ? value * 1000.0
                      : value * static_cast<double>(kMicrosPerSecond);
  if (scaled > static_cast<double>(kMaxDatetimeMicros) ||
      scaled < static_cast<double>(kMinDatetimeMicros)) {
    return false;
  }
  *micros = static_cast<int64_t>(std::llround(scaled));
  return InRange(*micros);
}

std::string SqlDatetime(int64_t micros) {
  int64_t days, of_day;
  Split(micros, &days, &of_day);
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  int64_t secs = of_day / kMicrosPerSecond;
  if (y < 0 || y > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof(buf),
                  "%04lld-%02u-%02u %02lld:%02lld:%02lld.%06lld",
                  static_cast<long long>(y), m, d,
                  static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs / 60 % 60),
                  static_cast<long long>(secs % 60),
                  static_cast<long long>(of_day % kMicrosPerSecond));
    return buf;
  }
  // Digits written by hand: snprintf cost more than the rest of a data
  // value's preparation, and this runs for every datetime written.
  std::string out = "0000-00-00 00:00:00.000000";
  auto put = [&out](size_t at, int width, int64_t value) {
    for (int i = width - 1; i >= 0; --i, value /= 10) {
      out[at + i] = static_cast<char>('0' + value % 10);
    }
  };
  put(0, 4, y);
  put(5, 2, m);
  put(8, 2, d);
  put(11, 2, secs / 3600);
  put(14, 2, secs / 60 % 60);
  put(17, 2, secs % 60);
  put(20, 6, of_day % kMicrosPerSecond);
  return out;
}

std::string Rfc3339Utc(int64_t micros) {
  return Rfc3339UtcFromSql(SqlDatetime(micros));
}

std::string Rfc3339UtcFromSql(std::string sql) {
  // "YYYY-MM-DD HH:MM:SS.ffffff"
  sql[10] = 'T';
  while (sql.back() == '0') sql.pop_back();
  if (sql.back() == '.') sql.pop_back();
  sql += 'Z';
  return sql;
}

bool ParseSqlDatetime(std::string_view text, int64_t* micros) {
  std::string s(text);
  if (s.size() >= 19) s[10] = 'T';
  return ParseRfc3339(s + "Z", micros);
}

}  // namespace earshot
