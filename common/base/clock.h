// The two clocks earshot reads: wall time (UTC, for what is stored or
// compared with stored times) and a steady clock (for intervals and
// deadlines, which a step of the wall clock must not stretch or cut).
//
// Thread-safety: thread-safe.

#ifndef EARSHOT_COMMON_BASE_CLOCK_H_
#define EARSHOT_COMMON_BASE_CLOCK_H_

#include <cstdint>

namespace earshot {

// Microseconds since the Unix epoch.
int64_t WallMicros();
inline int64_t WallMillis() { return WallMicros() / 1000; }

// Microseconds since an arbitrary start; only differences mean anything.
int64_t SteadyMicros();
inline int64_t SteadyMillis() { return SteadyMicros() / 1000; }

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_CLOCK_H_
