#include "tools/earshotctl/listener_settings.h"

#include "common/base/json_pointer.h"
#include "common/base/names.h"
#include "common/base/text.h"
#include "common/filter/filter.h"
#include "common/store/identify.h"
#include "common/store/listener.h"
#include "tools/earshotctl/checks.h"
#include "tools/earshotctl/lookup.h"

namespace earshot::ctl {

namespace {

constexpr size_t kMaxPointerBytes = 1024;
constexpr size_t kMaxName = 255;
constexpr size_t kMaxDescriptionBytes = 65535;
constexpr size_t kMaxSecretBytes = 1024;
// A signing secret or token shorter than this can be guessed or brute-forced
// offline from one signed delivery (HMAC-SHA256 wants at least half its
// output length in key).
constexpr size_t kMinSecretBytes = 16;
constexpr size_t kMaxHeaderBytes = 128;
constexpr int64_t kMaxPopularityWeight = 1000000;

// An HTTP header name: RFC 9110 token characters.
bool IsHeaderName(std::string_view name) {
  return name.size() <= kMaxHeaderBytes && IsHttpToken(name);
}

Status CheckSecret(const std::string& secret, SignatureScheme scheme) {
  if (secret.empty()) return Status::Invalid("--secret must not be empty");
  // Secrets are stored one per line; blanks are fine (GitHub's example
  // secret has them), control characters are not.
  if (HasAsciiControl(secret)) {
    return Status::Invalid("--secret must not hold control characters");
  }
  if (secret.size() > kMaxSecretBytes) {
    return Status::Invalid("--secret is longer than " +
                           std::to_string(kMaxSecretBytes) + " bytes");
  }
  // A Standard Webhooks secret "whsec_BASE64" keys with the decoded bytes.
  const size_t key_bytes = scheme == SignatureScheme::kStandard
                               ? StandardWebhookKey(secret).size()
                               : secret.size();
  if (key_bytes < kMinSecretBytes) {
    return Status::Invalid(
        "--secret is too short: " + std::to_string(key_bytes) +
        " bytes of key, at least " + std::to_string(kMinSecretBytes) +
        " needed (use a long random secret, e.g. openssl rand -hex 32)");
  }
  return Status::OK();
}

Status CheckPointer(const std::string& pointer, const char* option) {
  if (IsJsonPointer(pointer) && pointer.size() <= kMaxPointerBytes) {
    return Status::OK();
  }
  return Status::Invalid(std::string("invalid ") + option + " " +
                         Quote(pointer) +
                         ": expected a JSON Pointer such as /comment/body");
}

Status ParseScope(const std::string& text, int64_t* project) {
  if (text == "community") {
    *project = 0;
    return Status::OK();
  }
  if (text.compare(0, 8, "project:") == 0) {
    return ParseId(text.substr(8), "project id in --scope", project);
  }
  return Status::Invalid("invalid --scope " + Quote(text) +
                         ": expected community or project:ID");
}

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

// "--group is only for data listeners" when `option` is given to a
// listener of another type.
Status OnlyFor(const Args& args, const char* option, ListenerType wanted,
               ListenerType type) {
  if (!args.Has(option) || type == wanted) return Status::OK();
  return Status::Invalid(std::string("--") + option + " is only for " +
                         ListenerTypeName(wanted) + " listeners");
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

Status ApplyListenerOptions(const Args& args, bool creating,
                            ListenerSettings* l) {
  Status s;
  if (creating) {
    const std::string* type = args.Get("type");
    const std::string* target = args.Get("target");
    if (type == nullptr) {
      return Status::Invalid("listener create needs --type macro|comment|data");
    }
    if (!ParseListenerType(*type, &l->type)) {
      return Status::Invalid("invalid --type " + Quote(*type) +
                             ": expected macro, comment or data");
    }
    if (target == nullptr) {
      return Status::Invalid(
          "listener create needs --target users|feedback|projects");
    }
    s = ParseTargetArg(*target, "users|feedback|projects", &l->target);
    if (!s.ok()) return Status::Invalid("--target: " + s.message());
    if (!args.Has("api-key")) {
      return Status::Invalid("listener create needs --api-key NAME");
    }
    l->identify = DefaultIdentify(l->target);
  } else if (args.Has("type") || args.Has("target")) {
    return Status::Invalid(
        "a listener's type and target cannot change: delete it and create it "
        "again");
  }

  for (auto [option, type] : {std::pair{"group", ListenerType::kData},
                              {"macro", ListenerType::kMacro},
                              {"author-field", ListenerType::kComment},
                              {"author", ListenerType::kComment},
                              {"comment-field", ListenerType::kComment},
                              {"popularity-weight", ListenerType::kComment}}) {
    s = OnlyFor(args, option, type, l->type);
    if (!s.ok()) return s;
  }

  if (const std::string* v = args.Get("api-key")) l->api_key_name = *v;
  if (const std::string* v = args.Get("scope")) {
    s = ParseScope(*v, &l->scope_project_id);
    if (!s.ok()) return s;
  }
  if (const std::string* v = args.Get("identify")) l->identify = *v;
  if (const std::string* v = args.Get("filter")) l->filter = *v;
  if (const std::string* v = args.Get("group")) l->group_name = *v;
  if (const std::string* v = args.Get("macro")) l->macro_name = *v;

  const std::string* author_field = args.Get("author-field");
  const std::string* author = args.Get("author");
  if (author_field != nullptr && author != nullptr) {
    return Status::Invalid("give --author-field or --author, not both");
  }
  if (author_field != nullptr) {
    s = CheckPointer(*author_field, "--author-field");
    if (!s.ok()) return s;
    l->author_field = *author_field;
    l->author_email.clear();
  }
  if (author != nullptr) {
    s = CheckEmail(*author);
    if (!s.ok()) return Status::Invalid("--author: " + s.message());
    l->author_email = *author;
    l->author_field.clear();
  }
  if (const std::string* v = args.Get("comment-field")) {
    s = CheckPointer(*v, "--comment-field");
    if (!s.ok()) return s;
    l->comment_field = *v;
  }
  if (const std::string* v = args.Get("popularity-weight")) {
    if (l->target != TargetKind::kFeedback) {
      return Status::Invalid(
          "--popularity-weight is only for comment listeners on feedback");
    }
    s = ParseInt(*v, "--popularity-weight", 0, kMaxPopularityWeight,
                 &l->popularity_weight);
    if (!s.ok()) return s;
  }

  if (const std::string* v = args.Get("signature")) {
    SignatureScheme scheme;
    if (*v == "none") {
      scheme = SignatureScheme::kNone;
    } else if (!ParseSignatureScheme(*v, &scheme) ||
               scheme == SignatureScheme::kNone) {
      return Status::Invalid("invalid --signature " + Quote(*v) +
                             ": expected github, standard or token" +
                             (creating ? "" : " (or none)"));
    }
    if (scheme != l->scheme) {
      if (scheme == SignatureScheme::kNone) l->secrets.clear();
      if (scheme != SignatureScheme::kToken) l->token_header.clear();
      l->scheme = scheme;
    }
  }
  std::vector<std::string> secrets = args.GetAll("secret");
  if (!secrets.empty()) {
    if (l->scheme == SignatureScheme::kNone) {
      return Status::Invalid(
          "--secret needs --signature github|standard|token");
    }
    for (const std::string& secret : secrets) {
      s = CheckSecret(secret, l->scheme);
      if (!s.ok()) return s;
    }
    l->secrets = std::move(secrets);
  }
  if (const std::string* v = args.Get("token-header")) {
    if (l->scheme != SignatureScheme::kToken) {
      return Status::Invalid("--token-header is only for --signature token");
    }
    if (!IsHeaderName(*v)) {
      return Status::Invalid("invalid --token-header " + Quote(*v) +
                             ": expected an HTTP header name");
    }
    l->token_header = *v;
  }

  if (const std::string* v = args.Get("name")) {
    s = CheckLine(*v, "--name", kMaxName, true);
    if (!s.ok()) return s;
    l->name = *v;
  }
  if (const std::string* v = args.Get("description")) {
    s = CheckText(*v, "--description", kMaxDescriptionBytes);
    if (!s.ok()) return s;
    l->description = *v;
  }
  return Status::OK();
}

Status ValidateListenerSettings(Connection* db, bool creating,
                                ListenerSettings* l) {
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
  if (l->target == TargetKind::kProjects && l->type != ListenerType::kData) {
    return Status::Invalid("target projects is only for data listeners");
  }
  if (l->target == TargetKind::kFeedback && l->scope_project_id == 0) {
    return Status::Invalid(
        "feedback listeners are always project-scoped: give --scope "
        "project:ID");
  }
  if (l->scope_project_id != 0) {
    s = CheckProjectExists(db, l->scope_project_id);
    if (!s.ok()) return Status::NotFound("--scope: " + s.message());
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
  switch (l->type) {
    case ListenerType::kData: {
      if (l->group_name.empty()) {
        return Status::Invalid("data listeners need --group GROUP");
      }
      GroupRef group;
      s = FindGroup(db, l->group_name, &group);
      if (!s.ok()) return s;
      if (group.target != l->target) {
        return Status::Invalid("data group " + Quote(l->group_name) +
                               " is for " + TargetKindName(group.target) +
                               ", not " + TargetKindName(l->target));
      }
      l->group_id = group.id;
      break;
    }
    case ListenerType::kComment: {
      if (l->comment_field.empty()) {
        return Status::Invalid(
            "comment listeners need --comment-field /pointer");
      }
      if (l->author_field.empty() == l->author_email.empty()) {
        return Status::Invalid(
            "comment listeners need --author-field /pointer or --author "
            "EMAIL");
      }
      if (!l->author_email.empty()) {
        int64_t author;
        s = FindUserByEmail(db, l->author_email, &author);
        if (!s.ok()) return Status::NotFound("--author: " + s.message());
      }
      break;
    }
    case ListenerType::kMacro: {
      if (l->macro_name.empty()) {
        return Status::Invalid("macro listeners need --macro NAME");
      }
      MacroRef macro;
      s = FindMacro(db, l->macro_name, &macro);
      if (!s.ok()) return s;
      if (macro.target != l->target) {
        return Status::Invalid("macro " + Quote(l->macro_name) + " is for " +
                               TargetKindName(macro.target) + ", not " +
                               TargetKindName(l->target));
      }
      l->macro_id = macro.id;
      break;
    }
  }

  if (l->scheme != SignatureScheme::kNone && l->secrets.empty()) {
    return Status::Invalid(std::string("--signature ") +
                           SignatureSchemeName(l->scheme) +
                           " needs at least one --secret");
  }
  if (l->scheme != SignatureScheme::kToken && !l->token_header.empty()) {
    return Status::Invalid("--token-header is only for --signature token");
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

}  // namespace earshot::ctl
