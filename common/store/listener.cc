#include "common/store/listener.h"

#include <algorithm>
#include <sstream>

#include "common/base/clock.h"
#include "common/store/listener_type.h"

namespace earshot {

namespace {

constexpr const char* kSelectListener =
    "SELECT l.id, l.listener_key, l.type, l.target, l.scope_project_id, "
    "l.identify, l.filter, l.group_id, l.macro_id, l.author_field, "
    "l.author_email, l.comment_field, l.popularity_weight, "
    "l.signature_scheme, l.signature_secret, l.signature_header, l.enabled, "
    "l.name, l.description, k.id, k.name, k.hash, k.revoked_at IS NOT NULL, "
    "k.allow_ips, g.name, m.name, m.actions, k.notify_email, "
    "(SELECT version FROM config_state WHERE id = 1), "
    "TIMESTAMPDIFF(MICROSECOND, k.last_used_at, NOW(6)), g.target "
    "FROM listeners l JOIN api_keys k ON k.id = l.api_key_id "
    "LEFT JOIN data_groups g ON g.id = l.group_id "
    "LEFT JOIN macros m ON m.id = l.macro_id ";

enum Column {
  kId,
  kKey,
  kType,
  kTarget,
  kScope,
  kIdentify,
  kFilter,
  kGroupId,
  kMacroId,
  kAuthorField,
  kAuthorEmail,
  kCommentField,
  kWeight,
  kScheme,
  kSecret,
  kHeader,
  kEnabled,
  kName,
  kDescription,
  kKeyId,
  kKeyName,
  kKeyHash,
  kKeyRevoked,
  kAllowIps,
  kGroupName,
  kMacroName,
  kMacroActions,
  kKeyNotifyEmail,
  kConfigVersion,
  kKeyUsedAgeUs,
  kGroupTarget,
};

// The data field a listener identifies targets by. A data listener that
// identifies by a field of its own group (loaded with it) needs no query of
// its own: one round trip fewer per plain-CGI request. The name must match
// exactly; anything else is looked up as before. `group_target`: the
// listener's group's target kind ("" without a group).
Status ResolveIdentifyField(Connection* db, const std::string& group_target,
                            Listener* l) {
  IdentifySpec& identify = l->identify;
  if (l->type == ListenerType::kData && !l->group_name.empty() &&
      identify.group == l->group_name &&
      group_target == TargetKindName(l->target)) {
    for (const DataField& f : l->fields) {
      if (f.label != identify.label) continue;
      identify.data_field_id = f.id;
      identify.data_field_type = f.type;
      return Status::OK();
    }
  }
  DataFieldRef ref;
  Status s = FindDataField(db, l->target, identify.group, identify.label, &ref);
  if (!s.ok()) return s;
  identify.data_field_id = ref.field_id;
  identify.data_field_type = ref.type;
  return Status::OK();
}

Status Load(Connection* db, const std::string& where,
            const std::vector<SqlParam>& params,
            std::shared_ptr<const Listener>* out) {
  auto l = std::make_shared<Listener>();
  l->loaded_us = SteadyMicros();
  // The config version comes with the listener's row, from the same read
  // (one round trip fewer per plain-CGI request); the reads below may see
  // newer config, which the event's INSERT then finds out.
  QueryResult r;
  Status s = db->Run(std::string(kSelectListener) + where, params, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no such listener");
  const Row& row = r.rows[0];
  if (row.IsNull(kConfigVersion)) {
    return Status::Internal("config_state is empty");
  }
  l->config_version = row.Int(kConfigVersion);
  if (!row.IsNull(kKeyUsedAgeUs)) {
    l->api_key_used_age_us = std::max<int64_t>(row.Int(kKeyUsedAgeUs), 0);
  }

  l->id = row.Int(kId);
  l->key = row.Text(kKey);
  if (!ParseListenerType(row.Text(kType), &l->type) ||
      !ParseTargetKind(row.Text(kTarget), &l->target)) {
    return Status::Invalid("unknown listener type or target");
  }
  l->scope_project_id = row.Int(kScope);
  l->enabled = row.Int(kEnabled) != 0;
  l->name = row.Text(kName);
  l->description = row.Text(kDescription);

  l->api_key_id = row.Int(kKeyId);
  l->api_key_name = row.Text(kKeyName);
  l->api_key_hash = row.Text(kKeyHash);
  l->api_key_revoked = row.Int(kKeyRevoked) != 0;
  l->api_key_notify_email = row.Text(kKeyNotifyEmail);
  s = IpAllowList::Parse(row.Text(kAllowIps), &l->allowed_ips);
  if (!s.ok()) return Status::Invalid("api key allow-list: " + s.message());

  s = ParseIdentify(row.Text(kIdentify), l->target, &l->identify);
  if (!s.ok()) return s;
  s = CompileListenerFilter(db, l->target, l->project_scoped(),
                            row.Text(kFilter), &l->filter);
  if (!s.ok()) return Status::Invalid("filter: " + s.message());

  if (!row.IsNull(kScheme)) {
    if (!ParseSignatureScheme(row.Text(kScheme), &l->signature.scheme)) {
      return Status::Invalid("unknown signature scheme");
    }
    l->signature.secrets = SplitSecrets(row.Text(kSecret));
    if (!row.IsNull(kHeader)) l->signature.token_header = row.Text(kHeader);
  }

  l->group_id = row.Int(kGroupId);
  l->group_name = row.Text(kGroupName);
  l->author_field = row.Text(kAuthorField);
  l->author_email = row.Text(kAuthorEmail);
  l->comment_field = row.Text(kCommentField);
  l->popularity_weight = static_cast<int>(row.Int(kWeight));
  l->macro_id = row.Int(kMacroId);
  l->macro_name = row.Text(kMacroName);
  l->macro_json = row.Text(kMacroActions);
  s = TypeSpec(l->type).load(db, l.get());
  if (!s.ok()) return s;
  if (l->identify.attribute == IdentifyAttribute::kData) {
    s = ResolveIdentifyField(db, row.Text(kGroupTarget), l.get());
    if (!s.ok()) return Status::Invalid("identify: " + s.message());
  }
  *out = std::move(l);
  return Status::OK();
}

}  // namespace

std::vector<std::string> SplitSecrets(const std::string& stored) {
  std::vector<std::string> secrets;
  std::istringstream in(stored);
  std::string secret;
  while (std::getline(in, secret)) {
    if (!secret.empty()) secrets.push_back(secret);
  }
  return secrets;
}

std::string JoinSecrets(const std::vector<std::string>& secrets) {
  std::string stored;
  for (const std::string& s : secrets) {
    stored += (stored.empty() ? "" : "\n") + s;
  }
  return stored;
}

Status ReadConfigVersion(Connection* db, int64_t* version) {
  QueryResult r;
  Status s = db->Run("SELECT version FROM config_state WHERE id = 1", &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::Internal("config_state is empty");
  *version = r.rows[0].Int(0);
  return Status::OK();
}

Status BumpConfigVersion(Connection* db) {
  return db->Run("UPDATE config_state SET version = version + 1 WHERE id = 1",
                 nullptr);
}

Status FindDataField(Connection* db, TargetKind kind, std::string_view group,
                     std::string_view label, DataFieldRef* field) {
  QueryResult r;
  Status s = db->Run(
      "SELECT f.id, f.type FROM data_fields f JOIN data_groups g "
      "ON g.id = f.group_id WHERE g.name = ? AND f.label = ? AND g.target = ?",
      {SqlParam::Text(std::string(group)), SqlParam::Text(std::string(label)),
       SqlParam::Text(TargetKindName(kind))},
      &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) {
    return Status::NotFound("no data field " + std::string(group) + "." +
                            std::string(label) + " for " +
                            TargetKindName(kind));
  }
  field->field_id = r.rows[0].Int(0);
  if (!ParseFieldType(r.rows[0].Text(1), &field->type)) {
    return Status::Invalid("unknown field type");
  }
  return Status::OK();
}

Status CompileListenerFilter(Connection* db, TargetKind kind,
                             bool project_scope, std::string_view text,
                             CompiledFilter* filter) {
  Status lookup_error;
  FilterContext context;
  context.kind = kind;
  context.project_scope = project_scope;
  context.lookup_data_field = [&](std::string_view group,
                                  std::string_view label, DataFieldRef* out) {
    Status s = FindDataField(db, kind, group, label, out);
    if (!s.ok() && !s.IsNotFound()) lookup_error = s;
    return s.ok();
  };
  Status s = CompileFilter(text, context, filter);
  // A database failure is not the filter's fault: report it as it is.
  if (!lookup_error.ok()) return lookup_error;
  return s;
}

Status LoadListener(Connection* db, ListenerType type, std::string_view key,
                    std::shared_ptr<const Listener>* listener) {
  Status s = Load(db, "WHERE l.listener_key = ? AND l.type = ?",
                  {SqlParam::Text(std::string(key)),
                   SqlParam::Text(ListenerTypeName(type))},
                  listener);
  // A one-shot process's delivery follows at once on this session: its
  // transaction may as well start with these plain reads (READ COMMITTED:
  // each sees the latest commits; they lock no rows), one round trip fewer.
  if (db->mode() == Connection::Mode::kOneShot) return s;
  Status end = db->Rollback();
  return s.ok() ? end : s;
}

Status LoadListenerById(Connection* db, int64_t id,
                        std::shared_ptr<const Listener>* listener) {
  return Load(db, "WHERE l.id = ?", {SqlParam::Int(id)}, listener);
}

}  // namespace earshot
