#include "common/macro/macro.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/auth/crypto.h"
#include "common/base/names.h"
#include "common/base/utf8.h"
#include "common/base/text.h"
#include "common/http/json_body.h"

namespace earshot {

namespace {

constexpr int kMaxTemplateDepth = 32;

struct ActionSpec {
  MacroActionType type;
  const char* name;
  // Members besides "type"; a trailing '?' marks an optional one.
  std::vector<std::string> members;
};

const std::vector<ActionSpec>& Specs() {
  static const std::vector<ActionSpec> kSpecs = {
      {MacroActionType::kScore, "score", {"points"}},
      {MacroActionType::kStatus, "status", {"value"}},
      {MacroActionType::kEmail, "email", {"to", "subject", "body"}},
      {MacroActionType::kWebhook, "webhook", {"url", "body?", "headers?"}},
      {MacroActionType::kSetData, "set_data", {"field", "value"}},
      {MacroActionType::kComment, "comment", {"author", "text"}},
      {MacroActionType::kDeleteUser, "delete_user", {}},
  };
  return kSpecs;
}

// Parsing one action; `where` prefixes every message.
class ActionParser {
 public:
  ActionParser(const rapidjson::Value& v, const TagCatalog& catalog,
               std::string where)
      : v_(v), catalog_(catalog), where_(std::move(where)) {}

  Status Fail(const std::string& message) const {
    return Status::Invalid(where_ + ": " + message);
  }

  const rapidjson::Value* Get(const char* name) const {
    auto it = v_.FindMember(name);
    return it == v_.MemberEnd() ? nullptr : &it->value;
  }

  Status String(const char* name, std::string* out) const {
    const rapidjson::Value* m = Get(name);
    if (m == nullptr || !m->IsString()) {
      return Fail(std::string(name) + " must be a string");
    }
    out->assign(m->GetString(), m->GetStringLength());
    return Status::OK();
  }

  Status Text(const char* name, bool allow_empty, Template* out) const {
    std::string text;
    Status s = String(name, &text);
    if (!s.ok()) return s;
    if (!allow_empty && text.empty()) {
      return Fail(std::string(name) + " must not be empty");
    }
    s = Template::Parse(text, catalog_, out);
    if (!s.ok()) return Fail(std::string(name) + ": " + s.message());
    return Status::OK();
  }

