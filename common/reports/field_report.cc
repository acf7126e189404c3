#include "common/reports/field_report.h"

#include <algorithm>

#include "common/base/datetime.h"

namespace earshot {

namespace {

constexpr int64_t kDayMicros = 86400LL * 1000000;

int64_t StartOfDay(int64_t micros) {
  int64_t day = micros / kDayMicros;
  if (micros % kDayMicros < 0) --day;
  return day * kDayMicros;
}

// Queries over the values the set's targets hold for the field.
class FieldQuery {
 public:
  FieldQuery(Connection* db, const TargetSet& set, int64_t field_id)
      : db_(db), set_(set), field_id_(field_id) {}

  struct Parts {
    std::string select;  // reads only dv
    std::vector<SqlParam> select_params;
    std::string extra;  // ANDed to the set's condition
    std::vector<SqlParam> extra_params;
    std::string tail;  // GROUP BY, ORDER BY, LIMIT
    std::vector<SqlParam> tail_params;
    // When set: SELECT <outer> FROM (<the query>) g <outer_tail>.
    std::string outer, outer_tail;
    std::vector<SqlParam> outer_params;
  };

  Status Run(const Parts& p, QueryResult* r) {
    std::vector<SqlParam> params;
    std::string sql = Sql(p, &params);
    if (!p.outer.empty()) {
      sql = "SELECT " + p.outer + " FROM (" + sql + ") g " + p.outer_tail;
      for (const SqlParam& x : p.outer_params) params.push_back(x);
    }
    return db_->Run(sql, params, r);
  }

  // The query without `outer`; appends its params.
  std::string Sql(const Parts& p, std::vector<SqlParam>* out) {
    // In the order the `?` appear.
    std::vector<SqlParam>& params = *out;
    for (const SqlParam& x : p.select_params) params.push_back(x);
    std::string sql;
    if (set_.whole) {
      sql = "SELECT " + p.select + " FROM data_values dv WHERE dv.field_id = ?";
      params.push_back(SqlParam::Int(field_id_));
    } else {
      sql = "SELECT " + p.select + " FROM " + set_.from +
            " JOIN data_values dv ON dv.field_id = ? AND dv.target_id = t.id "
            "WHERE " +
            set_.where;
      for (const SqlParam& x : set_.from_params) params.push_back(x);
      params.push_back(SqlParam::Int(field_id_));
      for (const SqlParam& x : set_.where_params) params.push_back(x);
    }
    if (!p.extra.empty()) sql += " AND " + p.extra;
    for (const SqlParam& x : p.extra_params) params.push_back(x);
    if (!p.tail.empty()) sql += " " + p.tail;
    for (const SqlParam& x : p.tail_params) params.push_back(x);
    return sql;
  }

  Status Run(const std::string& sql, const std::vector<SqlParam>& params,
             QueryResult* r) {
    return db_->Run(sql, params, r);
  }

  // Rows of (key, count).
  int64_t field_id() const { return field_id_; }

  Status Counts(const Parts& p, std::vector<CountedKey>* out) {
    QueryResult r;
    Status s = Run(p, &r);
    if (!s.ok()) return s;
    out->clear();
    for (const Row& row : r.rows) out->push_back({row.Text(0), row.Int(1)});
    return Status::OK();
  }

