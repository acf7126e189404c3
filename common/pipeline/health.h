// The health check: GET (or HEAD) /listeners/{type}/_health, answered by
// that type's pool. 200 {"status":"ok"} when the handler's own database
// connection answers a SELECT 1; 503 `unavailable` (with Retry-After)
// when it does not. Never recorded as a delivery.
//
// "_health" cannot be a listener's key (keys start with a letter or a
// digit), so the path never hides a listener, and it sits under the
// /listeners/{type}/ prefix nginx already routes to the type's pool: a
// load balancer checks each pool where senders reach it.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_PIPELINE_HEALTH_H_
#define EARSHOT_COMMON_PIPELINE_HEALTH_H_

#include <string_view>

#include "common/base/domain.h"
#include "common/http/answer.h"

namespace earshot {

// True for exactly /listeners/{type}/_health.
bool IsHealthPath(std::string_view path, ListenerType type);

// The answers: ok; the database does not answer; not GET or HEAD.
Answer HealthyAnswer();
Answer UnhealthyAnswer(int retry_after_s);
Answer HealthMethodAnswer();

}  // namespace earshot

#endif  // EARSHOT_COMMON_PIPELINE_HEALTH_H_
