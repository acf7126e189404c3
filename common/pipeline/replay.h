// Replays: an operator re-runs a recorded delivery (`earshotctl events
// replay ID`, which runs the listener type's handler with `--replay ID`).
// The stored body, query string and headers are served to the pipeline as
// a Request; the pipeline skips the API key, signature and duplicate
// checks, never the filter, and links the new event to the original.
//
// Skipping the checks is only sound for a delivery that passed them: an
// event that did not (a keyless or forged delivery, or one refused before
// its signature was checked) is replayed only when an operator forces it,
// and the new event records who did. A replay's event carries its
// original's check results, so a replay of a replay is judged by the
// delivery that was actually received.
//
// Thread-safety: a ReplayRequest belongs to one thread.

#ifndef EARSHOT_COMMON_PIPELINE_REPLAY_H_
#define EARSHOT_COMMON_PIPELINE_REPLAY_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <string>

#include "common/base/domain.h"
#include "common/http/request.h"
#include "common/store/db.h"

namespace earshot {

// What a replay carries into the event it records.
struct ReplayOrigin {
  int64_t event_id = 0;  // the event replayed
  // Whether the original delivery passed the API key and signature checks.
  bool key_passed = false;
  bool signature_passed = false;
  // Who forced the replay of an event that did not pass both; "" otherwise.
  std::string forced_by;
};

class ReplayRequest : public Request {
 public:
  std::optional<std::string> Param(const char* name) const override;
  std::vector<std::pair<std::string, std::string>> AllParams() const override;
  Status ReadBody(size_t limit, std::string* body, bool* too_large) override;
  void Respond(const Answer& answer) override { answer_ = answer; }

  const Answer& answer() const { return answer_; }
  const ReplayOrigin& origin() const { return origin_; }

 private:
  friend Status LoadReplayRequest(Connection*, int64_t, ListenerType,
                                  const std::string&,
                                  std::unique_ptr<ReplayRequest>*);
  ReplayOrigin origin_;
  std::string path_, query_, body_;
  rapidjson::Document headers_;  // lowercase name -> value, as logged
  Answer answer_;
};

// Builds the request of event `event_id`. Invalid when the event is not of
// a listener of `type` that still exists, when its body was not kept whole
// (the log keeps the first event_body_bytes), or when it did not pass the
// API key and signature checks and `forced_by` (who forces the replay) is
// empty.
Status LoadReplayRequest(Connection* db, int64_t event_id, ListenerType type,
                         const std::string& forced_by,
                         std::unique_ptr<ReplayRequest>* request);

}  // namespace earshot

#endif  // EARSHOT_COMMON_PIPELINE_REPLAY_H_
