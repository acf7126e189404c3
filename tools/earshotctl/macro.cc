// earshotctl macro create | update | list | show | delete: stored macros
// (see common/macro/macro.h for the document). Saving and deleting are
// common/store/macros.h's, shared with the console: a macro is checked when
// saved, against the data fields that exist then; one with webhooks and no
// webhook_secret, on an install without one, gets a fresh secret stored
// in its document (printed once by create; `macro show` shows it).

#include "common/macro/macro.h"

#include <rapidjson/document.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/store/listener.h"
#include "common/store/lookup.h"
#include "common/store/macros.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/query.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

std::string Quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
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

Status Save(Context* ctx, const Args& args, bool create) {
  MacroSave save;
  save.name = args.positionals()[0];
  save.create = create;
  Status s = CheckMacroName(save.name);
  if (!s.ok()) return s;
  const std::string* file = args.Get("file");
  if (file == nullptr) {
    return Status::Invalid(std::string("macro ") +
                           (create ? "create" : "update") +
                           " needs --file macro.json (- for stdin)");
  }
  if (create) {
    const std::string* target = args.Get("target");
    if (target == nullptr) {
      return Status::Invalid("macro create needs --target users|feedback");
    }
    s = ParseTargetArg(*target, "users|feedback", &save.target);
    if (!s.ok()) return s;
  }
  s = ReadDocument(*file, &save.document);
  if (!s.ok()) return s;
  const Config* config;
  s = ctx->GetConfig(&config);
  if (!s.ok()) return s;
  save.install_webhook_secret = config->webhook_secret;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  std::string stored, generated;
  int64_t id = 0;
  TargetKind kind;
  s = SaveMacro(db, save, &stored, &generated, &id, &kind);
  if (!s.ok()) return s;
  const std::string& name = save.name;
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
  QueryResult r;
  s = QueryOne(db,
               "SELECT id, name, target, created_at, updated_at, actions "
               "FROM macros WHERE id = ?",
               {SqlParam::Int(ref.id)}, "no macro named " + Quoted(name), &r);
  std::vector<std::string> listener_keys;
  if (s.ok()) s = MacroListeners(db, ref.id, false, &listener_keys);
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
  for (const std::string& l : listener_keys)
    keys.PushBack(JsonString(l, alloc), alloc);
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
  Status s = ctx->Db(&db);
  if (s.ok()) s = DeleteMacro(db, name);
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
