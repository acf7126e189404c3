// The audit log page: who changed what, when. Admins see every entry;
// a manager sees their own.

#include "common/console/console.h"

namespace earshot::console {

Status Console::AuditPage(Exchange* x) {
  std::vector<SqlParam> params;
  std::string where = "TRUE";
  if (!x->session.account.admin()) {
    where = "user_id = ?";
    params.push_back(SqlParam::Int(x->session.account.user_id));
  }
  QueryResult r;
  Status s = db_->Run(
      "SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), actor, action, object, "
      "detail, client_addr FROM console_audit WHERE " +
          where + " ORDER BY id DESC LIMIT 200",
      params, &r);
  if (!s.ok()) return s;
  Dict dict("audit");
  if (r.rows.empty()) dict.ShowSection("EMPTY");
  if (!x->session.account.admin()) dict.ShowSection("MANAGER");
  for (const Row& row : r.rows) {
    Dict* d = dict.AddSectionDictionary("ENTRY");
    d->SetValue("AT", row.Text(0));
    d->SetValue("ACTOR", row.Text(1));
    d->SetValue("ACTION", row.Text(2));
    d->SetValue("OBJECT", row.Text(3));
    d->SetValue("DETAIL", row.Text(4));
    d->SetValue("CLIENT", row.Text(5));
  }
  return Render("audit.tpl", "Audit log", "audit", &x->session, &dict, x->out);
}

}  // namespace earshot::console
