// Per-target outcomes of a delivery ([{"id":17,"outcome":"applied"}, ...],
// as events.outcomes and answers hold them), counted and summarised for
// operators: "2 applied, 1 filtered".
//
// Thread-safety: pure functions.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_OUTCOMES_H_
#define EARSHOT_TOOLS_EARSHOTCTL_OUTCOMES_H_

#include <rapidjson/document.h>

#include <string>

#include "tools/earshotctl/json.h"

namespace earshot::ctl {

// {"applied":2,"filtered":1}: applied, filtered and not_found first, any
// other outcome after them by name. Anything but an array counts nothing.
rapidjson::Value OutcomeCounts(const rapidjson::Value& outcomes,
                               JsonAlloc& alloc);

// "2 applied, 1 filtered, 1 not found"; "-" when there is nothing.
std::string OutcomeSummary(const rapidjson::Value& counts);

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_OUTCOMES_H_
