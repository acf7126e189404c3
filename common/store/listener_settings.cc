#include "common/store/listener_settings.h"

#include "common/base/checks.h"
#include "common/base/names.h"
#include "common/filter/filter.h"
#include "common/store/identify.h"
#include "common/store/listener.h"
#include "common/store/lookup.h"

namespace earshot {

namespace {

SqlParam TextOrNull(const std::string& text) {
  return text.empty() ? SqlParam::Null() : SqlParam::Text(text);
}

SqlParam IdOrNull(int64_t id) {
  return id == 0 ? SqlParam::Null() : SqlParam::Int(id);
}

// The columns both INSERT and UPDATE write, in this order.
std::vector<SqlParam> SettingsParams(const ListenerSettings& s) {
  return {
      IdOrNull(s.scope_project_id),
      SqlParam::Int(s.api_key_id),
      SqlParam::Text(s.identify),
      TextOrNull(s.filter),
      IdOrNull(s.group_id),
      IdOrNull(s.macro_id),
      TextOrNull(s.author_field),
      TextOrNull(s.author_email),
      TextOrNull(s.comment_field),
      SqlParam::Int(s.popularity_weight),
      s.scheme == SignatureScheme::kNone
          ? SqlParam::Null()
          : SqlParam::Text(SignatureSchemeName(s.scheme)),
      s.scheme == SignatureScheme::kNone
          ? SqlParam::Null()
          : SqlParam::Text(JoinSecrets(s.secrets)),
      TextOrNull(s.token_header),
      SqlParam::Text(s.name),
      SqlParam::Text(s.description),
  };
}

}  // namespace

std::string FormatScope(int64_t scope_project_id) {
  return scope_project_id == 0 ? "community"
                               : "project:" + std::to_string(scope_project_id);
}

Status ReadListenerSettings(Connection* db, std::string_view key,
                            ListenerSettings* out) {
  QueryResult r;
  Status s = db->Run(
      "SELECT l.id, l.listener_key, l.type, l.target, l.scope_project_id, "
      "k.name, l.identify, l.filter, g.name, m.name, l.author_field, "
      "l.author_email, l.comment_field, l.popularity_weight, "
      "l.signature_scheme, l.signature_secret, l.signature_header, "
      "l.enabled, l.name, l.description "
      "FROM listeners l JOIN api_keys k ON k.id = l.api_key_id "
      "LEFT JOIN data_groups g ON g.id = l.group_id "
      "LEFT JOIN macros m ON m.id = l.macro_id "
      "WHERE l.listener_key = ? FOR UPDATE",
      {SqlParam::Text(std::string(key))}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no listener " + Quote(key));
  const Row& row = r.rows[0];
  ListenerSettings l;
  l.id = row.Int(0);
  l.key = row.Text(1);
  if (!ParseListenerType(row.Text(2), &l.type) ||
      !ParseTargetKind(row.Text(3), &l.target)) {
    return Status::Internal("listener with an unknown type or target");
  }
  l.scope_project_id = row.Int(4);
  l.api_key_name = row.Text(5);
  l.identify = row.Text(6);
  l.filter = row.Text(7);
  l.group_name = row.Text(8);
  l.macro_name = row.Text(9);
  l.author_field = row.Text(10);
  l.author_email = row.Text(11);
  l.comment_field = row.Text(12);
  l.popularity_weight = row.Int(13);
  if (!row.IsNull(14) && !ParseSignatureScheme(row.Text(14), &l.scheme)) {
    return Status::Internal("listener with an unknown signature scheme");
  }
  l.secrets = SplitSecrets(row.Text(15));
  l.token_header = row.Text(16);
  l.enabled = row.Int(17) != 0;
  l.name = row.Text(18);
  l.description = row.Text(19);
  *out = std::move(l);
  return Status::OK();
}

Status ApplyListenerSettings(const SettingValues& values, bool creating,
                             SettingNaming naming, ListenerSettings* l) {
  auto given = [&values](std::string_view option) {
    std::vector<std::string> found;
    for (const auto& [name, value] : values) {
      if (name == option) found.push_back(value);
    }
    return found;
  };
  auto named = [naming](const char* option, const char* label) {
    return naming == SettingNaming::kOption ? std::string("--") + option
                                            : std::string(label);
  };
  // "listener create needs --type macro|comment|data", or for a form
  // "a new listener needs a Type".
  auto needs = [naming](const char* option, const char* placeholder,
                        const char* label) {
    return Status::Invalid(naming == SettingNaming::kOption
                               ? std::string("listener create needs --") +
                                     option + " " + placeholder
                               : std::string("a new listener needs ") + label);
  };
  Status s;
  if (creating) {
    std::vector<std::string> type = given("type");
    std::vector<std::string> target = given("target");
    if (type.empty()) return needs("type", "macro|comment|data", "a type");
    if (!ParseListenerType(type.back(), &l->type)) {
      return Status::Invalid("invalid " + named("type", "type") + " " +
                             Quote(type.back()) +
                             ": expected macro, comment or data");
    }
    if (target.empty()) {
      return needs("target", "users|feedback|projects", "a target");
    }
    s = ParseTargetArg(target.back(), "users|feedback|projects", &l->target);
    if (!s.ok()) {
      return Status::Invalid(named("target", "Target") + ": " + s.message());
    }
    if (given("api-key").empty()) return needs("api-key", "NAME", "an API key");
    l->identify = DefaultIdentify(l->target);
  } else if (!given("type").empty() || !given("target").empty()) {
    return Status::Invalid(
        "a listener's type and target cannot change: delete it and create it "
        "again");
  }

  // A setting of another type's: say whose it is.
  for (const auto& [option, value] : values) {
    if (option == "type" || option == "target") continue;
    if (FindSetting(l->type, option) != nullptr) continue;
    for (const ListenerTypeSpec* other : ListenerTypes()) {
      const SettingSpec* spec = FindSetting(other->type, option);
      if (spec == nullptr) continue;
      return Status::Invalid(SettingName(*spec, naming) + " is only for " +
                             ListenerTypeName(other->type) + " listeners");
    }
    return Status::Invalid("unknown setting " + Quote(option));
  }
  const ListenerTypeSpec& type = TypeSpec(l->type);
  for (const auto& [first, second] : type.alternatives) {
    if (!given(first).empty() && !given(second).empty()) {
      return Status::Invalid(
          "give " + SettingName(*FindSetting(l->type, first), naming) + " or " +
          SettingName(*FindSetting(l->type, second), naming) + ", not both");
    }
  }
  for (const auto* settings : {&CommonSettings(), &type.settings}) {
    for (const SettingSpec& spec : *settings) {
      std::vector<std::string> v = given(spec.option);
      if (v.empty()) continue;
      s = spec.set(v, SettingName(spec, naming), l);
      if (!s.ok()) return s;
    }
  }
  return Status::OK();
}

Status ValidateListenerSettings(Connection* db, bool creating,
                                SettingNaming naming, ListenerSettings* l) {
  if (!IsValidListenerKey(l->key)) {
    return Status::Invalid("invalid listener key " + Quote(l->key) +
                           ": expected 2 to 64 of a-z 0-9 -, starting with a "
                           "letter or digit");
  }
  Status s;
  if (creating) {
    int64_t existing;
    s = FindListenerId(db, l->key, &existing);
    if (s.ok()) {
      return Status::Duplicate("a listener " + Quote(l->key) +
                               " already exists");
    }
    if (!s.IsNotFound()) return s;
  }
  const ListenerTypeSpec& type = TypeSpec(l->type);
  bool serves = false;
  for (TargetKind kind : type.targets) serves = serves || kind == l->target;
  if (!serves) {
    std::string types;
    for (const ListenerTypeSpec* other : ListenerTypes()) {
      for (TargetKind kind : other->targets) {
        if (kind != l->target) continue;
        types += (types.empty() ? "" : ", ") +
                 std::string(ListenerTypeName(other->type));
      }
    }
    return Status::Invalid(std::string("target ") + TargetKindName(l->target) +
                           " is only for " + types + " listeners");
  }
  if (l->target == TargetKind::kFeedback && l->scope_project_id == 0) {
    return Status::Invalid(
        "feedback listeners are always project-scoped: give " +
        SettingNeeded(l->type, "scope", "project:ID", naming));
  }
  if (l->scope_project_id != 0) {
    s = CheckProjectExists(db, l->scope_project_id);
    if (!s.ok()) {
      return Status::NotFound(
          SettingName(*FindSetting(l->type, "scope"), naming) + ": " +
          s.message());
    }
  }

  ApiKeyRef key;
  s = FindApiKey(db, l->api_key_name, &key);
  if (!s.ok()) return s;
  if (key.revoked) {
    return Status::Invalid("API key " + Quote(l->api_key_name) + " is revoked");
  }
  l->api_key_id = key.id;

  IdentifySpec identify;
  s = ParseIdentify(l->identify, l->target, &identify);
  if (!s.ok()) return s;
  if (identify.attribute == IdentifyAttribute::kData) {
    DataFieldRef field;
    s = FindDataField(db, l->target, identify.group, identify.label, &field);
    if (s.IsNotFound()) return Status::NotFound("identify: " + s.message());
    if (!s.ok()) return s;
  }
  l->identify = FormatIdentify(identify);

  CompiledFilter filter;
  s = CompileListenerFilter(db, l->target, l->scope_project_id != 0, l->filter,
                            &filter);
  if (s.IsInvalid()) return Status::Invalid("filter: " + s.message());
  if (!s.ok()) return s;
  l->filter = filter.normalized;

  l->group_id = 0;
  l->macro_id = 0;
  s = type.validate(db, naming, l);
  if (!s.ok()) return s;

  if (l->scheme != SignatureScheme::kNone && l->secrets.empty()) {
    return Status::Invalid("the " +
                           std::string(SignatureSchemeName(l->scheme)) +
                           " signature needs at least one " +
                           SettingNeeded(l->type, "secret", "SECRET", naming));
  }
  if (l->scheme != SignatureScheme::kToken && !l->token_header.empty()) {
    return Status::Invalid(
        SettingName(*FindSetting(l->type, "token-header"), naming) +
        " is only for the token signature");
  }
  return Status::OK();
}

Status InsertListener(Connection* db, ListenerSettings* l) {
  std::vector<SqlParam> params = {SqlParam::Text(l->key),
                                  SqlParam::Text(ListenerTypeName(l->type)),
                                  SqlParam::Text(TargetKindName(l->target))};
  for (SqlParam& p : SettingsParams(*l)) params.push_back(std::move(p));
  params.push_back(SqlParam::Int(l->enabled ? 1 : 0));
  QueryResult r;
  Status s = db->Run(
      "INSERT INTO listeners (listener_key, type, target, scope_project_id, "
      "api_key_id, identify, filter, group_id, macro_id, author_field, "
      "author_email, comment_field, popularity_weight, signature_scheme, "
      "signature_secret, signature_header, name, description, enabled) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      params, &r);
  if (s.IsDuplicate()) {
    return Status::Duplicate("a listener " + Quote(l->key) + " already exists");
  }
  if (!s.ok()) return s;
  l->id = static_cast<int64_t>(r.insert_id);
  return Status::OK();
}

Status UpdateListener(Connection* db, const ListenerSettings& l) {
  std::vector<SqlParam> params = SettingsParams(l);
  params.push_back(SqlParam::Int(l.id));
  return db->Run(
      "UPDATE listeners SET scope_project_id = ?, api_key_id = ?, "
      "identify = ?, filter = ?, group_id = ?, macro_id = ?, "
      "author_field = ?, author_email = ?, comment_field = ?, "
      "popularity_weight = ?, signature_scheme = ?, signature_secret = ?, "
      "signature_header = ?, name = ?, description = ?, "
      "updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
      params, nullptr);
}

}  // namespace earshot
