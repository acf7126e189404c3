// Shared by the template and macro harnesses: a data field catalogue
// (Jira.Status, Usage.Count, Usage.Beta) and tag values chosen to be
// awkward in text and in JSON (quotes, backslashes, control characters,
// NUL, line separators, tags inside values).
//
// Thread-safety: the payload document is built once, on first use.

#ifndef EARSHOT_TESTS_FUZZ_FUZZ_TAGS_H_
#define EARSHOT_TESTS_FUZZ_FUZZ_TAGS_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/macro/template.h"

namespace earshot {

inline DataFieldLookup FuzzDataFields() {
  return [](std::string_view group, std::string_view label, DataFieldRef* out) {
    if (group == "Jira" && label == "Status") {
      *out = {7, FieldType::kString};
      return true;
    }
    if (group == "Usage" && label == "Count") {
      *out = {8, FieldType::kInteger};
      return true;
    }
    if (group == "Usage" && label == "Beta") {
      *out = {9, FieldType::kBoolean};
      return true;
    }
    return false;
  };
}

inline TagCatalog Catalog(TargetKind kind) {
  TagCatalog c;
  c.kind = kind;
  c.lookup_data_field = FuzzDataFields();
  return c;
}

inline const rapidjson::Document& Payload() {
  static const rapidjson::Document* doc = [] {
    auto* d = new rapidjson::Document;
    d->Parse(R"({"issue":{"key":"PRJ-1","n":3,"t":true,"z":null,)"
             R"("list":[1,"two",{"x":"\"}}{{"}]},"q":"a\"b\\c\n\u2028",)"
             R"("":"empty","a/b":"slash","m~n":"tilde"})");
    return d;
  }();
  return *doc;
}

inline TagValues Values(TargetKind kind) {
  static const std::string kAwkward[] = {
      "",
      "plain",
      "quote\" back\\slash",
      "line\nbreak\ttab\x01",
      "{{user.name}}",
      "😀 日本 \u2028",
      std::string("nul\0byte", 8),
  };
  TagValues v;
  size_t i = 0;
  for (const std::string& fact : TemplateFacts(kind)) {
    switch (i++ % 4) {
      case 0:
        v.facts[fact] = TagValue::String(kAwkward[i % 7]);
        break;
      case 1:
        v.facts[fact] = TagValue::Number(-static_cast<int64_t>(i));
        break;
      case 2:
        v.facts[fact] = TagValue::Bool(i % 3 == 0);
        break;
      default:
        v.facts[fact] = TagValue::Null();
    }
  }
  v.data[7] = TagValue::String(kAwkward[2]);
  v.data[8] = TagValue::Number(42);
  v.data[9] = TagValue::Bool(true);
  v.payload = &Payload();
  return v;
}

}  // namespace earshot

#endif  // EARSHOT_TESTS_FUZZ_FUZZ_TAGS_H_
