// The loop guard: how many webhook hops led to a delivery. earshot's
// outbox sends `Earshot-Hops: N` with every webhook, N being one more than
// the hop count of the delivery that queued it (a delivery without the
// header counts 0). A delivery whose count is above `max_hops` is refused
// (508 loop_detected), so a macro whose webhook calls its own listener, or
// two installs calling each other, stops after a few rounds, while a chain
// of installs that ends is never refused.
//
// The guard is for accidents, not attacks: a sender can leave the header
// out; the rate limit is what bounds a hostile one.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_HTTP_HOPS_H_
#define EARSHOT_COMMON_HTTP_HOPS_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace earshot {

// The hop count a header value says: the largest decimal number among its
// comma-separated parts (a proxy may have joined repeated headers), capped
// at 1000000; parts that are no number are ignored; 0 when absent.
int ParseHops(const std::optional<std::string>& header);

// Sets *hops from `header`; Refused(kLoopDetected) when above `max_hops`.
Status CheckHops(const std::optional<std::string>& header, int max_hops,
                 int* hops);

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_HOPS_H_
