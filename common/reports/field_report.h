// Reports on one external data field across a filtered set of targets
// (target_set.h), the summary that fits the field's type, every number
// computed by MariaDB (aggregates, ORDER BY ... LIMIT 1 OFFSET for ranks,
// GROUP BY for bins and series); only the bins' bounds are planned here.
//
//   boolean   true / false / unset counts (shares are count / targets)
//   integer   count, min, max, mean, median, p90, sum, histogram bins
//   datetime  first, last, count per day (the 90 days up to the last
//             value) and per ISO week (the last 104), days in UTC
//   string    distinct values, the 20 most frequent with counts
//   all       changed_per_day (when asked): per day (UTC) of the last 90,
//             how many of the set's targets a data delivery wrote this
//             field for
//
// Percentiles are nearest-rank: the p-th percentile of n sorted values is
// the value at rank ceil(p/100 * n) (1-based), so it is always a value
// that was sent; the median is p50.
//
// changed_per_day reads the delivery log: events of the data listeners on
// the field's group that were applied (200, not a duplicate), whose
// outcomes name the target as `applied` and whose kept body holds the
// field's parameter (null included: clearing is a change). It counts a
// value received, even one equal to the value before; it cannot see
// bodies cut to event_body_bytes or erased, set_data macro actions, or
// anything older than event_retention_days or written through a listener
// since deleted.
//
// Thread-safety: functions of the caller's Connection.

#ifndef EARSHOT_COMMON_REPORTS_FIELD_REPORT_H_
#define EARSHOT_COMMON_REPORTS_FIELD_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/reports/target_set.h"
#include "common/store/db.h"

namespace earshot {

constexpr int kHistogramBins = 10;
constexpr int kTopValues = 20;
constexpr int kSeriesDays = 90;
constexpr int kSeriesWeeks = 104;

struct ReportRequest {
  std::string field;       // "GROUP.LABEL"
  int64_t project_id = 0;  // see TargetSet
  std::string filter;
  // changed_per_day too: it reads the delivery log (about a second per
  // 100,000 logged deliveries of the group's listeners), so it is asked for.
  bool changes = false;
  int64_t now_micros = 0;  // the end of changed_per_day's window
};

struct CountedKey {
  std::string key;  // a day "2026-11-27", a week's Monday, a string value
  int64_t count = 0;
};

struct HistogramBin {
  int64_t low = 0, high = 0;  // inclusive
  int64_t count = 0;
};

struct FieldReport {
  DataFieldName field;
  TargetKind kind = TargetKind::kUsers;
  int64_t targets = 0;  // in the filtered set
  int64_t set = 0;      // of those, with a value
  // boolean
  int64_t true_count = 0, false_count = 0, unset_count = 0;
  // integer (when set > 0)
  int64_t min = 0, max = 0, median = 0, p90 = 0;
  std::string sum;   // exact, as MariaDB's DECIMAL text
  std::string mean;  // to 4 decimals, as MariaDB's DECIMAL text
  std::vector<HistogramBin> bins;
  // datetime (when set > 0)
  int64_t first = 0, last = 0;  // micros, UTC
  std::vector<CountedKey> per_day, per_week;
  // string
  int64_t distinct = 0;
  std::vector<CountedKey> top;
  // every type
  std::vector<CountedKey> changed_per_day;
};

// 1-based nearest rank of the `percent`-th percentile of n > 0 values.
int64_t NearestRank(int64_t n, int percent);

// Bins covering [min, max]: one per value when there are at most
// kHistogramBins values, else kHistogramBins of equal width (the last
// may end past max), counts zero.
std::vector<HistogramBin> PlanBins(int64_t min, int64_t max);

// "/a/b~1c/0" as a MariaDB JSON path "$.\"a\".\"b/c\"[0]"; a segment of
// digits is an array index. False for a pointer a path cannot express.
bool PointerToJsonPath(const std::string& pointer, std::string* path);

// NotFound for an unknown field or project; Invalid for a bad filter.
Status BuildFieldReport(Connection* db, const ReportRequest& request,
                        FieldReport* report);

}  // namespace earshot

#endif  // EARSHOT_COMMON_REPORTS_FIELD_REPORT_H_
