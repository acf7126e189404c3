#include "common/base/checks.h"

#include <charconv>
#include <string>

#include "common/base/json_pointer.h"
#include "common/base/names.h"
#include "common/base/text.h"
#include "common/base/utf8.h"

namespace earshot {

namespace {

// True when `text` holds a C1 control character (U+0080 to U+009F).
bool HasC1Control(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) == 0xC2 &&
        static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string Quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

Status ParseInt(std::string_view text, std::string_view what, int64_t min,
                int64_t max, int64_t* value) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || text[0] == '+' || ec != std::errc() || ptr != end ||
      v < min || v > max) {
    return Status::Invalid("invalid " + std::string(what) + " " + Quote(text) +
                           ": expected an integer from " + std::to_string(min) +
                           " to " + std::to_string(max));
  }
  *value = v;
  return Status::OK();
}

Status ParseId(std::string_view text, std::string_view what, int64_t* id) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || text[0] < '0' || text[0] > '9' || ec != std::errc() ||
      ptr != end || v <= 0) {
    return Status::Invalid("invalid " + std::string(what) + " " + Quote(text) +
                           ": expected a positive integer");
  }
  *id = v;
  return Status::OK();
}

Status CheckEmail(std::string_view email) {
  auto bad = [&](const char* why) {
    return Status::Invalid("invalid email " + Quote(email) + ": " + why);
  };
  if (email.empty()) return Status::Invalid("invalid email: it is empty");
  if (email.size() > kMaxEmailBytes) return bad("longer than 254 bytes");
  if (!IsValidUtf8(email)) return Status::Invalid("invalid email: not UTF-8");
  for (char c : email) {
    if (c == ' ' || IsAsciiControl(static_cast<unsigned char>(c))) {
      return bad("no blanks or control characters allowed");
    }
  }
  if (HasC1Control(email)) return bad("no control characters allowed");
  size_t at = email.find('@');
  if (at == std::string_view::npos) return bad("no '@'");
  if (email.find('@', at + 1) != std::string_view::npos) {
    return bad("more than one '@'");
  }
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.empty()) return bad("nothing before the '@'");
  if (local.size() > 64) return bad("more than 64 bytes before the '@'");
  if (domain.empty()) return bad("no domain after the '@'");
  if (domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return bad("malformed domain");
  }
  return Status::OK();
}

Status CheckLine(std::string_view text, std::string_view what, size_t max_chars,
                 bool allow_empty) {
  std::string name(what);
  if (text.empty() && !allow_empty) {
    return Status::Invalid(name + " must not be empty");
  }
  if (!IsValidUtf8(text)) return Status::Invalid(name + " is not UTF-8");
  for (char c : text) {
    if (IsAsciiControl(static_cast<unsigned char>(c))) {
      return Status::Invalid(name +
                             " must be one line without control "
                             "characters");
    }
  }
  if (HasC1Control(text)) {
    return Status::Invalid(name + " must not hold control characters");
  }
  if (CodePointCount(text) > max_chars) {
    return Status::Invalid(name + " is longer than " +
                           std::to_string(max_chars) + " characters");
  }
  return Status::OK();
}

Status CheckText(std::string_view text, std::string_view what,
                 size_t max_bytes) {
  std::string name(what);
  if (!IsValidUtf8(text)) return Status::Invalid(name + " is not UTF-8");
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (IsAsciiControl(u) && c != '\n' && c != '\t' && c != '\r') {
      return Status::Invalid(name + " must not hold control characters");
    }
  }
  if (text.size() > max_bytes) {
    return Status::Invalid(name + " is longer than " +
                           std::to_string(max_bytes) + " bytes");
  }
  return Status::OK();
}

Status CheckDataName(std::string_view name, std::string_view what) {
  if (IsValidDataName(name)) return Status::OK();
  return Status::Invalid("invalid " + std::string(what) + " " + Quote(name) +
                         ": expected a letter, then up to 63 letters, "
                         "digits or _");
}

Status CheckFieldParam(std::string_view param) {
  if (IsJsonPointer(param) && param.size() <= kMaxFieldParamBytes) {
    return Status::OK();
  }
  return Status::Invalid("invalid parameter " + Quote(param) +
                         ": expected a JSON Pointer such as /issue/key");
}

Status ParseFieldTypeText(std::string_view text, FieldType* type) {
  if (ParseFieldType(text, type)) return Status::OK();
  return Status::Invalid("invalid type " + Quote(text) +
                         ": expected boolean, datetime, integer or string");
}

}  // namespace earshot
