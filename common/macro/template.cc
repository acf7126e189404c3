#include "common/macro/template.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/base/coerce.h"
#include "common/base/json_pointer.h"
#include "common/base/names.h"
#include "common/store/identify.h"

namespace earshot {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>,
                                     rapidjson::UTF8<>, rapidjson::CrtAllocator,
                                     rapidjson::kWriteValidateEncodingFlag>;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

Status ParseTag(std::string_view name, const TagCatalog& catalog, Tag* tag) {
  const std::string kind = TargetKindName(catalog.kind);
  if (name.substr(0, 8) == "payload:") {
    std::string_view pointer = name.substr(8);
    if (!pointer.empty() && !IsJsonPointer(pointer)) {
      return Status::Invalid("tag {{" + std::string(name) +
                             "}}: not a JSON Pointer (such as /issue/key)");
    }
    tag->source = Tag::Source::kPayload;
    tag->pointer = std::string(pointer);
    tag->compiled = JsonPointer(pointer);
    tag->name = "payload:" + tag->pointer;
    return Status::OK();
  }
  if (name.substr(0, 5) == "data.") {
    std::string_view field = name.substr(5);
    size_t dot = field.find('.');
    std::string_view group = field.substr(0, dot);
    std::string_view label = dot == std::string_view::npos
                                 ? std::string_view()
                                 : field.substr(dot + 1);
    if (dot == std::string_view::npos || !IsValidDataName(group) ||
        !IsValidDataName(label)) {
      return Status::Invalid("tag {{" + std::string(name) +
                             "}}: expected data.GROUP.LABEL");
    }
    DataFieldRef ref{0, FieldType::kString};
    if (!catalog.lookup_data_field ||
        !catalog.lookup_data_field(group, label, &ref)) {
      return Status::Invalid("tag {{" + std::string(name) +
                             "}}: no data field " + std::string(group) + "." +
                             std::string(label) + " for " + kind);
    }
    tag->source = Tag::Source::kData;
    tag->name = std::string(name);
    tag->field_id = ref.field_id;
    tag->field_type = ref.type;
    return Status::OK();
  }
  std::string fact(name);
  if (catalog.kind == TargetKind::kFeedback && fact.substr(0, 5) == "user.") {
    fact = "author." + fact.substr(5);
  }
  for (const std::string& known : TemplateFacts(catalog.kind)) {
    if (known == fact) {
      tag->source = Tag::Source::kFact;
      tag->name = std::string(name);
      tag->fact = fact;
      return Status::OK();
    }
  }
  return Status::Invalid("unknown tag {{" + std::string(name) + "}} for " +
                         kind + " macros");
}

bool WriteJson(const rapidjson::Value& value, JsonWriter* writer) {
  return value.Accept(*writer);
}

bool WriteTagValue(const TagValue& v, JsonWriter* writer) {
  switch (v.type) {
    case TagValue::Type::kNull:
      return writer->Null();
    case TagValue::Type::kString:
      return writer->String(v.text.data(),
                            static_cast<rapidjson::SizeType>(v.text.size()));
    case TagValue::Type::kNumber:
      return writer->RawValue(v.text.data(), v.text.size(),
                              rapidjson::kNumberType);
    case TagValue::Type::kBool:
      return writer->Bool(v.text == "true");
  }
  return false;
}

int Depth(const rapidjson::Value& v, int limit) {
  if (limit < 0) return 1;
  int deepest = 0;
  if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      deepest = std::max(deepest, Depth(m.value, limit - 1));
    }
    return deepest + 1;
  }
  if (v.IsArray()) {
    for (const auto& e : v.GetArray()) {
      deepest = std::max(deepest, Depth(e, limit - 1));
    }
    return deepest + 1;
  }
  return 0;
}

}  // namespace

