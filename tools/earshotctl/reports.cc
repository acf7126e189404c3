// earshotctl user list | feedback list: targets with chosen external data
// fields, filtered, sorted and paged, as a table, --json or --csv; data
// report: one field's report across a filtered set. The work is
// common/reports' (the console's pages show the same); this file only
// reads the options and prints.

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/base/checks.h"
#include "common/base/clock.h"
#include "common/reports/csv.h"
#include "common/reports/display.h"
#include "common/reports/field_report.h"
#include "common/reports/target_list.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/output.h"

namespace earshot::ctl {

namespace {

constexpr const char* kListOptions =
    "project filter fields sort desc limit offset csv tz";

std::vector<std::string> SplitFields(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text) {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

Status ReadZone(const Args& args, DisplayZone* zone) {
  const std::string* tz = args.Get("tz");
  if (tz == nullptr) return Status::OK();
  Status s = DisplayZone::Parse(*tz, zone);
  if (!s.ok()) return Status::Invalid("--tz: " + s.message());
  return Status::OK();
}

Status ReadProject(const Args& args, int64_t* project) {
  *project = 0;
  const std::string* p = args.Get("project");
  if (p == nullptr) return Status::OK();
  return ParseId(*p, "--project", project);
}

// A bad filter is the operator's mistake: say it is the filter's.
Status FilterMistake(const Status& s) {
  if (s.IsInvalid() && s.message().starts_with("column ")) {
    return Status::Invalid("--filter: " + s.message());
  }
  return s;
}

rapidjson::Value JsonValue(const ReportValue& v, const DisplayZone& zone,
                           JsonAlloc& alloc) {
  if (!v.set) return rapidjson::Value(rapidjson::kNullType);
  switch (v.type) {
    case FieldType::kBoolean:
      return rapidjson::Value(v.number != 0);
    case FieldType::kInteger:
      return rapidjson::Value(v.number);
    case FieldType::kDatetime:
    case FieldType::kString:
      break;
  }
  return JsonString(DisplayText(v, zone), alloc);
}

Status List(Context* ctx, const Args& args, TargetKind kind) {
  ListRequest request;
  request.kind = kind;
  Status s = ReadProject(args, &request.project_id);
  if (!s.ok()) return s;
  if (const std::string* f = args.Get("filter")) request.filter = *f;
  if (const std::string* f = args.Get("fields")) {
    request.fields = SplitFields(*f);
  }
  if (const std::string* f = args.Get("sort")) request.sort = *f;
  request.descending = args.Has("desc");
  if (const std::string* f = args.Get("limit")) {
    s = ParseId(*f, "--limit", &request.limit);
    if (!s.ok()) return s;
  }
  if (const std::string* f = args.Get("offset")) {
    if (*f != "0") {
      s = ParseId(*f, "--offset", &request.offset);
      if (!s.ok()) return s;
    }
  }
  const bool csv = args.Has("csv");
  if (csv && ctx->json()) {
    return Status::Invalid("give --json or --csv, not both");
  }
  DisplayZone zone;
  s = ReadZone(args, &zone);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  ListPage page;
  s = ListTargets(db, request, &page);
  if (!s.ok()) return FilterMistake(s);

  if (csv) {
    std::vector<std::string> header;
    for (const ListColumn& c : page.columns) header.push_back(CsvField(c.name));
    std::string text = CsvRecord(header);
    for (const auto& row : page.rows) {
      std::vector<std::string> fields;
      for (const ReportValue& v : row) {
        const std::string shown = DisplayText(v, zone);
        fields.push_back(v.type == FieldType::kInteger ? CsvNumber(shown)
                                                       : CsvField(shown));
      }
      text += CsvRecord(fields);
    }
    ctx->out()->Print(text);
    return Status::OK();
  }

  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  rapidjson::Value rows(rapidjson::kArrayType);
  for (const auto& row : page.rows) {
    rapidjson::Value item(rapidjson::kObjectType);
    for (size_t i = 0; i < row.size(); ++i) {
      Put(&item, page.columns[i].name,
          ctx->json() ? JsonValue(row[i], zone, alloc)
                      : JsonString(DisplayText(row[i], zone), alloc),
          alloc);
    }
    rows.PushBack(item, alloc);
  }
  if (ctx->json()) {
    Put(&doc, "total", page.total, alloc);
    Put(&doc, "offset", request.offset, alloc);
    Put(&doc, "limit", request.limit, alloc);
    Put(&doc, "rows", std::move(rows), alloc);
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }
  std::vector<Column> columns;
  for (const ListColumn& c : page.columns) {
    columns.push_back(
        {c.name.c_str(), c.name.c_str(), CellStyle::kText, 60, ""});
  }
  ctx->out()->Print(FormatTable(columns, rows));
  const int64_t shown = static_cast<int64_t>(page.rows.size());
  ctx->out()->Print(shown == 0
                        ? "0 of " + std::to_string(page.total) + "\n"
                        : std::to_string(request.offset + 1) + "-" +
                              std::to_string(request.offset + shown) + " of " +
                              std::to_string(page.total) + "\n");
  return Status::OK();
}

Status UserList(Context* ctx, const Args& args) {
  return List(ctx, args, TargetKind::kUsers);
}

Status FeedbackList(Context* ctx, const Args& args) {
  if (!args.Has("project")) {
    return Status::Invalid("feedback is listed per project: give --project ID");
  }
  return List(ctx, args, TargetKind::kFeedback);
}

rapidjson::Value CountsJson(const std::vector<CountedKey>& counts,
                            const char* key, JsonAlloc& alloc) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const CountedKey& c : counts) {
    rapidjson::Value item(rapidjson::kObjectType);
    Put(&item, key, c.key, alloc);
    Put(&item, "count", c.count, alloc);
    list.PushBack(item, alloc);
  }
  return list;
}

// An exact DECIMAL text as a JSON integer when it is one, else a number.
rapidjson::Value DecimalJson(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  long long i = std::strtoll(text.c_str(), &end, 10);
  if (errno == 0 && end != text.c_str() && *end == '\0') {
    return rapidjson::Value(static_cast<int64_t>(i));
  }
  return rapidjson::Value(std::strtod(text.c_str(), nullptr));
}

// count / total to 4 decimals.
double Share(int64_t count, int64_t total) {
  if (total == 0) return 0.0;
  return std::round(static_cast<double>(count) * 10000 / total) / 10000;
}

Status Report(Context* ctx, const Args& args) {
  ReportRequest request;
  request.field = args.positionals()[0];
  Status s = ReadProject(args, &request.project_id);
  if (!s.ok()) return s;
  if (const std::string* f = args.Get("filter")) request.filter = *f;
  DisplayZone zone;
  s = ReadZone(args, &zone);
  if (!s.ok()) return s;
  request.changes = args.Has("changes");
  request.now_micros = WallMicros();
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  FieldReport r;
  s = BuildFieldReport(db, request, &r);
  if (!s.ok()) return FilterMistake(s);

  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  Put(&doc, "field", r.field.name(), alloc);
  Put(&doc, "type", FieldTypeName(r.field.type), alloc);
  Put(&doc, "target", TargetKindName(r.kind), alloc);
  Put(&doc, "targets", r.targets, alloc);
  Put(&doc, "set", r.set, alloc);
  std::vector<Column> lines = {{"field", "field"},
                               {"type", "type"},
                               {"target", "target"},
                               {"targets", "targets"},
                               {"set", "with a value"}};
  struct Table {
    const char* title;
    const char* member;
    std::vector<Column> columns;
  };
  std::vector<Table> tables;
  auto null_or = [&](bool has, rapidjson::Value v) {
    return has ? std::move(v) : rapidjson::Value(rapidjson::kNullType);
  };
  const bool has = r.set > 0;
  switch (r.field.type) {
    case FieldType::kBoolean:
      Put(&doc, "true", r.true_count, alloc);
      Put(&doc, "false", r.false_count, alloc);
      Put(&doc, "unset", r.unset_count, alloc);
      Put(&doc, "true_share", Share(r.true_count, r.targets), alloc);
      Put(&doc, "false_share", Share(r.false_count, r.targets), alloc);
      Put(&doc, "unset_share", Share(r.unset_count, r.targets), alloc);
      lines.insert(lines.end(), {{"true", "true"},
                                 {"true_share", "true share"},
                                 {"false", "false"},
                                 {"false_share", "false share"},
                                 {"unset", "unset"},
                                 {"unset_share", "unset share"}});
      break;
    case FieldType::kInteger: {
      Put(&doc, "count", r.set, alloc);
      Put(&doc, "min", null_or(has, rapidjson::Value(r.min)), alloc);
      Put(&doc, "max", null_or(has, rapidjson::Value(r.max)), alloc);
      Put(&doc, "mean", null_or(has, DecimalJson(r.mean)), alloc);
      Put(&doc, "median", null_or(has, rapidjson::Value(r.median)), alloc);
      Put(&doc, "p90", null_or(has, rapidjson::Value(r.p90)), alloc);
      Put(&doc, "sum", has ? DecimalJson(r.sum) : rapidjson::Value(0), alloc);
      rapidjson::Value bins(rapidjson::kArrayType);
      for (const HistogramBin& b : r.bins) {
        rapidjson::Value item(rapidjson::kObjectType);
        Put(&item, "low", b.low, alloc);
        Put(&item, "high", b.high, alloc);
        Put(&item, "count", b.count, alloc);
        bins.PushBack(item, alloc);
      }
      Put(&doc, "histogram", std::move(bins), alloc);
      lines.insert(lines.end(), {{"min", "min"},
                                 {"max", "max"},
                                 {"mean", "mean"},
                                 {"median", "median"},
                                 {"p90", "p90"},
                                 {"sum", "sum"}});
      tables.push_back(
          {"histogram",
           "histogram",
           {{"low", "low"}, {"high", "high"}, {"count", "count"}}});
      break;
    }
    case FieldType::kDatetime:
      Put(&doc, "first", null_or(has, JsonString(zone.Format(r.first), alloc)),
          alloc);
      Put(&doc, "last", null_or(has, JsonString(zone.Format(r.last), alloc)),
          alloc);
      Put(&doc, "per_day", CountsJson(r.per_day, "day", alloc), alloc);
      Put(&doc, "per_week", CountsJson(r.per_week, "week", alloc), alloc);
      lines.insert(lines.end(), {{"first", "first"}, {"last", "last"}});
      tables.push_back(
          {"per day (UTC)", "per_day", {{"day", "day"}, {"count", "count"}}});
      tables.push_back({"per week (from Monday, UTC)",
                        "per_week",
                        {{"week", "week"}, {"count", "count"}}});
      break;
    case FieldType::kString:
      Put(&doc, "distinct", r.distinct, alloc);
      Put(&doc, "top", CountsJson(r.top, "value", alloc), alloc);
      lines.push_back({"distinct", "distinct values"});
      tables.push_back(
          {"top values",
           "top",
           {{"value", "value", CellStyle::kText, 60}, {"count", "count"}}});
      break;
  }
  if (request.changes) {
    Put(&doc, "changed_per_day", CountsJson(r.changed_per_day, "day", alloc),
        alloc);
    tables.push_back({"targets given a value per day (delivery log, UTC)",
                      "changed_per_day",
                      {{"day", "day"}, {"count", "targets"}}});
  }
  if (ctx->json()) {
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }
  ctx->out()->Print(FormatRecord(lines, doc));
  for (const Table& t : tables) {
    ctx->out()->Print(std::string("\n") + t.title + ":\n");
    ctx->out()->Print(FormatTable(t.columns, doc[t.member]));
  }
  return Status::OK();
}

}  // namespace

void AddReportCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"user list",
       "[--project ID] [--filter F] [--fields G.L,...] [--sort COL|G.L] "
       "[--desc] [--limit N] [--offset N] [--tz ZONE] [--csv]",
       "users (a project's participants with --project) with chosen external "
       "data fields, filtered, sorted, one page (default 50)",
       kListOptions, 0, 0, UserList});
  commands->push_back(
      {"feedback list",
       "--project ID [--filter F] [--fields G.L,...] [--sort COL|G.L] "
       "[--desc] [--limit N] [--offset N] [--tz ZONE] [--csv]",
       "a project's feedback tickets, as user list", kListOptions, 0, 0,
       FeedbackList});
  commands->push_back(
      {"data report",
       "GROUP.LABEL [--project ID] [--filter F] [--tz ZONE] [--changes]",
       "one external data field across the filtered targets: the summary for "
       "its type; --changes adds how many targets a data delivery gave a "
       "value per day (from the delivery log)",
       "project filter tz changes", 1, 1, Report});
}

}  // namespace earshot::ctl