 private:
  const rapidjson::Value& v_;
  const TagCatalog& catalog_;
  std::string where_;
};

bool IsReservedHeader(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(c));
  static const std::set<std::string> kReserved = {
      "webhook-id",        "webhook-timestamp", "webhook-signature",
      "content-type",      "content-length",    "host",
      "transfer-encoding", "connection",        "expect",
      "earshot-hops"};
  return kReserved.count(name) > 0;
}

Status ParseWebhook(const ActionParser& p, const TagCatalog& catalog,
                    MacroAction* a) {
  Status s = p.String("url", &a->url);
  if (!s.ok()) return s;
  if (!IsWebhookUrl(a->url)) {
    return p.Fail("url must be an absolute http:// or https:// URL");
  }
  const rapidjson::Value* body = p.Get("body");
  rapidjson::Document parsed;
  if (body == nullptr) {
    const char* kUsers =
        R"({"macro":"{{macro.name}}","target":"users","id":"{{user.id}}"})";
    const char* kFeedback =
        R"({"macro":"{{macro.name}}","target":"feedback","id":"{{feedback.id}}"})";
    parsed.Parse(catalog.kind == TargetKind::kUsers ? kUsers : kFeedback);
    body = &parsed;
  } else if (body->IsString()) {
    std::string_view text(body->GetString(), body->GetStringLength());
    if (JsonNestingDepth(text, kMaxTemplateDepth) > kMaxTemplateDepth) {
      return p.Fail("body is nested too deep");
    }
    parsed.Parse<rapidjson::kParseIterativeFlag |
                 rapidjson::kParseValidateEncodingFlag>(text.data(),
                                                        text.size());
    if (parsed.HasParseError()) {
      return p.Fail(
          "body must be JSON (the template is JSON with tags in "
          "its strings); error at offset " +
          std::to_string(parsed.GetErrorOffset()));
    }
    body = &parsed;
  }
  s = JsonTemplate::Parse(*body, catalog, kMaxTemplateDepth, &a->json_body);
  if (!s.ok()) return p.Fail("body: " + s.message());

  if (const rapidjson::Value* headers = p.Get("headers")) {
    if (!headers->IsObject()) return p.Fail("headers must be an object");
    for (const auto& m : headers->GetObject()) {
      std::string name(m.name.GetString(), m.name.GetStringLength());
      if (name.empty() || name.size() > 64 || !IsHttpToken(name)) {
        return p.Fail("header name \"" + name + "\" is not valid");
      }
      if (IsReservedHeader(name)) {
        return p.Fail("header " + name + " is set by earshot");
      }
      if (!m.value.IsString()) {
        return p.Fail("header " + name + " must be a string");
      }
      std::string_view value(m.value.GetString(), m.value.GetStringLength());
      if (HasAsciiControl(value)) {
        return p.Fail("header " + name + " holds a control character");
      }
      Template t;
      s = Template::Parse(value, catalog, &t);
      if (!s.ok()) return p.Fail("header " + name + ": " + s.message());
      a->headers.emplace_back(std::move(name), std::move(t));
    }
  }
  return Status::OK();
}

Status ParseSetData(const ActionParser& p, const TagCatalog& catalog,
                    MacroAction* a) {
  Status s = p.String("field", &a->field);
  if (!s.ok()) return s;
  size_t dot = a->field.find('.');
  std::string group = a->field.substr(0, dot);
  std::string label = dot == std::string::npos ? "" : a->field.substr(dot + 1);
  if (!IsValidDataName(group) || !IsValidDataName(label)) {
    return p.Fail("field must be GROUP.LABEL");
  }
  if (!catalog.lookup_data_field ||
      !catalog.lookup_data_field(group, label, &a->field_ref)) {
    return p.Fail("no data field " + a->field + " for " +
                  TargetKindName(catalog.kind));
  }
  const rapidjson::Value* v = p.Get("value");
  if (v == nullptr) return p.Fail("value is missing (null clears the field)");
  if (v->IsNull()) {
    a->clear = true;
    return Status::OK();
  }
  if (v->IsObject() || v->IsArray()) {
    return p.Fail("value must be a string, a number, a boolean or null");
  }
  if (v->IsString()) {
    s = Template::Parse(std::string_view(v->GetString(), v->GetStringLength()),
                        catalog, &a->value);
    if (!s.ok()) return p.Fail("value: " + s.message());
    if (!a->value.tags().empty()) return Status::OK();
  }
  TypedValue typed;
  s = CoerceValue(a->field_ref.type, *v, &typed);
  if (!s.ok()) {
    return p.Fail("value for " + a->field + " (" +
                  FieldTypeName(a->field_ref.type) + "): " + s.message());
  }
  a->constant = std::move(typed);
  return Status::OK();
}

Status ParseAction(const rapidjson::Value& v, int index,
                   const TagCatalog& catalog, MacroAction* a) {
  std::string where = "action " + std::to_string(index);
  if (!v.IsObject()) {
    return Status::Invalid(where + ": must be an object with a \"type\"");
  }
  auto type = v.FindMember("type");
  if (type == v.MemberEnd() || !type->value.IsString()) {
    return Status::Invalid(where + ": \"type\" must be a string");
  }
  std::string name(type->value.GetString(), type->value.GetStringLength());
  const ActionSpec* spec = nullptr;
  for (const ActionSpec& s : Specs()) {
    if (name == s.name) spec = &s;
  }
  if (spec == nullptr) {
    return Status::Invalid(where + ": unknown action \"" + name +
                           "\" (score, status, email, webhook, set_data, "
                           "comment, delete_user)");
  }
  where += " (" + name + ")";
  for (const auto& m : v.GetObject()) {
    std::string member(m.name.GetString(), m.name.GetStringLength());
    if (member == "type") continue;
    bool known = false;
    for (const std::string& s : spec->members) {
      if (s == member || s == member + "?") known = true;
    }
    if (!known)
      return Status::Invalid(where + ": unknown member \"" + member + "\"");
  }
  for (const std::string& s : spec->members) {
    if (s.back() != '?' && !v.HasMember(s.c_str())) {
      return Status::Invalid(where + ": " + s + " is missing");
    }
  }
  a->type = spec->type;
  ActionParser p(v, catalog, where);
  const bool users = catalog.kind == TargetKind::kUsers;
  switch (a->type) {
    case MacroActionType::kScore: {
      const rapidjson::Value* points = p.Get("points");
      if (!points->IsInt64() || points->GetInt64() < -1000000000 ||
          points->GetInt64() > 1000000000) {
        return p.Fail(
            "points must be an integer from -1000000000 to "
            "1000000000");
      }
      a->points = points->GetInt64();
      return Status::OK();
    }
    case MacroActionType::kStatus: {
      Status s = p.Text("value", false, &a->value);
      if (!s.ok()) return s;
      if (a->value.tags().empty()) {
        const std::string& value = a->value.source();
        if (!IsValidStatusValue(value)) {
          return p.Fail(
              "value must be at most 64 characters, without "
              "control characters");
        }
        if (users && value == "deleted") {
          return p.Fail("use the action delete_user to delete a user");
        }
      }
      return Status::OK();
    }
    case MacroActionType::kEmail: {
      std::string to;
      Status s = p.String("to", &to);
      if (!s.ok()) return s;
      if (to == "target") {
        a->to = EmailTo::kTarget;
      } else if (to == "author" || to == "followers") {
        if (users) {
          return p.Fail("to \"" + to +
                        "\" is for feedback macros; use "
                        "\"target\" or an address");
        }
        a->to = to == "author" ? EmailTo::kAuthor : EmailTo::kFollowers;
      } else if (IsPlausibleEmail(to)) {
        a->to = EmailTo::kAddress;
        a->address = to;
      } else {
        return p.Fail(
            "to must be \"target\", \"author\", \"followers\" or "
            "an email address");
      }
      s = p.Text("subject", false, &a->subject);
      if (s.ok()) s = p.Text("body", true, &a->text);
      return s;
    }
    case MacroActionType::kWebhook:
      return ParseWebhook(p, catalog, a);
    case MacroActionType::kSetData:
      return ParseSetData(p, catalog, a);
    case MacroActionType::kComment: {
      Status s = p.Text("author", false, &a->author);
      if (!s.ok()) return s;
      if (a->author.tags().empty() && !IsPlausibleEmail(a->author.source())) {
        return p.Fail("author must be an email address");
      }
      return p.Text("text", false, &a->text);
    }
    case MacroActionType::kDeleteUser:
      if (!users) return p.Fail("delete_user is for users macros only");
      return Status::OK();
  }
  return Status::OK();
}

void CollectFields(const std::vector<const Tag*>& tags,
                   std::vector<int64_t>* fields) {
  for (const Tag* t : tags) {
    if (t->source == Tag::Source::kData &&
        std::find(fields->begin(), fields->end(), t->field_id) ==
            fields->end()) {
      fields->push_back(t->field_id);
    }
  }
}

}  // namespace

