// External data groups and their fields: the list, one group's page (its
// fields, the listeners and macros that use them, a form to add a field),
// a field's edit page. Every change goes through common/store/data_groups.h,
// the code `earshotctl group create` and `field add` use, so both accept
// and refuse the same things with the same messages; a refused change
// shows its form again (422) with that message and writes nothing.

#include <algorithm>

#include "common/base/domain.h"
#include "common/console/console.h"
#include "common/store/data_groups.h"
#include "common/store/lookup.h"

namespace earshot::console {

namespace {

constexpr int kGroupsPerPage = 50;

// A refusal the operator can act on (shown on the form), rather than a
// failure of the server.
bool IsRefusal(const Status& s) {
  return s.IsInvalid() || s.IsDuplicate() || s.IsNotFound();
}

void TypeOptions(Dict* dict, const std::string& selected) {
  for (const char* type : {"string", "integer", "boolean", "datetime"}) {
    Dict* o = dict->AddSectionDictionary("TYPE_OPTION");
    o->SetValue("TYPE_VALUE", type);
    if (selected == type) o->ShowSection("SELECTED");
  }
}

int PageNumber(const Form& query) {
  const std::string text = query.Get("page");
  if (text.empty() || text.size() > 6 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return 1;
  }
  return std::max(1, std::stoi(text));
}

}  // namespace

Status Console::DataPage(Exchange* x, const std::string& error) {
  const int page = PageNumber(x->query);
  QueryResult r;
  Status s = db_->Run(
      "SELECT g.name, g.target, "
      "(SELECT COUNT(*) FROM data_fields f WHERE f.group_id = g.id), "
      "(SELECT GROUP_CONCAT(CONCAT(f.label, ' (', f.type, ')') "
      " ORDER BY f.label SEPARATOR ', ') FROM data_fields f "
      " WHERE f.group_id = g.id), "
      "(SELECT GROUP_CONCAT(l.listener_key ORDER BY l.listener_key "
      " SEPARATOR ', ') FROM listeners l WHERE l.group_id = g.id) "
      "FROM data_groups g ORDER BY g.name LIMIT ? OFFSET ?",
      {SqlParam::Int(kGroupsPerPage + 1),
       SqlParam::Int(static_cast<int64_t>(page - 1) * kGroupsPerPage)},
      &r);
  if (!s.ok()) return s;
  Dict dict("data");
  dict.SetValue("CSRF", x->session.csrf_token);
  dict.SetIntValue("PAGE_SIZE", kGroupsPerPage);
  if (r.rows.empty()) dict.ShowSection("EMPTY");
  int shown = 0;
  for (const Row& row : r.rows) {
    if (++shown > kGroupsPerPage) {
      dict.AddSectionDictionary("NEXT")->SetIntValue("NEXT_PAGE", page + 1);
      break;
    }
    Dict* d = dict.AddSectionDictionary("GROUP");
    d->SetValue("NAME", row.Text(0));
    d->SetValue("TARGET", row.Text(1));
    d->SetIntValue("FIELD_COUNT", row.Int(2));
    d->SetValue("FIELDS", row.IsNull(3) ? "none yet" : row.Text(3));
    d->SetValue("LISTENERS", row.IsNull(4) ? "none" : row.Text(4));
  }
  if (page > 1) {
    dict.AddSectionDictionary("PREVIOUS")
        ->SetIntValue("PREVIOUS_PAGE", page - 1);
  }
  const std::string target = x->form.Get("target");
  dict.SetValue("NEW_NAME", x->form.Get("name"));
  for (const char* t : {"users", "feedback", "projects"}) {
    Dict* o = dict.AddSectionDictionary("TARGET_OPTION");
    o->SetValue("TARGET_VALUE", t);
    if (target == t) o->ShowSection("SELECTED");
  }
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
    x->out->status = 422;
  }
  return Render("data.tpl", "External data", "data", &x->session, &dict,
                x->out);
}

