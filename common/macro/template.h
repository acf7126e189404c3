// Templates: the texts of macro actions, with dynamic tags filled per
// target when a macro runs.
//
//   Hello {{user.name}}, your ticket "{{feedback.title}}" is
//   {{feedback.status}}.
//
// A tag is `{{NAME}}` (blanks inside the braces are allowed). There is no
// escape: every `{{` starts a tag, and a tag that is not known for the
// macro's target kind is refused when the template is parsed.
//
//   users macros     user.id user.email user.name user.status user.score
//                    project.name (the listener's project; empty at
//                    community scope)
//   feedback macros  feedback.id feedback.title feedback.status
//                    feedback.kind feedback.popularity project.name, and
//                    the ticket's author as author.id author.email
//                    author.name author.status author.score (user.* is a
//                    synonym of author.*)
//   both             data.GROUP.LABEL (a field of a group of the macro's
//                    target kind), payload:/json/pointer (the delivery's
//                    body), macro.name
//
// Under a project scope, user.status and user.score are the participation's
// (what the `status` and `score` actions change there). A value that does
// not exist (a field without a value, an absent pointer, an erased email)
// fills as empty text, or as null in JSON.
//
// Two ways to fill: as plain text (emails, comments, statuses, data
// values), or as JSON (webhook bodies, see JsonTemplate): there a string
// that is exactly one tag becomes that value with its JSON type (a number
// for scores and ids, the payload's own value for payload: tags, the
// field's type for data tags), and a string mixing text and tags becomes a
// JSON string. The output is written by a JSON writer, so it is valid JSON
// whatever the values hold.
//
// Thread-safety: a parsed Template is immutable; fill it from any thread.

#ifndef EARSHOT_COMMON_MACRO_TEMPLATE_H_
#define EARSHOT_COMMON_MACRO_TEMPLATE_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/domain.h"
#include "common/base/json_pointer.h"
#include "common/base/status.h"
#include "common/filter/filter.h"

namespace earshot {

// One tag's value for one target.
struct TagValue {
  enum class Type { kNull, kString, kNumber, kBool };
  Type type = Type::kNull;
  std::string text;  // the string; a number's or bool's JSON text

  static TagValue Null() { return {}; }
  static TagValue String(std::string s) {
    return {Type::kString, std::move(s)};
  }
  static TagValue Number(int64_t n) {
    return {Type::kNumber, std::to_string(n)};
  }
  static TagValue Bool(bool b) { return {Type::kBool, b ? "true" : "false"}; }
};

// What tags are filled from, for one target.
struct TagValues {
  // By fact name: "user.email", "feedback.id", "macro.name", ...
  std::map<std::string, TagValue> facts;
  // By external data field id.
  std::map<int64_t, TagValue> data;
  // The delivery's body; may be null.
  const rapidjson::Value* payload = nullptr;
};

struct Tag {
  enum class Source { kFact, kData, kPayload };
  Source source = Source::kFact;
  std::string name;      // as written, normalised: "user.email",
                         // "data.Jira.Status", "payload:/a/b"
  std::string fact;      // kFact: the fact it reads ("author.email" for
                         // user.email in a feedback macro)
  int64_t field_id = 0;  // kData
  FieldType field_type = FieldType::kString;
  std::string pointer;  // kPayload
  // kPayload: `pointer` parsed once, when the macro is loaded, not on every
  // delivery. Empty `pointer`: the whole body.
  JsonPointer compiled;
};

// What tags a template may use.
struct TagCatalog {
  TargetKind kind = TargetKind::kUsers;
  // Resolves data.GROUP.LABEL among the fields of `kind`.
  DataFieldLookup lookup_data_field;
};

// The facts a macro of `kind` offers (without data and payload tags).
const std::vector<std::string>& TemplateFacts(TargetKind kind);

class Template {
 public:
  Template() = default;

  // Invalid with one line naming the offending tag.
  static Status Parse(std::string_view text, const TagCatalog& catalog,
                      Template* out);

  // The text with every tag replaced by its value as text: strings as
  // they are, numbers and booleans as JSON writes them, null and absent
  // values as "", payload objects and arrays as compact JSON.
  std::string FillText(const TagValues& values) const;

  // The one tag this template is made of (no text around it), or null.
  const Tag* SoleTag() const;
  // Whether filling it reads a target's own values (a fact other than
  // macro.name, a data field); text and payload tags are the same for every
  // target of a delivery, so a macro fills those without reading anything.
  bool UsesTargetValues() const;
  bool empty() const { return parts_.empty(); }
  const std::string& source() const { return source_; }
  // Every tag, in order.
  std::vector<const Tag*> tags() const;

 private:
  struct Part {
    bool is_tag = false;
    std::string text;  // literal text when !is_tag
    Tag tag;
  };
  std::string source_;
  std::vector<Part> parts_;
};

// A tag's value (payload tags resolved in values.payload).
TagValue LookupTag(const Tag& tag, const TagValues& values);
// A value as text (see FillText).
std::string TagValueText(const TagValue& value);
// A payload value as text (see FillText); "" for null.
std::string JsonValueText(const rapidjson::Value& value);

// A JSON document whose strings (keys and values) are templates.
class JsonTemplate {
 public:
  JsonTemplate() = default;

  // `json` is the template as a JSON value (copied); at most `max_depth`
  // levels deep.
  static Status Parse(const rapidjson::Value& json, const TagCatalog& catalog,
                      int max_depth, JsonTemplate* out);

  // The filled document as compact JSON; Invalid only if a value holds
  // text that is not valid UTF-8.
  Status Fill(const TagValues& values, std::string* json) const;

  bool empty() const { return doc_ == nullptr; }
  std::vector<const Tag*> tags() const;

 private:
  // Shared so that a JsonTemplate is copyable; never changed once parsed.
  std::shared_ptr<const rapidjson::Document> doc_;
  // One per string in the document, in the order a writer meets them.
  std::vector<Template> strings_;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_MACRO_TEMPLATE_H_
