// The one step that differs between listener types: "apply this delivery
// to these targets". Everything else (reading, auth, signature, parsing,
// identify, filter, transaction, event log, answer) is the pipeline's.
//
// A listener type provides a PrepareFn. The pipeline calls it once per
// delivery, before any database work, to read and check what the payload
// alone decides; it returns an Action that the pipeline then applies
// inside the delivery's transaction (again after a deadlock).
//
// Thread-safety: an Action is used by one thread.

#ifndef EARSHOT_COMMON_PIPELINE_HANDLER_H_
#define EARSHOT_COMMON_PIPELINE_HANDLER_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/http/json_body.h"
#include "common/http/query_string.h"
#include "common/store/db.h"
#include "common/store/event_subjects.h"
#include "common/store/listener.h"

namespace earshot {

struct Delivery {
  const Listener& listener;
  const JsonBody& body;
  const QueryParams& query;
  int64_t received_micros;  // when it arrived, UTC
  int hops = 0;             // Earshot-Hops of the delivery (hops.h)
};

class Action {
 public:
  virtual ~Action() = default;

  // Applies the delivery to `targets`: ids of the listener's target kind,
  // in ascending order, locked, each one that passed the filter (possibly
  // none). Runs inside the open transaction; may run again after a
  // deadlock, so it must not keep state between runs. A Refused status is
  // answered as is and everything is rolled back.
  virtual Status Apply(Connection* db, const std::vector<int64_t>& targets) = 0;

  // An integer SQL expression on the target row `t` (e.g. "t.author_id")
  // that the targets query reads with each target, under the lock it takes
  // anyway, or nullptr (the default: the query reads nothing more). Before
  // each Apply, SetTargetColumn gets its values for `targets`, in their
  // order (0 for NULL).
  virtual const char* TargetColumn() const { return nullptr; }
  virtual void SetTargetColumn(const std::vector<int64_t>& /*values*/) {}

  // Whether the last Apply erased personal data that the delivery itself
  // may carry (a macro's delete_user). The pipeline then keeps neither the
  // body, the headers nor the target identifiers in the delivery's event,
  // so the log shows no copy of what was erased.
  virtual bool ErasedPersonalData() const { return false; }

  // Appends the addresses the delivery names besides its targets (comment
  // authors), so that erasing one of those users also scrubs its log entry.
  virtual void NamedEmails(std::vector<std::string>* /*emails*/) const {}

  // Whether the last Apply may have queued outbox messages; the event then
  // links them (EventRecord::link_outbox). True when unsure.
  virtual bool MayQueueMessages() const { return false; }

  // Whether the action links what it writes to the delivery's event by
  // itself: the pipeline then writes the event row first and calls
  // ApplyForEvent with its id, in the same transaction, instead of Apply
  // (a dry run, which writes no event, still calls Apply). Such an action
  // never erases personal data; its refusal rolls the event row back like
  // anything else. ApplyForEvent also files the event under `subjects`
  // (event_subjects.h keys, possibly none), which the event row's own
  // statements then leave out: with its writes, one round trip fewer.
  virtual bool AppliesAfterEvent() const { return false; }
  virtual Status ApplyForEvent(Connection* db,
                               const std::vector<int64_t>& targets,
                               int64_t event_id,
                               const std::vector<std::string>& subjects) {
    Status s = Apply(db, targets);
    if (!s.ok() || subjects.empty()) return s;
    return RecordSubjects(db, event_id, subjects);
  }
};

// Refusals (kInvalidValue, kMissingIdentifier, ...) are answered as is.
using PrepareFn = Status (*)(const Delivery& delivery,
                             std::unique_ptr<Action>* action);

}  // namespace earshot

#endif  // EARSHOT_COMMON_PIPELINE_HANDLER_H_