const std::vector<std::string>& TemplateFacts(TargetKind kind) {
  static const std::vector<std::string> kUsers = {
      "user.id",    "user.email",   "user.name", "user.status",
      "user.score", "project.name", "macro.name"};
  static const std::vector<std::string> kFeedback = {
      "feedback.id",   "feedback.title",      "feedback.status",
      "feedback.kind", "feedback.popularity", "project.name",
      "author.id",     "author.email",        "author.name",
      "author.status", "author.score",        "macro.name"};
  static const std::vector<std::string> kNone;
  switch (kind) {
    case TargetKind::kUsers:
      return kUsers;
    case TargetKind::kFeedback:
      return kFeedback;
    case TargetKind::kProjects:
      return kNone;
  }
  return kNone;
}

Status Template::Parse(std::string_view text, const TagCatalog& catalog,
                       Template* out) {
  Template t;
  t.source_ = std::string(text);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      t.parts_.push_back({false, std::string(text.substr(pos)), {}});
      break;
    }
    if (open > pos) {
      t.parts_.push_back(
          {false, std::string(text.substr(pos, open - pos)), {}});
    }
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      std::string start(text.substr(open, 24));
      return Status::Invalid("unclosed tag " + start +
                             (open + 24 < text.size() ? "..." : ""));
    }
    Part part;
    part.is_tag = true;
    Status s = ParseTag(Trim(text.substr(open + 2, close - open - 2)), catalog,
                        &part.tag);
    if (!s.ok()) return s;
    t.parts_.push_back(std::move(part));
    pos = close + 2;
  }
  *out = std::move(t);
  return Status::OK();
}

TagValue LookupTag(const Tag& tag, const TagValues& values) {
  switch (tag.source) {
    case Tag::Source::kFact: {
      auto it = values.facts.find(tag.fact);
      return it == values.facts.end() ? TagValue::Null() : it->second;
    }
    case Tag::Source::kData: {
      auto it = values.data.find(tag.field_id);
      return it == values.data.end() ? TagValue::Null() : it->second;
    }
    case Tag::Source::kPayload:
      break;
  }
  // Payload values are not TagValues; see FillText and JsonTemplate::Fill.
  if (values.payload == nullptr) return TagValue::Null();
  const rapidjson::Value* v = tag.pointer.empty()
                                  ? values.payload
                                  : tag.compiled.Resolve(*values.payload);
  if (v == nullptr || v->IsNull()) return TagValue::Null();
  if (v->IsString()) {
    return TagValue::String(std::string(v->GetString(), v->GetStringLength()));
  }
  if (v->IsBool()) return TagValue::Bool(v->GetBool());
  TagValue result;
  result.type =
      v->IsNumber() ? TagValue::Type::kNumber : TagValue::Type::kString;
  result.text = JsonValueText(*v);
  return result;
}

std::string TagValueText(const TagValue& value) {
  return value.type == TagValue::Type::kNull ? std::string() : value.text;
}

std::string JsonValueText(const rapidjson::Value& value) {
  if (value.IsNull()) return "";
  if (value.IsString()) {
    return std::string(value.GetString(), value.GetStringLength());
  }
  if (value.IsDouble()) return ShortestNumberText(value.GetDouble());
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  if (!WriteJson(value, &writer)) return "";
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string Template::FillText(const TagValues& values) const {
  std::string out;
  for (const Part& p : parts_) {
    out += p.is_tag ? TagValueText(LookupTag(p.tag, values)) : p.text;
  }
  return out;
}

bool Template::UsesTargetValues() const {
  for (const Part& p : parts_) {
    if (!p.is_tag || p.tag.source == Tag::Source::kPayload) continue;
    if (p.tag.source == Tag::Source::kFact && p.tag.fact == "macro.name") {
      continue;
    }
    return true;
  }
  return false;
}

const Tag* Template::SoleTag() const {
  return parts_.size() == 1 && parts_[0].is_tag ? &parts_[0].tag : nullptr;
}

std::vector<const Tag*> Template::tags() const {
  std::vector<const Tag*> result;
  for (const Part& p : parts_) {
    if (p.is_tag) result.push_back(&p.tag);
  }
  return result;
}

namespace {

Status ParseStrings(const rapidjson::Value& v, const TagCatalog& catalog,
                    std::vector<Template>* out) {
  auto one = [&](const rapidjson::Value& s) {
    Template t;
    Status st = Template::Parse(
        std::string_view(s.GetString(), s.GetStringLength()), catalog, &t);
    if (st.ok()) out->push_back(std::move(t));
    return st;
  };
  if (v.IsString()) return one(v);
  if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      Status s = one(m.name);
      if (s.ok()) s = ParseStrings(m.value, catalog, out);
      if (!s.ok()) return s;
    }
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) {
      Status s = ParseStrings(e, catalog, out);
      if (!s.ok()) return s;
    }
  }
  return Status::OK();
}

