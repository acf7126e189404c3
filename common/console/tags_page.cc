// The dynamic tags page (/admin/tags?kind=users|feedback): every tag a
// macro of that kind may use in its texts (common/macro/template.h's
// TemplateFacts, each data.GROUP.LABEL of the kind, payload:/pointer), and
// a preview: given a target id, each tag's value for that target, and a
// template of one's own filled as a macro would fill it (the same
// LoadTagValues and Template code; no delivery, so payload: tags are
// empty). Rendered on submit; needs no script.
//
// A manager previews only targets they may see (TargetPage's rule) and
// project scope only in their projects.

#include "common/console/console.h"
#include "common/macro/macro_facts.h"
#include "common/macro/template.h"
#include "common/store/listener.h"

namespace earshot::console {

namespace {

constexpr size_t kMaxTemplateBytes = 4096;

bool ParseOptionalId(const std::string& text, int64_t* id) {
  *id = 0;
  if (text.empty()) return true;
  if (text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  *id = std::stoll(text);
  return *id > 0;
}

}  // namespace

Status Console::TagsPage(Exchange* x) {
  const std::string kind_text = x->query.Get("kind");
  TargetKind kind = TargetKind::kUsers;
  if (kind_text == "feedback") kind = TargetKind::kFeedback;
  const bool users = kind == TargetKind::kUsers;
  int64_t target = 0, project = 0;
  Dict dict("tags");
  dict.ShowSection(users ? "KIND_USERS" : "KIND_FEEDBACK");
  dict.SetValue("KIND", TargetKindName(kind));
  const std::string text = x->query.Get("text").substr(0, kMaxTemplateBytes);
  dict.SetValue("TEXT", text);
  dict.SetValue("PAYLOAD_TAG", "{{payload:/json/pointer}}");
  dict.SetValue("TARGET", x->query.Get("target"));
  dict.SetValue("PROJECT", x->query.Get("project"));
  std::string error;
  if (!ParseOptionalId(x->query.Get("target"), &target)) {
    error = "Target: give a " + std::string(users ? "user" : "ticket") + " id.";
  } else if (!ParseOptionalId(x->query.Get("project"), &project)) {
    error = "Project: give a project id, or leave it empty.";
  }

  // The tags: facts, then every data field of the kind.
  std::vector<std::string> names = TemplateFacts(kind);
  std::vector<int64_t> field_ids;
  QueryResult fr;
  Status s = db_->Run(
      "SELECT f.id, g.name, f.label, f.type FROM data_fields f JOIN "
      "data_groups g ON g.id = f.group_id WHERE g.target = ? "
      "ORDER BY g.name, f.label",
      {SqlParam::Text(TargetKindName(kind))}, &fr);
  if (!s.ok()) return s;
  std::vector<std::string> types(names.size(), "fact");
  for (const Row& row : fr.rows) {
    field_ids.push_back(row.Int(0));
    names.push_back("data." + row.Text(1) + "." + row.Text(2));
    types.push_back(row.Text(3));
  }

  TagCatalog catalog;
  catalog.kind = kind;
  Status lookup_error;
  catalog.lookup_data_field = [&](std::string_view group,
                                  std::string_view label, DataFieldRef* out) {
    Status f = FindDataField(db_.get(), kind, group, label, out);
    if (!f.ok() && !f.IsNotFound()) lookup_error = f;
    return f.ok();
  };

  TagValues values;
  bool have_values = false;
  if (error.empty() && target != 0) {
    bool yes = false;
    s = MaySeeTarget(x, kind, target, &yes);
    if (!s.ok()) return s;
    if (yes && project != 0) {
      s = MaySeeTargets(x, kind, project, &yes);
      if (!s.ok()) return s;
    }
    if (!yes) return NotFound(x);
    MacroScope scope;
    scope.kind = kind;
    scope.project_id = project;
    scope.macro_name = "preview";
    std::vector<TagValues> all;
    s = LoadTagValues(db_.get(), scope, field_ids, {target}, &all);
    if (!s.ok()) return s;
    if (!all.empty()) {
      values = std::move(all[0]);
      have_values = true;
      dict.ShowSection("PREVIEWING");
    }
  }
  for (size_t i = 0; i < names.size(); ++i) {
    Dict* d = dict.AddSectionDictionary("TAG");
    d->SetValue("TAG", "{{" + names[i] + "}}");
    d->SetValue("TYPE", types[i]);
    if (!have_values) continue;
    d->ShowSection("VALUE_COLUMN");  // the row's own, to see its value
    Template t;
    if (Template::Parse("{{" + names[i] + "}}", catalog, &t).ok()) {
      d->SetValueAndShowSection("VALUE", t.FillText(values), "HAS_VALUE");
    }
  }
  if (have_values) dict.ShowSection("VALUE_COLUMN");

  if (error.empty() && !text.empty()) {
    Template t;
    s = Template::Parse(text, catalog, &t);
    if (!lookup_error.ok()) return lookup_error;
    if (!s.ok()) {
      error = "Template: " + s.message();
    } else if (have_values) {
      dict.SetValueAndShowSection("FILLED", t.FillText(values), "RESULT");
    } else {
      dict.ShowSection("PARSED_OK");
    }
  }
  if (!error.empty()) {
    dict.SetValueAndShowSection("ERROR_TEXT", error, "ERROR");
    x->out->status = 400;
  }
  return Render("tags.tpl", "Dynamic tags", "tags", &x->session, &dict, x->out);
}

}  // namespace earshot::console
