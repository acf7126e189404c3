// The set of targets a list or a report covers: users of the community
// (or one project's participants), feedback tickets (of one project or
// all), or projects, narrowed by a filter in the listeners' own language,
// compiled by the same compiler (common/filter) with the same fields,
// data.GROUP.LABEL included. Under a project, users' `status` and `score`
// are the project-level ones, as for a project-scoped listener. Deleted
// users are never in a set.
//
// The SQL names the target `t` (and the participation `pt`), as the
// filter compiler expects; callers put their own select list in front
// and may join more after `from`.
//
// Thread-safety: functions of the caller's Connection.

#ifndef EARSHOT_COMMON_REPORTS_TARGET_SET_H_
#define EARSHOT_COMMON_REPORTS_TARGET_SET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/filter/filter.h"
#include "common/store/db.h"

namespace earshot {

struct TargetSet {
  TargetKind kind = TargetKind::kUsers;
  int64_t project_id = 0;  // 0: the community (users), every project's
                           // tickets (feedback)
  CompiledFilter filter;
  // Every target of the kind (no filter, no project): reports then read a
  // field's values alone, through its index. Sound for users too, since
  // erasing a user deletes its values and nothing writes to deleted users.
  bool whole = false;

  // "users t JOIN participations pt ON ... = ?", and its params.
  std::string from;
  std::vector<SqlParam> from_params;
  // "t.status <> 'deleted' AND (<filter>)", and its params.
  std::string where;
  std::vector<SqlParam> where_params;
};

// Compiles `filter` and builds the set. Invalid with the compiler's
// "column N: ..." message for a bad filter; NotFound for a missing
// project. Projects take no project_id.
Status MakeTargetSet(Connection* db, TargetKind kind, int64_t project_id,
                     std::string_view filter, TargetSet* set);

// A data field named "GROUP.LABEL", of a group of `kind`.
struct DataFieldName {
  std::string group, label;
  int64_t field_id = 0;
  FieldType type = FieldType::kString;
  std::string param;  // its JSON Pointer into a data listener's body

  std::string name() const { return group + "." + label; }
};

// Looks up "GROUP.LABEL" among `kind`'s fields (any kind when `any_kind`,
// setting *kind). NotFound or Invalid with one line naming it.
Status FindDataFieldName(Connection* db, std::string_view name, bool any_kind,
                         TargetKind* kind, DataFieldName* out);

// The data_values column that holds a `type` value.
const char* DataValueColumn(FieldType type);

}  // namespace earshot

#endif  // EARSHOT_COMMON_REPORTS_TARGET_SET_H_
