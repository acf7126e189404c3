// The listeners: the list, per automation area (community / each project;
// users, feedback, projects), and one listener's page with its endpoint
// URL, a ready curl line, its settings and its latest deliveries.
// Enabling and disabling are changes: audited, and they bump the config
// version as earshotctl does, so every handler sees them at once.

#include <map>
#include <tuple>

#include "common/console/console.h"
#include "common/store/listener.h"

namespace earshot::console {

namespace {

const char* TargetArea(const std::string& target) {
  if (target == "users") return "User automation";
  if (target == "feedback") return "Feedback automation";
  return "Project automation";
}

const char* TypeLabel(const std::string& type) {
  if (type == "macro") return "Macro";
  if (type == "comment") return "Add comment";
  return "External data";
}

// "ok" for 200, "refused" for 4xx, "failed" otherwise: a CSS class and a
// word, never colour alone.
const char* StatusClass(int64_t status) {
  if (status == 200) return "ok";
  if (status >= 400 && status < 500) return "refused";
  return "failed";
}

std::string EndpointUrl(const std::string& base_url, const std::string& type,
                        const std::string& key) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/listeners/" + type + "/" + key;
}

std::string SampleBody(const std::string& identify) {
  // identify is ATTRIBUTE=SOURCE; a JSON Pointer source gets a sample
  // member, a query source none.
  size_t eq = identify.find('=');
  std::string source = eq == std::string::npos ? "" : identify.substr(eq + 1);
  if (source.size() > 1 && source[0] == '/' &&
      source.find('/', 1) == std::string::npos &&
      source.find_first_of("\"\\'~") == std::string::npos) {
    const bool email = identify.rfind("email=", 0) == 0;
    return "{\"" + source.substr(1) +
           "\":" + (email ? "\"someone@example.com\"" : "1") + "}";
  }
  return "{}";
}

}  // namespace

Status Console::ListenersPage(Exchange* x) {
  std::vector<SqlParam> params;
  std::string visible = VisibleListeners(x, &params);
  QueryResult r;
  Status s = db_->Run(
      "SELECT l.listener_key, l.name, l.type, l.target, l.scope_project_id, "
      "p.name, l.enabled, "
      "(SELECT DATE_FORMAT(e.received_at, '%Y-%m-%d %H:%i:%s') FROM events e "
      " WHERE e.listener_id = l.id ORDER BY e.id DESC LIMIT 1), "
      "(SELECT e.http_status FROM events e WHERE e.listener_id = l.id "
      " ORDER BY e.id DESC LIMIT 1), "
      "(SELECT COUNT(*) FROM events e WHERE e.listener_id = l.id AND "
      " e.received_at > UTC_TIMESTAMP(6) - INTERVAL 1 DAY AND "
      " e.http_status = 200), "
      "(SELECT COUNT(*) FROM events e WHERE e.listener_id = l.id AND "
      " e.received_at > UTC_TIMESTAMP(6) - INTERVAL 1 DAY AND "
      " e.http_status BETWEEN 400 AND 499), "
      "(SELECT COUNT(*) FROM events e WHERE e.listener_id = l.id AND "
      " e.received_at > UTC_TIMESTAMP(6) - INTERVAL 1 DAY AND "
      " e.http_status NOT BETWEEN 200 AND 499) "
      "FROM listeners l LEFT JOIN projects p ON p.id = l.scope_project_id "
      "WHERE " +
          visible +
          " ORDER BY l.scope_project_id IS NOT NULL, p.name, l.target, "
          "l.listener_key",
      params, &r);
  if (!s.ok()) return s;

  Dict dict("listeners");
  if (r.rows.empty()) dict.ShowSection("EMPTY");
  if (!x->session.account.admin()) dict.ShowSection("MANAGER");
  Dict* area = nullptr;
  std::string area_name;
  for (const Row& row : r.rows) {
    std::string scope = row.IsNull(4) ? "Community" : "Project " + row.Text(5);
    std::string name = scope + " · " + TargetArea(row.Text(3));
    if (area == nullptr || name != area_name) {
      area = dict.AddSectionDictionary("AREA");
      area->SetValue("AREA_NAME", name);
      area_name = name;
    }
    Dict* item = area->AddSectionDictionary("LISTENER");
    const std::string key = row.Text(0);
    item->SetValue("KEY", key);
    item->SetValue("NAME", row.Text(1).empty() ? key : row.Text(1));
    item->SetValue("TYPE", TypeLabel(row.Text(2)));
    item->SetValue("ENABLED", row.Int(6) != 0 ? "Enabled" : "Disabled");
    item->SetValue("ENABLED_CLASS", row.Int(6) != 0 ? "ok" : "off");
    if (row.IsNull(7)) {
      item->ShowSection("NEVER");
    } else {
      Dict* last = item->AddSectionDictionary("LAST");
      last->SetValue("LAST_AT", row.Text(7) + " UTC");
      last->SetIntValue("LAST_STATUS", row.Int(8));
      last->SetValue("LAST_CLASS", StatusClass(row.Int(8)));
    }
    item->SetIntValue("COUNT_OK", row.Int(9));
    item->SetIntValue("COUNT_REFUSED", row.Int(10));
    item->SetIntValue("COUNT_FAILED", row.Int(11));
  }
  return Render("listeners.tpl", "Listeners", "listeners", &x->session, &dict,
                x->out);
}

