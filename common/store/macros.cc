#include "common/store/macros.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/base/checks.h"
#include "common/base/names.h"
#include "common/macro/macro.h"
#include "common/store/listener.h"
#include "common/store/lookup.h"

namespace earshot {

namespace {

// Checks `*text` for a macro on `kind`; adds a webhook secret when one is
// needed and neither the document nor the install has one.
Status CheckDocument(Connection* db, TargetKind kind,
                     const std::string& install_secret, std::string* text,
                     std::string* generated) {
  if (text->size() > kMaxMacroBytes) {
    return Status::Invalid("macro: the document is larger than 1 MiB");
  }
  Status lookup_error;
  Macro macro;
  Status s = ParseMacro(
      *text, kind,
      [&](std::string_view group, std::string_view label, DataFieldRef* out) {
        Status found = FindDataField(db, kind, group, label, out);
        if (!found.ok() && !found.IsNotFound()) lookup_error = found;
        return found.ok();
      },
      &macro);
  if (!lookup_error.ok()) return lookup_error;
  if (!s.ok()) return Status::Invalid("macro: " + s.message());
  generated->clear();
  if (macro.has_webhooks && macro.webhook_secret.empty() &&
      install_secret.empty()) {
    s = GenerateWebhookSecret(generated);
    if (!s.ok()) return s;
    rapidjson::Document doc;
    doc.Parse(text->data(), text->size());
    doc.AddMember("webhook_secret",
                  rapidjson::Value(generated->c_str(), doc.GetAllocator()),
                  doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    text->assign(buffer.GetString(), buffer.GetSize());
  }
  return Status::OK();
}

}  // namespace

Status CheckMacroName(std::string_view name) {
  if (IsValidSimpleName(name)) return Status::OK();
  return Status::Invalid("invalid macro name " + Quote(name) +
                         ": expected a letter or digit, then up to 63 "
                         "letters, digits, _ . or -");
}

Status SaveMacro(Connection* db, const MacroSave& save, std::string* stored,
                 std::string* generated, int64_t* id, TargetKind* target) {
  Status s = CheckMacroName(save.name);
  if (!s.ok()) return s;
  if (save.create && save.target == TargetKind::kProjects) {
    return Status::Invalid("macros are for users or feedback");
  }
  MacroRef existing;
  s = FindMacro(db, save.name, &existing);
  const std::string taken =
      "a macro named " + Quote(save.name) + " already exists";
  if (save.create && s.ok()) return Status::Duplicate(taken);
  if (save.create ? !s.IsNotFound() : !s.ok()) return s;
  const TargetKind kind = save.create ? save.target : existing.target;
  *stored = save.document;
  s = CheckDocument(db, kind, save.install_webhook_secret, stored, generated);
  if (!s.ok()) return s;
  QueryResult r;
  if (save.create) {
    s = db->Run("INSERT INTO macros (name, target, actions) VALUES (?, ?, ?)",
                {SqlParam::Text(save.name),
                 SqlParam::Text(TargetKindName(kind)), SqlParam::Text(*stored)},
                &r);
    *id = static_cast<int64_t>(r.insert_id);
  } else {
    s = db->Run(
        "UPDATE macros SET actions = ?, updated_at = NOW(6) WHERE id = ?",
        {SqlParam::Text(*stored), SqlParam::Int(existing.id)}, nullptr);
    *id = existing.id;
  }
  if (s.IsDuplicate()) return Status::Duplicate(taken);
  if (!s.ok()) return s;
  *target = kind;
  return BumpConfigVersion(db);
}

Status MacroListeners(Connection* db, int64_t id, bool lock,
                      std::vector<std::string>* keys) {
  QueryResult r;
  Status s = db->Run(std::string("SELECT listener_key FROM listeners WHERE "
                                 "macro_id = ? ORDER BY listener_key") +
                         (lock ? " FOR UPDATE" : ""),
                     {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  keys->clear();
  for (const Row& row : r.rows) keys->push_back(row.Text(0));
  return Status::OK();
}

Status DeleteMacro(Connection* db, std::string_view name) {
  MacroRef ref;
  Status s = FindMacro(db, name, &ref);
  std::vector<std::string> keys;
  if (s.ok()) s = MacroListeners(db, ref.id, true, &keys);
  if (!s.ok()) return s;
  if (!keys.empty()) {
    std::string list;
    for (const std::string& k : keys) list += (list.empty() ? "" : ", ") + k;
    return Status::Invalid("macro " + Quote(name) + " is used by listener" +
                           (keys.size() > 1 ? "s " : " ") + list +
                           "; delete or change " +
                           (keys.size() > 1 ? "them" : "it") + " first");
  }
  s = db->Run("DELETE FROM macros WHERE id = ?", {SqlParam::Int(ref.id)},
              nullptr);
  if (!s.ok()) return s;
  return BumpConfigVersion(db);
}

}  // namespace earshot
