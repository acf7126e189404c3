// earshotctl apikey create | list | revoke: the community API keys that
// senders present. A key is printed once, by `create`; only its hash and
// its first characters are stored.

#include <string>
#include <vector>

#include "common/store/api_keys.h"
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
  Status s = CheckApiKeyName(name);
  if (!s.ok()) return s;
  std::string allowed;
  s = NormalizeAllowList(args.GetAll("allow-ip"), &allowed);
  if (!s.ok()) return Status::Invalid("--allow-ip: " + s.message());

  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  NewApiKey created;
  s = CreateApiKey(db, name, allowed, "", &created);
  if (!s.ok()) return s;
  const std::string& key = created.key;

  const char* kNote =
      "This key is shown only now and cannot be shown again: earshot keeps "
      "only its hash.";
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", created.id, alloc);
    Put(&doc, "name", name, alloc);
    Put(&doc, "prefix", created.prefix, alloc);
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
      "k.allow_ips, k.notify_email, COUNT(l.id) FROM api_keys k "
      "LEFT JOIN listeners l ON l.api_key_id = k.id "
      "GROUP BY k.id ORDER BY k.name",
      {},
      {{{"name"},
        {"prefix"},
        {"created_at", TimeOrNull},
        {"last_used_at", TimeOrNull},
        {"revoked_at", TimeOrNull},
        {"allowed_ips", AllowedIps},
        {"notify_email", TextOrNull},
        {"listeners", Int}}},
      {{"name", "name"},
       {"prefix", "prefix"},
       {"created_at", "created", CellStyle::kTime},
       {"last_used_at", "last used", CellStyle::kTime, 0, "never"},
       {"revoked_at", "revoked", CellStyle::kTime, 0, "no"},
       {"allowed_ips", "allowed ips", CellStyle::kText, 0, "any"},
       {"notify_email", "notify", CellStyle::kText, 0, "no"},
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
  std::vector<std::string> stopped;
  s = RevokeApiKey(db, key.id, &stopped);
  if (!s.ok()) return s;
  const int64_t listeners = static_cast<int64_t>(stopped.size());
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

// apikey notify NAME --email ADDR | --off
Status Notify(Context* ctx, const Args& args) {
  const std::string& name = args.positionals()[0];
  const std::string* email = args.Get("email");
  const bool off = args.Has("off");
  if ((email == nullptr) == !off) {
    return Status::Invalid("apikey notify: give either --email ADDR or --off");
  }
  Status s;
  if (email != nullptr) {
    s = CheckNotifyEmail(*email);
    if (!s.ok()) return Status::Invalid("--email: " + s.message());
  }
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  ApiKeyRef key;
  s = FindApiKey(db, name, &key);
  if (!s.ok()) return s;
  s = SetApiKeyNotify(db, key.id, off ? "" : *email);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "name", name, alloc);
    if (off) {
      doc.AddMember("notify_email", rapidjson::Value(), alloc);
    } else {
      Put(&doc, "notify_email", *email, alloc);
    }
    ctx->out()->PrintJson(doc);
  } else if (off) {
    ctx->out()->Print("API key '" + name +
                      "': no more emails about new addresses\n");
  } else {
    ctx->out()->Print("API key '" + name + "': " + *email +
                      " is emailed when the key is used from an address it "
                      "was not used from before\n");
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
  commands->push_back(
      {"apikey notify", "NAME --email ADDR | --off",
       "email ADDR when the key is used from an address not seen before",
       "email off", 1, 1, Notify});
}

}  // namespace earshot::ctl