 private:
  Connection* db_;
  const TargetSet& set_;
  int64_t field_id_;
};

// The set's size, then COUNT(column) and `more` columns over its values
// (row 0: a dummy first column, the count, then `more`).
Status Totals(Connection* db, const TargetSet& set, int64_t field_id,
              FieldQuery* q, const char* column, const std::string& more,
              FieldReport* report, QueryResult* r) {
  if (!set.whole) {
    // One pass over the set (the filter is the cost): a target holds at
    // most one value of the field, so the LEFT JOIN's rows are the targets.
    std::vector<SqlParam> params = set.from_params;
    params.push_back(SqlParam::Int(field_id));
    for (const SqlParam& x : set.where_params) params.push_back(x);
    Status s = db->Run(std::string("SELECT COUNT(*), COUNT(dv.") + column +
                           ")" + more + " FROM " + set.from +
                           " LEFT JOIN data_values dv ON dv.field_id = ? AND "
                           "dv.target_id = t.id WHERE " +
                           set.where,
                       params, r);
    if (!s.ok()) return s;
    report->targets = r->rows[0].Int(0);
    report->set = r->rows[0].Int(1);
    return Status::OK();
  }
  std::vector<SqlParam> params = set.from_params;
  for (const SqlParam& x : set.where_params) params.push_back(x);
  QueryResult count;
  Status s = db->Run("SELECT COUNT(*) FROM " + set.from + " WHERE " + set.where,
                     params, &count);
  if (!s.ok()) return s;
  report->targets = count.rows[0].Int(0);
  FieldQuery::Parts p;
  p.select = std::string("0, COUNT(dv.") + column + ")" + more;
  s = q->Run(p, r);
  if (!s.ok()) return s;
  report->set = r->rows[0].Int(1);
  return Status::OK();
}

Status BooleanReport(Connection* db, const TargetSet& set, FieldQuery* q,
                     FieldReport* report) {
  QueryResult r;
  Status s = Totals(db, set, q->field_id(), q, "value_int",
                    ", COALESCE(SUM(dv.value_int = 1), 0), "
                    "COALESCE(SUM(dv.value_int = 0), 0)",
                    report, &r);
  if (!s.ok()) return s;
  report->true_count = r.rows[0].Int(2);
  report->false_count = r.rows[0].Int(3);
  report->unset_count = report->targets - report->set;
  return Status::OK();
}

// When the field holds few distinct values (counts, scores, ratings: the
// usual integers), one pass that counts each value gives both ranks and
// every bin, instead of two ordered walks and a grouping (over a filtered
// set each pass pays for the filter). *done is false when there are too
// many distinct values to bring back; REQUIRES: report->set > 0 and
// report->bins planned from min and max.
constexpr int64_t kMaxDistinctForOnePass = 5000;

Status RanksAndBinsFromDistinct(FieldQuery* q, FieldReport* report,
                                bool* done) {
  *done = false;
  FieldQuery::Parts p;
  p.select = "dv.value_int, COUNT(*)";
  p.tail = "GROUP BY dv.value_int ORDER BY dv.value_int LIMIT ?";
  p.tail_params = {SqlParam::Int(kMaxDistinctForOnePass + 1)};
  QueryResult r;
  Status s = q->Run(p, &r);
  if (!s.ok()) return s;
  if (static_cast<int64_t>(r.rows.size()) > kMaxDistinctForOnePass) {
    return Status::OK();
  }
  const int64_t median_rank = NearestRank(report->set, 50);
  const int64_t p90_rank = NearestRank(report->set, 90);
  const __int128 width =
      static_cast<__int128>(report->bins[0].high) - report->bins[0].low + 1;
  int64_t seen = 0;
  bool median = false, p90 = false;
  for (const Row& row : r.rows) {
    const int64_t value = row.Int(0);
    const int64_t count = row.Int(1);
    const __int128 bin = (static_cast<__int128>(value) - report->min) / width;
    if (value < report->min ||
        bin >= static_cast<__int128>(report->bins.size())) {
      return Status::Retry("values changed meanwhile");
    }
    report->bins[static_cast<size_t>(bin)].count += count;
    seen += count;
    if (!median && seen >= median_rank) {
      report->median = value;
      median = true;
    }
    if (!p90 && seen >= p90_rank) {
      report->p90 = value;
      p90 = true;
    }
  }
  if (seen != report->set) return Status::Retry("values changed meanwhile");
  *done = true;
  return Status::OK();
}

Status IntegerReport(Connection* db, const TargetSet& set, FieldQuery* q,
                     FieldReport* report) {
  QueryResult r;
  Status s = Totals(db, set, q->field_id(), q, "value_int",
                    ", MIN(dv.value_int), MAX(dv.value_int), "
                    "SUM(dv.value_int), ROUND(AVG(dv.value_int), 4)",
                    report, &r);
  if (!s.ok()) return s;
  if (report->set == 0) return Status::OK();
  const Row& row = r.rows[0];
  report->min = row.Int(2);
  report->max = row.Int(3);
  report->sum = row.Text(4);
  report->mean = row.Text(5);
  report->bins = PlanBins(report->min, report->max);
  bool done = false;
  s = RanksAndBinsFromDistinct(q, report, &done);
  if (!s.ok() || done) return s;
  if (!set.whole) {
    // Both ranks in one pass over the filtered set rather than two.
    FieldQuery::Parts p;
    p.select =
        "dv.value_int AS v, ROW_NUMBER() OVER (ORDER BY dv.value_int) "
        "AS rn";
    p.outer = "rn, v";
    p.outer_tail = "WHERE rn IN (?, ?) ORDER BY rn";
    p.outer_params = {SqlParam::Int(NearestRank(report->set, 50)),
                      SqlParam::Int(NearestRank(report->set, 90))};
    QueryResult ranks;
    s = q->Run(p, &ranks);
    if (!s.ok()) return s;
    for (const Row& row : ranks.rows) {
      if (row.Int(0) == NearestRank(report->set, 50)) {
        report->median = row.Int(1);
      }
      if (row.Int(0) == NearestRank(report->set, 90)) report->p90 = row.Int(1);
    }
    if (ranks.rows.empty() ||
        ranks.rows.back().Int(0) != NearestRank(report->set, 90)) {
      return Status::Retry("values changed meanwhile");
    }
  }
  for (int percent : {50, 90}) {
    if (!set.whole) break;
    FieldQuery::Parts p;
    p.select = "dv.value_int";
    p.tail = "ORDER BY dv.value_int LIMIT 1 OFFSET ?";
    p.tail_params = {SqlParam::Int(NearestRank(report->set, percent) - 1)};
    QueryResult rank;
    s = q->Run(p, &rank);
    if (!s.ok()) return s;
    if (rank.rows.empty()) return Status::Retry("values changed meanwhile");
    (percent == 50 ? report->median : report->p90) = rank.rows[0].Int(0);
  }
  const int64_t width = report->bins[0].high - report->bins[0].low + 1;
  FieldQuery::Parts p;
  // Integer arithmetic while value - min stays in the BIGINT range (it is
  // twice as fast); DECIMAL beyond.
  constexpr int64_t kSafe = int64_t{1} << 62;
  p.select = report->min >= -kSafe && report->max < kSafe
                 ? "(dv.value_int - ?) DIV ? AS b, COUNT(*)"
                 : "FLOOR((CAST(dv.value_int AS DECIMAL(20,0)) - ?) / ?) AS b, "
                   "COUNT(*)";
  p.select_params = {SqlParam::Int(report->min), SqlParam::Int(width)};
  p.tail = "GROUP BY b";
  std::vector<CountedKey> counts;
  s = q->Counts(p, &counts);
  if (!s.ok()) return s;
  for (const CountedKey& c : counts) {
    const size_t bin = static_cast<size_t>(std::stoll(c.key));
    if (bin < report->bins.size()) report->bins[bin].count = c.count;
  }
  return Status::OK();
}

Status DatetimeReport(Connection* db, const TargetSet& set, FieldQuery* q,
                      FieldReport* report) {
  QueryResult r;
  Status s = Totals(db, set, q->field_id(), q, "value_time",
                    ", MIN(dv.value_time), MAX(dv.value_time)", report, &r);
  if (!s.ok()) return s;
  if (report->set == 0) return Status::OK();
  if (!ParseSqlDatetime(r.rows[0].Text(2), &report->first) ||
      !ParseSqlDatetime(r.rows[0].Text(3), &report->last)) {
    return Status::Internal("unreadable datetime");
  }
  FieldQuery::Parts days;
  days.select = "DATE(dv.value_time) AS d, COUNT(*)";
  days.extra = "dv.value_time >= ?";
  days.extra_params = {SqlParam::Text(
      SqlDatetime(StartOfDay(report->last) - (kSeriesDays - 1) * kDayMicros))};
  days.tail = "GROUP BY d ORDER BY d";
  s = q->Counts(days, &report->per_day);
  if (!s.ok()) return s;
  FieldQuery::Parts weeks;
  weeks.select =
      "DATE(dv.value_time) - INTERVAL WEEKDAY(dv.value_time) DAY AS w, "
      "COUNT(*)";
  weeks.tail = "GROUP BY w ORDER BY w DESC LIMIT ?";
  weeks.tail_params = {SqlParam::Int(kSeriesWeeks)};
  s = q->Counts(weeks, &report->per_week);
  std::reverse(report->per_week.begin(), report->per_week.end());
  return s;
}

Status StringReport(Connection* db, const TargetSet& set, FieldQuery* q,
                    FieldReport* report) {
  QueryResult r;
  Status s = Totals(db, set, q->field_id(), q, "value_text", "", report, &r);
  if (!s.ok()) return s;
  // One pass: the values grouped, the groups counted (distinct) while the
  // 20 largest are kept.
  // Values of up to 255 characters (nearly all) are grouped as their
  // VARCHAR(255) (LEFT keeps the column's collation, and cuts nothing
  // there), which MariaDB groups in memory; a TEXT key sends the grouping
  // to an on-disk temporary table. Longer values are grouped apart.
  FieldQuery::Parts short_values;
  short_values.select = "LEFT(dv.value_text, 255) AS v, COUNT(*) AS n";
  short_values.extra = "CHAR_LENGTH(dv.value_text) <= 255";
  short_values.tail = "GROUP BY v";
  FieldQuery::Parts long_values;
  long_values.select = "dv.value_text AS v, COUNT(*) AS n";
  long_values.extra = "CHAR_LENGTH(dv.value_text) > 255";
  long_values.tail = "GROUP BY v";
  std::vector<SqlParam> params;
  std::string sql = "SELECT v, n, COUNT(*) OVER () FROM (" +
                    q->Sql(short_values, &params) + " UNION ALL ";
  sql += q->Sql(long_values, &params) + ") g ORDER BY n DESC, v LIMIT ?";
  params.push_back(SqlParam::Int(kTopValues));
  QueryResult values;
  s = q->Run(sql, params, &values);
  if (!s.ok()) return s;
  report->top.clear();
  for (const Row& row : values.rows) {
    report->top.push_back({row.Text(0), row.Int(1)});
  }
  report->distinct = values.rows.empty() ? 0 : values.rows[0].Int(2);
  return Status::OK();
}

// See field_report.h for what this counts and what it cannot see.
Status ChangedPerDay(Connection* db, const TargetSet& set,
                     const DataFieldName& field, int64_t now_micros,
                     std::vector<CountedKey>* out) {
  out->clear();
  std::string path;
  if (!PointerToJsonPath(field.param, &path)) return Status::OK();
  std::string sql =
      "SELECT DATE(e.received_at) AS d, COUNT(DISTINCT o.id) FROM events e, "
      "JSON_TABLE(e.outcomes, '$[*]' COLUMNS (id BIGINT PATH '$.id', "
      "outcome VARCHAR(16) PATH '$.outcome')) AS o "
      "WHERE e.listener_id IN (SELECT l.id FROM listeners l WHERE "
      "l.type = 'data' AND l.group_id = (SELECT f.group_id FROM data_fields f "
      "WHERE f.id = ?)) "
      "AND e.received_at >= ? AND e.http_status = 200 "
      "AND e.duplicate_of IS NULL AND o.outcome = 'applied' "
      "AND LENGTH(e.body) = e.body_size "
      "AND JSON_EXISTS(e.body, ?) " +
      (set.whole ? std::string()
                 : "AND EXISTS (SELECT 1 FROM " + set.from +
                       " WHERE t.id = o.id AND " + set.where + ") ") +
      "GROUP BY d ORDER BY d";
  std::vector<SqlParam> params = {
      SqlParam::Int(field.field_id),
      SqlParam::Text(
          SqlDatetime(StartOfDay(now_micros) - (kSeriesDays - 1) * kDayMicros)),
      SqlParam::Text(path)};
  for (const SqlParam& p : set.from_params) params.push_back(p);
  for (const SqlParam& p : set.where_params) params.push_back(p);
  QueryResult r;
  Status s = db->Run(sql, params, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) out->push_back({row.Text(0), row.Int(1)});
  return Status::OK();
}

}  // namespace

int64_t NearestRank(int64_t n, int percent) {
  // ceil(percent * n / 100) without overflow for any n.
  const __int128 rank = (static_cast<__int128>(n) * percent + 99) / 100;
  return std::max<int64_t>(1, static_cast<int64_t>(rank));
}

std::vector<HistogramBin> PlanBins(int64_t min, int64_t max) {
  std::vector<HistogramBin> bins;
  const __int128 range = static_cast<__int128>(max) - min + 1;
  __int128 width = 1;
  if (range > kHistogramBins)
    width = (range + kHistogramBins - 1) / kHistogramBins;
  for (__int128 low = min; low <= max; low += width) {
    __int128 high = low + width - 1;
    if (high > INT64_MAX) high = INT64_MAX;
    bins.push_back({static_cast<int64_t>(low), static_cast<int64_t>(high), 0});
  }
  return bins;
}

bool PointerToJsonPath(const std::string& pointer, std::string* path) {
  std::string out = "$";
  size_t i = 0;
  if (pointer.empty()) {
    *path = out;
    return true;
  }
  if (pointer[0] != '/') return false;
  while (i < pointer.size()) {
    ++i;  // the '/'
    std::string segment;
    while (i < pointer.size() && pointer[i] != '/') {
      if (pointer[i] == '~') {
        if (i + 1 >= pointer.size()) return false;
        if (pointer[i + 1] == '0') {
          segment += '~';
        } else if (pointer[i + 1] == '1') {
          segment += '/';
        } else {
          return false;
        }
        i += 2;
        continue;
      }
      segment += pointer[i++];
    }
    const bool index =
        !segment.empty() && segment.size() <= 9 &&
        std::all_of(segment.begin(), segment.end(),
                    [](char c) { return c >= '0' && c <= '9'; }) &&
        (segment == "0" || segment[0] != '0');
    if (index) {
      out += "[" + segment + "]";
      continue;
    }
    // A member name in double quotes; a quote or backslash would need
    // escapes MariaDB's paths do not all read the same.
    if (segment.find_first_of("\"\\") != std::string::npos) return false;
    out += ".\"" + segment + "\"";
  }
  *path = out;
  return true;
}

Status BuildFieldReport(Connection* db, const ReportRequest& request,
                        FieldReport* report) {
  FieldReport result;
  Status s =
      FindDataFieldName(db, request.field, true, &result.kind, &result.field);
  if (!s.ok()) return s;
  TargetSet set;
  s = MakeTargetSet(db, result.kind, request.project_id, request.filter, &set);
  if (!s.ok()) return s;
  FieldQuery q(db, set, result.field.field_id);
  switch (result.field.type) {
    case FieldType::kBoolean:
      s = BooleanReport(db, set, &q, &result);
      break;
    case FieldType::kInteger:
      s = IntegerReport(db, set, &q, &result);
      break;
    case FieldType::kDatetime:
      s = DatetimeReport(db, set, &q, &result);
      break;
    case FieldType::kString:
      s = StringReport(db, set, &q, &result);
      break;
  }
  if (!s.ok()) return s;
  if (request.changes) {
    s = ChangedPerDay(db, set, result.field, request.now_micros,
                      &result.changed_per_day);
    if (!s.ok()) return s;
  }
  *report = std::move(result);
  return Status::OK();
}

}  // namespace earshot
