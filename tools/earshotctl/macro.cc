// earshotctl macro create | update | list | show | delete: stored macros
// (see common/macro/macro.h for the document). A macro is checked when saved,
// against the data fields that exist then; a macro with webhooks and no
// webhook_secret, on an install without one, gets a fresh secret stored
// in its document (printed once by create; `macro show` shows it), so no
// webhook is ever sent unsigned.

#include "common/macro/macro.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/base/names.h"
#include "common/store/listener.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

std::string Quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

Status ReadDocument(const std::string& path, std::string* text) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Invalid("cannot read " + path);
    buffer << in.rdbuf();
  }
  *text = buffer.str();
  if (text->size() > kMaxMacroBytes) {
    return Status::Invalid(path + " is larger than 1 MiB");
  }
  return Status::OK();
}

// Checks `text` for a macro on `kind`; adds a webhook secret when one is
// needed and neither the document nor the install has one (then
// *generated holds it and *text the document with it).
Status CheckDocument(Context* ctx, Connection* db, TargetKind kind,
                     std::string* text, std::string* generated) {
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
  const Config* config;
  s = ctx->GetConfig(&config);
  if (!s.ok()) return s;
  generated->clear();
  if (macro.has_webhooks && macro.webhook_secret.empty() &&
      config->webhook_secret.empty()) {
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

Status Save(Context* ctx, const Args& args, bool create) {
  const std::string& name = args.positionals()[0];
  if (!IsValidSimpleName(name)) {
    return Status::Invalid("invalid macro name " + Quoted(name) +
                           ": expected a letter or digit, then up to 63 "
                           "letters, digits, _ . or -");
  }
  const std::string* file = args.Get("file");
  if (file == nullptr) {
    return Status::Invalid(std::string("macro ") +
                           (create ? "create" : "update") +
                           " needs --file macro.json (- for stdin)");
  }
  TargetKind kind = TargetKind::kUsers;
  Status s;
  if (create) {
    const std::string* target = args.Get("target");
    if (target == nullptr) {
      return Status::Invalid("macro create needs --target users|feedback");
    }
    s = ParseTargetArg(*target, "users|feedback", &kind);
    if (!s.ok()) return s;
  }
  std::string text;
  s = ReadDocument(*file, &text);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  MacroRef existing;
  s = FindMacro(db, name, &existing);
  if (create && s.ok()) {
    return Status::Duplicate("a macro named " + Quoted(name) +
                             " already exists");
  }
  if (!create && !s.ok()) return s;
  if (create && !s.IsNotFound()) return s;
  if (!create) kind = existing.target;
  std::string generated;
  s = CheckDocument(ctx, db, kind, &text, &generated);
  if (!s.ok()) return s;
  QueryResult r;
  int64_t id = existing.id;
  if (create) {
    s = db->Run("INSERT INTO macros (name, target, actions) VALUES (?, ?, ?)",
                {SqlParam::Text(name), SqlParam::Text(TargetKindName(kind)),
                 SqlParam::Text(text)},
                &r);
    if (s.IsDuplicate()) {
      return Status::Duplicate("a macro named " + Quoted(name) +
                               " already exists");
    }
    id = static_cast<int64_t>(r.insert_id);
  } else {
    s = db->Run(
        "UPDATE macros SET actions = ?, updated_at = NOW(6) WHERE id = ?",
        {SqlParam::Text(text), SqlParam::Int(id)}, nullptr);
  }
  if (s.ok()) s = BumpConfigVersion(db);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", id, alloc);
    Put(&doc, "name", name, alloc);
    Put(&doc, "target", TargetKindName(kind), alloc);
    if (generated.empty()) {
      Put(&doc, "webhook_secret_generated", nullptr, alloc);
    } else {
      Put(&doc, "webhook_secret_generated", generated, alloc);
    }
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("macro " + Quoted(name) + " (" + TargetKindName(kind) +
                      ") " + (create ? "created" : "updated") + "\n");
    if (!generated.empty()) {
      ctx->out()->Print("its webhooks are signed with " + generated +
                        " (stored in the macro; `earshotctl macro show " +
                        name + "` shows it)\n");
    }
  }
  return Status::OK();
}

Status Create(Context* ctx, const Args& args) { return Save(ctx, args, true); }
Status Update(Context* ctx, const Args& args) { return Save(ctx, args, false); }

Status List(Context* ctx, const Args&) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(
      "SELECT m.id, m.name, m.target, m.actions, m.updated_at, "
      "(SELECT COUNT(*) FROM listeners l WHERE l.macro_id = m.id) "
      "FROM macros m ORDER BY m.name",
      &r);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const Row& row : r.rows) {
    rapidjson::Document parsed;
    parsed.Parse(row.Text(3).c_str());
    std::string actions;
    if (parsed.IsObject() && parsed.HasMember("actions") &&
        parsed["actions"].IsArray()) {
      for (const auto& a : parsed["actions"].GetArray()) {
        if (!a.IsObject() || !a.HasMember("type") || !a["type"].IsString()) {
          continue;
        }
        actions +=
            (actions.empty() ? "" : ", ") + std::string(a["type"].GetString());
      }
    }
    rapidjson::Value item(rapidjson::kObjectType);
    Put(&item, "id", row.Int(0), alloc);
    Put(&item, "name", row.Text(1), alloc);
    Put(&item, "target", row.Text(2), alloc);
    Put(&item, "actions", actions, alloc);
    Put(&item, "listeners", row.Int(5), alloc);
    Put(&item, "updated_at", TimeOrNull(row, 4, alloc), alloc);
    doc.PushBack(item, alloc);
  }
  ctx->out()->PrintTable({{"id", "id"},
                          {"name", "name"},
                          {"target", "target"},
                          {"actions", "actions", CellStyle::kText, 60},
                          {"listeners", "listeners"},
                          {"updated_at", "updated", CellStyle::kTime}},
                         doc);
  return Status::OK();
}

