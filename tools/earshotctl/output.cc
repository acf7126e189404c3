#include "tools/earshotctl/output.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>

#include "common/base/text.h"
#include "common/base/utf8.h"

namespace earshot::ctl {

namespace {

constexpr const char* kEllipsis = "...";

void AppendHex(unsigned char byte, std::string* out) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\x%02x", byte);
  out->append(buf);
}

std::string CompactJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string ScalarText(const rapidjson::Value& value, CellStyle style) {
  if (value.IsBool()) return value.GetBool() ? "yes" : "no";
  if (value.IsInt64()) return std::to_string(value.GetInt64());
  if (value.IsUint64()) return std::to_string(value.GetUint64());
  if (value.IsNumber()) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.1f", value.GetDouble());
    return buf;
  }
  if (value.IsString()) {
    std::string text(value.GetString(), value.GetStringLength());
    if (style == CellStyle::kTime) {
      // "2026-11-27T09:00:00.123456Z" -> "2026-11-27T09:00:00Z".
      size_t dot = text.find('.');
      if (dot != std::string::npos && !text.empty() && text.back() == 'Z') {
        text = text.substr(0, dot) + "Z";
      }
    }
    return text;
  }
  return CompactJson(value);
}

// Cuts `text` to `width` code points, ending with the ellipsis.
std::string Cut(const std::string& text, size_t width) {
  if (width == 0 || DisplayWidth(text) <= width) return text;
  size_t keep = width > 3 ? width - 3 : 0;
  size_t pos = 0, points = 0;
  while (pos < text.size() && points < keep) {
    const size_t n = Utf8SequenceLength(text, pos);
    pos += n == 0 ? 1 : n;
    ++points;
  }
  return text.substr(0, pos) + kEllipsis;
}

bool IsNumericColumn(const Column& column, const rapidjson::Value& rows) {
  bool any = false;
  for (const rapidjson::Value& row : rows.GetArray()) {
    auto it = row.FindMember(column.key);
    if (it == row.MemberEnd() || it->value.IsNull()) continue;
    if (!it->value.IsNumber()) return false;
    any = true;
  }
  return any;
}

void Pad(std::string* line, size_t width) {
  if (DisplayWidth(*line) < width)
    line->append(width - DisplayWidth(*line), ' ');
}

std::string Upper(const char* text) {
  std::string s(text);
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

}  // namespace

std::string Printable(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    const size_t n = Utf8SequenceLength(text, pos);
    if (n == 0) {
      AppendHex(c, &out);
      ++pos;
      continue;
    }
    if (n == 1) {
      if (keep_newlines && (c == '\n' || c == '\t')) {
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\r') {
        out += "\\r";
      } else if (IsAsciiControl(static_cast<char>(c))) {
        AppendHex(c, &out);
      } else {
        out += static_cast<char>(c);
      }
    } else if (n == 2 && c == 0xC2 &&
               static_cast<unsigned char>(text[pos + 1]) < 0xA0) {
      // C1 control characters, U+0080 to U+009F.
      AppendHex(c, &out);
      AppendHex(static_cast<unsigned char>(text[pos + 1]), &out);
    } else {
      out.append(text.substr(pos, n));
    }
    pos += n;
  }
  return out;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string CellText(const rapidjson::Value& value, const Column& column) {
  std::string text;
  if (value.IsNull() || (value.IsArray() && value.Empty())) {
    text = column.null_text;
  } else if (value.IsArray()) {
    for (const rapidjson::Value& item : value.GetArray()) {
      if (!text.empty()) text += ", ";
      text += ScalarText(item, column.style);
    }
  } else {
    text = ScalarText(value, column.style);
  }
  return Cut(Printable(text), column.max_width);
}

std::string FormatTable(const std::vector<Column>& columns,
                        const rapidjson::Value& rows) {
  if (!rows.IsArray() || rows.Empty()) return "(none)\n";
  static const rapidjson::Value kNull;
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  std::vector<bool> right;
  std::vector<std::string> header;
  for (const Column& column : columns) {
    header.push_back(Upper(column.header));
    widths.push_back(DisplayWidth(header.back()));
    right.push_back(IsNumericColumn(column, rows));
  }
  for (const rapidjson::Value& row : rows.GetArray()) {
    std::vector<std::string> line;
    for (size_t i = 0; i < columns.size(); ++i) {
      auto it = row.IsObject() ? row.FindMember(columns[i].key)
                               : rapidjson::Value::ConstMemberIterator();
      const rapidjson::Value& v =
          row.IsObject() && it != row.MemberEnd() ? it->value : kNull;
      line.push_back(CellText(v, columns[i]));
      widths[i] = std::max(widths[i], DisplayWidth(line.back()));
    }
    cells.push_back(std::move(line));
  }
  auto format_line = [&](const std::vector<std::string>& line) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i > 0) out += "  ";
      size_t gap = widths[i] - DisplayWidth(line[i]);
      if (right[i]) out.append(gap, ' ');
      out += line[i];
      if (!right[i] && i + 1 < line.size()) out.append(gap, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = format_line(header);
  for (const auto& line : cells) out += format_line(line);
  return out;
}

std::string FormatRecord(const std::vector<Column>& fields,
                         const rapidjson::Value& object) {
  static const rapidjson::Value kNull;
  size_t width = 0;
  for (const Column& field : fields) {
    width = std::max(width, DisplayWidth(field.header) + 1);
  }
  std::string out;
  for (const Column& field : fields) {
    auto it = object.FindMember(field.key);
    const rapidjson::Value& v = it != object.MemberEnd() ? it->value : kNull;
    std::string line = std::string(field.header) + ":";
    Pad(&line, width + 1);
    line += CellText(v, field);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string FormatJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

void Output::PrintTable(const std::vector<Column>& columns,
                        const rapidjson::Value& rows) {
  if (json_) {
    PrintJson(rows);
  } else {
    Print(FormatTable(columns, rows));
  }
}

void Output::PrintRecord(const std::vector<Column>& fields,
                         const rapidjson::Value& object) {
  if (json_) {
    PrintJson(object);
  } else {
    Print(FormatRecord(fields, object));
  }
}

}  // namespace earshot::ctl
