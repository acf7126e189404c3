// The console's pages over external data (issue 14): users (the
// community, or one project's participants) and a project's feedback
// tickets as paged, sortable, filtered lists with chosen data fields as
// columns, their CSV export, and one field's report with an SVG chart.
// These are views over common/reports, the code earshotctl's `user list`,
// `feedback list` and `data report` print: the same filter compiler, the
// same queries, the same numbers.
//
// Who sees what: an admin, everything. A manager, only the projects they
// take part in: a project's participants and tickets, and reports scoped
// to such a project. The community's users, every project's tickets and
// projects' own data are admin-only (they are not any one project's);
// another project answers 404, as for a listener that does not exist.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/base/clock.h"
#include "common/console/console.h"
#include "common/http/query_string.h"
#include "common/reports/csv.h"
#include "common/reports/display.h"
#include "common/reports/field_report.h"
#include "common/reports/target_list.h"

namespace earshot::console {

namespace {

constexpr int64_t kListPage = 50;
// CSV is read in batches of this many rows, every page of the list.
constexpr int64_t kCsvBatch = 5000;
const char* const kZones[] = {"UTC",
                              "Europe/London",
                              "Europe/Paris",
                              "Europe/Berlin",
                              "America/New_York",
                              "America/Chicago",
                              "America/Los_Angeles",
                              "Asia/Tokyo",
                              "Asia/Kolkata",
                              "Australia/Sydney"};
// Okabe–Ito, readable by colour-blind viewers; every bar is labelled too.
const char* const kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                "#56B4E9", "#D55E00", "#F0E442", "#000000"};

// A query string from name/value pairs, empty values left out.
std::string Query(const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string out;
  for (const auto& [name, value] : kv) {
    if (value.empty()) continue;
    out += (out.empty() ? "?" : "&") + name + "=" + QueryEscape(value);
  }
  return out;
}

bool ParseId(const std::string& text, int64_t* id) {
  *id = 0;
  if (text.empty()) return true;
  if (text.size() > 18) return false;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *id = v;
  return v > 0;
}

// Every value of a repeated query parameter (the columns' checkboxes).
std::vector<std::string> All(const std::string& query, std::string_view name) {
  std::vector<std::string> out;
  for (auto& [k, v] : ParseQueryString(query)) {
    if (k == name && !v.empty() &&
        std::find(out.begin(), out.end(), v) == out.end()) {
      out.push_back(v);
    }
  }
  return out;
}

std::string Num(int64_t n) { return std::to_string(n); }

std::string Percent(int64_t count, int64_t total) {
  if (total == 0) return "0%";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", 100.0 * count / total);
  return buf;
}

// The label part of "GROUP.LABEL".
std::string LabelOf(const std::string& name) {
  size_t dot = name.find('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

struct FieldChoice {
  std::string name, label, group, type;
};

}  // namespace

Status Console::MaySeeTargets(Exchange* x, TargetKind kind, int64_t project,
                              bool* yes) {
  if (x->session.account.admin()) {
    *yes = true;
    return Status::OK();
  }
  if (project == 0 || kind == TargetKind::kProjects) {
    *yes = false;
    return Status::OK();
  }
  return MaySee(x, false, project, yes);
}

Status Console::TargetListPage(Exchange* x, TargetKind kind) {
  const bool users = kind == TargetKind::kUsers;
  const std::string base = users ? "/admin/users" : "/admin/feedback";
  int64_t project;
  if (!ParseId(x->query.Get("project"), &project)) return NotFound(x);
  bool yes;
  Status s = MaySeeTargets(x, kind, project, &yes);
  if (!s.ok()) return s;
  if (!yes && project != 0) return NotFound(x);
  if (!yes || (!users && project == 0)) {
    // Feedback is per project; the community's users are admins' only:
    // offer the projects this account may open.
    std::vector<SqlParam> params;
    std::string where = "TRUE";
    if (!x->session.account.admin()) {
      where =
          "p.id IN (SELECT pp.project_id FROM participations pp WHERE "
          "pp.user_id = ?)";
      params.push_back(SqlParam::Int(x->session.account.user_id));
    }
    QueryResult pr;
    s = db_->Run("SELECT p.id, p.name FROM projects p WHERE " + where +
                     " ORDER BY p.name LIMIT 500",
                 params, &pr);
    if (!s.ok()) return s;
    Dict dict("projects");
    dict.SetValue("HEADING", users ? "Users" : "Feedback");
    if (users) dict.ShowSection("ADMINS_ONLY");
    for (const Row& row : pr.rows) {
      Dict* d = dict.AddSectionDictionary("PROJECT");
      d->SetValue("URL", base + "?project=" + row.Text(0));
      d->SetValue("NAME", row.Text(1));
    }
    if (pr.rows.empty()) dict.ShowSection("NONE");
    return Render("projects.tpl", users ? "Users" : "Feedback",
                  users ? "users" : "feedback", &x->session, &dict, x->out);
  }

  ListRequest req;
  req.kind = kind;
  req.project_id = project;
  req.filter = x->query.Get("filter");
  req.fields = All(x->in.query, "col");
  const std::string sort = x->query.Get("sort");
  req.sort = sort.empty() ? "id" : sort;
  req.descending = x->query.Get("dir") == "desc";
  std::string tz = x->query.Get("tz");
  if (tz.empty()) tz = "UTC";
  const bool csv = x->query.Get("format") == "csv";
  int64_t page_no = 1;
  if (!ParseId(x->query.Get("page"), &page_no) || page_no == 0) page_no = 1;
  page_no = std::min<int64_t>(page_no, kMaxListLimit);

  std::string error;
  DisplayZone zone;
  Status zs = DisplayZone::Parse(tz, &zone);
  if (!zs.ok()) error = "Time zone: " + zs.message();

  // The field catalogue, for the columns chooser.
  QueryResult fr;
  s = db_->Run(
      "SELECT g.name, f.label, f.type FROM data_fields f JOIN data_groups g "
      "ON g.id = f.group_id WHERE g.target = ? ORDER BY g.name, f.label",
      {SqlParam::Text(TargetKindName(kind))}, &fr);
  if (!s.ok()) return s;

  ListPage page;
  if (error.empty()) {
    req.limit = csv ? kCsvBatch : kListPage;
    req.offset = csv ? 0 : (page_no - 1) * kListPage;
    s = ListTargets(db_.get(), req, &page);
    if (s.IsNotFound() && s.message().find("project") != std::string::npos) {
      return NotFound(x);
    }
    if (s.IsInvalid() || s.IsNotFound()) {
      error =
          (s.message().starts_with("column ") ? "Filter: " : "") + s.message();
      page = ListPage();
    } else if (!s.ok()) {
      return s;
    }
    while (csv && error.empty() &&
           static_cast<int64_t>(page.rows.size()) < page.total) {
      ListPage more;
      req.offset = static_cast<int64_t>(page.rows.size());
      s = ListTargets(db_.get(), req, &more);
      if (!s.ok()) return s;
      if (more.rows.empty()) break;
      for (auto& row : more.rows) page.rows.push_back(std::move(row));
    }
  }

  if (csv && error.empty()) {
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
    x->out->content_type = "text/csv; charset=utf-8";
    x->out->headers.emplace_back(
        "Content-Disposition",
        "attachment; filename=\"" + std::string(users ? "users" : "feedback") +
            (project ? "-project-" + Num(project) : std::string()) + ".csv\"");
    x->out->body = std::move(text);
    return Status::OK();
  }

  Dict dict("targets");
  const std::string project_text = project ? Num(project) : "";
  const std::string title =
      users ? (project ? "Users of project " + project_text : "Users")
            : "Feedback of project " + project_text;
  dict.SetValue("HEADING", title);
  dict.SetValue("ACTION", base);
  dict.SetValue("FILTER", req.filter);
  dict.SetValue("TZ", tz);
  dict.SetValue("SORT", sort);
  dict.SetValue("DIR", req.descending ? "desc" : "");
  if (project) dict.SetValueAndShowSection("PROJECT", project_text, "PROJECT");
  if (users && !project) dict.ShowSection("COMMUNITY");
  for (const char* z : kZones) {
    dict.AddSectionDictionary("ZONE")->SetValue("NAME", z);
  }
  std::vector<FieldChoice> choices;
  for (const Row& row : fr.rows) {
    FieldChoice c{row.Text(0) + "." + row.Text(1), row.Text(1), row.Text(0),
                  row.Text(2)};
    Dict* d = dict.AddSectionDictionary("FIELD_CHOICE");
    d->SetValue("NAME", c.name);
    d->SetValue("LABEL", c.label);
    d->SetValue("GROUP", c.group);
    d->SetValue("TYPE", c.type);
    if (std::find(req.fields.begin(), req.fields.end(), c.name) !=
        req.fields.end()) {
      d->ShowSection("ON");
    }
  }
  if (fr.rows.empty()) dict.ShowSection("NO_FIELDS");
  if (!error.empty()) {
    dict.SetValueAndShowSection("ERROR_TEXT", error, "ERROR");
    x->out->status = 400;
  }

  // The state of the list, as query pairs, to build its links.
  auto state = [&](const std::string& s_sort, bool s_desc, int64_t s_page,
                   bool as_csv) {
    std::vector<std::pair<std::string, std::string>> kv = {
        {"project", project_text}, {"filter", req.filter}};
    for (const std::string& f : req.fields) kv.push_back({"col", f});
    kv.push_back({"sort", s_sort == "id" ? "" : s_sort});
    kv.push_back({"dir", s_desc ? "desc" : ""});
    kv.push_back({"tz", tz == "UTC" ? "" : tz});
    kv.push_back({"page", s_page > 1 ? Num(s_page) : ""});
    kv.push_back({"format", as_csv ? "csv" : ""});
    return base + Query(kv);
  };
  dict.SetValue("CSV_URL", state(req.sort, req.descending, 1, true));

  for (const ListColumn& c : page.columns) {
    Dict* d = dict.AddSectionDictionary("COL");
    d->SetValue("LABEL", c.data ? LabelOf(c.name) : c.name);
    d->SetValue("NAME", c.name);
    const bool sorted = c.name == req.sort;
    if (sorted) {
      d->SetValueAndShowSection(
          "ARIA", req.descending ? "descending" : "ascending", "SORTED");
    }
    d->SetValue("SORT_URL", state(c.name, sorted && !req.descending, 1, false));
    if (c.data) {
      d->SetValueAndShowSection(
          "REPORT_URL",
          "/admin/reports" + Query({{"field", c.name},
                                    {"project", project_text},
                                    {"filter", req.filter},
                                    {"tz", tz == "UTC" ? "" : tz}}),
          "REPORT");
    }
  }
  for (const auto& row : page.rows) {
    Dict* r = dict.AddSectionDictionary("ROW");
    for (size_t i = 0; i < row.size(); ++i) {
      Dict* cell = r->AddSectionDictionary("CELL");
      const std::string text = DisplayText(row[i], zone);
      if (i == 0) {
        cell->SetValue("TEXT", text);
        cell->SetValueAndShowSection("URL", base + "/" + text, "LINK");
      } else {
        cell->SetValueAndShowSection("TEXT", text, "PLAIN");
      }
    }
  }
  const int64_t shown = static_cast<int64_t>(page.rows.size());
  const int64_t first = (page_no - 1) * kListPage;
  dict.SetValue("RANGE", shown == 0
                             ? "0 of " + Num(page.total)
                             : Num(first + 1) + "–" + Num(first + shown) +
                                   " of " + Num(page.total));
  if (page_no > 1) {
    dict.SetValueAndShowSection(
        "PREV_URL", state(req.sort, req.descending, page_no - 1, false),
        "PREV");
  }
  if (first + shown < page.total) {
    dict.SetValueAndShowSection(
        "NEXT_URL", state(req.sort, req.descending, page_no + 1, false),
        "NEXT");
  }
  if (shown == 0 && error.empty()) dict.ShowSection("EMPTY");
  return Render("targets.tpl", title, users ? "users" : "feedback", &x->session,
                &dict, x->out);
}

namespace {

constexpr int kChartWidth = 640;
constexpr int kBarArea = 200;  // height of the bars' area

// Bars of a vertical chart (histogram, series): one per item, labelled
// with its count above and its key below, in the template's BAR section.
void VerticalBars(const std::vector<std::pair<std::string, int64_t>>& items,
                  Dict* chart) {
  int64_t top = 1;
  for (const auto& [key, count] : items) top = std::max(top, count);
  const int n = std::max<int>(1, items.size());
  const int slot = (kChartWidth - 40) / n;
  const int width = std::max(2, slot - 4);
  chart->SetIntValue("WIDTH", kChartWidth);
  chart->SetIntValue("HEIGHT", kBarArea + 90);
  chart->SetIntValue("BASE", kBarArea + 20);
  // Labels fit under a bar when there are few; else every few.
  const int every = std::max(1, n / 12);
  for (int i = 0; i < static_cast<int>(items.size()); ++i) {
    const int64_t count = items[i].second;
    const int h = static_cast<int>(count * kBarArea / top);
    Dict* d = chart->AddSectionDictionary("BAR");
    d->SetIntValue("X", 20 + i * slot + 2);
    d->SetIntValue("Y", kBarArea + 20 - h);
    d->SetIntValue("W", width);
    d->SetIntValue("H", h);
    d->SetIntValue("CX", 20 + i * slot + slot / 2);
    d->SetIntValue("TY", kBarArea + 20 - h - 4);
    d->SetIntValue("KY", kBarArea + 36);
    d->SetValue("FILL", kPalette[0]);
    d->SetValue("KEY", items[i].first);
    d->SetValue("COUNT", Num(count));
    if (i % every == 0) d->ShowSection("KEY_SHOWN");
    if (n <= 40 || count > 0) d->ShowSection("COUNT_SHOWN");
  }
}

}  // namespace

Status Console::ReportPage(Exchange* x) {
  ReportRequest req;
  req.field = x->query.Get("field");
  req.filter = x->query.Get("filter");
  req.changes = x->query.Get("changes") == "1";
  req.now_micros = WallMicros();
  if (!ParseId(x->query.Get("project"), &req.project_id)) return NotFound(x);
  std::string tz = x->query.Get("tz");
  if (tz.empty()) tz = "UTC";
  const std::string project_text =
      req.project_id ? Num(req.project_id) : std::string();

  Dict dict("report");
  dict.SetValue("FIELD", req.field);
  dict.SetValue("FILTER", req.filter);
  dict.SetValue("TZ", tz);
  if (req.changes) dict.ShowSection("CHANGES_ON");
  if (req.project_id) {
    dict.SetValueAndShowSection("PROJECT", project_text, "PROJECT");
  }
  for (const char* z : kZones) {
    dict.AddSectionDictionary("ZONE")->SetValue("NAME", z);
  }
  // The fields one may report on, for the chooser.
  QueryResult fr;
  Status s = db_->Run(
      "SELECT CONCAT(g.name, '.', f.label), g.target FROM data_fields f "
      "JOIN data_groups g ON g.id = f.group_id ORDER BY g.target, g.name, "
      "f.label",
      {}, &fr);
  if (!s.ok()) return s;
  for (const Row& row : fr.rows) {
    Dict* d = dict.AddSectionDictionary("FIELD_CHOICE");
    d->SetValue("NAME", row.Text(0));
    d->SetValue("TARGET", row.Text(1));
    if (row.Text(0) == req.field) d->ShowSection("ON");
  }

  auto fail = [&](const std::string& message) {
    dict.SetValueAndShowSection("ERROR_TEXT", message, "ERROR");
    dict.ShowSection("NO_RESULT");
    x->out->status = 400;
    return Render("report.tpl", "Report", "reports", &x->session, &dict,
                  x->out);
  };
  if (req.field.empty()) {
    dict.ShowSection("NO_RESULT");
    return Render("report.tpl", "Reports", "reports", &x->session, &dict,
                  x->out);
  }
  DisplayZone zone;
  s = DisplayZone::Parse(tz, &zone);
  if (!s.ok()) return fail("Time zone: " + s.message());
  // Scope first: a manager learns nothing about another project, not even
  // whether a filter compiles there.
  TargetKind kind = TargetKind::kUsers;
  DataFieldName name;
  s = FindDataFieldName(db_.get(), req.field, true, &kind, &name);
  if (s.IsNotFound() || s.IsInvalid()) return fail(s.message());
  if (!s.ok()) return s;
  bool yes;
  s = MaySeeTargets(x, kind, req.project_id, &yes);
  if (!s.ok()) return s;
  if (!yes) {
    if (req.project_id != 0) return NotFound(x);
    return ErrorPage(x, 404, "Admins only",
                     "A report over every target is for admins; managers "
                     "add &project=ID of one of their projects.");
  }
  FieldReport r;
  s = BuildFieldReport(db_.get(), req, &r);
  if (s.IsNotFound() && s.message().find("project") != std::string::npos) {
    return NotFound(x);
  }
  if (s.IsInvalid() || s.IsNotFound()) {
    return fail((s.message().starts_with("column ") ? "Filter: " : "") +
                s.message());
  }
  if (!s.ok()) return s;

  const std::string title = "Report: " + r.field.label;
  dict.SetValue("LABEL", r.field.label);
  dict.SetValue("GROUP", r.field.group);
  dict.SetValue("TYPE", FieldTypeName(r.field.type));
  dict.SetValue("KIND", TargetKindName(r.kind));
  dict.ShowSection("RESULT");
  auto line = [&](const std::string& name, const std::string& value) {
    Dict* d = dict.AddSectionDictionary("SUMMARY");
    d->SetValue("NAME", name);
    d->SetValue("VALUE", value);
  };
  line("targets", Num(r.targets));
  line("with a value", Num(r.set));
  const bool has = r.set > 0;
  // The chart's data, also its table.
  std::string chart_title, key_name = "value";
  std::vector<std::pair<std::string, int64_t>> items;
  switch (r.field.type) {
    case FieldType::kBoolean: {
      line("true",
           Num(r.true_count) + " (" + Percent(r.true_count, r.targets) + ")");
      line("false",
           Num(r.false_count) + " (" + Percent(r.false_count, r.targets) + ")");
      line("unset",
           Num(r.unset_count) + " (" + Percent(r.unset_count, r.targets) + ")");
      Dict* chart = dict.AddSectionDictionary("STACKED");
      chart->SetIntValue("WIDTH", kChartWidth);
      const std::pair<const char*, int64_t> parts[] = {
          {"yes", r.true_count},
          {"no", r.false_count},
          {"unset", r.unset_count}};
      const char* fills[] = {kPalette[0], kPalette[1], "#BBBBBB"};
      int x0 = 20;
      const int span = kChartWidth - 40;
      for (int i = 0; i < 3; ++i) {
        const int w = r.targets
                          ? static_cast<int>(parts[i].second * span / r.targets)
                          : 0;
        Dict* d = chart->AddSectionDictionary("PART");
        d->SetIntValue("X", x0);
        d->SetIntValue("W", w);
        d->SetValue("FILL", fills[i]);
        // The legend under the bar: a swatch and the words, in a row.
        d->SetIntValue("LX", 20 + i * 200);
        d->SetIntValue("LTX", 20 + i * 200 + 22);
        d->SetValue("NAME", parts[i].first);
        d->SetValue("COUNT", Num(parts[i].second));
        d->SetValue("SHARE", Percent(parts[i].second, r.targets));
        // White on the blue, dark on the orange and grey (contrast).
        d->SetValue("TEXT_CLASS", i == 0 ? "on-bar" : "on-bar dark");
        if (w >= 60) {
          d->SetIntValue("CX", x0 + w / 2);
          d->ShowSection("INSIDE");
        }
        x0 += w;
        items.push_back({parts[i].first, parts[i].second});
      }
      chart_title = "Share of targets";
      break;
    }
    case FieldType::kInteger:
      line("count", Num(r.set));
      if (has) {
        line("min", Num(r.min));
        line("max", Num(r.max));
        line("mean", r.mean);
        line("median", Num(r.median));
        line("p90", Num(r.p90));
      }
      line("sum", has ? r.sum : "0");
      for (const HistogramBin& b : r.bins) {
        items.push_back(
            {b.low == b.high ? Num(b.low) : Num(b.low) + "–" + Num(b.high),
             b.count});
      }
      chart_title = "Histogram";
      key_name = "values";
      VerticalBars(items, dict.AddSectionDictionary("VBARS"));
      break;
    case FieldType::kDatetime: {
      if (has) {
        line("first", zone.Format(r.first));
        line("last", zone.Format(r.last));
      }
      const bool weekly = x->query.Get("per") == "week";
      for (const CountedKey& c : weekly ? r.per_week : r.per_day) {
        items.push_back({c.key, c.count});
      }
      chart_title = weekly ? "Per week (from Monday, UTC)" : "Per day (UTC)";
      key_name = weekly ? "week" : "day";
      dict.SetValue("PER_OTHER", weekly ? "" : "week");
      dict.SetValue("PER_OTHER_NAME", weekly ? "per day" : "per week");
      dict.ShowSection("PER_LINK");
      VerticalBars(items, dict.AddSectionDictionary("VBARS"));
      break;
    }
    case FieldType::kString: {
      line("distinct values", Num(r.distinct));
      int64_t top = 1;
      for (const CountedKey& c : r.top) top = std::max(top, c.count);
      Dict* chart = dict.AddSectionDictionary("HBARS");
      chart->SetIntValue("WIDTH", kChartWidth);
      chart->SetIntValue("HEIGHT", 10 + 24 * static_cast<int>(r.top.size()));
      int i = 0;
      for (const CountedKey& c : r.top) {
        Dict* d = chart->AddSectionDictionary("BAR");
        const int w = static_cast<int>(c.count * 300 / top);
        d->SetIntValue("Y", 5 + i * 24);
        d->SetIntValue("TY", 5 + i * 24 + 15);
        d->SetIntValue("W", std::max(1, w));
        d->SetIntValue("NX", 220 + w + 6);
        d->SetValue("FILL", kPalette[0]);
        // The value as text (SVG <text> escapes as HTML does); cut long
        // ones on the chart, whole in the table.
        std::string shown = c.key;
        if (shown.size() > 28) {
          size_t cut = 27;
          while (cut > 0 && (shown[cut] & 0xC0) == 0x80) --cut;
          shown = shown.substr(0, cut) + "…";
        }
        d->SetValue("KEY", shown);
        d->SetValue("COUNT", Num(c.count));
        items.push_back({c.key, c.count});
        ++i;
      }
      chart_title = "The " + Num(kTopValues) + " most frequent values";
      break;
    }
  }
  dict.SetValue("CHART_TITLE", chart_title);
  dict.SetValue("KEY_NAME", key_name);
  for (const auto& [key, count] : items) {
    Dict* d = dict.AddSectionDictionary("ITEM");
    d->SetValue("KEY", key);
    d->SetValue("COUNT", Num(count));
  }
  if (req.changes) {
    std::vector<std::pair<std::string, int64_t>> changes;
    Dict* section = dict.AddSectionDictionary("CHANGES");
    for (const CountedKey& c : r.changed_per_day) {
      changes.push_back({c.key, c.count});
      Dict* d = section->AddSectionDictionary("CHANGE");
      d->SetValue("KEY", c.key);
      d->SetValue("COUNT", Num(c.count));
    }
    VerticalBars(changes, section->AddSectionDictionary("VBARS"));
  }
  dict.SetValue(
      "CHANGES_URL",
      "/admin/reports" + Query({{"field", req.field},
                                {"project", project_text},
                                {"filter", req.filter},
                                {"tz", tz == "UTC" ? "" : tz},
                                {"changes", req.changes ? "" : "1"}}));
  dict.SetValue("CHANGES_LINK", req.changes ? "Hide changes over time"
                                            : "Show changes over time");
  dict.SetValue(
      "PER_URL",
      "/admin/reports" +
          Query({{"field", req.field},
                 {"project", project_text},
                 {"filter", req.filter},
                 {"tz", tz == "UTC" ? "" : tz},
                 {"changes", req.changes ? "1" : ""},
                 {"per", x->query.Get("per") == "week" ? "" : "week"}}));
  const bool users = r.kind == TargetKind::kUsers;
  if (r.kind != TargetKind::kProjects && (users || req.project_id != 0)) {
    dict.SetValueAndShowSection(
        "LIST_URL",
        std::string(users ? "/admin/users" : "/admin/feedback") +
            Query({{"project", project_text},
                   {"filter", req.filter},
                   {"col", req.field},
                   {"tz", tz == "UTC" ? "" : tz}}),
        "LIST");
  }
  return Render("report.tpl", title, "reports", &x->session, &dict, x->out);
}

}  // namespace earshot::console