Status Console::CreateGroup(Exchange* x) {
  const std::string name = x->form.Get("name");
  TargetKind target;
  Status s =
      ParseTargetArg(x->form.Get("target"), "users|feedback|projects", &target);
  int64_t id = 0;
  if (s.ok()) s = CreateDataGroup(db_.get(), name, target, &id);
  if (s.ok()) {
    s = Audit(x, "data_group.create", "data group " + name,
              std::string("for ") + TargetKindName(target));
  }
  if (IsRefusal(s)) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return DataPage(x, s.message());
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/data/" + name);
  return Status::OK();
}

Status Console::GroupListeners(int64_t group_id, Dict* dict,
                               std::vector<int64_t>* ids) {
  QueryResult listeners;
  Status s = db_->Run(
      "SELECT id, listener_key FROM listeners WHERE group_id = ? "
      "ORDER BY listener_key",
      {SqlParam::Int(group_id)}, &listeners);
  if (!s.ok()) return s;
  if (dict != nullptr && listeners.rows.empty()) {
    dict->ShowSection("NO_LISTENERS");
  }
  for (const Row& row : listeners.rows) {
    ids->push_back(row.Int(0));
    if (dict != nullptr) {
      dict->AddSectionDictionary("LISTENER")->SetValue("KEY", row.Text(1));
    }
  }
  return Status::OK();
}

Status Console::GroupPage(Exchange* x, const std::string& group,
                          const std::string& error) {
  GroupRef ref;
  Status s = FindGroup(db_.get(), group, &ref);
  if (s.IsNotFound()) return NotFound(x);
  if (!s.ok()) return s;
  QueryResult fields;
  s = db_->Run(
      "SELECT f.label, f.param, f.type, "
      "(SELECT COUNT(*) FROM data_values v WHERE v.field_id = f.id) "
      "FROM data_fields f WHERE f.group_id = ? ORDER BY f.label",
      {SqlParam::Int(ref.id)}, &fields);
  if (!s.ok()) return s;
  Dict dict("data_group");
  dict.SetValue("GROUP", group);
  dict.SetValue("TARGET", TargetKindName(ref.target));
  dict.SetValue("CSRF", x->session.csrf_token);
  if (fields.rows.empty()) dict.ShowSection("NO_FIELDS");
  for (const Row& row : fields.rows) {
    Dict* d = dict.AddSectionDictionary("FIELD");
    d->SetValue("LABEL", row.Text(0));
    d->SetValue("PARAM", row.Text(1));
    d->SetValue("TYPE", row.Text(2));
    d->SetIntValue("VALUES", row.Int(3));
    std::vector<std::string> uses;
    s = DataFieldUses(db_.get(), ref.id, ref.target, group, row.Text(0), &uses);
    if (!s.ok()) return s;
    d->SetValue("USES", uses.empty() ? "nothing" : JoinNames(uses));
  }
  std::vector<int64_t> listener_ids;
  s = GroupListeners(ref.id, &dict, &listener_ids);
  if (!s.ok()) return s;
  s = PayloadPicker(x, listener_ids, &dict);
  if (!s.ok()) return s;
  dict.SetValue("NEW_LABEL", x->form.Get("label"));
  dict.SetValue("NEW_PARAM", x->form.Get("param"));
  TypeOptions(&dict, x->form.Get("type"));
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
    x->out->status = 422;
  }
  return Render("data_group.tpl", "Data group " + group, "data", &x->session,
                &dict, x->out);
}

Status Console::AddField(Exchange* x, const std::string& group) {
  // The payload picker's button: the form again with the sample's
  // pointers; nothing is added.
  if (x->form.Has("pick")) return GroupPage(x, group, "");
  const std::string label = x->form.Get("label");
  const std::string param = x->form.Get("param");
  const std::string type = x->form.Get("type");
  int64_t id = 0;
  Status s = AddDataField(db_.get(), group, label, param, type, &id);
  if (s.ok()) {
    s = Audit(x, "data_field.add", "data field " + group + "." + label,
              "parameter " + param + ", type " + type);
  }
  if (IsRefusal(s)) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    GroupRef ref;
    r = FindGroup(db_.get(), group, &ref);
    if (r.IsNotFound()) return NotFound(x);
    if (!r.ok()) return r;
    return GroupPage(x, group, s.message());
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/data/" + group);
  return Status::OK();
}

