// earshotctl listener create | update | list | show | enable | disable |
// delete. Every change bumps the config version in its transaction, and a
// created or updated listener is loaded back with LoadListenerById, as a
// handler would load it, before the transaction commits.

#include "common/store/listener.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "common/store/delivery_metrics.h"
#include "common/store/listener_settings.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

constexpr size_t kListFilterWidth = 40;

// The options `listener create` and `update` take, for Args::Check: type,
// target and every type's settings, from the descriptors.
const char* ListenerOptions() {
  static const std::string options = [] {
    std::string text = "type target";
    std::vector<const SettingSpec*> specs;
    for (const SettingSpec& spec : CommonSettings()) specs.push_back(&spec);
    for (const ListenerTypeSpec* type : ListenerTypes()) {
      for (const SettingSpec& spec : type->settings) specs.push_back(&spec);
    }
    for (const SettingSpec* spec : specs) {
      std::string name = spec->option;
      if (spec->input == SettingInput::kSecret) name += "*";
      if ((" " + text + " ").find(" " + name + " ") == std::string::npos) {
        text += " " + name;
      }
    }
    return text;
  }();
  return options.c_str();
}

// The command's options as settings; switches (--json) are not settings.
SettingValues Settings(const Args& args) {
  SettingValues values;
  const std::string options = std::string(" ") + ListenerOptions() + " ";
  for (const auto& [name, value] : args.options()) {
    if (options.find(" " + name + " ") != std::string::npos ||
        options.find(" " + name + "* ") != std::string::npos) {
      values.emplace_back(name, value);
    }
  }
  return values;
}

Status EndpointUrl(Context* ctx, ListenerType type, const std::string& key,
                   std::string* url) {
  const Config* config;
  Status s = ctx->GetConfig(&config);
  if (!s.ok()) return s;
  std::string base = config->base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  *url = base + "/listeners/" + ListenerTypeName(type) + "/" + key;
  return Status::OK();
}

// Bumps the config version and loads the listener back, as a handler
// would: the last check before the transaction commits.
Status Finish(Connection* db, int64_t id) {
  Status s = BumpConfigVersion(db);
  if (!s.ok()) return s;
  std::shared_ptr<const Listener> loaded;
  s = LoadListenerById(db, id, &loaded);
  if (s.IsUnavailable() || s.IsRetry()) return s;
  if (!s.ok()) {
    return Status::Invalid("the listener would not load: " + s.message());
  }
  return Status::OK();
}

Status PrintSaved(Context* ctx, const ListenerSettings& l, bool created) {
  std::string url;
  Status s = EndpointUrl(ctx, l.type, l.key, &url);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", l.id, alloc);
    Put(&doc, "key", l.key, alloc);
    Put(&doc, "type", ListenerTypeName(l.type), alloc);
    Put(&doc, "target", TargetKindName(l.target), alloc);
    Put(&doc, "url", url, alloc);
    ctx->out()->PrintJson(doc);
  } else if (created) {
    ctx->out()->Print(url + "\n");
  } else {
    ctx->out()->Print("listener '" + l.key + "' updated: " + url + "\n");
  }
  return Status::OK();
}

Status Create(Context* ctx, const Args& args) {
  ListenerSettings l;
  l.key = args.positionals()[0];
  Status s =
      ApplyListenerSettings(Settings(args), true, SettingNaming::kOption, &l);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (s.ok())
    s = ValidateListenerSettings(db, true, SettingNaming::kOption, &l);
  if (s.ok()) s = InsertListener(db, &l);
  if (s.ok()) s = Finish(db, l.id);
  if (!s.ok()) return s;
  return PrintSaved(ctx, l, true);
}

Status Update(Context* ctx, const Args& args) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  ListenerSettings l;
  s = ReadListenerSettings(db, args.positionals()[0], &l);
  if (s.ok()) {
    s = ApplyListenerSettings(Settings(args), false, SettingNaming::kOption,
                              &l);
  }
  if (s.ok())
    s = ValidateListenerSettings(db, false, SettingNaming::kOption, &l);
  if (s.ok()) s = UpdateListener(db, l);
  if (s.ok()) s = Finish(db, l.id);
  if (!s.ok()) return s;
  return PrintSaved(ctx, l, false);
}

constexpr const char* kSelect =
    "SELECT l.id, l.listener_key, l.type, l.target, l.scope_project_id, "
    "l.enabled, k.name, k.revoked_at IS NOT NULL, l.identify, l.filter, "
    "g.name, m.name, l.author_field, l.author_email, l.comment_field, "
    "l.popularity_weight, l.signature_scheme, l.signature_secret, "
    "l.signature_header, l.name, l.description, l.created_at, l.updated_at "
    "FROM listeners l JOIN api_keys k ON k.id = l.api_key_id "
    "LEFT JOIN data_groups g ON g.id = l.group_id "
    "LEFT JOIN macros m ON m.id = l.macro_id ";

