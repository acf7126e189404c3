// earshotctl apikey create | list | revoke: the community API keys that
// senders present. A key is printed once, by `create`; only its hash and
// its first characters are stored.

#include <string>
#include <vector>

#include "common/auth/api_key.h"
#include "common/auth/cidr.h"
#include "common/base/names.h"
#include "common/store/listener.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/query.h"
#include "tools/earshotctl/rows.h"

namespace earshot::ctl {

namespace {

rapidjson::Value IpList(const std::string& spaced, JsonAlloc& alloc) {
  rapidjson::Value list(rapidjson::kArrayType);
  size_t pos = 0;
  while (pos < spaced.size()) {
    size_t end = spaced.find(' ', pos);
    if (end == std::string::npos) end = spaced.size();
    if (end > pos) {
      list.PushBack(JsonString(spaced.substr(pos, end - pos), alloc), alloc);
    }
    pos = end + 1;
  }
  return list;
}

// The allow_ips column ("10.0.0.0/8 ::1/128") as a list.
rapidjson::Value AllowedIps(const Row& row, size_t col, JsonAlloc& alloc) {
  return IpList(row.Text(col), alloc);
}

Status Create(Context* ctx, const Args& args) {
  const std::string& name = args.positionals()[0];
  if (!IsValidSimpleName(name)) {
    return Status::Invalid("invalid API key name '" + name +
                           "': expected 1 to 64 of A-Z a-z 0-9 _ . - "
                           "starting with a letter or digit");
  }
  std::string cidrs;
  for (const std::string& value : args.GetAll("allow-ip")) {
    std::string normalized;
    Status s = IpAllowList::ParseOne(value, &normalized);
    if (!s.ok()) return Status::Invalid("--allow-ip: " + s.message());
    cidrs += (cidrs.empty() ? "" : " ") + normalized;
  }
  IpAllowList allow;
  Status s = IpAllowList::Parse(cidrs, &allow);  // drops repeats
  if (!s.ok()) return Status::Invalid("--allow-ip: " + s.message());

  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  ApiKeyRef existing;
  s = FindApiKey(db, name, &existing);
  if (s.ok()) {
    return Status::Duplicate("an API key named '" + name + "' already exists" +
                             (existing.revoked ? " (revoked)" : ""));
  }
  if (!s.IsNotFound()) return s;

  std::string key;
  s = GenerateApiKey(&key);
  if (!s.ok()) return s;
  const std::string allowed = allow.ToString();
  QueryResult r;
  s = RunConfigChange(
      db,
      "INSERT INTO api_keys (name, prefix, hash, allow_ips) "
      "VALUES (?, ?, ?, ?)",
      {SqlParam::Text(name), SqlParam::Text(ApiKeyPrefix(key)),
       SqlParam::Blob(HashApiKey(key)),
       allowed.empty() ? SqlParam::Null() : SqlParam::Text(allowed)},
      "an API key named '" + name + "' already exists", &r);
  if (!s.ok()) return s;

  const char* kNote =
      "This key is shown only now and cannot be shown again: earshot keeps "
      "only its hash.";
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", static_cast<int64_t>(r.insert_id), alloc);
    Put(&doc, "name", name, alloc);
    Put(&doc, "prefix", ApiKeyPrefix(key), alloc);
    Put(&doc, "key", key, alloc);
    Put(&doc, "allowed_ips", IpList(allowed, alloc), alloc);
    Put(&doc, "note", kNote, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("API key '" + name + "' created" +
                      (allowed.empty() ? "" : ", allowed from " + allowed) +
                      ":\n\n  " + key + "\n\n" + kNote + "\n");
  }
  return Status::OK();
}

Status List(Context* ctx, const Args&) {
  return PrintRows(
      ctx,
      "SELECT k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at, "
      "k.allow_ips, COUNT(l.id) FROM api_keys k "
      "LEFT JOIN listeners l ON l.api_key_id = k.id "
      "GROUP BY k.id ORDER BY k.name",
      {},
      {{{"name"},
        {"prefix"},
        {"created_at", TimeOrNull},
        {"last_used_at", TimeOrNull},
        {"revoked_at", TimeOrNull},
        {"allowed_ips", AllowedIps},
        {"listeners", Int}}},
      {{"name", "name"},
       {"prefix", "prefix"},
       {"created_at", "created", CellStyle::kTime},
       {"last_used_at", "last used", CellStyle::kTime, 0, "never"},
       {"revoked_at", "revoked", CellStyle::kTime, 0, "no"},
       {"allowed_ips", "allowed ips", CellStyle::kText, 0, "any"},
       {"listeners", "listeners"}});
}

Status Revoke(Context* ctx, const Args& args) {
  const std::string& name = args.positionals()[0];
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  ApiKeyRef key;
  s = FindApiKey(db, name, &key);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run("SELECT COUNT(*) FROM listeners WHERE api_key_id = ? AND enabled",
              {SqlParam::Int(key.id)}, &r);
  if (!s.ok()) return s;
  int64_t listeners = r.rows[0].Int(0);
  if (!key.revoked) {
    s = db->Run(
        "UPDATE api_keys SET revoked_at = UTC_TIMESTAMP(6) WHERE id = ?",
        {SqlParam::Int(key.id)}, nullptr);
    if (s.ok()) s = BumpConfigVersion(db);
    if (!s.ok()) return s;
  }
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "name", name, alloc);
    Put(&doc, "revoked", true, alloc);
    Put(&doc, "already_revoked", key.revoked, alloc);
    Put(&doc, "enabled_listeners", listeners, alloc);
    ctx->out()->PrintJson(doc);
  } else if (key.revoked) {
    ctx->out()->Print("API key '" + name + "' was already revoked\n");
  } else {
    ctx->out()->Print("API key '" + name + "' revoked; " +
                      std::to_string(listeners) +
                      " enabled listener(s) using it now refuse deliveries\n");
  }
  return Status::OK();
}

}  // namespace

void AddApiKeyCommands(std::vector<Command>* commands) {
  commands->push_back({"apikey create", "NAME [--allow-ip CIDR]...",
                       "create an API key; the key is printed this once",
                       "allow-ip*", 1, 1, Create});
  commands->push_back({"apikey list", "", "list the API keys (never the keys)",
                       "", 0, 0, List});
  commands->push_back({"apikey revoke", "NAME",
                       "revoke an API key: its listeners refuse it from now on",
                       "", 1, 1, Revoke});
}

}  // namespace earshot::ctl
