#include "common/store/listener_type.h"

#include "common/auth/signature.h"
#include "common/base/checks.h"
#include "common/base/text.h"
#include "common/store/listener.h"
#include "common/store/listener_settings.h"

namespace earshot {

namespace {

constexpr size_t kMaxName = 255;
constexpr size_t kMaxDescriptionBytes = 65535;
constexpr size_t kMaxSecretBytes = 1024;
// A signing secret or token shorter than this can be guessed or brute-forced
// offline from one signed delivery (HMAC-SHA256 wants at least half its
// output length in key).
constexpr size_t kMinSecretBytes = 16;
constexpr size_t kMaxHeaderBytes = 128;

Status CheckSecret(const std::string& secret, const std::string& named,
                   SignatureScheme scheme) {
  if (secret.empty()) return Status::Invalid(named + " must not be empty");
  // Secrets are stored one per line; blanks are fine (GitHub's example
  // secret has them), control characters are not.
  if (HasAsciiControl(secret)) {
    return Status::Invalid(named + " must not hold control characters");
  }
  if (secret.size() > kMaxSecretBytes) {
    return Status::Invalid(named + " is longer than " +
                           std::to_string(kMaxSecretBytes) + " bytes");
  }
  // A Standard Webhooks secret "whsec_BASE64" keys with the decoded bytes.
  const size_t key_bytes = scheme == SignatureScheme::kStandard
                               ? StandardWebhookKey(secret).size()
                               : secret.size();
  if (key_bytes < kMinSecretBytes) {
    return Status::Invalid(
        named + " is too short: " + std::to_string(key_bytes) +
        " bytes of key, at least " + std::to_string(kMinSecretBytes) +
        " needed (use a long random secret, e.g. openssl rand -hex 32)");
  }
  return Status::OK();
}

Status ParseScope(const std::string& text, const std::string& named,
                  int64_t* project) {
  if (text == "community") {
    *project = 0;
    return Status::OK();
  }
  if (text.compare(0, 8, "project:") == 0) {
    return ParseId(text.substr(8), "project id in " + named, project);
  }
  return Status::Invalid("invalid " + named + " " + Quote(text) +
                         ": expected community or project:ID");
}

bool Signed(const ListenerSettings& l) {
  return l.scheme != SignatureScheme::kNone;
}

const std::vector<SettingSpec> kCommon = {
    {"api-key", "API key",
     "The API key senders must present; create keys under API keys.",
     SettingInput::kName, nullptr,
     [](const ListenerSettings& l) { return l.api_key_name; },
     [](const std::vector<std::string>& v, const std::string&,
        ListenerSettings* l) {
       l->api_key_name = v.back();
       return Status::OK();
     },
     nullptr},
    {"scope", "Scope",
     "community, or project:ID to reach only that project's targets.",
     SettingInput::kLine, nullptr,
     [](const ListenerSettings& l) { return FormatScope(l.scope_project_id); },
     [](const std::vector<std::string>& v, const std::string& named,
        ListenerSettings* l) {
       return ParseScope(v.back(), named, &l->scope_project_id);
     },
     nullptr},
    {"identify", "Identify",
     "How a delivery names its targets: ATTRIBUTE=SOURCE, e.g. "
     "email=pointer:/user/email.",
     SettingInput::kLine, nullptr,
     [](const ListenerSettings& l) { return l.identify; },
     [](const std::vector<std::string>& v, const std::string&,
        ListenerSettings* l) {
       l->identify = v.back();
       return Status::OK();
     },
     nullptr},
    {"filter", "Filter",
     "Only targets matching this filter are changed; empty for all.",
     SettingInput::kLine, nullptr,
     [](const ListenerSettings& l) { return l.filter; },
     [](const std::vector<std::string>& v, const std::string&,
        ListenerSettings* l) {
       l->filter = v.back();
       return Status::OK();
     },
     nullptr},
    {"signature", "Signature",
     "How deliveries are signed: none, github (X-Hub-Signature-256), "
     "standard (Standard Webhooks) or token (a shared token header).",
     SettingInput::kChoice, "none github standard token",
     [](const ListenerSettings& l) {
       return std::string(Signed(l) ? SignatureSchemeName(l.scheme) : "none");
     },
     [](const std::vector<std::string>& v, const std::string& named,
        ListenerSettings* l) {
       SignatureScheme scheme;
       if (v.back() == "none") {
         scheme = SignatureScheme::kNone;
       } else if (!ParseSignatureScheme(v.back(), &scheme) ||
                  scheme == SignatureScheme::kNone) {
         return Status::Invalid("invalid " + named + " " + Quote(v.back()) +
                                ": expected github, standard or token (or "
                                "none)");
       }
       if (scheme != l->scheme) {
         if (scheme == SignatureScheme::kNone) l->secrets.clear();
         if (scheme != SignatureScheme::kToken) l->token_header.clear();
         l->scheme = scheme;
       }
       return Status::OK();
     },
     nullptr},
    {"secret", "Secret",
     "The signing secret or token; give two while rotating. Never shown "
     "again once saved.",
     SettingInput::kSecret, nullptr,
     [](const ListenerSettings& l) {
       return std::to_string(l.secrets.size()) + " set";
     },
     [](const std::vector<std::string>& v, const std::string& named,
        ListenerSettings* l) {
       if (!Signed(*l)) {
         return Status::Invalid(named +
                                " needs a signature: github, "
                                "standard or token");
       }
       for (const std::string& secret : v) {
         Status s = CheckSecret(secret, named, l->scheme);
         if (!s.ok()) return s;
       }
       l->secrets = v;
       return Status::OK();
     },
     Signed},
    {"token-header", "Token header",
     "The header that carries the token (default X-Gitlab-Token).",
     SettingInput::kLine, nullptr,
     [](const ListenerSettings& l) { return l.token_header; },
     [](const std::vector<std::string>& v, const std::string& named,
        ListenerSettings* l) {
       if (l->scheme != SignatureScheme::kToken) {
         return Status::Invalid(named + " is only for the token signature");
       }
       if (v.back().size() > kMaxHeaderBytes || !IsHttpToken(v.back())) {
         return Status::Invalid("invalid " + named + " " + Quote(v.back()) +
                                ": expected an HTTP header name");
       }
       l->token_header = v.back();
       return Status::OK();
     },
     [](const ListenerSettings& l) {
       return l.scheme == SignatureScheme::kToken;
     }},
    {"name", "Name", "What people call this listener.", SettingInput::kLine,
     nullptr, [](const ListenerSettings& l) { return l.name; },
     [](const std::vector<std::string>& v, const std::string& named,
        ListenerSettings* l) {
       Status s = CheckLine(v.back(), named, kMaxName, true);
       if (s.ok()) l->name = v.back();
       return s;
     },
     nullptr},
    {"description", "Description", "Optional notes for other managers.",
     SettingInput::kText, nullptr,
     [](const ListenerSettings& l) { return l.description; },
     [](const std::vector<std::string>& v, const std::string& named,
        ListenerSettings* l) {
       Status s = CheckText(v.back(), named, kMaxDescriptionBytes);
       if (s.ok()) l->description = v.back();
       return s;
     },
     nullptr},
};

}  // namespace

const std::vector<const ListenerTypeSpec*>& ListenerTypes() {
  static const std::vector<const ListenerTypeSpec*> types = {
      &kMacroType, &kCommentType, &kDataType};
  return types;
}

const ListenerTypeSpec& TypeSpec(ListenerType type) {
  for (const ListenerTypeSpec* spec : ListenerTypes()) {
    if (spec->type == type) return *spec;
  }
  return kDataType;  // unreachable: every enumerator has a descriptor
}

const std::vector<SettingSpec>& CommonSettings() { return kCommon; }

const SettingSpec* FindSetting(ListenerType type, std::string_view option) {
  for (const SettingSpec& spec : kCommon) {
    if (option == spec.option) return &spec;
  }
  for (const SettingSpec& spec : TypeSpec(type).settings) {
    if (option == spec.option) return &spec;
  }
  return nullptr;
}

std::string SettingName(const SettingSpec& spec, SettingNaming naming) {
  return naming == SettingNaming::kOption ? std::string("--") + spec.option
                                          : std::string(spec.label);
}

std::string SettingNeeded(ListenerType type, std::string_view option,
                          std::string_view placeholder, SettingNaming naming) {
  const SettingSpec* spec = FindSetting(type, option);
  if (naming == SettingNaming::kLabel && spec != nullptr) {
    return std::string("a ") + spec->label;
  }
  return "--" + std::string(option) + " " + std::string(placeholder);
}

}  // namespace earshot
