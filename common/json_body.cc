#include "common/json_body.h"

#include <rapidjson/error/en.h>

#include <string>

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
  return Status::OK();
}

}  // namespace earshot
