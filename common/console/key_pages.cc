// The API keys page (admins only: keys are community-wide, so a manager
// gets 404 as for a page that does not exist): the list, creating a key
// (shown once, on the answer to the POST, never again: only its SHA-256
// is stored), one key's page with its listeners and the addresses it was
// used from, editing its allow-list and new-address notification, and
// revoking it after a confirmation that names the listeners it stops.
// Checks and changes are common/store/api_keys.h, the code `earshotctl
// apikey` runs; every change is audited in its transaction.

#include <map>

#include "common/console/console.h"
#include "common/store/api_keys.h"
#include "common/store/lookup.h"

namespace earshot::console {

namespace {

const char kAllowHelp[] =
    "CIDRs or addresses (10.0.0.0/8, 2001:db8::/32, 192.0.2.7), separated by "
    "blanks, commas or lines. Empty: any address.";

// Listener keys per API key id, enabled ones marked.
struct KeyUse {
  std::string key;
  bool enabled;
};

Status ListenersByKey(Connection* db,
                      std::map<int64_t, std::vector<KeyUse>>* uses) {
  QueryResult r;
  Status s = db->Run(
      "SELECT api_key_id, listener_key, enabled FROM listeners "
      "ORDER BY listener_key",
      &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    (*uses)[row.Int(0)].push_back({row.Text(1), row.Int(2) != 0});
  }
  return Status::OK();
}

void AddUses(const std::vector<KeyUse>& uses, Dict* d) {
  if (uses.empty()) d->ShowSection("UNUSED");
  for (const KeyUse& use : uses) {
    Dict* u = d->AddSectionDictionary("USE");
    u->SetValue("USE_KEY", use.key);
    if (!use.enabled) u->ShowSection("USE_DISABLED");
  }
}

}  // namespace

Status Console::KeysPage(Exchange* x, const std::string& error,
                         const NewApiKey* created) {
  if (!x->session.account.admin()) return NotFound(x);
  QueryResult r;
  Status s = db_->Run(
      "SELECT id, name, prefix, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), "
      "DATE_FORMAT(last_used_at, '%Y-%m-%d %H:%i'), "
      "DATE_FORMAT(revoked_at, '%Y-%m-%d %H:%i'), allow_ips, notify_email "
      "FROM api_keys ORDER BY revoked_at IS NOT NULL, name",
      &r);
  if (!s.ok()) return s;
  std::map<int64_t, std::vector<KeyUse>> uses;
  s = ListenersByKey(db_.get(), &uses);
  if (!s.ok()) return s;

  Dict dict("keys");
  dict.SetValue("CSRF", x->session.csrf_token);
  dict.SetValue("ALLOW_HELP", kAllowHelp);
  if (r.rows.empty()) dict.ShowSection("EMPTY");
  for (const Row& row : r.rows) {
    Dict* d = dict.AddSectionDictionary("KEY");
    d->SetValue("NAME", row.Text(1));
    d->SetValue("PREFIX", row.Text(2));
    d->SetValue("CREATED", row.Text(3));
    if (row.IsNull(4)) {
      d->ShowSection("NEVER_USED");
    } else {
      d->SetValueAndShowSection("LAST_USED", row.Text(4), "USED");
    }
    if (!row.IsNull(5)) {
      d->SetValueAndShowSection("REVOKED_AT", row.Text(5), "REVOKED");
    } else {
      d->ShowSection("ACTIVE");
    }
    if (row.Text(6).empty()) {
      d->ShowSection("ANY_ADDRESS");
    } else {
      d->SetValueAndShowSection("ALLOW", row.Text(6), "ALLOW_LIST");
    }
    if (!row.IsNull(7)) {
      d->SetValueAndShowSection("NOTIFY", row.Text(7), "NOTIFIES");
    }
    AddUses(uses[row.Int(0)], d);
  }
  if (created != nullptr) {
    Dict* c = dict.AddSectionDictionary("CREATED_KEY");
    c->SetValue("NEW_NAME", x->form.Get("name"));
    c->SetValue("NEW_KEY", created->key);
  }
  if (!error.empty()) {
    dict.SetValueAndShowSection("ERROR_TEXT", error, "ERROR");
    x->out->status = 422;
    // What was typed, to correct it.
    dict.SetValue("FORM_NAME", x->form.Get("name"));
    dict.SetValue("FORM_ALLOW", x->form.Get("allow_ips"));
    dict.SetValue("FORM_NOTIFY", x->form.Get("notify_email"));
  }
  return Render("keys.tpl", "API keys", "keys", &x->session, &dict, x->out);
}

Status Console::CreateKey(Exchange* x) {
  if (!x->session.account.admin()) return NotFound(x);
  const std::string name = x->form.Get("name");
  const std::string notify = x->form.Get("notify_email");
  std::string allowed;
  Status s = CheckApiKeyName(name);
  if (s.ok()) {
    s = NormalizeAllowList(SplitAllowList(x->form.Get("allow_ips")), &allowed);
    if (!s.ok()) s = Status::Invalid("Allowed addresses: " + s.message());
  }
  if (s.ok() && !notify.empty()) {
    s = CheckNotifyEmail(notify);
    if (!s.ok()) s = Status::Invalid("Notification email: " + s.message());
  }
  NewApiKey created;
  if (s.ok()) s = CreateApiKey(db_.get(), name, allowed, notify, &created);
  if (s.IsInvalid() || s.IsDuplicate()) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return KeysPage(x, s.message(), nullptr);
  }
  if (s.ok()) {
    s = Audit(x, "apikey.create", "api key " + name,
              (allowed.empty() ? "any address" : "allowed from " + allowed) +
                  (notify.empty() ? "" : "; notify " + notify));
  }
  if (!s.ok()) return s;
  // Shown in the answer to this POST, and nowhere else ever again.
  return KeysPage(x, "", &created);
}

