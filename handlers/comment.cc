// The comment listener: adds the payload's comment to every target, as
// written by the author the payload names (or a fixed author, for senders
// whose payloads name accounts, not emails). Users get a community-level
// comment, or a project-level one under a project scope; tickets get a
// comment, a popularity bump and follow notifications to their followers.

#include "common/base/json_pointer.h"
#include "common/pipeline/server.h"
#include "common/store/comments.h"
#include "common/store/identify.h"

namespace earshot {
namespace {

class AddComment : public Action {
 public:
  AddComment(const Listener& listener, std::string author, std::string text)
      : listener_(listener),
        author_(std::move(author)),
        text_(std::move(text)) {}

  Status Apply(Connection* db, const std::vector<int64_t>& targets) override {
    return ApplyForEvent(db, targets, 0, {});
  }

  // Follow notifications name the delivery's event as they are queued.
  bool AppliesAfterEvent() const override {
    return listener_.target == TargetKind::kFeedback;
  }

  Status ApplyForEvent(Connection* db, const std::vector<int64_t>& targets,
                       int64_t event_id,
                       const std::vector<std::string>& subjects) override {
    CommentPlacement placement{listener_.target, listener_.scope_project_id,
                               listener_.popularity_weight};
    return AddCommentsAs(db, placement, targets, author_, text_, event_id,
                         subjects);
  }

  void NamedEmails(std::vector<std::string>* emails) const override {
    emails->push_back(author_);
  }

 private:
  const Listener& listener_;
  const std::string author_;
  const std::string text_;
};

Status Prepare(const Delivery& d, std::unique_ptr<Action>* action) {
  const Listener& l = d.listener;
  std::string author = l.author_email;
  if (author.empty()) {
    const rapidjson::Value* v = ResolvePointer(d.body, l.author_field);
    if (v == nullptr || v->IsNull() ||
        (v->IsString() && v->GetStringLength() == 0)) {
      return Status::Refused(ApiError::kMissingIdentifier,
                             "no comment author at " + l.author_field);
    }
    if (!v->IsString()) {
      return Status::Refused(
          ApiError::kAuthorNotAllowed,
          "the author at " + l.author_field + " must be an email address");
    }
    author.assign(v->GetString(), v->GetStringLength());
  }
  std::string text;
  Status s = ReadCommentText(d.body, l.comment_field, &text);
  if (!s.ok()) return s;
  *action = std::make_unique<AddComment>(l, std::move(author), std::move(text));
  return Status::OK();
}

}  // namespace
}  // namespace earshot

int main(int argc, char** argv) {
  return earshot::ServeListener(earshot::ListenerType::kComment,
                                earshot::Prepare, argc, argv);
}