// Writes `v` with its strings filled; `next` walks strings in order.
bool FillValue(const rapidjson::Value& v, const std::vector<Template>& strings,
               size_t* next, const TagValues& values, JsonWriter* writer) {
  if (v.IsString()) {
    const Template& t = strings[(*next)++];
    const Tag* sole = t.SoleTag();
    if (sole == nullptr) {
      std::string text = t.FillText(values);
      return writer->String(text.data(),
                            static_cast<rapidjson::SizeType>(text.size()));
    }
    if (sole->source == Tag::Source::kPayload) {
      const rapidjson::Value* p = values.payload == nullptr ? nullptr
                                  : sole->pointer.empty()
                                      ? values.payload
                                      : sole->compiled.Resolve(*values.payload);
      return p == nullptr ? writer->Null() : WriteJson(*p, writer);
    }
    return WriteTagValue(LookupTag(*sole, values), writer);
  }
  if (v.IsObject()) {
    if (!writer->StartObject()) return false;
    for (const auto& m : v.GetObject()) {
      std::string key = strings[(*next)++].FillText(values);
      if (!writer->Key(key.data(),
                       static_cast<rapidjson::SizeType>(key.size()))) {
        return false;
      }
      if (!FillValue(m.value, strings, next, values, writer)) return false;
    }
    return writer->EndObject();
  }
  if (v.IsArray()) {
    if (!writer->StartArray()) return false;
    for (const auto& e : v.GetArray()) {
      if (!FillValue(e, strings, next, values, writer)) return false;
    }
    return writer->EndArray();
  }
  return WriteJson(v, writer);
}

}  // namespace

Status JsonTemplate::Parse(const rapidjson::Value& json,
                           const TagCatalog& catalog, int max_depth,
                           JsonTemplate* out) {
  if (Depth(json, max_depth) > max_depth) {
    return Status::Invalid("nested more than " + std::to_string(max_depth) +
                           " levels deep");
  }
  JsonTemplate t;
  auto doc = std::make_shared<rapidjson::Document>();
  doc->CopyFrom(json, doc->GetAllocator());
  Status s = ParseStrings(*doc, catalog, &t.strings_);
  if (!s.ok()) return s;
  t.doc_ = std::move(doc);
  *out = std::move(t);
  return Status::OK();
}

Status JsonTemplate::Fill(const TagValues& values, std::string* json) const {
  if (doc_ == nullptr) {
    *json = "null";
    return Status::OK();
  }
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  size_t next = 0;
  if (!FillValue(*doc_, strings_, &next, values, &writer)) {
    return Status::Invalid("a value is not valid UTF-8");
  }
  json->assign(buffer.GetString(), buffer.GetSize());
  return Status::OK();
}

std::vector<const Tag*> JsonTemplate::tags() const {
  std::vector<const Tag*> result;
  for (const Template& t : strings_) {
    for (const Tag* tag : t.tags()) result.push_back(tag);
  }
  return result;
}

}  // namespace earshot