Status Show(Context* ctx, const Args& args) {
  const std::string& name = args.positionals()[0];
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  MacroRef ref;
  s = FindMacro(db, name, &ref);
  if (!s.ok()) return s;
  QueryResult r, listeners;
  s = db->Run(
      "SELECT id, name, target, actions, created_at, updated_at FROM macros "
      "WHERE id = ?",
      {SqlParam::Int(ref.id)}, &r);
  if (s.ok()) {
    s = db->Run(
        "SELECT listener_key FROM listeners WHERE macro_id = ? ORDER BY "
        "listener_key",
        {SqlParam::Int(ref.id)}, &listeners);
  }
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no macro named " + Quoted(name));
  const Row& row = r.rows[0];
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  Put(&doc, "id", row.Int(0), alloc);
  Put(&doc, "name", row.Text(1), alloc);
  Put(&doc, "target", row.Text(2), alloc);
  Put(&doc, "created_at", TimeOrNull(row, 4, alloc), alloc);
  Put(&doc, "updated_at", TimeOrNull(row, 5, alloc), alloc);
  rapidjson::Value keys(rapidjson::kArrayType);
  for (const Row& l : listeners.rows)
    keys.PushBack(JsonString(l.Text(0), alloc), alloc);
  Put(&doc, "listeners", std::move(keys), alloc);
  rapidjson::Document parsed(&alloc);
  parsed.Parse(row.Text(3).c_str(), row.Text(3).size());
  rapidjson::Value document;
  if (parsed.HasParseError()) {
    document = JsonString(row.Text(3), alloc);
  } else {
    document.CopyFrom(parsed, alloc);
  }
  if (ctx->json()) {
    Put(&doc, "document", std::move(document), alloc);
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }
  ctx->out()->PrintRecord({{"id", "id"},
                           {"name", "name"},
                           {"target", "target"},
                           {"listeners", "listeners"},
                           {"created_at", "created", CellStyle::kTime},
                           {"updated_at", "updated", CellStyle::kTime}},
                          doc);
  ctx->out()->Print("\ndocument:\n" + Printable(FormatJson(document), true));
  return Status::OK();
}

Status Delete(Context* ctx, const Args& args) {
  const std::string& name = args.positionals()[0];
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  MacroRef ref;
  s = FindMacro(db, name, &ref);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(
      "SELECT listener_key FROM listeners WHERE macro_id = ? ORDER BY "
      "listener_key FOR UPDATE",
      {SqlParam::Int(ref.id)}, &r);
  if (!s.ok()) return s;
  if (!r.rows.empty()) {
    std::string keys;
    for (const Row& row : r.rows)
      keys += (keys.empty() ? "" : ", ") + row.Text(0);
    return Status::Invalid("macro " + Quoted(name) + " is used by listener" +
                           (r.rows.size() > 1 ? "s " : " ") + keys +
                           "; delete or change " +
                           (r.rows.size() > 1 ? "them" : "it") + " first");
  }
  s = db->Run("DELETE FROM macros WHERE id = ?", {SqlParam::Int(ref.id)},
              nullptr);
  if (s.ok()) s = BumpConfigVersion(db);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    Put(&doc, "deleted", name, doc.GetAllocator());
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("macro " + Quoted(name) + " deleted\n");
  }
  return Status::OK();
}

}  // namespace

void AddMacroCommands(std::vector<Command>* commands) {
  commands->push_back({"macro create",
                       "NAME --target users|feedback --file macro.json",
                       "store a macro (checked now; - reads stdin)",
                       "target file", 1, 1, Create});
  commands->push_back({"macro update", "NAME --file macro.json",
                       "replace a macro's actions (checked now)", "file", 1, 1,
                       Update});
  commands->push_back({"macro list", "", "list macros", "", 0, 0, List});
  commands->push_back({"macro show", "NAME",
                       "show a macro's document and its listeners", "", 1, 1,
                       Show});
  commands->push_back({"macro delete", "NAME",
                       "delete a macro no listener uses", "", 1, 1, Delete});
}

}  // namespace earshot::ctl
