// The outbox: emails and webhooks queued by listeners, as earshot-outbox
// delivers them. The list has tabs: pending, failing (pending after at
// least one failed attempt), dead, sent, all; one message's page shows
// where it goes, its webhook-id / Message-ID, every attempt with its error,
// the body, and the delivery that queued it. Retry (after a confirmation)
// is common/outbox/outbox_retry.h, what `earshotctl outbox retry` does.

#include "common/base/utf8.h"
#include "common/console/console.h"
#include "common/outbox/outbox_retry.h"

namespace earshot::console {

namespace {

constexpr int kMessagesPerPage = 50;

const char* StateClass(const std::string& state, int64_t attempts) {
  if (state == "sent") return "ok";
  if (state == "dead") return "failed";
  return attempts > 0 ? "refused" : "off";
}

std::string StateWord(const std::string& state, int64_t attempts) {
  if (state == "pending" && attempts > 0) return "failing";
  return state;
}

bool IsRefusal(const Status& s) { return s.IsInvalid() || s.IsNotFound(); }

}  // namespace

Status Console::OutboxPage(Exchange* x) {
  std::string state = x->query.Get("state");
  std::string where = "TRUE";
  if (state == "pending" || state == "sent" || state == "dead") {
    where = "o.state = '" + state + "'";  // one of three constants
  } else if (state == "failing") {
    where = "o.state = 'pending' AND o.attempts > 0";
  } else {
    state = "all";
  }
  std::vector<SqlParam> params;
  const std::string before = x->query.Get("before");
  if (!before.empty() && before.size() < 19 &&
      before.find_first_not_of("0123456789") == std::string::npos) {
    where += " AND o.id < ?";
    params.push_back(SqlParam::Int(std::stoll(before)));
  }
  params.push_back(SqlParam::Int(kMessagesPerPage + 1));
  QueryResult r;
  Status s = db_->Run(
      "SELECT o.id, o.kind, o.state, o.recipient, o.subject, o.attempts, "
      "DATE_FORMAT(o.created_at, '%Y-%m-%d %H:%i:%s'), "
      "IF(o.state = 'pending', DATE_FORMAT(o.next_attempt_at, "
      "'%Y-%m-%d %H:%i:%s'), NULL), o.last_error, o.origin FROM outbox o "
      "WHERE " +
          where + " ORDER BY o.id DESC LIMIT ?",
      params, &r);
  if (!s.ok()) return s;
  Dict dict("outbox");
  dict.SetIntValue("PAGE_SIZE", kMessagesPerPage);
  dict.ShowSection("TAB_" + state);
  dict.SetValue("STATE", state);
  if (r.rows.empty()) dict.ShowSection("EMPTY");
  int shown = 0;
  for (const Row& row : r.rows) {
    if (++shown > kMessagesPerPage) {
      Dict* more = dict.AddSectionDictionary("OLDER");
      more->SetValue("OLDER_STATE", state);
      more->SetValue("OLDER_BEFORE", r.rows[kMessagesPerPage - 1].Text(0));
      break;
    }
    Dict* d = dict.AddSectionDictionary("MESSAGE");
    d->SetValue("ID", row.Text(0));
    d->SetValue("KIND", row.Text(1));
    d->SetValue("STATE", StateWord(row.Text(2), row.Int(5)));
    d->SetValue("STATE_CLASS", StateClass(row.Text(2), row.Int(5)));
    d->SetValue("RECIPIENT", row.Text(3));
    d->SetValue("SUBJECT", row.Text(4));
    d->SetIntValue("ATTEMPTS", row.Int(5));
    d->SetValue("CREATED", row.Text(6));
    d->SetValue("NEXT", row.IsNull(7) ? "" : row.Text(7));
    d->SetValue("LAST_ERROR", row.Text(8).substr(0, 200));
    d->SetValue("ORIGIN", row.Text(9));
  }
  return Render("outbox.tpl", "Outbox", "outbox", &x->session, &dict, x->out);
}

Status Console::OutboxMessagePage(Exchange* x, int64_t id,
                                  const std::string& error) {
  QueryResult r;
  Status s = db_->Run(
      "SELECT o.kind, o.state, o.recipient, o.subject, o.body, o.headers, "
      "o.message_id, o.origin, o.attempts, "
      "DATE_FORMAT(o.created_at, '%Y-%m-%d %H:%i:%s'), "
      "DATE_FORMAT(o.sent_at, '%Y-%m-%d %H:%i:%s'), "
      "IF(o.state = 'pending', DATE_FORMAT(o.next_attempt_at, "
      "'%Y-%m-%d %H:%i:%s'), NULL), o.last_error, "
      "o.state = 'pending' AND o.lease_token IS NOT NULL AND "
      "o.next_attempt_at > NOW(6), o.leased_by, o.hops, o.event_id, "
      "(SELECT e.id FROM events e WHERE e.id = o.event_id) "
      "FROM outbox o WHERE o.id = ?",
      {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  const Row& row = r.rows[0];
  Dict dict("outbox_message");
  dict.SetIntValue("ID", id);
  dict.SetValue("CSRF", x->session.csrf_token);
  const std::string kind = row.Text(0);
  dict.SetValue("KIND", kind);
  dict.SetValue("STATE", StateWord(row.Text(1), row.Int(8)));
  dict.SetValue("STATE_CLASS", StateClass(row.Text(1), row.Int(8)));
  dict.SetValue("RECIPIENT_NAME", kind == "webhook" ? "URL" : "To");
  dict.SetValue("RECIPIENT", row.Text(2));
  if (kind == "email") {
    dict.AddSectionDictionary("SUBJECT")->SetValue("SUBJECT_TEXT", row.Text(3));
  }
  dict.SetValue("ID_NAME", kind == "webhook" ? "webhook-id" : "Message-ID");
  dict.SetValue("MESSAGE_ID", row.Text(6));
  dict.SetValue("ORIGIN", row.Text(7).empty() ? "unknown" : row.Text(7));
  dict.SetIntValue("ATTEMPTS", row.Int(8));
  dict.SetValue("CREATED", row.Text(9) + " UTC");
  dict.SetValue("SENT", row.IsNull(10) ? "not yet" : row.Text(10) + " UTC");
  dict.SetValue("NEXT", row.IsNull(11) ? "none" : row.Text(11) + " UTC");
  dict.SetValue("LAST_ERROR", row.IsNull(12) ? "none" : row.Text(12));
  if (row.IsNull(16)) {
    dict.ShowSection("NO_EVENT");
  } else if (row.IsNull(17)) {
    dict.AddSectionDictionary("EVENT_GONE")->SetValue("EVENT", row.Text(16));
  } else {
    dict.AddSectionDictionary("EVENT")->SetValue("EVENT", row.Text(16));
  }
  const std::string& body = row.Text(4);
  dict.SetValue("BODY", IsValidUtf8(body) ? body : "(not valid UTF-8)");
  if (!row.IsNull(5) && IsValidUtf8(row.Text(5))) {
    dict.AddSectionDictionary("HEADERS")->SetValue("HEADERS_TEXT", row.Text(5));
  }
  const bool sending = row.Int(13) != 0;
  if (sending) {
    dict.AddSectionDictionary("SENDING")->SetValue("LEASED_BY", row.Text(14));
  } else if (row.Text(1) != "sent") {
    dict.ShowSection("CAN_RETRY");
    if (row.Text(1) == "dead") dict.ShowSection("DEAD");
  }

  QueryResult attempts;
  s = db_->Run(
      "SELECT DATE_FORMAT(attempted_at, '%Y-%m-%d %H:%i:%s'), duration_ms, "
      "worker, error FROM outbox_attempts WHERE outbox_id = ? ORDER BY id",
      {SqlParam::Int(id)}, &attempts);
  if (!s.ok()) return s;
  if (attempts.rows.empty()) dict.ShowSection("NO_ATTEMPTS");
  for (const Row& a : attempts.rows) {
    Dict* d = dict.AddSectionDictionary("ATTEMPT");
    d->SetValue("AT", a.Text(0));
    d->SetIntValue("MS", a.Int(1));
    d->SetValue("WORKER", a.Text(2));
    d->SetValue("RESULT", a.IsNull(3) ? "ok" : a.Text(3));
    d->SetValue("RESULT_CLASS", a.IsNull(3) ? "ok" : "failed");
  }
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
    x->out->status = 422;
  }
  return Render("outbox_message.tpl", "Outbox message " + std::to_string(id),
                "outbox", &x->session, &dict, x->out);
}

Status Console::RetryOutbox(Exchange* x, int64_t id) {
  if (x->form.Get("confirm") != "yes") {
    return OutboxMessagePage(x, id, "Tick the box to confirm the retry.");
  }
  bool was_dead = false;
  Status s = RetryOutboxMessage(db_.get(), id, &was_dead);
  if (s.ok()) {
    s = Audit(x, "outbox.retry", "outbox message " + std::to_string(id),
              was_dead ? "was dead" : "was waiting");
  }
  if (s.IsNotFound()) return NotFound(x);
  if (IsRefusal(s)) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return OutboxMessagePage(x, id, s.message());
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/outbox/" + std::to_string(id));
  return Status::OK();
}

}  // namespace earshot::console
