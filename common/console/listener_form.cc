// Creating, editing and deleting a listener through forms. The forms are
// built from the listener type descriptors (common/store/listener_type.h)
// and what is typed goes through ApplyListenerSettings and
// ValidateListenerSettings, the code `earshotctl listener create|update`
// runs, so the console refuses exactly what earshotctl refuses, with the
// same messages (naming the form's labels). Secrets are write-only: the
// form never shows them, and an empty secret field keeps the stored ones.
// A manager may only create or move listeners into their own projects.

#include <memory>

#include "common/console/console.h"
#include "common/store/delivery_metrics.h"
#include "common/store/identify.h"
#include "common/store/listener.h"
#include "common/store/listener_settings.h"
#include "common/store/listener_type.h"
#include "common/store/lookup.h"

namespace earshot::console {

namespace {

// The common settings in the order the form asks for them, around the
// type's own (which come after "description").
const char* const kLeading[] = {"name", "description"};
const char* const kTrailing[] = {"api-key",   "scope",  "identify",    "filter",
                                 "signature", "secret", "token-header"};

std::vector<const SettingSpec*> FormSettings(const ListenerTypeSpec& type) {
  std::vector<const SettingSpec*> out;
  for (const char* option : kLeading) {
    out.push_back(FindSetting(type.type, option));
  }
  for (const SettingSpec& spec : type.settings) out.push_back(&spec);
  for (const char* option : kTrailing) {
    out.push_back(FindSetting(type.type, option));
  }
  std::erase(out, nullptr);
  return out;
}

const char* TypeLabel(ListenerType type) {
  switch (type) {
    case ListenerType::kMacro:
      return "Macro";
    case ListenerType::kComment:
      return "Add comment";
    case ListenerType::kData:
      return "External data";
  }
  return "";
}

// Names to offer for a kName setting (a datalist), or none.
Status NameChoices(Connection* db, const std::string& option,
                   std::vector<std::string>* names) {
  const char* sql = nullptr;
  if (option == "group") {
    sql = "SELECT name FROM data_groups ORDER BY name";
  } else if (option == "macro") {
    sql = "SELECT name FROM macros ORDER BY name";
  }
  if (sql == nullptr) return Status::OK();
  QueryResult r;
  Status s = db->Run(sql, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) names->push_back(row.Text(0));
  return Status::OK();
}

// The API key setting as a <select> of the usable (unrevoked) keys, by
// name, with their prefixes. The stored key stays offered when it has
// been revoked, marked so: saving then refuses it, as earshotctl does.
Status ApiKeySelect(Connection* db, const std::string& value, Dict* field) {
  QueryResult r;
  Status s = db->Run(
      "SELECT name, prefix, revoked_at IS NOT NULL FROM api_keys "
      "WHERE revoked_at IS NULL OR name = ? ORDER BY name",
      {SqlParam::Text(value)}, &r);
  if (!s.ok()) return s;
  Dict* select = field->AddSectionDictionary("SELECT");
  bool found = false;
  for (const Row& row : r.rows) found = found || row.Text(0) == value;
  if (!found) {
    Dict* o = select->AddSectionDictionary("OPTION");
    o->SetValue("OPTION_VALUE", value);
    o->SetValue("OPTION_LABEL",
                value.empty() ? "Choose an API key" : value + " (no such key)");
    o->ShowSection("SELECTED");
  }
  for (const Row& row : r.rows) {
    Dict* o = select->AddSectionDictionary("OPTION");
    o->SetValue("OPTION_VALUE", row.Text(0));
    o->SetValue("OPTION_LABEL", row.Text(0) + " (" + row.Text(1) + "…)" +
                                    (row.Int(2) != 0 ? " revoked" : ""));
    if (row.Text(0) == value) o->ShowSection("SELECTED");
  }
  return Status::OK();
}

}  // namespace

Status Console::NewListenerChooser(Exchange* x) {
  Dict dict("choose");
  for (const ListenerTypeSpec* spec : ListenerTypes()) {
    for (TargetKind target : spec->targets) {
      Dict* d = dict.AddSectionDictionary("CHOICE");
      d->SetValue("TYPE", ListenerTypeName(spec->type));
      d->SetValue("TYPE_LABEL", TypeLabel(spec->type));
      d->SetValue("TARGET", TargetKindName(target));
      d->SetValue("TITLE", spec->title);
      d->SetValue("SUMMARY", spec->summary);
    }
  }
  return Render("choose.tpl", "New listener", "listeners", &x->session, &dict,
                x->out);
}

Status Console::ListenerForm(Exchange* x, const ListenerSettings& l,
                             bool creating, const std::string& error) {
  const ListenerTypeSpec& type = TypeSpec(l.type);
  Dict dict("form");
  dict.SetValue("CSRF", x->session.csrf_token);
  dict.SetValue("TYPE", ListenerTypeName(l.type));
  dict.SetValue("TYPE_LABEL", TypeLabel(l.type));
  dict.SetValue("TYPE_TITLE", type.title);
  dict.SetValue("TYPE_SUMMARY", type.summary);
  dict.SetValue("TARGET", TargetKindName(l.target));
  dict.SetValue("KEY", l.key);
  std::string base = config_.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  dict.SetValue("URL_PREFIX",
                base + "/listeners/" + ListenerTypeName(l.type) + "/");
  if (creating) {
    dict.ShowSection("CREATING");
    dict.SetValue("ACTION", "/admin/new-listener");
  } else {
    dict.ShowSection("EDITING");
    dict.SetValue("ACTION", "/admin/listeners/" + l.key + "/edit");
  }
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
    x->out->status = 422;
  }
  for (const SettingSpec* spec : FormSettings(type)) {
    Dict* f = dict.AddSectionDictionary("FIELD");
    const std::string id = std::string("f-") + spec->option;
    f->SetValue("ID", id);
    f->SetValue("NAME", spec->option);
    f->SetValue("LABEL", spec->label);
    f->SetValue("HELP", spec->help);
    // What was typed when redisplaying, else the stored or default value.
    std::string value =
        x->form.Has(spec->option) ? x->form.Get(spec->option) : spec->get(l);
    switch (spec->input) {
      case SettingInput::kText:
        f->AddSectionDictionary("TEXTAREA")->SetValue("VALUE", value);
        break;
      case SettingInput::kChoice: {
        Dict* select = f->AddSectionDictionary("SELECT");
        std::string choices = spec->choices;
        size_t at = 0;
        while (at < choices.size()) {
          size_t end = choices.find(' ', at);
          if (end == std::string::npos) end = choices.size();
          Dict* o = select->AddSectionDictionary("OPTION");
          std::string choice = choices.substr(at, end - at);
          o->SetValue("OPTION_VALUE", choice);
          o->SetValue("OPTION_LABEL", choice);
          if (choice == value) o->ShowSection("SELECTED");
          at = end + 1;
        }
        break;
      }
      case SettingInput::kSecret: {
        Dict* secret = f->AddSectionDictionary("SECRET");
        if (!creating) {
          secret->AddSectionDictionary("KEEP")->SetValue("STORED",
                                                         spec->get(l));
        }
        break;
      }
      default: {
        if (std::string_view(spec->option) == "api-key") {
          Status s = ApiKeySelect(db_.get(), value, f);
          if (!s.ok()) return s;
          break;
        }
        Dict* input = f->AddSectionDictionary("INPUT");
        input->SetValue("VALUE", value);
        const std::string_view option = spec->option;
        if (option == "filter") {
          input->SetValueAndShowSection(
              "CHECK_TARGET", TargetKindName(l.target), "FILTER_CHECK");
        } else if (option == "identify" || option == "comment-field" ||
                   option == "author-field") {
          input->SetValueAndShowSection(
              "POINTER_MODE", option == "identify" ? "source" : "pointer",
              "POINTER_FIELD");
        }
        input->SetValue(
            "INPUT_TYPE",
            spec->input == SettingInput::kEmail
                ? "email"
                : (spec->input == SettingInput::kNumber ? "number" : "text"));
        std::vector<std::string> names;
        Status s = NameChoices(db_.get(), spec->option, &names);
        if (!s.ok()) return s;
        if (!names.empty()) {
          input->ShowSection("HAS_LIST");
          for (const std::string& n : names) {
            input->AddSectionDictionary("LIST_ITEM")->SetValue("ITEM", n);
          }
        }
      }
    }
  }
  Status s = PayloadPicker(
      x, creating ? std::vector<int64_t>{} : std::vector<int64_t>{l.id}, &dict);
  if (!s.ok()) return s;
  return Render("listener_form.tpl",
                creating ? "New listener" : "Edit " + l.key, "listeners",
                &x->session, &dict, x->out);
}

