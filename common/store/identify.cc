#include "common/store/identify.h"

#include <rapidjson/pointer.h>

#include <algorithm>
#include <charconv>

#include "common/base/coerce.h"
#include "common/base/email.h"
#include "common/base/json_pointer.h"
#include "common/base/names.h"

namespace earshot {

namespace {

// A positive integer id, from a JSON integer or a digit string.
bool ParseId(const rapidjson::Value& v, int64_t* id) {
  if (v.IsInt64()) {
    *id = v.GetInt64();
  } else if (v.IsString()) {
    std::string_view s(v.GetString(), v.GetStringLength());
    if (s.empty() || s[0] < '0' || s[0] > '9') return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *id);
    if (ec != std::errc() || end != s.data() + s.size()) return false;
  } else {
    return false;
  }
  return *id > 0;
}

std::string Describe(const IdentifySpec& spec) {
  return spec.from_query ? "query parameter '" + spec.source + "'"
                         : "'" + spec.source + "'";
}

Status TooLong(const IdentifySpec& spec, const char* what, size_t limit) {
  return Status::Refused(ApiError::kInvalidValue,
                         std::string("the ") + what + " at " +
                             Describe(spec) + " is longer than " +
                             std::to_string(limit) + " bytes");
}

// One named value as canonical text, or a kInvalidValue refusal. `body`
// is where `v` is from, for the sender's text of numbers; null for query
// parameters.
Status Canonical(const IdentifySpec& spec, const JsonBody* body,
                 const rapidjson::Value& v, std::string* out) {
  switch (spec.attribute) {
    case IdentifyAttribute::kId: {
      int64_t id;
      if (!ParseId(v, &id)) {
        return Status::Refused(ApiError::kInvalidValue,
                               "the id at " + Describe(spec) +
                                   " must be a positive integer");
      }
      *out = std::to_string(id);
      return Status::OK();
    }
    case IdentifyAttribute::kEmail:
      if (!v.IsString() || v.GetStringLength() == 0) {
        return Status::Refused(ApiError::kInvalidValue,
                               "the email at " + Describe(spec) +
                                   " must be a non-empty string");
      }
      if (v.GetStringLength() > kMaxEmailBytes) {
        return TooLong(spec, "email", kMaxEmailBytes);
      }
      out->assign(v.GetString(), v.GetStringLength());
      return Status::OK();
    case IdentifyAttribute::kData: {
      std::string number_text;
      if (body != nullptr && v.IsNumber()) number_text = body->NumberText(v);
      TypedValue typed;
      Status s = CoerceValue(spec.data_field_type, v,
                             v.IsNumber() && body != nullptr ? &number_text
                                                             : nullptr,
                             &typed);
      if (!s.ok()) {
        return Status::Refused(ApiError::kInvalidValue,
                               "the value at " + Describe(spec) + " for " +
                                   spec.group + "." + spec.label + ": " +
                                   s.message());
      }
      *out = CanonicalText(typed);
      if (out->size() > kMaxIdentifierBytes) {
        return TooLong(spec, "value", kMaxIdentifierBytes);
      }
      return Status::OK();
    }
  }
  return Status::Internal("unknown identify attribute");
}

}  // namespace

const char* DefaultIdentify(TargetKind kind) {
  switch (kind) {
    case TargetKind::kUsers:
      return "email=/email";
    case TargetKind::kFeedback:
      return "id=/feedback_id";
    case TargetKind::kProjects:
      return "id=/project_id";
  }
  return "id=/id";
}

