// "Try a payload" (/admin/listeners/KEY/try): paste a JSON body, or pick a
// recorded delivery whose body was kept whole, and see what the listener
// would do with it, per target, or the refusal a sender would get. The
// listener type's handler runs it (`TYPE.fcgi --try KEY`, see
// common/pipeline/dry_run.h), the code `earshotctl listener try` uses: the
// real pipeline in a transaction that is rolled back. The audit row, in
// the console's own transaction, is the only write.
//
// The same visibility as the listener page: a manager tries only their
// projects' listeners; another's answers 404.

#include <rapidjson/document.h>

#include "common/base/subprocess.h"
#include "common/console/console.h"

namespace earshot::console {

namespace {

// How many recorded bodies the picker offers.
constexpr int kRecentBodies = 20;

const rapidjson::Value& Member(const rapidjson::Value& o, const char* name) {
  static const rapidjson::Value null;
  if (!o.IsObject()) return null;
  auto it = o.FindMember(name);
  return it == o.MemberEnd() ? null : it->value;
}

std::string Str(const rapidjson::Value& v, const char* none = "") {
  if (v.IsString()) return {v.GetString(), v.GetStringLength()};
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  return none;
}

bool ParseId(const std::string& text, int64_t* id) {
  if (text.empty() || text.size() > 18) return false;
  *id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    *id = *id * 10 + (c - '0');
  }
  return *id > 0;
}

// The report (dry_run.h) into `dict`; *summary gets a line for the audit.
void ShowReport(const rapidjson::Value& report, Dict* dict,
                std::string* summary) {
  dict->ShowSection("REPORT");
  const int status = Member(report, "status").GetInt();
  if (Member(report, "enabled").IsFalse()) dict->ShowSection("DISABLED");
  if (status != 200) {
    const rapidjson::Value& error = Member(report, "error");
    Dict* d = dict->AddSectionDictionary("REFUSED");
    d->SetIntValue("STATUS", status);
    d->SetValue("CODE", Str(Member(error, "code")));
    d->SetValue("MESSAGE", Str(Member(error, "message")));
    *summary = "would answer " + std::to_string(status) + " " +
               Str(Member(error, "code"));
    return;
  }
  int counts[3] = {0, 0, 0};
  for (const auto& t : Member(report, "targets").GetArray()) {
    const std::string outcome = Str(Member(t, "outcome"));
    Dict* d = dict->AddSectionDictionary("TARGET");
    d->SetValue("ID", Str(Member(t, "id"), "–"));
    d->SetValue("IDENTIFIER", Str(Member(t, "identifier")));
    if (outcome == "applied") {
      ++counts[0];
      d->SetValue("OUTCOME", "applied");
      d->SetValue("OUTCOME_CLASS", "ok");
    } else if (outcome == "filtered") {
      ++counts[1];
      d->SetValue("OUTCOME", "filtered out");
      d->SetValue("OUTCOME_CLASS", "off");
      d->AddSectionDictionary("NOTE")->SetValue(
          "NOTE_TEXT", "It does not match the filter: left alone.");
    } else {
      ++counts[2];
      d->SetValue("OUTCOME", "not found");
      d->SetValue("OUTCOME_CLASS", "refused");
      d->AddSectionDictionary("NOTE")->SetValue("NOTE_TEXT",
                                                "Nothing has this identifier.");
    }
    const rapidjson::Value& changes = Member(t, "changes");
    const rapidjson::Value& comments = Member(t, "comments");
    if (outcome == "applied" && changes.Empty() && comments.Empty()) {
      d->AddSectionDictionary("NOTE")->SetValue("NOTE_TEXT",
                                                "Nothing would change.");
    }
    if (!changes.Empty()) d->ShowSection("HAS_CHANGES");
    for (const auto& c : changes.GetArray()) {
      Dict* cd = d->AddSectionDictionary("CHANGE");
      cd->SetValue("WHAT", Str(Member(c, "what")));
      cd->SetValue("BEFORE", Str(Member(c, "before"), "(none)"));
      cd->SetValue("AFTER", Str(Member(c, "after"), "(none)"));
    }
    for (const auto& c : comments.GetArray()) {
      Dict* cd = d->AddSectionDictionary("COMMENT");
      cd->SetValue("AUTHOR", Str(Member(c, "author")));
      cd->SetValue("TEXT", Str(Member(c, "text")));
    }
  }
  Dict* ok = dict->AddSectionDictionary("ACCEPTED");
  ok->SetIntValue("APPLIED", counts[0]);
  ok->SetIntValue("FILTERED", counts[1]);
  ok->SetIntValue("NOT_FOUND", counts[2]);
  const rapidjson::Value& queued = Member(report, "queued");
  if (!queued.Empty()) dict->ShowSection("HAS_QUEUED");
  for (const auto& q : queued.GetArray()) {
    Dict* d = dict->AddSectionDictionary("QUEUED");
    d->SetValue("KIND", Str(Member(q, "kind")));
    d->SetValue("TO", Str(Member(q, "to")));
    if (Member(q, "subject").IsString()) {
      d->AddSectionDictionary("SUBJECT")->SetValue("SUBJECT_TEXT",
                                                   Str(Member(q, "subject")));
    }
    d->SetValue("SUMMARY", Str(Member(q, "summary")));
  }
  *summary = "would answer 200: " + std::to_string(counts[0]) + " applied, " +
             std::to_string(counts[1]) + " filtered, " +
             std::to_string(counts[2]) + " not found";
}

}  // namespace

