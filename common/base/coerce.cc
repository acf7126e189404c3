#include "common/base/coerce.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>

#include "common/base/datetime.h"

namespace earshot {

namespace {

// "-?[0-9]+" in signed 64-bit range.
bool ParseInt64Text(std::string_view s, int64_t* out) {
  if (s.empty() || s[0] == '+') return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

Status CoerceBoolean(const rapidjson::Value& v, TypedValue* out) {
  if (v.IsBool()) {
    out->number = v.GetBool() ? 1 : 0;
    return Status::OK();
  }
  if (v.IsString()) {
    std::string_view s(v.GetString(), v.GetStringLength());
    if (s == "true" || s == "false") {
      out->number = s == "true" ? 1 : 0;
      return Status::OK();
    }
  }
  return Status::Invalid("expected true or false");
}

Status CoerceInteger(const rapidjson::Value& v, TypedValue* out) {
  if (v.IsInt64()) {
    out->number = v.GetInt64();
    return Status::OK();
  }
  if (v.IsString() &&
      ParseInt64Text({v.GetString(), v.GetStringLength()}, &out->number)) {
    return Status::OK();
  }
  return Status::Invalid("expected an integer in signed 64-bit range");
}

Status CoerceDatetime(const rapidjson::Value& v, TypedValue* out) {
  constexpr const char* kExpected =
      "expected an RFC 3339 datetime, a date, or a Unix time between the "
      "years 1000 and 9999";
  if (v.IsInt64()) {
    if (EpochToMicros(v.GetInt64(), &out->number)) return Status::OK();
  } else if (v.IsDouble()) {
    if (EpochToMicros(v.GetDouble(), &out->number)) return Status::OK();
  } else if (v.IsString()) {
    std::string_view s(v.GetString(), v.GetStringLength());
    int64_t epoch;
    if (ParseInt64Text(s, &epoch)) {
      if (EpochToMicros(epoch, &out->number)) return Status::OK();
    } else if (ParseRfc3339(s, &out->number)) {
      return Status::OK();
    }
  }
  return Status::Invalid(kExpected);
}

Status CoerceString(const rapidjson::Value& v, const std::string* number_text,
                    TypedValue* out) {
  if (number_text != nullptr && v.IsNumber()) {
    out->text = *number_text;
  } else if (!ScalarToText(v, &out->text)) {
    return Status::Invalid("expected a string, number or boolean");
  }
  if (out->text.size() > kMaxStringValueBytes) {
    return Status::Invalid("longer than 65535 bytes");
  }
  return Status::OK();
}

}  // namespace

bool ScalarToText(const rapidjson::Value& v, std::string* text) {
  if (v.IsString()) {
    text->assign(v.GetString(), v.GetStringLength());
    return true;
  }
  if (v.IsBool()) {
    *text = v.GetBool() ? "true" : "false";
    return true;
  }
  if (v.IsDouble()) {
    *text = ShortestNumberText(v.GetDouble());
    return true;
  }
  if (v.IsNumber()) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    v.Accept(writer);
    text->assign(buffer.GetString(), buffer.GetSize());
    return true;
  }
  return false;
}

std::string ShortestNumberText(double d) {
  char buf[64];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  if (ec != std::errc()) return "0";
  // buf: "-D.DDDe-XX": the shortest digits and the exponent.
  std::string_view sci(buf, end - buf);
  std::string out;
  if (sci[0] == '-') {
    out = "-";
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(),
                  exponent);
  if (digits == "0") return "0";
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // where the decimal point goes
  if (k <= n && n <= 21) {
    out += digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(-n, '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += "e";
    out += n - 1 > 0 ? "+" : "-";
    out += std::to_string(n - 1 > 0 ? n - 1 : 1 - n);
  }
  return out;
}

Status CoerceValue(FieldType type, const rapidjson::Value& value,
                   TypedValue* out) {
  return CoerceValue(type, value, nullptr, out);
}

Status CoerceValue(FieldType type, const rapidjson::Value& value,
                   const std::string* number_text, TypedValue* out) {
  out->type = type;
  out->number = 0;
  out->text.clear();
  switch (type) {
    case FieldType::kBoolean:
      return CoerceBoolean(value, out);
    case FieldType::kInteger:
      return CoerceInteger(value, out);
    case FieldType::kDatetime:
      return CoerceDatetime(value, out);
    case FieldType::kString:
      return CoerceString(value, number_text, out);
  }
  return Status::Internal("unknown field type");
}

std::string CanonicalText(const TypedValue& value) {
  switch (value.type) {
    case FieldType::kBoolean:
      return value.number ? "true" : "false";
    case FieldType::kInteger:
      return std::to_string(value.number);
    case FieldType::kDatetime:
      return Rfc3339Utc(value.number);
    case FieldType::kString:
      return value.text;
  }
  return value.text;
}

}  // namespace earshot
