#include "common/json_body.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace earshot {

int JsonNestingDepth(std::string_view json, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) {
          deepest = depth;
          if (deepest > limit) return deepest;
        }
        break;
      case ']':
      case '}':
        --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

Status ParseJsonBody(std::string_view body, int max_depth,
                     rapidjson::Document* doc) {
  size_t bad = 0;
  if (!IsValidUtf8(body, &bad)) {
    return Status::Refused(ApiError::kInvalidUtf8,
                           "the body is not valid UTF-8 at byte " +
                               std::to_string(bad));
  }
  if (JsonNestingDepth(body, max_depth) > max_depth) {
    return Status::Refused(ApiError::kTooDeep,
                           "the body nests deeper than " +
                               std::to_string(max_depth) + " levels");
  }
  // IsValidUtf8 above already checked every byte, more strictly than
  // kParseValidateEncodingFlag would (that flag cost a quarter of a
  // request's instructions).
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag;
  doc->Parse<kFlags>(body.data(), body.size());
  if (doc->HasParseError()) {
    rapidjson::ParseErrorCode code = doc->GetParseError();
    std::string where = " at byte " + std::to_string(doc->GetErrorOffset());
    if (code == rapidjson::kParseErrorStringInvalidEncoding ||
        code == rapidjson::kParseErrorStringUnicodeSurrogateInvalid) {
      return Status::Refused(ApiError::kInvalidUtf8,
                             "the body is not valid UTF-8" + where);
    }
    return Status::Refused(
        ApiError::kInvalidJson,
        std::string("the body is not valid JSON: ") +
            rapidjson::GetParseError_En(code) + where);
  }
  if (!doc->IsObject()) {
    return Status::Refused(ApiError::kNotAnObject,
                           "the body must be a JSON object");
  }
  return RefuseDuplicateMembers(*doc);
}

namespace {

// The first object member name that repeats within its object, looking
// through the whole document. Recursion is bounded by the depth check.
const rapidjson::Value* FindDuplicateMember(const rapidjson::Value& v) {
  if (v.IsArray()) {
    for (const rapidjson::Value& item : v.GetArray()) {
      if (const rapidjson::Value* d = FindDuplicateMember(item)) return d;
    }
    return nullptr;
  }
  if (!v.IsObject()) return nullptr;
  std::vector<std::string_view> names;
  names.reserve(v.MemberCount());
  for (const auto& m : v.GetObject()) {
    names.emplace_back(m.name.GetString(), m.name.GetStringLength());
    if (const rapidjson::Value* d = FindDuplicateMember(m.value)) return d;
  }
  std::sort(names.begin(), names.end());
  auto same = std::adjacent_find(names.begin(), names.end());
  if (same == names.end()) return nullptr;
  for (const auto& m : v.GetObject()) {
    if (std::string_view(m.name.GetString(), m.name.GetStringLength()) ==
        *same) {
      return &m.name;
    }
  }
  return nullptr;
}

}  // namespace

Status RefuseDuplicateMembers(const rapidjson::Value& doc) {
  const rapidjson::Value* name = FindDuplicateMember(doc);
  if (name == nullptr) return Status::OK();
  std::string shown(name->GetString(), std::min<size_t>(name->GetStringLength(), 64));
  return Status::Refused(ApiError::kInvalidJson,
                         "the body has the member \"" + shown +
                             "\" twice in one object");
}

}  // namespace earshot