bool IsValidStatusValue(std::string_view value) {
  return !value.empty() && !HasAsciiControl(value) &&
         CodePointCount(value) <= kMaxStatusChars &&
         value.size() <= kMaxStatusChars * 4;
}

const char* MacroActionName(MacroActionType type) {
  for (const ActionSpec& s : Specs()) {
    if (s.type == type) return s.name;
  }
  return "?";
}

Status ParseMacro(std::string_view json, TargetKind kind,
                  const DataFieldLookup& lookup, Macro* macro) {
  if (kind == TargetKind::kProjects) {
    return Status::Invalid("macros are for users or feedback");
  }
  if (json.size() > kMaxMacroBytes) {
    return Status::Invalid("the macro document is larger than 1 MiB");
  }
  if (JsonNestingDepth(json, kMaxTemplateDepth + 4) > kMaxTemplateDepth + 3) {
    return Status::Invalid("the macro document is nested too deep");
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag |
            rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    return Status::Invalid("the macro is not valid JSON (error at offset " +
                           std::to_string(doc.GetErrorOffset()) + ")");
  }
  if (!doc.IsObject()) {
    return Status::Invalid("the macro must be a JSON object with \"actions\"");
  }
  // A repeated member ("type" twice) would be read one way here and maybe
  // another by the operator's tools: refused, as in delivery bodies.
  Status duplicates = RefuseDuplicateMembers(doc);
  if (!duplicates.ok()) {
    std::string message = duplicates.message();  // "the body has ..."
    if (message.rfind("the body ", 0) == 0) message = message.substr(9);
    return Status::Invalid("the macro " + message);
  }
  Macro result;
  result.target = kind;
  for (const auto& m : doc.GetObject()) {
    std::string name(m.name.GetString(), m.name.GetStringLength());
    if (name == "actions" || name == "description") continue;
    if (name == "webhook_secret") {
      if (!m.value.IsString() || m.value.GetStringLength() == 0 ||
          m.value.GetStringLength() > 255 ||
          HasAsciiControl(std::string_view(m.value.GetString(),
                                      m.value.GetStringLength()))) {
        return Status::Invalid(
            "webhook_secret must be a non-empty string of "
            "at most 255 bytes");
      }
      result.webhook_secret = m.value.GetString();
      continue;
    }
    return Status::Invalid("unknown member \"" + name +
                           "\" (actions, webhook_secret, description)");
  }
  auto actions = doc.FindMember("actions");
  if (actions == doc.MemberEnd() || !actions->value.IsArray() ||
      actions->value.Empty()) {
    return Status::Invalid("\"actions\" must be a non-empty array");
  }
  if (actions->value.Size() > kMaxMacroActions) {
    return Status::Invalid("a macro has at most " +
                           std::to_string(kMaxMacroActions) + " actions");
  }
  TagCatalog catalog{kind, lookup};
  int index = 0;
  for (const auto& v : actions->value.GetArray()) {
    MacroAction a;
    Status s = ParseAction(v, ++index, catalog, &a);
    if (!s.ok()) return s;
    CollectFields(a.value.tags(), &result.data_fields);
    CollectFields(a.subject.tags(), &result.data_fields);
    CollectFields(a.text.tags(), &result.data_fields);
    CollectFields(a.author.tags(), &result.data_fields);
    CollectFields(a.json_body.tags(), &result.data_fields);
    for (const auto& [name, t] : a.headers) {
      CollectFields(t.tags(), &result.data_fields);
    }
    if (a.type == MacroActionType::kWebhook) result.has_webhooks = true;
    result.actions.push_back(std::move(a));
  }
  *macro = std::move(result);
  return Status::OK();
}

