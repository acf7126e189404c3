#include "common/console/pointer_list.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace earshot::console {

namespace {

// At most `max_chars` UTF-8 characters of `text`, "…" after when cut.
std::string Shortened(const std::string& text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars++ == max_chars) return text.substr(0, i) + "…";
  }
  return text;
}

std::string ScalarText(const JsonBody& body, const rapidjson::Value& v) {
  if (v.IsNumber()) return body.NumberText(v);
  if (v.IsNull()) return "null";
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(v.GetString(), v.GetStringLength());
  return buffer.GetString();
}

class Lister {
 public:
  Lister(const JsonBody& body, const PointerLimits& limits, PointerList* list)
      : body_(body), limits_(limits), list_(list) {}

  // Lists the children of `v` (at `pointer`, `depth` levels down).
  void Children(const rapidjson::Value& v, const std::string& pointer,
                int depth) {
    size_t n = 0;
    if (v.IsObject()) {
      for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m, ++n) {
        if (n >= limits_.max_children || !Room()) {
          list_->left_out += v.MemberCount() - n;
          return;
        }
        std::string name(m->name.GetString(), m->name.GetStringLength());
        One(m->value, pointer + "/" + EscapePointerToken(name), depth + 1);
      }
    } else if (v.IsArray()) {
      for (auto& item : v.GetArray()) {
        if (n >= limits_.max_children || !Room()) {
          list_->left_out += v.Size() - n;
          return;
        }
        One(item, pointer + "/" + std::to_string(n), depth + 1);
        ++n;
      }
    }
  }

 private:
  bool Room() const { return list_->entries.size() < limits_.max_entries; }

  void One(const rapidjson::Value& v, const std::string& pointer, int depth) {
    PointerEntry e;
    e.pointer = pointer;
    if (v.IsObject()) {
      e.container = true;
      e.value = "object, " + std::to_string(v.MemberCount()) + " members";
    } else if (v.IsArray()) {
      e.container = true;
      e.value = "array, " + std::to_string(v.Size()) + " items";
    } else {
      e.value = Shortened(ScalarText(body_, v), limits_.max_value_chars);
    }
    list_->entries.push_back(std::move(e));
    if (!v.IsObject() && !v.IsArray()) return;
    if (depth >= limits_.max_depth) {
      list_->left_out += v.IsObject() ? v.MemberCount() : v.Size();
      return;
    }
    Children(v, pointer, depth);
  }

  const JsonBody& body_;
  const PointerLimits& limits_;
  PointerList* list_;
};

}  // namespace

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

void ListPointers(const JsonBody& body, const PointerLimits& limits,
                  PointerList* list) {
  *list = PointerList();
  Lister(body, limits, list).Children(body, "", 0);
}

}  // namespace earshot::console