Status Console::NewListenerPage(Exchange* x) {
  ListenerSettings l;
  if (!ParseListenerType(x->query.Get("type"), &l.type) ||
      ParseTargetArg(x->query.Get("target"), "users|feedback|projects",
                     &l.target)
          .IsInvalid()) {
    return NewListenerChooser(x);
  }
  l.identify = DefaultIdentify(l.target);
  return ListenerForm(x, l, true, "");
}

Status Console::SaveListener(Exchange* x, const std::string& key) {
  const bool creating = key.empty();
  ListenerSettings l;
  SettingValues values;
  Status s;
  if (creating) {
    l.key = x->form.Get("key");
    if (!ParseListenerType(x->form.Get("type"), &l.type)) {
      return NewListenerChooser(x);
    }
    values.emplace_back("type", x->form.Get("type"));
    values.emplace_back("target", x->form.Get("target"));
    (void)ParseTargetArg(x->form.Get("target"), "users|feedback|projects",
                         &l.target);
  } else {
    s = ReadListenerSettings(db_.get(), key, &l);
    if (s.IsNotFound()) return NotFound(x);
    if (!s.ok()) return s;
    bool may = false;
    s = MaySee(x, l.scope_project_id == 0, l.scope_project_id, &may);
    if (!s.ok()) return s;
    if (!may) return NotFound(x);
  }
  if (x->form.Has("pick")) {
    // The payload picker's button: show the form again, with what was
    // typed and the sample's pointers; nothing is saved.
    if (creating) {
      (void)ParseTargetArg(x->form.Get("target"), "users|feedback|projects",
                           &l.target);
    }
    return ListenerForm(x, l, creating, "");
  }
  const ListenerSettings before = l;
  for (const SettingSpec* spec : FormSettings(TypeSpec(l.type))) {
    if (!x->form.Has(spec->option)) continue;
    std::string value = x->form.Get(spec->option);
    if (spec->input == SettingInput::kSecret) {
      // Empty: keep the stored secrets. Several lines: several secrets.
      size_t at = 0;
      while (at < value.size()) {
        size_t end = value.find('\n', at);
        if (end == std::string::npos) end = value.size();
        std::string one = value.substr(at, end - at);
        if (!one.empty() && one.back() == '\r') one.pop_back();
        if (!one.empty()) values.emplace_back(spec->option, one);
        at = end + 1;
      }
      continue;
    }
    if (creating ? value.empty() : value == spec->get(before)) continue;
    values.emplace_back(spec->option, value);
  }
  s = ApplyListenerSettings(values, creating, SettingNaming::kLabel, &l);
  if (s.ok()) {
    s = ValidateListenerSettings(db_.get(), creating, SettingNaming::kLabel,
                                 &l);
  }
  if (s.ok() && !x->session.account.admin()) {
    bool may = false;
    s = MaySee(x, l.scope_project_id == 0, l.scope_project_id, &may);
    if (s.ok() && !may) {
      s = Status::Invalid(
          "Scope: as a project manager you may only use project:ID for a "
          "project you take part in");
    }
  }
  if (s.IsInvalid() || s.IsNotFound() || s.IsDuplicate()) {
    // Nothing of this attempt may be kept.
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    l = before;
    return ListenerForm(x, l, creating, s.message());
  }
  if (!s.ok()) return s;
  s = creating ? InsertListener(db_.get(), &l) : UpdateListener(db_.get(), l);
  if (s.ok()) s = BumpConfigVersion(db_.get());
  std::shared_ptr<const Listener> loaded;
  if (s.ok()) s = LoadListenerById(db_.get(), l.id, &loaded);
  if (s.IsInvalid()) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return ListenerForm(x, before, creating,
                        "the listener would not load: " + s.message());
  }
  if (s.ok()) {
    s = Audit(x, creating ? "listener.create" : "listener.update",
              "listener " + l.key, "");
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/listeners/" + l.key);
  return Status::OK();
}

