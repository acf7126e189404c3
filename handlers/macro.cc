// The macro listener: runs the listener's stored macro on every target the
// delivery names. Each action (score, status, email, webhook, set_data,
// comment, delete_user) applies in order, to every target, in the
// delivery's one transaction: a refusal by any of them (a filled value a
// field refuses, a comment author who may not comment) answers 422 and
// leaves nothing applied. Emails and webhooks are queued in the outbox,
// for earshot-outbox to deliver.

#include "common/macro/macro_run.h"
#include "common/pipeline/server.h"

namespace earshot {
namespace {

class RunStoredMacro : public Action {
 public:
  RunStoredMacro(const Listener& listener, const rapidjson::Value& body,
                 int hops)
      : macro_(*listener.macro) {
    scope_.hops = hops;
    scope_.kind = listener.target;
    scope_.project_id = listener.scope_project_id;
    scope_.macro_name = listener.macro_name;
    scope_.payload = &body;
  }

  // A ticket's score action scores its author: the targets query reads
  // the author with the ticket, and the score needs no read of its own.
  const char* TargetColumn() const override {
    if (scope_.kind != TargetKind::kFeedback) return nullptr;
    for (const MacroAction& a : macro_.actions) {
      if (a.type == MacroActionType::kScore) return "t.author_id";
    }
    return nullptr;
  }

  void SetTargetColumn(const std::vector<int64_t>& values) override {
    target_authors_ = values;
    scope_.target_authors = &target_authors_;
  }

  Status Apply(Connection* db, const std::vector<int64_t>& targets) override {
    authors_.clear();
    return RunMacro(db, macro_, scope_, targets, &erased_, &authors_);
  }

  bool ErasedPersonalData() const override { return erased_; }

  bool MayQueueMessages() const override {
    for (const MacroAction& a : macro_.actions) {
      if (a.type == MacroActionType::kEmail ||
          a.type == MacroActionType::kWebhook) {
        return true;
      }
      // A comment on a ticket notifies its followers.
      if (a.type == MacroActionType::kComment &&
          scope_.kind == TargetKind::kFeedback) {
        return true;
      }
    }
    return false;
  }

  void NamedEmails(std::vector<std::string>* emails) const override {
    emails->insert(emails->end(), authors_.begin(), authors_.end());
  }

 private:
  const Macro& macro_;
  MacroScope scope_;
  bool erased_ = false;
  std::vector<std::string> authors_;     // comment authors of the last Apply
  std::vector<int64_t> target_authors_;  // the targets' authors (tickets)
};

Status Prepare(const Delivery& d, std::unique_ptr<Action>* action) {
  if (d.listener.macro == nullptr) {
    return Status::Internal("macro listener " + d.listener.key +
                            " has no macro");
  }
  *action = std::make_unique<RunStoredMacro>(d.listener, d.body, d.hops);
  return Status::OK();
}

}  // namespace
}  // namespace earshot

int main(int argc, char** argv) {
  return earshot::ServeListener(earshot::ListenerType::kMacro, earshot::Prepare,
                                argc, argv);
}