// A row of kSelect as JSON: every setting, secrets only counted.
rapidjson::Value Describe(const Row& row, const std::string& url,
                          JsonAlloc& alloc) {
  rapidjson::Value v(rapidjson::kObjectType);
  Put(&v, "id", row.Int(0), alloc);
  Put(&v, "key", row.Text(1), alloc);
  Put(&v, "url", url, alloc);
  Put(&v, "type", row.Text(2), alloc);
  Put(&v, "target", row.Text(3), alloc);
  Put(&v, "scope", FormatScope(row.Int(4)), alloc);
  Put(&v, "enabled", row.Int(5) != 0, alloc);
  Put(&v, "api_key", row.Text(6), alloc);
  Put(&v, "api_key_revoked", row.Int(7) != 0, alloc);
  Put(&v, "identify", row.Text(8), alloc);
  Put(&v, "filter", TextOrNull(row, 9, alloc), alloc);
  Put(&v, "group", TextOrNull(row, 10, alloc), alloc);
  Put(&v, "macro", TextOrNull(row, 11, alloc), alloc);
  Put(&v, "author_field", TextOrNull(row, 12, alloc), alloc);
  Put(&v, "author", TextOrNull(row, 13, alloc), alloc);
  Put(&v, "comment_field", TextOrNull(row, 14, alloc), alloc);
  Put(&v, "popularity_weight", row.Int(15), alloc);
  Put(&v, "signature", TextOrNull(row, 16, alloc), alloc);
  // Stored one per line (a secret may hold blanks).
  int secrets = 0;
  if (!row.IsNull(16)) {
    std::string text = "\n" + row.Text(17);
    for (size_t i = 1; i < text.size(); ++i) {
      if (text[i] != '\n' && text[i - 1] == '\n') ++secrets;
    }
  }
  Put(&v, "secrets", secrets, alloc);
  Put(&v, "token_header", TextOrNull(row, 18, alloc), alloc);
  Put(&v, "name", row.Text(19), alloc);
  Put(&v, "description", row.Text(20), alloc);
  Put(&v, "created_at", TimeOrNull(row, 21, alloc), alloc);
  Put(&v, "updated_at", TimeOrNull(row, 22, alloc), alloc);
  return v;
}

Status List(Context* ctx, const Args&) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(std::string(kSelect) + "ORDER BY l.listener_key", &r);
  if (!s.ok()) return s;
  rapidjson::Document doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const Row& row : r.rows) {
    ListenerType type;
    ParseListenerType(row.Text(2), &type);
    std::string url;
    s = EndpointUrl(ctx, type, row.Text(1), &url);
    if (!s.ok()) return s;
    doc.PushBack(Describe(row, url, alloc), alloc);
  }
  ctx->out()->PrintTable(
      {{"key", "key"},
       {"type", "type"},
       {"target", "target"},
       {"scope", "scope"},
       {"enabled", "enabled"},
       {"api_key", "api key"},
       {"identify", "identify"},
       {"filter", "filter", CellStyle::kText, kListFilterWidth}},
      doc);
  return Status::OK();
}

