// DryRun: "try a payload". An operator's dry run of one delivery through
// the real pipeline (the same identify, filter, Prepare and Apply code),
// whose transaction is rolled back: nothing is written, no event recorded,
// nothing queued, no API key use noted, no delivery id claimed. The API key
// and signature checks are skipped (an operator is trying the payload, as
// in a replay); the filter is not. Only the handlers' `--try KEY` reaches
// it (server.cc), never an HTTP request.
//
// It sees what Apply did without knowing the listener type: just before
// Apply it reads the state of the targets that passed the filter, and just
// after Apply, in the same transaction, reads it again and compares:
//
//   users     the user's columns, its participations, its data values
//   feedback  the ticket's columns, its author's columns and participation
//             in the ticket's project, its followers, its data values
//   projects  the project's columns, its data values
//   all       comments and outbox messages added by the transaction
//
// The report, the one document every front end prints or renders
// (`TYPE.fcgi --try`, `earshotctl listener try`, the console's try page):
//
//   {"dry_run":true, "listener":"KEY", "type":"data", "target":"users",
//    "enabled":true,           // false: senders get 403 listener_disabled
//    "status":200,             // what the sender would get ...
//    "answer":{...},           // ... and its answer (no event: "event" 0)
//    "error":{"code":"invalid_value","message":"..."},  // not 200 only
//    "targets":[{"id":17, "identifier":"a@b.c",
//                "outcome":"applied"|"filtered"|"not_found",
//                "changes":[{"what":"score","before":"0","after":"7"},
//                           {"what":"data.Jira.Status","before":null,
//                            "after":"open"}],
//                "comments":[{"author":"m@b.c","text":"..."}]}],
//    "queued":[{"kind":"email"|"webhook","to":"...","subject":"..."|null,
//               "summary":"the body's first 200 bytes"}]}
//
// "before"/"after" are the stored text (null: no value, no row). A change
// of a row that is not the target itself is named by what it is: "author
// score", "project 3 status", "follower ann@example.com".
//
// Limits: rows that other sessions commit to `comments` or `outbox` during
// the dry run's few milliseconds would show as its own (READ COMMITTED);
// AUTO_INCREMENT counters still advance (InnoDB never gives ids back).
//
// Thread-safety: one DryRun per dry run, on the pipeline's thread.

#ifndef EARSHOT_COMMON_PIPELINE_DRY_RUN_H_
#define EARSHOT_COMMON_PIPELINE_DRY_RUN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/base/status.h"
#include "common/http/answer.h"
#include "common/store/db.h"
#include "common/store/listener.h"

namespace earshot {

class DryRun {
 public:
  // The listener tried (called once it is loaded).
  void Describe(const Listener& listener);
  // In the delivery's transaction, just before Apply on `targets` (those
  // that passed the filter). Forgets an earlier attempt's state.
  Status Before(Connection* db, const std::vector<int64_t>& targets);
  // In the same transaction, just after Apply succeeded.
  Status After(Connection* db, const std::vector<TargetOutcome>& outcomes);
  // The report (see above) for the answer the pipeline gave.
  std::string ReportJson(const Answer& answer) const;

 private:
  // (target id, what) -> stored text, or nullopt for SQL NULL.
  using Cells =
      std::map<std::pair<int64_t, std::string>, std::optional<std::string>>;
  struct Change {
    std::string what;
    std::optional<std::string> before, after;
  };
  struct Added {
    int64_t target = 0;  // comments: the user or ticket commented on
    std::string kind, to, subject, text;
    bool has_subject = false;
  };

  Status Snapshot(Connection* db, Cells* cells) const;

  bool described_ = false;
  std::string key_, type_, target_;
  bool enabled_ = true;
  TargetKind kind_ = TargetKind::kUsers;
  std::vector<int64_t> targets_;
  Cells before_;
  int64_t comments_before_ = 0, outbox_before_ = 0;
  std::vector<TargetOutcome> outcomes_;
  std::map<int64_t, std::vector<Change>> changes_;
  std::vector<Added> comments_, queued_;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_PIPELINE_DRY_RUN_H_
