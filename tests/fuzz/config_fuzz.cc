// Fuzzes the config file parser (ParseConfig). The input is the file.
// A file that parses yields settings within their documented ranges; one
// that does not leaves the caller's Config as it was.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/config.h"
#include "tests/fuzz/fuzz_check.h"

namespace earshot {
namespace {

// Every field, so that "unchanged" can be checked without operator==.
std::string Dump(const Config& c) {
  std::string out;
  for (const std::string* s :
       {&c.db.socket, &c.db.host, &c.db.user, &c.db.password, &c.db.database,
        &c.base_url, &c.smtp_url, &c.mail_from, &c.mail_dir,
        &c.webhook_secret}) {
    out += std::to_string(s->size()) + ":" + *s + ";";
  }
  for (long long n : {static_cast<long long>(c.db.port),
                      static_cast<long long>(c.db.connect_timeout_s),
                      static_cast<long long>(c.db.read_timeout_s),
                      static_cast<long long>(c.db.write_timeout_s),
                      static_cast<long long>(c.db.lock_wait_timeout_s),
                      static_cast<long long>(c.max_body_bytes),
                      static_cast<long long>(c.max_depth),
                      static_cast<long long>(c.event_body_bytes),
                      static_cast<long long>(c.max_targets),
                      static_cast<long long>(c.signature_tolerance_s),
                      static_cast<long long>(c.delivery_retention_days),
                      static_cast<long long>(c.max_tx_attempts),
                      static_cast<long long>(c.retry_after_s),
                      static_cast<long long>(c.outbox_max_attempts),
                      static_cast<long long>(c.outbox_timeout_s),
                      static_cast<long long>(c.outbox_backoff_base_ms),
                      static_cast<long long>(c.outbox_lease_s),
                      static_cast<long long>(c.outbox_poll_ms),
                      static_cast<long long>(c.outbox_retention_days)}) {
    out += std::to_string(n) + ";";
  }
  return out;
}

}  // namespace
}  // namespace earshot

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Config config;
  const std::string before = Dump(config);
  Status s = ParseConfig(text, &config);
  if (!s.ok()) {
    FUZZ_CHECK(s.IsInvalid());
    FUZZ_CHECK(Dump(config) == before);
    return 0;
  }
  FUZZ_CHECK(config.db.port >= 1 && config.db.port <= 65535);
  FUZZ_CHECK(config.max_depth >= 1);
  FUZZ_CHECK(config.max_body_bytes >= 2);
  FUZZ_CHECK(config.max_targets >= 1);
  FUZZ_CHECK(config.outbox_lease_s >= 2);
  FUZZ_CHECK(config.outbox_poll_ms >= 10);
  // Values never keep the blanks around them.
  for (const std::string* v : {&config.db.host, &config.base_url,
                               &config.db.password, &config.webhook_secret}) {
    if (v->empty()) continue;
    FUZZ_CHECK(v->front() != ' ' && v->front() != '\t');
    FUZZ_CHECK(v->back() != ' ' && v->back() != '\t' && v->back() != '\r');
  }
  return 0;
}