Status Show(Context* ctx, const Args& args) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  const std::string& key = args.positionals()[0];
  QueryResult r;
  s = db->Run(std::string(kSelect) + "WHERE l.listener_key = ?",
              {SqlParam::Text(key)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no listener '" + key + "'");
  const Row& row = r.rows[0];
  ListenerType type;
  ParseListenerType(row.Text(2), &type);
  std::string url;
  s = EndpointUrl(ctx, type, key, &url);
  if (!s.ok()) return s;
  rapidjson::Document holder;
  auto& alloc = holder.GetAllocator();
  rapidjson::Value doc = Describe(row, url, alloc);
  if (ctx->json()) {
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }
  if (row.Int(7) != 0) {
    Put(&doc, "api_key_text", row.Text(6) + " (revoked)", alloc);
  } else {
    Put(&doc, "api_key_text", row.Text(6), alloc);
  }
  Put(&doc, "secrets_text", std::to_string(doc["secrets"].GetInt()) + " set",
      alloc);
  std::vector<Column> fields = {
      {"key", "key"},
      {"url", "url"},
      {"type", "type"},
      {"target", "target"},
      {"scope", "scope"},
      {"enabled", "enabled"},
      {"api_key_text", "api key"},
      {"identify", "identify"},
      {"filter", "filter", CellStyle::kText, 0, "(none)"},
  };
  // The type's own settings that mean something for this listener.
  ListenerSettings settings;
  s = ReadListenerSettings(db, key, &settings);
  if (!s.ok()) return s;
  std::deque<std::string> names;  // Column holds pointers into these
  for (const SettingSpec& spec : TypeSpec(type).settings) {
    if (spec.applies != nullptr && !spec.applies(settings)) continue;
    std::string& json_key = names.emplace_back(spec.option);
    std::string& label = names.emplace_back(spec.option);
    std::replace(json_key.begin(), json_key.end(), '-', '_');
    std::replace(label.begin(), label.end(), '-', ' ');
    fields.push_back({json_key.c_str(), label.c_str()});
  }
  fields.push_back({"signature", "signature", CellStyle::kText, 0, "none"});
  if (!row.IsNull(16)) {
    fields.push_back({"secrets_text", "secrets"});
    if (row.Text(16) == "token") {
      fields.push_back({"token_header", "token header", CellStyle::kText, 0,
                        "X-Gitlab-Token (default)"});
    }
  }
  fields.push_back({"name", "name"});
  fields.push_back({"description", "description"});
  fields.push_back({"created_at", "created", CellStyle::kTime});
  fields.push_back({"updated_at", "updated", CellStyle::kTime});
  ctx->out()->Print(FormatRecord(fields, doc));
  return Status::OK();
}

Status SetEnabled(Context* ctx, const Args& args, bool enabled) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  const std::string& key = args.positionals()[0];
  QueryResult r;
  s = db->Run(
      "SELECT id, enabled FROM listeners WHERE listener_key = ? FOR UPDATE",
      {SqlParam::Text(key)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no listener '" + key + "'");
  const bool was = r.rows[0].Int(1) != 0;
  if (was != enabled) {
    s = db->Run(
        "UPDATE listeners SET enabled = ?, updated_at = UTC_TIMESTAMP(6) "
        "WHERE id = ?",
        {SqlParam::Int(enabled ? 1 : 0), SqlParam::Int(r.rows[0].Int(0))},
        nullptr);
    if (s.ok()) s = BumpConfigVersion(db);
    if (!s.ok()) return s;
  }
  const char* state = enabled ? "enabled" : "disabled";
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "key", key, alloc);
    Put(&doc, "enabled", enabled, alloc);
    Put(&doc, "changed", was != enabled, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("listener '" + key + "' " +
                      (was == enabled ? "was already " : "") + state + "\n");
  }
  return Status::OK();
}

Status Enable(Context* ctx, const Args& args) {
  return SetEnabled(ctx, args, true);
}
Status Disable(Context* ctx, const Args& args) {
  return SetEnabled(ctx, args, false);
}

Status Delete(Context* ctx, const Args& args) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  const std::string& key = args.positionals()[0];
  int64_t id;
  s = FindListenerId(db, key, &id);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run("SELECT COUNT(*) FROM events WHERE listener_id = ?",
              {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  const int64_t events = r.rows[0].Int(0);
  s = RecordListenerDeletion(db, id);
  if (s.ok()) {
    s = db->Run("DELETE FROM listeners WHERE id = ?", {SqlParam::Int(id)},
                nullptr);
  }
  if (s.ok()) s = BumpConfigVersion(db);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "key", key, alloc);
    Put(&doc, "id", id, alloc);
    Put(&doc, "deleted", true, alloc);
    Put(&doc, "events_kept", events, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("listener '" + key + "' (id " + std::to_string(id) +
                      ") deleted; its " + std::to_string(events) +
                      " logged deliveries stay in the log\n");
  }
  return Status::OK();
}

constexpr const char* kCreateUsage =
    "KEY --type macro|comment|data --target users|feedback|projects\n"
    "      --api-key NAME [--scope community|project:ID] "
    "[--identify ATTR=SOURCE]\n"
    "      [--filter EXPR] [--group G] [--macro M]\n"
    "      [--author-field /p | --author EMAIL] [--comment-field /p]\n"
    "      [--popularity-weight N]\n"
    "      [--signature github|standard|token --secret S [--secret S2]...]\n"
    "      [--token-header NAME] [--name N] [--description D]";

constexpr const char* kUpdateUsage =
    "KEY [any option of create but --type and --target]\n"
    "      [--filter \"\" clears the filter] [--signature none]";

}  // namespace

void AddListenerCommands(std::vector<Command>* commands) {
  commands->push_back({"listener create", kCreateUsage,
                       "create a listener and print its endpoint URL",
                       ListenerOptions(), 1, 1, Create});
  commands->push_back({"listener update", kUpdateUsage,
                       "change the given settings of a listener",
                       ListenerOptions(), 1, 1, Update});
  commands->push_back(
      {"listener list", "", "list the listeners", "", 0, 0, List});
  commands->push_back({"listener show", "KEY",
                       "every setting of a listener (secrets only counted)", "",
                       1, 1, Show});
  commands->push_back(
      {"listener enable", "KEY", "enable a listener", "", 1, 1, Enable});
  commands->push_back({"listener disable", "KEY",
                       "disable a listener: it answers 403 and does nothing",
                       "", 1, 1, Disable});
  commands->push_back({"listener delete", "KEY",
                       "delete a listener; its delivery log stays", "", 1, 1,
                       Delete});
}

}  // namespace earshot::ctl
