// The delivery log: recent deliveries filtered by listener, status and
// time; one delivery's headers (masked as the log stored them), body and
// outcomes; and its replay, after a confirmation step. A replay runs the
// listener type's handler with --replay (common/pipeline/replay.h), the
// code `earshotctl events replay` uses: no API key, signature or
// duplicate check, the filter applies, and the new event links to the old.

#include <rapidjson/document.h>

#include "common/base/subprocess.h"
#include "common/base/utf8.h"
#include "common/console/console.h"

namespace earshot::console {

namespace {

constexpr int kPageSize = 50;

const char* StatusClass(int64_t status) {
  if (status == 200) return "ok";
  if (status >= 400 && status < 500) return "refused";
  return "failed";
}

// A name for --forced-by: printable ASCII without blanks, at most 64 bytes.
std::string ForcedBy(const std::string& email) {
  std::string name = "console:" + email;
  for (char& c : name) {
    if (c <= ' ' || c > '~') c = '?';
  }
  return name.substr(0, 64);
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  size_t nl = text.rfind('\n');
  if (nl != std::string::npos) text = text.substr(nl + 1);
  if (text.rfind("earshot: ", 0) == 0) text = text.substr(9);
  return text;
}

}  // namespace

Status Console::DeliveriesPage(Exchange* x) {
  std::vector<SqlParam> params;
  std::string where = VisibleListeners(x, &params);
  if (x->session.account.admin()) where = "TRUE";  // deleted listeners too
  Dict dict("deliveries");
  const std::string listener = x->query.Get("listener").substr(0, 64);
  const std::string status = x->query.Get("status");
  const std::string since = x->query.Get("since");
  const std::string before = x->query.Get("before");
  if (!listener.empty()) {
    where += " AND l.listener_key = ?";
    params.push_back(SqlParam::Text(listener));
  }
  dict.SetValue("LISTENER", listener);
  if (status == "ok") {
    where += " AND e.http_status = 200";
  } else if (status == "refused") {
    where += " AND e.http_status BETWEEN 400 AND 499";
  } else if (status == "failed") {
    where += " AND e.http_status NOT BETWEEN 200 AND 499";
  } else if (status.size() == 3 &&
             status.find_first_not_of("0123456789") == std::string::npos) {
    where += " AND e.http_status = ?";
    params.push_back(SqlParam::Int(std::stoi(status)));
  }
  if (!status.empty()) dict.ShowSection("STATUS_" + status);
  int hours = 0;
  if (since == "1h") hours = 1;
  if (since == "24h") hours = 24;
  if (since == "7d") hours = 24 * 7;
  if (hours > 0) {
    where += " AND e.received_at > UTC_TIMESTAMP(6) - INTERVAL ? HOUR";
    params.push_back(SqlParam::Int(hours));
    dict.ShowSection("SINCE_" + since);
  }
  int64_t before_id = 0;
  if (!before.empty() && before.size() < 19 &&
      before.find_first_not_of("0123456789") == std::string::npos) {
    before_id = std::stoll(before);
    where += " AND e.id < ?";
    params.push_back(SqlParam::Int(before_id));
  }
  params.push_back(SqlParam::Int(kPageSize + 1));
  QueryResult r;
  Status s = db_->Run(
      "SELECT e.id, DATE_FORMAT(e.received_at, '%Y-%m-%d %H:%i:%s'), "
      "l.listener_key, e.listener_id, e.http_status, e.error_code, "
      "e.delivery_id, e.duration_us, e.replay_of FROM events e "
      "LEFT JOIN listeners l ON l.id = e.listener_id WHERE " +
          where + " ORDER BY e.id DESC LIMIT ?",
      params, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) dict.ShowSection("EMPTY");
  int shown = 0;
  for (const Row& row : r.rows) {
    if (++shown > kPageSize) {
      Dict* more = dict.AddSectionDictionary("OLDER");
      more->SetValue("OLDER_BEFORE", r.rows[kPageSize - 1].Text(0));
      more->SetValue("OLDER_LISTENER", listener);
      more->SetValue("OLDER_STATUS", status);
      more->SetValue("OLDER_SINCE", since);
      break;
    }
    Dict* d = dict.AddSectionDictionary("DELIVERY");
    d->SetValue("ID", row.Text(0));
    d->SetValue("AT", row.Text(1));
    if (row.IsNull(2)) {
      d->SetValue("LISTENER_GONE", "deleted listener #" + row.Text(3));
      d->ShowSection("GONE");
    } else {
      d->AddSectionDictionary("KNOWN")->SetValue("KEY", row.Text(2));
    }
    d->SetIntValue("STATUS", row.Int(4));
    d->SetValue("STATUS_CLASS", StatusClass(row.Int(4)));
    d->SetValue("ERROR", row.Text(5));
    d->SetValue("DELIVERY_ID", row.Text(6));
    d->SetValue("DURATION", std::to_string(row.Int(7) / 1000) + " ms");
    if (!row.IsNull(8)) {
      d->AddSectionDictionary("REPLAY")->SetValue("REPLAY_OF", row.Text(8));
    }
  }
  return Render("deliveries.tpl", "Deliveries", "deliveries", &x->session,
                &dict, x->out);
}

Status Console::DeliveryPage(Exchange* x, int64_t id) {
  QueryResult r;
  Status s = db_->Run(
      "SELECT e.id, DATE_FORMAT(e.received_at, '%Y-%m-%d %H:%i:%s.%f'), "
      "l.listener_key, l.scope_project_id, e.listener_id, l.id IS NULL, "
      "e.http_status, e.error_code, e.error_message, e.delivery_id, "
      "e.client_addr, e.duration_us, e.outcomes, e.headers, e.body, "
      "e.body_size, e.key_passed, e.signature_passed, e.replay_of, "
      "e.duplicate_of, e.forced_by FROM events e "
      "LEFT JOIN listeners l ON l.id = e.listener_id WHERE e.id = ?",
      {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  const Row& row = r.rows[0];
  bool may = false;
  if (row.Int(5) != 0) {
    may = x->session.account.admin();
  } else {
    s = MaySee(x, row.IsNull(3), row.Int(3), &may);
    if (!s.ok()) return s;
  }
  if (!may) return NotFound(x);

  Dict dict("delivery");
  dict.SetValue("ID", row.Text(0));
  dict.SetValue("AT", row.Text(1) + " UTC");
  if (row.Int(5) != 0) {
    dict.SetValue("LISTENER_GONE", "deleted listener #" + row.Text(4));
    dict.ShowSection("GONE");
  } else {
    dict.AddSectionDictionary("KNOWN")->SetValue("KEY", row.Text(2));
    dict.ShowSection("CAN_REPLAY");
  }
  dict.SetIntValue("STATUS", row.Int(6));
  dict.SetValue("STATUS_CLASS", StatusClass(row.Int(6)));
  dict.SetValue("ERROR",
                row.IsNull(7) ? "none" : row.Text(7) + ": " + row.Text(8));
  dict.SetValue("DELIVERY_ID", row.IsNull(9) ? "none" : row.Text(9));
  dict.SetValue("CLIENT", row.Text(10));
  dict.SetValue("DURATION", std::to_string(row.Int(11) / 1000) + " ms");
  dict.SetValue("CHECKS", row.Int(16) != 0 && row.Int(17) != 0
                              ? "API key and signature passed"
                              : (row.Int(16) != 0 ? "API key passed only"
                                                  : "not authenticated"));
  if (!row.IsNull(18)) {
    dict.AddSectionDictionary("REPLAY")->SetValue("REPLAY_OF", row.Text(18));
  }
  if (!row.IsNull(19)) {
    dict.AddSectionDictionary("DUPLICATE")
        ->SetValue("DUPLICATE_OF", row.Text(19));
  }
  if (!row.IsNull(20)) {
    dict.AddSectionDictionary("FORCED")->SetValue("FORCED_BY", row.Text(20));
  }

  // Headers: a JSON object of lowercase names, secrets already masked.
  rapidjson::Document headers;
  headers.Parse(row.Text(13).c_str());
  if (!headers.HasParseError() && headers.IsObject()) {
    for (auto& m : headers.GetObject()) {
      Dict* h = dict.AddSectionDictionary("HEADER");
      h->SetValue("HEADER_NAME", m.name.GetString());
      h->SetValue("HEADER_VALUE",
                  m.value.IsString() ? m.value.GetString() : "");
    }
  }
  // Outcomes: [{"id":17,"identifier":"...","outcome":"applied"}, ...].
  rapidjson::Document outcomes;
  outcomes.Parse(row.Text(12).c_str());
  if (!outcomes.HasParseError() && outcomes.IsArray()) {
    for (auto& o : outcomes.GetArray()) {
      if (!o.IsObject()) continue;
      Dict* d = dict.AddSectionDictionary("OUTCOME");
      d->SetValue("TARGET", o.HasMember("id") && o["id"].IsInt64()
                                ? std::to_string(o["id"].GetInt64())
                                : "none");
      d->SetValue("IDENTIFIER",
                  o.HasMember("identifier") && o["identifier"].IsString()
                      ? o["identifier"].GetString()
                      : "");
      d->SetValue("OUTCOME", o.HasMember("outcome") && o["outcome"].IsString()
                                 ? o["outcome"].GetString()
                                 : "");
    }
  } else {
    dict.ShowSection("NO_OUTCOMES");
  }
  const std::string& body = row.Text(14);
  const int64_t body_size = row.Int(15);
  dict.SetIntValue("BODY_SIZE", body_size);
  if (static_cast<int64_t>(body.size()) < body_size) {
    dict.AddSectionDictionary("BODY_CUT")
        ->SetIntValue("BODY_KEPT", static_cast<long>(body.size()));
  }
  if (IsValidUtf8(body)) {
    dict.SetValue("BODY", body);
  } else {
    dict.SetValue("BODY", "(not valid UTF-8: not shown)");
  }

  QueryResult replays;
  s = db_->Run(
      "SELECT id, http_status FROM events WHERE replay_of = ? ORDER BY id",
      {SqlParam::Int(id)}, &replays);
  if (!s.ok()) return s;
  for (const Row& rr : replays.rows) {
    Dict* d = dict.AddSectionDictionary("REPLAYED_AS");
    d->SetValue("REPLAY_ID", rr.Text(0));
    d->SetIntValue("REPLAY_STATUS", rr.Int(1));
  }
  return Render("delivery.tpl", "Delivery " + row.Text(0), "deliveries",
                &x->session, &dict, x->out);
}

Status Console::ReplayPage(Exchange* x, int64_t id, const std::string& error) {
  QueryResult r;
  Status s = db_->Run(
      "SELECT l.listener_key, l.scope_project_id, e.key_passed, "
      "e.signature_passed, e.http_status, "
      "DATE_FORMAT(e.received_at, '%Y-%m-%d %H:%i:%s') "
      "FROM events e JOIN listeners l ON l.id = e.listener_id WHERE e.id = ?",
      {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  const Row& row = r.rows[0];
  bool may = false;
  s = MaySee(x, row.IsNull(1), row.Int(1), &may);
  if (!s.ok()) return s;
  if (!may) return NotFound(x);
  Dict dict("replay");
  dict.SetIntValue("ID", id);
  dict.SetValue("KEY", row.Text(0));
  dict.SetIntValue("STATUS", row.Int(4));
  dict.SetValue("AT", row.Text(5) + " UTC");
  dict.SetValue("CSRF", x->session.csrf_token);
  const bool authenticated = row.Int(2) != 0 && row.Int(3) != 0;
  if (!authenticated) {
    dict.ShowSection("UNAUTHENTICATED");
    if (x->session.account.admin()) dict.ShowSection("MAY_FORCE");
  }
  if (!authenticated && !x->session.account.admin()) {
    dict.ShowSection("CANNOT");
  } else {
    dict.ShowSection("CAN");
  }
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
    x->out->status = 422;
  }
  return Render("replay.tpl", "Replay delivery " + std::to_string(id),
                "deliveries", &x->session, &dict, x->out);
}

Status Console::Replay(Exchange* x, int64_t id) {
  QueryResult r;
  Status s = db_->Run(
      "SELECT l.type, l.scope_project_id FROM events e "
      "JOIN listeners l ON l.id = e.listener_id WHERE e.id = ?",
      {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  bool may = false;
  s = MaySee(x, r.rows[0].IsNull(1), r.rows[0].Int(1), &may);
  if (!s.ok()) return s;
  if (!may) return NotFound(x);
  if (x->form.Get("confirm") != "yes") {
    return ReplayPage(x, id, "Tick the box to confirm the replay.");
  }
  const bool force = x->form.Get("force") == "yes";
  if (force && !x->session.account.admin()) {
    return ErrorPage(x, 403, "Not allowed",
                     "Only an admin may replay a delivery that did not pass "
                     "its API key and signature checks.");
  }
  // Hold no snapshot or lock while the handler runs its own transaction.
  s = db_->Rollback();
  if (!s.ok()) return s;
  const std::string type = r.rows[0].Text(0);
  std::vector<std::string> argv = {ProgramDirectory() + "/" + type + ".fcgi",
                                   "--config", config_path_, "--replay",
                                   std::to_string(id)};
  if (force) {
    // One argument: a value can never be read as another option.
    argv.push_back("--forced-by=" + ForcedBy(x->session.account.email));
  }
  ProgramResult run;
  s = RunProgram(argv, &run);
  if (!s.ok()) return s;
  if (run.exit_status == 2) return ReplayPage(x, id, Trimmed(run.err) + ".");
  rapidjson::Document answer;
  answer.Parse(run.out.c_str(), run.out.size());
  if (answer.HasParseError() || !answer.IsObject() ||
      !answer.HasMember("event") || !answer["event"].IsInt64()) {
    return Status::Internal("the " + type +
                            " handler's replay answered no "
                            "event (exit " +
                            std::to_string(run.exit_status) +
                            "): " + Trimmed(run.err));
  }
  const int64_t event = answer["event"].GetInt64();
  s = Audit(x, force ? "delivery.replay.forced" : "delivery.replay",
            "event " + std::to_string(id),
            "recorded as event " + std::to_string(event));
  if (!s.ok()) return s;
  Redirect(x, "/admin/deliveries/" + std::to_string(event));
  return Status::OK();
}

}  // namespace earshot::console
