// When the outbox tries a failed message again: Standard Webhooks'
// schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h), scaled
// so that its first step is `base_ms` (tests use a few milliseconds), with
// jitter so that messages that failed together do not retry together.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_OUTBOX_OUTBOX_BACKOFF_H_
#define EARSHOT_COMMON_OUTBOX_OUTBOX_BACKOFF_H_

#include <cstdint>

namespace earshot {

// The delay after `failed_attempts` (>= 1) failures, without jitter:
// base_ms * {1, 60, 360, 1440, 3600, 7200, 7200, ...}[failed_attempts - 1].
int64_t RetryDelayMs(int failed_attempts, int64_t base_ms);

// `delay_ms` spread over [0.8, 1.2) of itself by `unit` in [0, 1).
int64_t JitteredDelayMs(int64_t delay_ms, double unit);

}  // namespace earshot

#endif  // EARSHOT_COMMON_OUTBOX_OUTBOX_BACKOFF_H_