Status Console::DeleteGroup(Exchange* x, const std::string& group) {
  if (x->form.Get("confirm") != "yes") {
    return GroupPage(x, group, "Tick the box to confirm the deletion.");
  }
  Status s = DeleteDataGroup(db_.get(), group);
  if (s.ok()) s = Audit(x, "data_group.delete", "data group " + group, "");
  if (s.IsNotFound()) return NotFound(x);
  if (IsRefusal(s)) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return GroupPage(x, group, s.message());
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/data");
  return Status::OK();
}

Status Console::FieldPage(Exchange* x, const std::string& group,
                          const std::string& label, const std::string& error) {
  GroupRef ref;
  Status s = FindGroup(db_.get(), group, &ref);
  if (s.IsNotFound()) return NotFound(x);
  if (!s.ok()) return s;
  QueryResult r;
  s = db_->Run(
      "SELECT f.param, f.type, "
      "(SELECT COUNT(*) FROM data_values v WHERE v.field_id = f.id) "
      "FROM data_fields f WHERE f.group_id = ? AND f.label = ?",
      {SqlParam::Int(ref.id), SqlParam::Text(label)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  const Row& row = r.rows[0];
  Dict dict("data_field");
  dict.SetValue("GROUP", group);
  dict.SetValue("LABEL", label);
  dict.SetValue("TARGET", TargetKindName(ref.target));
  dict.SetValue("CSRF", x->session.csrf_token);
  dict.SetIntValue("VALUES", row.Int(2));
  std::vector<std::string> uses;
  s = DataFieldUses(db_.get(), ref.id, ref.target, group, label, &uses);
  if (!s.ok()) return s;
  dict.SetValue("USES", uses.empty() ? "nothing" : JoinNames(uses));
  std::vector<int64_t> listener_ids;
  s = GroupListeners(ref.id, nullptr, &listener_ids);
  if (!s.ok()) return s;
  s = PayloadPicker(x, listener_ids, &dict);
  if (!s.ok()) return s;
  const bool again = x->in.method == "POST" && x->form.Has("param");
  dict.SetValue("PARAM", again ? x->form.Get("param") : row.Text(0));
  TypeOptions(&dict, again ? x->form.Get("type") : row.Text(1));
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
    x->out->status = 422;
  }
  return Render("data_field.tpl", "Field " + group + "." + label, "data",
                &x->session, &dict, x->out);
}

Status Console::UpdateField(Exchange* x, const std::string& group,
                            const std::string& label) {
  if (x->form.Has("pick")) return FieldPage(x, group, label, "");
  const std::string param = x->form.Get("param");
  const std::string type = x->form.Get("type");
  bool changed = false;
  Status s = UpdateDataField(db_.get(), group, label, param, type, &changed);
  if (s.ok() && changed) {
    s = Audit(x, "data_field.update", "data field " + group + "." + label,
              "parameter " + param + ", type " + type);
  }
  if (IsRefusal(s)) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return FieldPage(x, group, label, s.message());
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/data/" + group);
  return Status::OK();
}

Status Console::DeleteField(Exchange* x, const std::string& group,
                            const std::string& label) {
  if (x->form.Get("confirm") != "yes") {
    return FieldPage(x, group, label, "Tick the box to confirm the deletion.");
  }
  Status s = DeleteDataField(db_.get(), group, label);
  if (s.ok()) {
    s = Audit(x, "data_field.delete", "data field " + group + "." + label, "");
  }
  if (s.IsNotFound()) return NotFound(x);
  if (IsRefusal(s)) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return FieldPage(x, group, label, s.message());
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/data/" + group);
  return Status::OK();
}

}  // namespace earshot::console
