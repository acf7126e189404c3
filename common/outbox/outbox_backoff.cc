#include "common/outbox/outbox_backoff.h"

#include <algorithm>

namespace earshot {

int64_t RetryDelayMs(int failed_attempts, int64_t base_ms) {
  // 5 s, 5 min, 30 min, 2 h, 5 h, 10 h in units of 5 s.
  static const int64_t kSteps[] = {1, 60, 360, 1440, 3600, 7200};
  constexpr int kCount = sizeof(kSteps) / sizeof(kSteps[0]);
  int i = std::clamp(failed_attempts, 1, kCount) - 1;
  return base_ms * kSteps[i];
}

int64_t JitteredDelayMs(int64_t delay_ms, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  return static_cast<int64_t>(static_cast<double>(delay_ms) *
                              (0.8 + 0.4 * unit));
}

}  // namespace earshot