Status ParseIdentify(std::string_view text, TargetKind kind,
                     IdentifySpec* spec) {
  IdentifySpec result;
  size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    return Status::Invalid("identify: expected ATTRIBUTE=SOURCE, such as " +
                           std::string(DefaultIdentify(kind)));
  }
  std::string_view attribute = text.substr(0, eq);
  std::string_view source = text.substr(eq + 1);
  if (attribute == "id") {
    result.attribute = IdentifyAttribute::kId;
  } else if (attribute == "email") {
    if (kind != TargetKind::kUsers) {
      return Status::Invalid("identify: email is only for users");
    }
    result.attribute = IdentifyAttribute::kEmail;
  } else if (attribute.substr(0, 5) == "data:") {
    std::string_view field = attribute.substr(5);
    size_t dot = field.find('.');
    if (dot == std::string_view::npos ||
        !IsValidDataName(field.substr(0, dot)) ||
        !IsValidDataName(field.substr(dot + 1))) {
      return Status::Invalid(
          "identify: expected data:GROUP.LABEL, such as data:Jira.IssueKey");
    }
    result.attribute = IdentifyAttribute::kData;
    result.group = std::string(field.substr(0, dot));
    result.label = std::string(field.substr(dot + 1));
  } else {
    return Status::Invalid("identify: unknown attribute '" +
                           std::string(attribute) +
                           "'; expected id, email or data:GROUP.LABEL");
  }
  if (source.substr(0, 6) == "query:") {
    std::string_view name = source.substr(6);
    if (name.empty() || name.size() > 64) {
      return Status::Invalid("identify: query:NAME needs a parameter name");
    }
    result.from_query = true;
    result.source = std::string(name);
  } else if (IsJsonPointer(source)) {
    result.source = std::string(source);
  } else {
    return Status::Invalid("identify: source '" + std::string(source) +
                           "' is neither a JSON Pointer (/a/b) nor query:NAME");
  }
  *spec = std::move(result);
  return Status::OK();
}

std::string FormatIdentify(const IdentifySpec& spec) {
  std::string out;
  switch (spec.attribute) {
    case IdentifyAttribute::kId:
      out = "id";
      break;
    case IdentifyAttribute::kEmail:
      out = "email";
      break;
    case IdentifyAttribute::kData:
      out = "data:" + spec.group + "." + spec.label;
      break;
  }
  out += '=';
  if (spec.from_query) out += "query:";
  return out + spec.source;
}

Status ExtractIdentifiers(const IdentifySpec& spec, const JsonBody& body,
                          const QueryParams& query, int max,
                          std::vector<std::string>* identifiers) {
  identifiers->clear();
  // Two spellings of one email name one target; the first one given stays.
  const bool email = spec.attribute == IdentifyAttribute::kEmail;
  std::vector<std::string> keys;
  auto add = [&](const JsonBody* from, const rapidjson::Value& v) -> Status {
    std::string text;
    Status s = Canonical(spec, from, v, &text);
    if (!s.ok()) return s;
    std::string key = email ? EmailKey(text) : text;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      keys.push_back(std::move(key));
      identifiers->push_back(std::move(text));
    }
    return Status::OK();
  };
  const Status missing = Status::Refused(
      ApiError::kMissingIdentifier, "no target is named at " + Describe(spec));
  const Status too_many = Status::Refused(
      ApiError::kTooManyTargets,
      "a delivery may name at most " + std::to_string(max) + " targets");

  if (spec.from_query) {
    int count = 0;
    for (const auto& [name, value] : query) {
      if (name != spec.source) continue;
      if (++count > max) return too_many;
      rapidjson::Value v(rapidjson::StringRef(value.data(), value.size()));
      Status s = add(nullptr, v);
      if (!s.ok()) return s;
    }
    return identifiers->empty() ? missing : Status::OK();
  }

  const rapidjson::Value* found = ResolvePointer(body, spec.source);
  if (found == nullptr || found->IsNull()) return missing;
  if (found->IsArray()) {
    if (found->Size() > static_cast<rapidjson::SizeType>(max)) return too_many;
    for (const rapidjson::Value& v : found->GetArray()) {
      if (v.IsNull()) continue;
      if (v.IsArray() || v.IsObject()) {
        return Status::Refused(ApiError::kInvalidValue,
                               "the array at " + Describe(spec) +
                                   " must hold only scalars");
      }
      Status s = add(&body, v);
      if (!s.ok()) return s;
    }
    return identifiers->empty() ? missing : Status::OK();
  }
  if (found->IsObject()) {
    return Status::Refused(ApiError::kInvalidValue,
                           "the value at " + Describe(spec) +
                               " must be a scalar or an array of scalars");
  }
  return add(&body, *found);
}

}  // namespace earshot