Status Console::KeyPage(Exchange* x, const std::string& name,
                        const std::string& error) {
  if (!x->session.account.admin()) return NotFound(x);
  QueryResult r;
  Status s = db_->Run(
      "SELECT id, name, prefix, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), "
      "DATE_FORMAT(last_used_at, '%Y-%m-%d %H:%i'), "
      "DATE_FORMAT(revoked_at, '%Y-%m-%d %H:%i'), allow_ips, notify_email "
      "FROM api_keys WHERE name = ?",
      {SqlParam::Text(name)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  const Row& row = r.rows[0];
  std::map<int64_t, std::vector<KeyUse>> uses;
  s = ListenersByKey(db_.get(), &uses);
  if (!s.ok()) return s;

  Dict dict("key");
  dict.SetValue("CSRF", x->session.csrf_token);
  dict.SetValue("ALLOW_HELP", kAllowHelp);
  dict.SetValue("NAME", row.Text(1));
  dict.SetValue("PREFIX", row.Text(2));
  dict.SetValue("CREATED", row.Text(3));
  dict.SetValue("LAST_USED", row.IsNull(4) ? "never" : row.Text(4) + " UTC");
  if (!row.IsNull(5)) {
    dict.SetValueAndShowSection("REVOKED_AT", row.Text(5), "REVOKED");
  } else {
    dict.ShowSection("ACTIVE");
  }
  dict.SetValue("ALLOW_TEXT",
                row.Text(6).empty() ? "any address" : row.Text(6));
  // What was typed when redisplaying after a mistake, else what is stored.
  dict.SetValue("ALLOW", x->form.Has("allow_ips") ? x->form.Get("allow_ips")
                                                  : row.Text(6));
  dict.SetValue("NOTIFY", x->form.Has("notify_email")
                              ? x->form.Get("notify_email")
                              : row.Text(7));
  dict.SetValue("NOTIFY_TEXT", row.IsNull(7) ? "off" : row.Text(7));
  AddUses(uses[row.Int(0)], &dict);
  if (!error.empty()) {
    dict.SetValueAndShowSection("ERROR_TEXT", error, "ERROR");
    x->out->status = 422;
  }
  QueryResult seen;
  s = db_->Run(
      "SELECT client_addr, DATE_FORMAT(first_seen_at, '%Y-%m-%d %H:%i:%s'), "
      "notified_at IS NOT NULL FROM api_key_addresses WHERE api_key_id = ? "
      "ORDER BY first_seen_at DESC LIMIT 100",
      {SqlParam::Int(row.Int(0))}, &seen);
  if (!s.ok()) return s;
  if (seen.rows.empty()) dict.ShowSection("NO_ADDRESSES");
  for (const Row& a : seen.rows) {
    Dict* d = dict.AddSectionDictionary("ADDRESS");
    d->SetValue("ADDR", a.Text(0));
    d->SetValue("FIRST_SEEN", a.Text(1));
    d->SetValue("EMAILED", a.Int(2) != 0 ? "emailed" : "not emailed (cap)");
  }
  return Render("key.tpl", "API key " + name, "keys", &x->session, &dict,
                x->out);
}

Status Console::SaveKeyAllowList(Exchange* x, const std::string& name) {
  if (!x->session.account.admin()) return NotFound(x);
  ApiKeyRef key;
  Status s = FindApiKey(db_.get(), name, &key);
  if (s.IsNotFound()) return NotFound(x);
  if (!s.ok()) return s;
  std::string allowed;
  s = NormalizeAllowList(SplitAllowList(x->form.Get("allow_ips")), &allowed);
  if (!s.ok()) return KeyPage(x, name, "Allowed addresses: " + s.message());
  s = SetApiKeyAllowList(db_.get(), key.id, allowed);
  if (s.ok()) {
    s = Audit(x, "apikey.allow", "api key " + name,
              allowed.empty() ? "any address" : allowed);
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/keys/" + name);
  return Status::OK();
}

Status Console::SaveKeyNotify(Exchange* x, const std::string& name) {
  if (!x->session.account.admin()) return NotFound(x);
  ApiKeyRef key;
  Status s = FindApiKey(db_.get(), name, &key);
  if (s.IsNotFound()) return NotFound(x);
  if (!s.ok()) return s;
  const std::string email = x->form.Get("notify_email");
  if (!email.empty()) {
    s = CheckNotifyEmail(email);
    if (!s.ok()) return KeyPage(x, name, "Notification email: " + s.message());
  }
  s = SetApiKeyNotify(db_.get(), key.id, email);
  if (s.ok()) {
    s = Audit(x, "apikey.notify", "api key " + name,
              email.empty() ? "off" : email);
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/keys/" + name);
  return Status::OK();
}

Status Console::RevokeKeyPage(Exchange* x, const std::string& name,
                              const std::string& error) {
  if (!x->session.account.admin()) return NotFound(x);
  QueryResult r;
  Status s = db_->Run(
      "SELECT id, prefix, revoked_at IS NOT NULL FROM api_keys WHERE name = ?",
      {SqlParam::Text(name)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  std::map<int64_t, std::vector<KeyUse>> uses;
  s = ListenersByKey(db_.get(), &uses);
  if (!s.ok()) return s;
  Dict dict("revoke");
  dict.SetValue("CSRF", x->session.csrf_token);
  dict.SetValue("NAME", name);
  dict.SetValue("PREFIX", r.rows[0].Text(1));
  if (r.rows[0].Int(2) != 0) {
    dict.ShowSection("ALREADY");
  } else {
    dict.ShowSection("CAN");
  }
  Dict* stops = nullptr;
  for (const KeyUse& use : uses[r.rows[0].Int(0)]) {
    if (!use.enabled) continue;
    if (stops == nullptr) stops = dict.AddSectionDictionary("STOPS_ANY");
    stops->AddSectionDictionary("STOPS")->SetValue("STOP_KEY", use.key);
  }
  if (stops == nullptr) dict.ShowSection("STOPS_NONE");
  if (!error.empty()) {
    dict.SetValueAndShowSection("ERROR_TEXT", error, "ERROR");
    x->out->status = 422;
  }
  return Render("key_revoke.tpl", "Revoke " + name, "keys", &x->session, &dict,
                x->out);
}

Status Console::RevokeKey(Exchange* x, const std::string& name) {
  if (!x->session.account.admin()) return NotFound(x);
  ApiKeyRef key;
  Status s = FindApiKey(db_.get(), name, &key);
  if (s.IsNotFound()) return NotFound(x);
  if (!s.ok()) return s;
  if (x->form.Get("confirm") != "yes") {
    return RevokeKeyPage(x, name,
                         "Tick the box to confirm: a revoked key cannot be "
                         "used again.");
  }
  std::vector<std::string> stopped;
  s = RevokeApiKey(db_.get(), key.id, &stopped);
  if (s.ok() && !key.revoked) {
    std::string detail =
        std::to_string(stopped.size()) + " enabled listener(s) stop working";
    for (size_t i = 0; i < stopped.size(); ++i) {
      detail += (i == 0 ? ": " : ", ") + stopped[i];
    }
    s = Audit(x, "apikey.revoke", "api key " + name, detail);
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/keys/" + name);
  return Status::OK();
}

}  // namespace earshot::console
