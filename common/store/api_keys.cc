#include "common/store/api_keys.h"

#include "common/auth/api_key.h"
#include "common/auth/cidr.h"
#include "common/base/checks.h"
#include "common/base/names.h"
#include "common/store/listener.h"
#include "common/store/lookup.h"

namespace earshot {

Status CheckApiKeyName(std::string_view name) {
  if (IsValidSimpleName(name)) return Status::OK();
  return Status::Invalid("invalid API key name " + Quote(name) +
                         ": expected 1 to 64 of A-Z a-z 0-9 _ . - "
                         "starting with a letter or digit");
}

Status NormalizeAllowList(const std::vector<std::string>& cidrs,
                          std::string* normalized) {
  std::string joined;
  for (const std::string& value : cidrs) {
    std::string one;
    Status s = IpAllowList::ParseOne(value, &one);
    if (!s.ok()) return s;
    joined += (joined.empty() ? "" : " ") + one;
  }
  IpAllowList allow;
  Status s = IpAllowList::Parse(joined, &allow);  // drops repeats
  if (!s.ok()) return s;
  *normalized = allow.ToString();
  return Status::OK();
}

std::vector<std::string> SplitAllowList(std::string_view text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find_first_of(" \t\r\n,", at);
    if (end == std::string_view::npos) end = text.size();
    if (end > at) out.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

Status CheckNotifyEmail(std::string_view email) { return CheckEmail(email); }

Status CreateApiKey(Connection* db, std::string_view name,
                    std::string_view allow_ips, std::string_view notify_email,
                    NewApiKey* created) {
  ApiKeyRef existing;
  Status s = FindApiKey(db, name, &existing);
  const std::string taken =
      "an API key named " + Quote(name) + " already exists";
  if (s.ok()) {
    return Status::Duplicate(taken + (existing.revoked ? " (revoked)" : ""));
  }
  if (!s.IsNotFound()) return s;
  std::string key;
  s = GenerateApiKey(&key);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run(
      "INSERT INTO api_keys (name, prefix, hash, allow_ips, notify_email) "
      "VALUES (?, ?, ?, ?, ?)",
      {SqlParam::Text(std::string(name)), SqlParam::Text(ApiKeyPrefix(key)),
       SqlParam::Blob(HashApiKey(key)),
       allow_ips.empty() ? SqlParam::Null()
                         : SqlParam::Text(std::string(allow_ips)),
       notify_email.empty() ? SqlParam::Null()
                            : SqlParam::Text(std::string(notify_email))},
      &r);
  if (s.IsDuplicate()) return Status::Duplicate(taken);
  if (!s.ok()) return s;
  s = BumpConfigVersion(db);
  if (!s.ok()) return s;
  created->id = static_cast<int64_t>(r.insert_id);
  created->prefix = ApiKeyPrefix(key);
  created->key = std::move(key);
  return Status::OK();
}

Status SetApiKeyAllowList(Connection* db, int64_t id,
                          std::string_view allow_ips) {
  Status s =
      db->Run("UPDATE api_keys SET allow_ips = ? WHERE id = ?",
              {allow_ips.empty() ? SqlParam::Null()
                                 : SqlParam::Text(std::string(allow_ips)),
               SqlParam::Int(id)},
              nullptr);
  if (!s.ok()) return s;
  return BumpConfigVersion(db);
}

Status SetApiKeyNotify(Connection* db, int64_t id, std::string_view email) {
  Status s = db->Run(
      "UPDATE api_keys SET notify_email = ? WHERE id = ?",
      {email.empty() ? SqlParam::Null() : SqlParam::Text(std::string(email)),
       SqlParam::Int(id)},
      nullptr);
  if (!s.ok()) return s;
  return BumpConfigVersion(db);
}

Status RevokeApiKey(Connection* db, int64_t id,
                    std::vector<std::string>* enabled_listeners) {
  QueryResult r;
  Status s = db->Run(
      "SELECT listener_key FROM listeners WHERE api_key_id = ? AND enabled "
      "ORDER BY listener_key",
      {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  enabled_listeners->clear();
  for (const Row& row : r.rows) enabled_listeners->push_back(row.Text(0));
  s = db->Run(
      "UPDATE api_keys SET revoked_at = UTC_TIMESTAMP(6) WHERE id = ? AND "
      "revoked_at IS NULL",
      {SqlParam::Int(id)}, &r);
  if (!s.ok()) return s;
  if (r.affected_rows == 0) return Status::OK();
  return BumpConfigVersion(db);
}

}  // namespace earshot
