// Lists of targets for people: users (the community, or one project's
// participants) and feedback tickets (of one project), one page at a
// time, sorted by one of the target's columns or by an external data
// field, with chosen data fields as extra columns, narrowed by a filter in
// the listeners' language (target_set.h). earshotctl's `user list` and
// `feedback list` print these; the console's pages show them.
//
// Paging is by offset (LIMIT/OFFSET), not keyset: a page may be sorted by
// any column or data field in either direction, with unset values and
// ties, and people jump to page N; a keyset cursor would have to carry a
// typed sort value, a null marker and the id. Sorting the filtered set is
// the cost either way (a data field's order is not the target table's),
// and a deep offset only adds the skipped rows to it.
//
// Thread-safety: functions of the caller's Connection.

#ifndef EARSHOT_COMMON_REPORTS_TARGET_LIST_H_
#define EARSHOT_COMMON_REPORTS_TARGET_LIST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/reports/display.h"
#include "common/store/db.h"

namespace earshot {

constexpr int64_t kMaxListLimit = 100000;
constexpr size_t kMaxListFields = 50;

struct ListRequest {
  TargetKind kind = TargetKind::kUsers;  // users or feedback
  int64_t project_id = 0;  // users: 0 for the community; feedback: required
  std::string filter;
  std::vector<std::string> fields;  // "GROUP.LABEL", shown after the columns
  std::string sort = "id";          // a column's name or "GROUP.LABEL"
  bool descending = false;          // unset values sort first ascending
  int64_t limit = 50;
  int64_t offset = 0;
};

struct ListColumn {
  std::string name;  // "id", "email", ... or "GROUP.LABEL"
  FieldType type = FieldType::kString;
  bool data = false;
};

struct ListPage {
  std::vector<ListColumn> columns;
  std::vector<std::vector<ReportValue>> rows;  // one value per column
  int64_t total = 0;  // targets in the filtered set, every page
};

// The target's own columns a list shows, in order: users: id, email,
// name, status, role, score, created; feedback: id, project, kind,
// status, title, popularity, created, author (the author's email).
std::vector<ListColumn> TargetColumns(TargetKind kind);

// One page. Invalid (exit 2 in earshotctl) for a bad filter (the
// compiler's "column N: ..." message), an unknown column or sort, a limit
// outside 1..kMaxListLimit; NotFound for an unknown project or data field.
Status ListTargets(Connection* db, const ListRequest& request, ListPage* page);

// Column `col` of `row`, read as a value of `type` (a datetime as SQL
// writes it; one that does not parse counts as unset).
ReportValue ReadReportValue(const Row& row, size_t col, FieldType type);

}  // namespace earshot

#endif  // EARSHOT_COMMON_REPORTS_TARGET_LIST_H_
