// Fuzzes datetime parsing: RFC 3339 (filters, payload values), SQL DATETIME
// text (read back from MariaDB) and epoch numbers. Whatever parses is in
// range, and formats to text that parses back to the same instant.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/base/datetime.h"
#include "tests/fuzz/fuzz_check.h"

namespace earshot {
namespace {

void CheckRoundTrips(int64_t micros) {
  FUZZ_CHECK(micros >= kMinDatetimeMicros && micros <= kMaxDatetimeMicros);
  int64_t again = 0;
  std::string rfc = Rfc3339Utc(micros);
  FUZZ_CHECK(ParseRfc3339(rfc, &again));
  FUZZ_CHECK(again == micros);
  std::string sql = SqlDatetime(micros);
  again = 0;
  FUZZ_CHECK(ParseSqlDatetime(sql, &again));
  FUZZ_CHECK(again == micros);
}

}  // namespace
}  // namespace earshot

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  int64_t micros = 0;
  if (ParseRfc3339(text, &micros)) CheckRoundTrips(micros);
  if (ParseSqlDatetime(text, &micros)) CheckRoundTrips(micros);

  // The first 8 bytes as an epoch number, integer and floating point.
  if (size >= 8) {
    int64_t i;
    double d;
    std::memcpy(&i, data, 8);
    std::memcpy(&d, data, 8);
    if (EpochToMicros(i, &micros)) CheckRoundTrips(micros);
    if (EpochToMicros(d, &micros)) CheckRoundTrips(micros);
  }
  return 0;
}