Status GenerateWebhookSecret(std::string* secret) {
  std::string bytes;
  Status s = RandomBytes(24, &bytes);
  if (!s.ok()) return s;
  *secret = "whsec_" + Base64Encode(bytes);
  return Status::OK();
}

bool IsPlausibleEmail(std::string_view email) {
  if (email.empty() || email.size() > 254 || !IsValidUtf8(email)) return false;
  for (char c : email) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == ',' ||
        c == ';' || c == '"' || c == '(' || c == ')' || c == '\\') {
      return false;
    }
  }
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  std::string_view domain = email.substr(at + 1);
  return !domain.empty() && domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

// http(s)://HOST[:PORT][/...]: written out in full, no blanks, a host of
// letters, digits, dots and dashes (or a bracketed IPv6 address). Checked
// here rather than with libcurl, which every handler would then load.
bool IsWebhookUrl(std::string_view url) {
  if (url.empty() || url.size() > 2048 || HasAsciiControl(url) ||
      url.find(' ') != std::string_view::npos) {
    return false;
  }
  std::string lower(url.substr(0, 8));
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  size_t skip = lower.rfind("https://", 0) == 0  ? 8
                : lower.rfind("http://", 0) == 0 ? 7
                                                  : 0;
  if (skip == 0) return false;
  std::string_view rest = url.substr(skip);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) return false;
  std::string_view host = authority, port;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : host.substr(1, close - 1)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') {
        return false;
      }
    }
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port.empty() && port.front() != ':') return false;
  } else {
    size_t colon = host.find(':');
    if (colon != std::string_view::npos) {
      port = host.substr(colon);
      host = host.substr(0, colon);
    }
    if (host.empty() || host.front() == '.' || host.front() == '-') {
      return false;
    }
    for (char c : host) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') {
        return false;
      }
    }
  }
  if (!port.empty()) {
    std::string_view digits = port.substr(1);
    if (digits.empty() || digits.size() > 5) return false;
    int n = 0;
    for (char c : digits) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      n = n * 10 + (c - '0');
    }
    if (n < 1 || n > 65535) return false;
  }
  return true;
}

}  // namespace earshot
