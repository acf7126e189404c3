// Macros: the list (target, actions, the listeners that run each) and one
// macro's page, where its JSON document is edited in a textarea. Saving
// goes through common/store/macros.h, the code `earshotctl macro create`
// and `update` use, so the checks (the parser every macro listener runs)
// and their messages, which name the action ("action 3 (email): ..."), are
// the same. A refused document is shown again as typed, with the message;
// a stored one pretty-printed.
//
// A macro's own webhook_secret is never shown again: the document is shown
// without it, and a document saved without one keeps the stored one. A
// secret generated when the macro is saved is shown once, on that answer.

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "common/base/domain.h"
#include "common/base/utf8.h"
#include "common/console/console.h"
#include "common/store/data_groups.h"
#include "common/store/lookup.h"
#include "common/store/macros.h"

namespace earshot::console {

namespace {

constexpr int kMacrosPerPage = 50;
constexpr char kSecretMember[] = "webhook_secret";

bool IsRefusal(const Status& s) {
  return s.IsInvalid() || s.IsDuplicate() || s.IsNotFound();
}

// The stored document, parsed; false when it is not a JSON object (it
// was checked when saved, so only a hand-edited row is not).
bool ParseStored(const std::string& text, rapidjson::Document* doc) {
  doc->Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  return !doc->HasParseError() && doc->IsObject();
}

// "score, email, webhook".
std::string ActionTypes(const rapidjson::Document& doc) {
  std::string types;
  if (!doc.HasMember("actions") || !doc["actions"].IsArray()) return types;
  for (const auto& a : doc["actions"].GetArray()) {
    if (!a.IsObject() || !a.HasMember("type") || !a["type"].IsString()) {
      continue;
    }
    types += (types.empty() ? "" : ", ") + std::string(a["type"].GetString());
  }
  return types;
}

// The document pretty-printed without its webhook secret; *had_secret
// says whether it had one.
std::string Shown(const std::string& stored, bool* had_secret) {
  rapidjson::Document doc;
  *had_secret = false;
  if (!ParseStored(stored, &doc)) return stored;
  if (doc.HasMember(kSecretMember)) {
    *had_secret = true;
    doc.RemoveMember(kSecretMember);
  }
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  doc.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// `typed` with the stored document's webhook secret added when `typed` is
// an object without one; else `typed` as it is.
std::string KeepSecret(const std::string& typed, const std::string& stored) {
  rapidjson::Document old_doc, doc;
  if (!ParseStored(stored, &old_doc) || !old_doc.HasMember(kSecretMember) ||
      !ParseStored(typed, &doc) || doc.HasMember(kSecretMember) ||
      doc.MemberCount() == 0) {
    return typed;
  }
  const rapidjson::Value& secret = old_doc[kSecretMember];
  if (!secret.IsString()) return typed;
  // Added as text at the end, so that the rest stays byte for byte as typed.
  rapidjson::StringBuffer value;
  rapidjson::Writer<rapidjson::StringBuffer> writer(value);
  writer.String(secret.GetString(), secret.GetStringLength());
  size_t end = typed.find_last_of('}');
  return typed.substr(0, end) + ",\"" + kSecretMember +
         "\":" + value.GetString() + typed.substr(end);
}

}  // namespace

Status Console::MacrosPage(Exchange* x) {
  int page = 1;
  const std::string text = x->query.Get("page");
  if (!text.empty() && text.size() < 7 &&
      text.find_first_not_of("0123456789") == std::string::npos) {
    page = std::max(1, std::stoi(text));
  }
  QueryResult r;
  Status s = db_->Run(
      "SELECT m.name, m.target, m.actions, "
      "DATE_FORMAT(m.updated_at, '%Y-%m-%d %H:%i'), "
      "(SELECT GROUP_CONCAT(l.listener_key ORDER BY l.listener_key "
      " SEPARATOR ', ') FROM listeners l WHERE l.macro_id = m.id) "
      "FROM macros m ORDER BY m.name LIMIT ? OFFSET ?",
      {SqlParam::Int(kMacrosPerPage + 1),
       SqlParam::Int(static_cast<int64_t>(page - 1) * kMacrosPerPage)},
      &r);
  if (!s.ok()) return s;
  Dict dict("macros");
  dict.SetIntValue("PAGE_SIZE", kMacrosPerPage);
  if (r.rows.empty()) dict.ShowSection("EMPTY");
  int shown = 0;
  for (const Row& row : r.rows) {
    if (++shown > kMacrosPerPage) {
      dict.AddSectionDictionary("NEXT")->SetIntValue("NEXT_PAGE", page + 1);
      break;
    }
    Dict* d = dict.AddSectionDictionary("MACRO");
    d->SetValue("NAME", row.Text(0));
    d->SetValue("TARGET", row.Text(1));
    rapidjson::Document doc;
    d->SetValue("ACTIONS",
                ParseStored(row.Text(2), &doc) ? ActionTypes(doc) : "");
    d->SetValue("UPDATED", row.Text(3) + " UTC");
    d->SetValue("LISTENERS", row.IsNull(4) ? "none" : row.Text(4));
  }
  if (page > 1) {
    dict.AddSectionDictionary("PREVIOUS")
        ->SetIntValue("PREVIOUS_PAGE", page - 1);
  }
  return Render("macros.tpl", "Macros", "macros", &x->session, &dict, x->out);
}

Status Console::MacroPage(Exchange* x, const std::string& name,
                          const std::string& error) {
  Dict dict("macro");
  dict.SetValue("CSRF", x->session.csrf_token);
  const bool creating = name.empty();
  const bool again = x->in.method == "POST" && x->form.Has("document");
  std::string document = again ? x->form.Get("document") : "";
  if (creating) {
    dict.ShowSection("CREATING");
    dict.SetValue("ACTION", "/admin/new-macro");
    dict.SetValue("NAME", x->form.Get("name"));
    const std::string target = x->form.Get("target");
    for (const char* t : {"users", "feedback"}) {
      Dict* o = dict.AddSectionDictionary("TARGET_OPTION");
      o->SetValue("TARGET_VALUE", t);
      if (target == t) o->ShowSection("SELECTED");
    }
    if (!again) {
      document =
          "{\n  \"actions\": [\n    {\"type\": \"score\", \"points\": 1}\n  "
          "]\n}";
    }
  } else {
    QueryResult r;
    Status s = db_->Run(
        "SELECT id, target, actions, DATE_FORMAT(updated_at, "
        "'%Y-%m-%d %H:%i:%s') FROM macros WHERE name = ?",
        {SqlParam::Text(name)}, &r);
    if (!s.ok()) return s;
    if (r.rows.empty()) return NotFound(x);
    const Row& row = r.rows[0];
    dict.ShowSection("EDITING");
    dict.SetValue("NAME", name);
    dict.SetValue("ACTION", "/admin/macros/" + name);
    dict.SetValue("TARGET", row.Text(1));
    dict.SetValue("UPDATED", row.Text(3) + " UTC");
    bool had_secret = false;
    std::string shown = Shown(row.Text(2), &had_secret);
    if (!again) document = shown;
    if (had_secret) dict.ShowSection("OWN_SECRET");
    std::vector<std::string> keys;
    s = MacroListeners(db_.get(), row.Int(0), false, &keys);
    if (!s.ok()) return s;
    if (keys.empty()) dict.ShowSection("NO_LISTENERS");
    for (const std::string& k : keys) {
      dict.AddSectionDictionary("LISTENER")->SetValue("KEY", k);
    }
  }
  // The textarea shows the document as text; one that is not UTF-8 could
  // only come from a hostile form and is not echoed.
  dict.SetValue("DOCUMENT", IsValidUtf8(document) ? document : "");
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
    x->out->status = 422;
  }
  return Render("macro.tpl", creating ? "New macro" : "Macro " + name, "macros",
                &x->session, &dict, x->out);
}

Status Console::SaveMacroForm(Exchange* x, const std::string& name) {
  const bool creating = name.empty();
  MacroSave save;
  save.create = creating;
  save.name = creating ? x->form.Get("name") : name;
  save.document = x->form.Get("document");
  save.install_webhook_secret = config_.webhook_secret;
  Status s;
  if (creating) {
    s = ParseTargetArg(x->form.Get("target"), "users|feedback", &save.target);
  } else {
    QueryResult r;
    s = db_->Run("SELECT actions FROM macros WHERE name = ?",
                 {SqlParam::Text(name)}, &r);
    if (!s.ok()) return s;
    if (r.rows.empty()) return NotFound(x);
    save.document = KeepSecret(save.document, r.rows[0].Text(0));
  }
  std::string stored, generated;
  int64_t id = 0;
  TargetKind target;
  if (s.ok()) s = SaveMacro(db_.get(), save, &stored, &generated, &id, &target);
  if (s.ok()) {
    rapidjson::Document doc;
    s = Audit(x, creating ? "macro.create" : "macro.update",
              "macro " + save.name,
              std::string(TargetKindName(target)) + ": " +
                  (ParseStored(stored, &doc) ? ActionTypes(doc) : ""));
  }
  if (IsRefusal(s)) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return MacroPage(x, name, s.message());
  }
  if (!s.ok()) return s;
  if (!generated.empty()) {
    // Shown once, here: the page never shows it again.
    Dict dict("macro_saved");
    dict.SetValue("NAME", save.name);
    dict.SetValue("SECRET", generated);
    return Render("macro_saved.tpl", "Macro " + save.name + " saved", "macros",
                  &x->session, &dict, x->out);
  }
  Redirect(x, "/admin/macros/" + save.name);
  return Status::OK();
}

Status Console::DeleteMacroForm(Exchange* x, const std::string& name) {
  if (x->form.Get("confirm") != "yes") {
    return MacroPage(x, name, "Tick the box to confirm the deletion.");
  }
  Status s = DeleteMacro(db_.get(), name);
  if (s.ok()) s = Audit(x, "macro.delete", "macro " + name, "");
  if (s.IsNotFound()) return NotFound(x);
  if (IsRefusal(s)) {
    Status r = db_->Rollback();
    if (!r.ok()) return r;
    return MacroPage(x, name, s.message());
  }
  if (!s.ok()) return s;
  Redirect(x, "/admin/macros");
  return Status::OK();
}

}  // namespace earshot::console
