// External data groups and their fields as operators change them, for
// earshotctl (group create, field add) and the console's data pages: one
// place deciding what a valid group or field is and which changes would
// break what is stored or what listens.
//
// A field's label never changes once created: listeners (identify
// data:GROUP.LABEL, filters data.GROUP.LABEL) and macros name it. Its
// parameter may change at any time. Its type may change only while it
// holds no value and nothing names it. A field or a group is deleted only
// when it holds no value and no listener or macro uses it. Every change
// bumps the config version so that the handlers load it at once.
//
// Thread-safety: functions over the caller's Connection, in its open
// transaction (committed by the caller).

#ifndef EARSHOT_COMMON_STORE_DATA_GROUPS_H_
#define EARSHOT_COMMON_STORE_DATA_GROUPS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

// Invalid for a bad name, Duplicate when the name is taken.
Status CreateDataGroup(Connection* db, std::string_view name, TargetKind target,
                       int64_t* id);

// Invalid for a bad label, parameter or type (checked in that order),
// NotFound without the group, Duplicate when the label is taken.
Status AddDataField(Connection* db, std::string_view group,
                    std::string_view label, std::string_view param,
                    std::string_view type, int64_t* id);

// Sets field GROUP.LABEL's parameter and type. A type change is Invalid
// while the field holds values or is used (see DataFieldUses). *changed
// says whether anything differed.
Status UpdateDataField(Connection* db, std::string_view group,
                       std::string_view label, std::string_view param,
                       std::string_view type, bool* changed);

// Invalid while the field holds values or is used, or (for a group)
// while a listener uses the group or any of its fields is.
Status DeleteDataField(Connection* db, std::string_view group,
                       std::string_view label);
Status DeleteDataGroup(Connection* db, std::string_view group);

// What uses field GROUP.LABEL of a group on `target`, for messages:
// "listener KEY" (its data listener writes the group, its identify or
// filter names the field), "macro NAME" (a set_data action or a
// {{data.GROUP.LABEL}} tag, found by the name's text: cautious, it may
// name a macro that only mentions it). Each once, sorted.
Status DataFieldUses(Connection* db, int64_t group_id, TargetKind target,
                     std::string_view group, std::string_view label,
                     std::vector<std::string>* uses);

// "a, b and c".
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_DATA_GROUPS_H_