Status Console::EditListenerPage(Exchange* x, const std::string& key) {
  ListenerSettings l;
  Status s = ReadListenerSettings(db_.get(), key, &l);
  if (s.IsNotFound()) return NotFound(x);
  if (!s.ok()) return s;
  bool may = false;
  s = MaySee(x, l.scope_project_id == 0, l.scope_project_id, &may);
  if (!s.ok()) return s;
  if (!may) return NotFound(x);
  return ListenerForm(x, l, false, "");
}

Status Console::DeleteListener(Exchange* x, const std::string& key) {
  QueryResult r;
  Status s = db_->Run(
      "SELECT id, scope_project_id FROM listeners WHERE listener_key = ? "
      "FOR UPDATE",
      {SqlParam::Text(key)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return NotFound(x);
  bool may = false;
  s = MaySee(x, r.rows[0].IsNull(1), r.rows[0].Int(1), &may);
  if (!s.ok()) return s;
  if (!may) return NotFound(x);
  if (x->form.Get("confirm") != key) {
    return ErrorPage(x, 422, "Not deleted",
                     "Type the listener's key to confirm its deletion.");
  }
  s = RecordListenerDeletion(db_.get(), r.rows[0].Int(0));
  if (s.ok()) {
    s = db_->Run("DELETE FROM listeners WHERE id = ?",
                 {SqlParam::Int(r.rows[0].Int(0))}, nullptr);
  }
  if (s.ok()) s = BumpConfigVersion(db_.get());
  if (s.ok()) s = Audit(x, "listener.delete", "listener " + key, "");
  if (!s.ok()) return s;
  Redirect(x, "/admin/listeners");
  return Status::OK();
}

}  // namespace earshot::console
