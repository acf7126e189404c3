// External data values: reading a delivery's values for a group's fields
// (with the contract's coercion) and writing them to targets. Shared by the
// data listener and the macro action set_data.
//
// Thread-safety: pure functions, plus writes through a caller's Connection.

#ifndef EARSHOT_COMMON_STORE_DATA_VALUES_H_
#define EARSHOT_COMMON_STORE_DATA_VALUES_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "common/base/coerce.h"
#include "common/base/status.h"
#include "common/http/json_body.h"
#include "common/store/db.h"
#include "common/store/listener.h"

namespace earshot {

struct DataUpdate {
  int64_t field_id = 0;
  std::optional<TypedValue> value;  // nullopt clears the field
};

// One update per field whose parameter is present in `body`: a null
// clears, anything else is coerced (a number for a string field keeps the
// sender's digits). A value the field's type refuses is a kInvalidValue
// refusal naming GROUP.LABEL; nothing is returned then. REQUIRES:
// pointer i of `pointers` is fields[i].param (Listener::field_pointers).
Status ReadDataUpdates(const std::string& group_name,
                       const std::vector<DataField>& fields,
                       const JsonPointerSet& pointers, const JsonBody& body,
                       std::vector<DataUpdate>* updates);

// Applies every update to every target, in two statements at most. A
// value's updated_at is when it last changed: writing the same value again
// changes nothing (a stream like Jira's resends mostly unchanged fields).
// REQUIRES: an open transaction; targets are ids of the fields' kind.
Status WriteDataUpdates(Connection* db, const std::vector<int64_t>& targets,
                        const std::vector<DataUpdate>& updates);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_DATA_VALUES_H_
