// The comment listener: adds the body's comment to every target, written
// by the author the body names (or a fixed author, for senders whose
// bodies name accounts, not emails).

#include "common/base/checks.h"
#include "common/base/json_pointer.h"
#include "common/store/listener.h"
#include "common/store/listener_settings.h"
#include "common/store/listener_type.h"
#include "common/store/lookup.h"

namespace earshot {

namespace {

constexpr size_t kMaxPointerBytes = 1024;
constexpr int64_t kMaxPopularityWeight = 1000000;

Status SetPointer(const std::string& pointer, const std::string& named,
                  std::string* out) {
  if (!IsJsonPointer(pointer) || pointer.size() > kMaxPointerBytes) {
    return Status::Invalid("invalid " + named + " " + Quote(pointer) +
                           ": expected a JSON Pointer such as /comment/body");
  }
  *out = pointer;
  return Status::OK();
}

Status Validate(Connection* db, SettingNaming naming, ListenerSettings* l) {
  auto needed = [naming](const char* option, const char* placeholder) {
    return SettingNeeded(ListenerType::kComment, option, placeholder, naming);
  };
  if (l->comment_field.empty()) {
    return Status::Invalid("comment listeners need " +
                           needed("comment-field", "/pointer"));
  }
  if (l->author_field.empty() == l->author_email.empty()) {
    return Status::Invalid("comment listeners need " +
                           needed("author-field", "/pointer") + " or " +
                           needed("author", "EMAIL"));
  }
  if (!l->author_email.empty()) {
    int64_t author;
    Status s = FindUserByEmail(db, l->author_email, &author);
    if (!s.ok()) {
      const SettingSpec* spec = FindSetting(ListenerType::kComment, "author");
      return Status::NotFound(SettingName(*spec, naming) + ": " + s.message());
    }
  }
  return Status::OK();
}

Status Load(Connection*, Listener*) { return Status::OK(); }

}  // namespace

const ListenerTypeSpec kCommentType = {
    ListenerType::kComment,
    "Add a comment",
    "Adds the body's comment to every target, as the author it names.",
    {TargetKind::kUsers, TargetKind::kFeedback},
    {
        {"comment-field", "Comment field",
         "JSON Pointer to the comment text, e.g. /comment/body.",
         SettingInput::kPointer, nullptr,
         [](const ListenerSettings& l) { return l.comment_field; },
         [](const std::vector<std::string>& v, const std::string& named,
            ListenerSettings* l) {
           return SetPointer(v.back(), named, &l->comment_field);
         },
         nullptr},
        {"author-field", "Author field",
         "JSON Pointer to the author's email address, e.g. /comment/author/"
         "emailAddress.",
         SettingInput::kPointer, nullptr,
         [](const ListenerSettings& l) { return l.author_field; },
         [](const std::vector<std::string>& v, const std::string& named,
            ListenerSettings* l) {
           Status s = SetPointer(v.back(), named, &l->author_field);
           if (s.ok()) l->author_email.clear();
           return s;
         },
         [](const ListenerSettings& l) { return l.author_email.empty(); }},
        {"author", "Author",
         "A fixed author's email, for senders whose bodies name no email.",
         SettingInput::kEmail, nullptr,
         [](const ListenerSettings& l) { return l.author_email; },
         [](const std::vector<std::string>& v, const std::string& named,
            ListenerSettings* l) {
           Status s = CheckEmail(v.back());
           if (!s.ok()) return Status::Invalid(named + ": " + s.message());
           l->author_email = v.back();
           l->author_field.clear();
           return Status::OK();
         },
         [](const ListenerSettings& l) { return !l.author_email.empty(); }},
        {"popularity-weight", "Popularity weight",
         "How much each comment adds to a feedback ticket's popularity.",
         SettingInput::kNumber, nullptr,
         [](const ListenerSettings& l) {
           return std::to_string(l.popularity_weight);
         },
         [](const std::vector<std::string>& v, const std::string& named,
            ListenerSettings* l) {
           if (l->target != TargetKind::kFeedback) {
             return Status::Invalid(
                 named + " is only for comment listeners on feedback");
           }
           return ParseInt(v.back(), named, 0, kMaxPopularityWeight,
                           &l->popularity_weight);
         },
         [](const ListenerSettings& l) {
           return l.target == TargetKind::kFeedback;
         }},
    },
    {{"author-field", "author"}},
    Validate,
    Load,
};

}  // namespace earshot