Status Console::ListenerPage(Exchange* x, const std::string& key) {
  QueryResult r;
  Status s = db_->Run(
      "SELECT l.id, l.listener_key, l.name, l.description, l.type, l.target, "
      "l.scope_project_id, p.name, l.enabled, k.name, k.prefix, "
      "k.revoked_at IS NOT NULL, l.identify, l.filter, l.signature_scheme, "
      "g.name, m.name, l.author_field, l.author_email, l.comment_field, "
      "DATE_FORMAT(l.created_at, '%Y-%m-%d %H:%i'), "
      "DATE_FORMAT(l.updated_at, '%Y-%m-%d %H:%i') "
      "FROM listeners l LEFT JOIN projects p ON p.id = l.scope_project_id "
      "JOIN api_keys k ON k.id = l.api_key_id "
      "LEFT JOIN data_groups g ON g.id = l.group_id "
      "LEFT JOIN macros m ON m.id = l.macro_id WHERE l.listener_key = ?",
      {SqlParam::Text(key)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  const Row& row = r.rows[0];
  bool may = false;
  s = MaySee(x, row.IsNull(6), row.Int(6), &may);
  if (!s.ok()) return s;
  if (!may) return NotFound(x);

  Dict dict("listener");
  const std::string type = row.Text(4);
  const std::string url = EndpointUrl(config_.base_url, type, key);
  dict.SetValue("KEY", key);
  dict.SetValue("NAME", row.Text(2).empty() ? key : row.Text(2));
  if (!row.Text(3).empty()) {
    dict.ShowSection("DESCRIPTION");
    dict.SetValue("DESCRIPTION_TEXT", row.Text(3));
  }
  dict.SetValue("TYPE", TypeLabel(type));
  dict.SetValue("TARGET", row.Text(5));
  dict.SetValue("SCOPE",
                row.IsNull(6) ? "Community" : "Project " + row.Text(7));
  const bool enabled = row.Int(8) != 0;
  dict.SetValue("ENABLED", enabled ? "Enabled" : "Disabled");
  dict.SetValue("ENABLED_CLASS", enabled ? "ok" : "off");
  dict.SetValue("TOGGLE_VALUE", enabled ? "0" : "1");
  dict.SetValue("TOGGLE_LABEL",
                enabled ? "Disable this listener" : "Enable this listener");
  dict.SetValue("CSRF", x->session.csrf_token);
  dict.SetValue("URL", url);
  dict.SetValue("CURL", "curl -sS -X POST '" + url +
                            "' \\\n  -H 'Authorization: Bearer YOUR_API_KEY' "
                            "\\\n  -H 'Content-Type: application/json' \\\n  "
                            "-d '" +
                            SampleBody(row.Text(12)) + "'");
  dict.SetValue("API_KEY", row.Text(9));
  dict.SetValue("API_KEY_PREFIX", row.Text(10));
  if (row.Int(11) != 0) dict.ShowSection("API_KEY_REVOKED");
  dict.SetValue("IDENTIFY", row.Text(12));
  dict.SetValue("FILTER", row.IsNull(13) ? "none" : row.Text(13));
  dict.SetValue("SIGNATURE", row.IsNull(14) ? "none" : row.Text(14));
  if (type == "data") {
    Dict* d = dict.AddSectionDictionary("SETTING");
    d->SetValue("SETTING_NAME", "Data group");
    d->SetValue("SETTING_VALUE", row.Text(15));
  } else if (type == "macro") {
    Dict* d = dict.AddSectionDictionary("SETTING");
    d->SetValue("SETTING_NAME", "Macro");
    d->SetValue("SETTING_VALUE", row.Text(16));
  } else {
    Dict* d = dict.AddSectionDictionary("SETTING");
    d->SetValue("SETTING_NAME", "Author");
    d->SetValue("SETTING_VALUE",
                row.IsNull(18) ? row.Text(17) : row.Text(18) + " (fixed)");
    d = dict.AddSectionDictionary("SETTING");
    d->SetValue("SETTING_NAME", "Comment field");
    d->SetValue("SETTING_VALUE", row.Text(19));
  }
  dict.SetValue("CREATED", row.Text(20) + " UTC");
  dict.SetValue("UPDATED", row.Text(21) + " UTC");

  QueryResult events;
  s = db_->Run(
      "SELECT id, DATE_FORMAT(received_at, '%Y-%m-%d %H:%i:%s'), "
      "http_status, error_code, delivery_id FROM events WHERE listener_id = ? "
      "ORDER BY id DESC LIMIT 10",
      {SqlParam::Int(row.Int(0))}, &events);
  if (!s.ok()) return s;
  if (events.rows.empty()) dict.ShowSection("NO_DELIVERIES");
  for (const Row& e : events.rows) {
    Dict* d = dict.AddSectionDictionary("DELIVERY");
    d->SetValue("ID", e.Text(0));
    d->SetValue("AT", e.Text(1));
    d->SetIntValue("STATUS", e.Int(2));
    d->SetValue("STATUS_CLASS", StatusClass(e.Int(2)));
    d->SetValue("ERROR", e.Text(3));
    d->SetValue("DELIVERY_ID", e.Text(4));
  }
  return Render("listener.tpl", row.Text(2).empty() ? key : row.Text(2),
                "listeners", &x->session, &dict, x->out);
}

Status Console::SetListenerEnabled(Exchange* x, const std::string& key) {
  QueryResult r;
  Status s = db_->Run(
      "SELECT id, enabled, scope_project_id FROM listeners "
      "WHERE listener_key = ? FOR UPDATE",
      {SqlParam::Text(key)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  bool may = false;
  s = MaySee(x, r.rows[0].IsNull(2), r.rows[0].Int(2), &may);
  if (!s.ok()) return s;
  if (!may) return NotFound(x);
  const std::string wanted = x->form.Get("enabled");
  if (wanted != "0" && wanted != "1") {
    return ErrorPage(x, 400, "Bad request", "enabled must be 0 or 1.");
  }
  const bool enabled = wanted == "1";
  if ((r.rows[0].Int(1) != 0) != enabled) {
    s = db_->Run(
        "UPDATE listeners SET enabled = ?, updated_at = UTC_TIMESTAMP(6) "
        "WHERE id = ?",
        {SqlParam::Int(enabled ? 1 : 0), SqlParam::Int(r.rows[0].Int(0))},
        nullptr);
    if (s.ok()) s = BumpConfigVersion(db_.get());
    if (s.ok()) {
      s = Audit(x, enabled ? "listener.enable" : "listener.disable",
                "listener " + key, "");
    }
    if (!s.ok()) return s;
  }
  Redirect(x, "/admin/listeners/" + key);
  return Status::OK();
}

}  // namespace earshot::console
