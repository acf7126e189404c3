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
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/query.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

std::string Quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// The keys of the listeners that run macro `id`, in order; `lock` is ""
// or " FOR UPDATE".
Status ListenersOf(Connection* db, int64_t id, const char* lock,
                   QueryResult* r) {
  return db->Run(std::string("SELECT listener_key FROM listeners WHERE "
                             "macro_id = ? ORDER BY listener_key") +
                     lock,
                 {SqlParam::Int(id)}, r);
}

// The command's database and the macro named `name` in it.
Status OpenMacro(Context* ctx, const std::string& name, Connection** db,
                 MacroRef* ref) {
  Status s = ctx->Db(db);
  if (s.ok()) s = FindMacro(*db, name, ref);
  return s;
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
  const std::string duplicate =
      "a macro named " + Quoted(name) + " already exists";
  if (create) {
    s = RunConfigChange(
        db, "INSERT INTO macros (name, target, actions) VALUES (?, ?, ?)",
        {SqlParam::Text(name), SqlParam::Text(TargetKindName(kind)),
         SqlParam::Text(text)},
        duplicate, &r);
    id = static_cast<int64_t>(r.insert_id);
  } else {
    s = RunConfigChange(
        db, "UPDATE macros SET actions = ?, updated_at = NOW(6) WHERE id = ?",
        {SqlParam::Text(text), SqlParam::Int(id)}, duplicate, nullptr);
  }
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

// The types of a macro document's actions: "score, status, email".
rapidjson::Value ActionTypes(const Row& row, size_t col, JsonAlloc& alloc) {
  rapidjson::Document parsed;
  parsed.Parse(row.Text(col).c_str());
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
  return JsonString(actions, alloc);
}

Status List(Context* ctx, const Args&) {
  return PrintRows(
      ctx,
      "SELECT m.id, m.name, m.target, m.actions, "
      "(SELECT COUNT(*) FROM listeners l WHERE l.macro_id = m.id), "
      "m.updated_at FROM macros m ORDER BY m.name",
      {},
      {{{"id", Int},
        {"name"},
        {"target"},
        {"actions", ActionTypes},
        {"listeners", Int},
        {"updated_at", TimeOrNull}}},
      {{"id", "id"},
       {"name", "name"},
       {"target", "target"},
       {"actions", "actions", CellStyle::kText, 60},
       {"listeners", "listeners"},
       {"updated_at", "updated", CellStyle::kTime}});
}

Status Show(Context* ctx, const Args& args) {
  const std::string& name = args.positionals()[0];
  Connection* db;
  MacroRef ref;
  Status s = OpenMacro(ctx, name, &db, &ref);
  if (!s.ok()) return s;
  QueryResult r, listeners;
  s = QueryOne(db,
               "SELECT id, name, target, created_at, updated_at, actions "
               "FROM macros WHERE id = ?",
               {SqlParam::Int(ref.id)}, "no macro named " + Quoted(name), &r);
  if (s.ok()) s = ListenersOf(db, ref.id, "", &listeners);
  if (!s.ok()) return s;
  const Row& row = r.rows[0];
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  PutCells({{"id", Int},
            {"name"},
            {"target"},
            {"created_at", TimeOrNull},
            {"updated_at", TimeOrNull}},
           row, &doc, alloc);
  rapidjson::Value keys(rapidjson::kArrayType);
  for (const Row& l : listeners.rows)
    keys.PushBack(JsonString(l.Text(0), alloc), alloc);
  Put(&doc, "listeners", std::move(keys), alloc);
  rapidjson::Value document = JsonOrNull(row, 5, alloc);
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
  MacroRef ref;
  Status s = OpenMacro(ctx, name, &db, &ref);
  if (!s.ok()) return s;
  QueryResult r;
  s = ListenersOf(db, ref.id, " FOR UPDATE", &r);
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