Status Console::TryPage(Exchange* x, const std::string& key) {
  QueryResult r;
  Status s = db_->Run(
      "SELECT id, type, scope_project_id, name FROM listeners WHERE "
      "listener_key = ?",
      {SqlParam::Text(key)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  const int64_t listener_id = r.rows[0].Int(0);
  const std::string type = r.rows[0].Text(1);
  const std::string name = r.rows[0].Text(3).empty() ? key : r.rows[0].Text(3);
  bool may = false;
  s = MaySee(x, r.rows[0].IsNull(2), r.rows[0].Int(2), &may);
  if (!s.ok()) return s;
  if (!may) return NotFound(x);

  Dict dict("try");
  dict.SetValue("KEY", key);
  dict.SetValue("NAME", name);
  dict.SetValue("CSRF", x->session.csrf_token);
  const bool post = x->in.method == "POST";
  std::string body = post ? x->form.Get("body") : "";
  std::string query = post ? x->form.Get("query") : "";
  const std::string picked = post ? x->form.Get("event") : "";
  int64_t event_id = 0;
  if (!picked.empty()) {
    // Only a body this listener received, and kept whole.
    if (!ParseId(picked, &event_id)) return NotFound(x);
    s = db_->Run(
        "SELECT body, headers FROM events WHERE id = ? AND listener_id = ? "
        "AND body IS NOT NULL AND LENGTH(body) = body_size",
        {SqlParam::Int(event_id), SqlParam::Int(listener_id)}, &r);
    if (!s.ok()) return s;
    if (r.rows.empty()) return NotFound(x);
    body = r.rows[0].Text(0);
    rapidjson::Document headers;
    headers.Parse(r.rows[0].Text(1).c_str());
    query = Str(Member(headers, "?query"));
  }

  s = db_->Run(
      "SELECT id, DATE_FORMAT(received_at, '%Y-%m-%d %H:%i:%s'), "
      "http_status, body_size FROM events WHERE listener_id = ? AND body IS "
      "NOT NULL AND LENGTH(body) = body_size AND body_size > 0 ORDER BY id "
      "DESC LIMIT " +
          std::to_string(kRecentBodies),
      {SqlParam::Int(listener_id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) dict.ShowSection("NO_EVENTS");
  for (const Row& row : r.rows) {
    Dict* d = dict.AddSectionDictionary("EVENT");
    d->SetIntValue("ID", row.Int(0));
    d->SetValue("AT", row.Text(1));
    d->SetIntValue("STATUS", row.Int(2));
    d->SetIntValue("SIZE", row.Int(3));
    if (row.Int(0) == event_id) d->ShowSection("SELECTED");
  }
  dict.SetValue("BODY", body);
  dict.SetValue("QUERY", query);

  if (post) {
    if (body.empty()) {
      dict.ShowSection("ERROR");
      dict.SetValue("ERROR_TEXT",
                    "Paste a JSON body, or pick a recorded delivery.");
      x->out->status = 422;
    } else {
      // Hold no snapshot or lock while the handler runs its transaction.
      s = db_->Rollback();
      if (!s.ok()) return s;
      // Each option with its value in one argument: a query string such as
      // "--replay=7" stays the value of --query, never an option of its own.
      std::vector<std::string> argv = {
          ProgramDirectory() + "/" + type + ".fcgi", "--config=" + config_path_,
          "--try=" + key};
      if (!query.empty()) argv.push_back("--query=" + query);
      ProgramResult run;
      s = RunProgram(argv, &run, &body);
      if (!s.ok()) return s;
      rapidjson::Document report;
      report.Parse(run.out.c_str(), run.out.size());
      if (report.HasParseError() || !Member(report, "status").IsInt() ||
          !Member(report, "targets").IsArray() ||
          !Member(report, "queued").IsArray()) {
        return Status::Internal("the " + type +
                                " handler's dry run answered no report "
                                "(exit " +
                                std::to_string(run.exit_status) +
                                "): " + run.err);
      }
      std::string summary;
      ShowReport(report, &dict, &summary);
      if (event_id != 0) {
        summary = "body of event " + std::to_string(event_id) + ": " + summary;
      }
      s = Audit(x, "listener.tried", "listener " + key, summary);
      if (!s.ok()) return s;
    }
  }
  return Render("try.tpl", "Try a payload on " + name, "listeners", &x->session,
                &dict, x->out);
}

}  // namespace earshot::console
