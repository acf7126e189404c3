// A user's page (/admin/users/ID) and a ticket's page (/admin/feedback/ID):
// the target's own columns, every external data group and field of its
// kind with the value (by type, in the viewer's time zone), when it last
// changed (data_values.updated_at) and the delivery that set it, then its
// comments, a ticket's followers, and (admins only) the outbox's emails to
// a user.
//
// "The delivery that set it" is read from the delivery log the way
// field_report.h's changed_per_day reads it: the latest applied data
// delivery of the field's group, received no later than the value's
// updated_at, whose outcomes name the target as applied and whose kept body
// holds the field's parameter. The log cannot see set_data macro actions,
// bodies cut to event_body_bytes or erased, or deliveries past retention;
// the page then says it cannot tell. The outbox keeps no link to a ticket,
// so a ticket's page lists no outbox messages.
//
// Who sees what: admins, everything; a manager, a ticket of a project they
// take part in, a user taking part in one of those projects (with the
// comments of those projects only); anything else answers 404.

#include "common/base/datetime.h"
#include "common/console/console.h"
#include "common/reports/display.h"
#include "common/reports/field_report.h"
#include "common/reports/target_list.h"
#include "common/store/event_subjects.h"

namespace earshot::console {

namespace {

constexpr int kMaxListed = 100;

}  // namespace

Status Console::MaySeeTarget(Exchange* x, TargetKind kind, int64_t id,
                             bool* yes) {
  *yes = true;
  if (x->session.account.admin()) return Status::OK();
  const std::string my_projects =
      "(SELECT pp.project_id FROM participations pp WHERE pp.user_id = ?)";
  QueryResult ok;
  Status s =
      kind == TargetKind::kUsers
          ? db_->Run(
                "SELECT 1 FROM participations p JOIN users u ON u.id = "
                "p.user_id WHERE p.user_id = ? AND u.deleted_at IS NULL "
                "AND p.project_id IN " +
                    my_projects + " LIMIT 1",
                {SqlParam::Int(id), SqlParam::Int(x->session.account.user_id)},
                &ok)
          : db_->Run(
                "SELECT 1 FROM feedback f WHERE f.id = ? AND "
                "f.project_id IN " +
                    my_projects,
                {SqlParam::Int(id), SqlParam::Int(x->session.account.user_id)},
                &ok);
  if (!s.ok()) return s;
  *yes = !ok.rows.empty();
  return Status::OK();
}

Status Console::TargetPage(Exchange* x, TargetKind kind, int64_t id) {
  const bool users = kind == TargetKind::kUsers;
  const bool admin = x->session.account.admin();
  std::string tz = x->query.Get("tz");
  if (tz.empty()) tz = "UTC";
  DisplayZone zone;
  if (!DisplayZone::Parse(tz, &zone).ok()) {
    tz = "UTC";
    zone = DisplayZone();
  }

  // The target, and whether this account may see it.
  QueryResult t;
  Status s;
  if (users) {
    s = db_->Run(
        "SELECT id, email, name, status, role, score, "
        "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM users "
        "WHERE id = ? AND deleted_at IS NULL",
        {SqlParam::Int(id)}, &t);
  } else {
    s = db_->Run(
        "SELECT f.id, f.project_id, f.kind, f.status, f.title, f.popularity, "
        "DATE_FORMAT(f.created_at, '%Y-%m-%d %H:%i:%s'), a.email "
        "FROM feedback f LEFT JOIN users a ON a.id = f.author_id "
        "WHERE f.id = ?",
        {SqlParam::Int(id)}, &t);
  }
  if (!s.ok()) return s;
  if (t.rows.empty()) return NotFound(x);
  const Row& target = t.rows[0];
  const std::string my_projects =
      "(SELECT pp.project_id FROM participations pp WHERE pp.user_id = ?)";
  bool yes;
  s = MaySeeTarget(x, kind, id, &yes);
  if (!s.ok()) return s;
  if (!yes) return NotFound(x);

  Dict dict("target");
  const std::vector<ListColumn> columns = TargetColumns(kind);
  for (size_t i = 0; i < columns.size() && i < target.size(); ++i) {
    Dict* d = dict.AddSectionDictionary("COLUMN");
    d->SetValue("NAME", columns[i].name);
    d->SetValue("VALUE", target.IsNull(i) ? "" : target.Text(i));
  }
  const std::string title = (users ? "User " : "Ticket ") + std::to_string(id);
  dict.SetValue("HEADING", title);
  dict.SetValue("TZ", tz);
  dict.SetValue("ACTION", (users ? "/admin/users/" : "/admin/feedback/") +
                              std::to_string(id));

  // Every group and field of the kind, with the target's value if any.
  QueryResult v;
  s = db_->Run(
      "SELECT g.name, f.label, f.type, f.id, f.param, v.value_int, "
      "DATE_FORMAT(v.value_time, '%Y-%m-%d %H:%i:%s.%f'), v.value_text, "
      "DATE_FORMAT(v.updated_at, '%Y-%m-%d %H:%i:%s.%f'), "
      "v.target_id IS NOT NULL FROM data_fields f "
      "JOIN data_groups g ON g.id = f.group_id "
      "LEFT JOIN data_values v ON v.field_id = f.id AND v.target_id = ? "
      "WHERE g.target = ? ORDER BY g.name, f.label",
      {SqlParam::Int(id), SqlParam::Text(TargetKindName(kind))}, &v);
  if (!s.ok()) return s;
  Dict* group = nullptr;
  std::string group_name;
  for (const Row& row : v.rows) {
    if (group == nullptr || row.Text(0) != group_name) {
      group_name = row.Text(0);
      group = dict.AddSectionDictionary("GROUP");
      group->SetValue("NAME", group_name);
    }
    FieldType type = FieldType::kString;
    (void)ParseFieldType(row.Text(2), &type);
    Dict* d = group->AddSectionDictionary("FIELD");
    d->SetValue("LABEL", row.Text(1));
    d->SetValue("TYPE", row.Text(2));
    d->SetValue("REPORT_URL",
                "/admin/reports?field=" + row.Text(0) + "." + row.Text(1));
    const bool has = row.Int(9) != 0;
    if (!has) {
      d->ShowSection("NEVER");
      continue;
    }
    const size_t col = type == FieldType::kDatetime ? 6
                       : type == FieldType::kString ? 7
                                                    : 5;
    ReportValue value = ReadReportValue(row, col, type);
    d->SetValue("VALUE", DisplayText(value, zone));
    int64_t updated = 0;
    (void)ParseSqlDatetime(row.Text(8), &updated);
    d->SetValue("UPDATED", zone.Format(updated));
    // The delivery that set it, when the log can tell.
    std::string path;
    QueryResult e;
    if (PointerToJsonPath(row.Text(4), &path)) {
      std::string sql =
          "SELECT MAX(e.id) FROM events e, JSON_TABLE(e.outcomes, '$[*]' "
          "COLUMNS (id BIGINT PATH '$.id', outcome VARCHAR(16) PATH "
          "'$.outcome')) AS o WHERE e.listener_id IN (SELECT l.id FROM "
          "listeners l WHERE l.type = 'data' AND l.group_id = (SELECT "
          "f.group_id FROM data_fields f WHERE f.id = ?)) "
          "AND e.http_status = 200 AND e.duplicate_of IS NULL "
          "AND o.id = ? AND o.outcome = 'applied' "
          "AND e.received_at <= ? AND LENGTH(e.body) = e.body_size "
          "AND JSON_EXISTS(e.body, ?)";
      std::vector<SqlParam> params = {
          SqlParam::Int(row.Int(3)), SqlParam::Int(id),
          SqlParam::Text(row.Text(8)), SqlParam::Text(path)};
      if (users) {
        // Through the erasure index: the user's own deliveries only.
        sql +=
            " AND e.id IN (SELECT es.event_id FROM event_subjects es WHERE "
            "es.subject = ?)";
        params.push_back(SqlParam::Blob(UserSubject(id)));
      }
      s = db_->Run(sql, params, &e);
      if (!s.ok()) return s;
    }
    if (!e.rows.empty() && !e.rows[0].IsNull(0)) {
      const std::string event = e.rows[0].Text(0);
      Dict* link = d->AddSectionDictionary("EVENT");
      link->SetValue("ID", event);
      link->SetValue("URL", "/admin/deliveries/" + event);
    } else {
      d->ShowSection("NO_EVENT");
    }
  }
  if (v.rows.empty()) dict.ShowSection("NO_DATA");

  // Comments: a manager sees those of their projects only.
  std::vector<SqlParam> cp = {SqlParam::Int(id)};
  std::string where = users ? "c.user_id = ?" : "c.feedback_id = ?";
  if (!admin) {
    where += " AND c.project_id IN " + my_projects;
    cp.push_back(SqlParam::Int(x->session.account.user_id));
  }
  QueryResult c;
  s = db_->Run(
      "SELECT DATE_FORMAT(c.created_at, '%Y-%m-%d %H:%i:%s'), a.email, "
      "c.project_id, c.body FROM comments c LEFT JOIN users a ON a.id = "
      "c.author_id WHERE " +
          where + " ORDER BY c.id DESC LIMIT " + std::to_string(kMaxListed),
      cp, &c);
  if (!s.ok()) return s;
  for (const Row& row : c.rows) {
    Dict* d = dict.AddSectionDictionary("COMMENT");
    d->SetValue("AT", row.Text(0));
    d->SetValue("AUTHOR", row.IsNull(1) ? "(erased)" : row.Text(1));
    d->SetValue("PROJECT",
                row.IsNull(2) ? "community" : "project " + row.Text(2));
    d->SetValue("BODY", row.Text(3));
  }
  if (c.rows.empty()) dict.ShowSection("NO_COMMENTS");

  if (!users) {
    dict.ShowSection("TICKET");
    QueryResult f;
    s = db_->Run(
        "SELECT u.id, u.email FROM followers fo JOIN users u ON u.id = "
        "fo.user_id WHERE fo.feedback_id = ? AND u.deleted_at IS NULL "
        "ORDER BY u.id LIMIT " +
            std::to_string(kMaxListed),
        {SqlParam::Int(id)}, &f);
    if (!s.ok()) return s;
    for (const Row& row : f.rows) {
      Dict* d = dict.AddSectionDictionary("FOLLOWER");
      d->SetValue("URL", "/admin/users/" + row.Text(0));
      d->SetValue("EMAIL", row.Text(1));
    }
    if (f.rows.empty()) dict.ShowSection("NO_FOLLOWERS");
  }
  if (admin && users && !target.IsNull(1)) {
    dict.ShowSection("OUTBOX");
    QueryResult o;
    s = db_->Run(
        "SELECT id, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), state, "
        "subject, origin FROM outbox WHERE kind = 'email' AND recipient = ? "
        "ORDER BY id DESC LIMIT " +
            std::to_string(kMaxListed),
        {SqlParam::Text(target.Text(1))}, &o);
    if (!s.ok()) return s;
    for (const Row& row : o.rows) {
      Dict* d = dict.AddSectionDictionary("MESSAGE");
      d->SetValue("ID", row.Text(0));
      d->SetValue("AT", row.Text(1));
      d->SetValue("STATE", row.Text(2));
      d->SetValue("SUBJECT", row.IsNull(3) ? "" : row.Text(3));
      d->SetValue("ORIGIN", row.Text(4));
    }
    if (o.rows.empty()) dict.ShowSection("NO_MESSAGES");
  }
  return Render("target.tpl", title, users ? "users" : "feedback", &x->session,
                &dict, x->out);
}

}  // namespace earshot::console
