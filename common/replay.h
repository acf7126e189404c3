// Replays: an operator re-runs a recorded delivery (`earshotctl events
// replay ID`, which runs the listener type's handler with `--replay ID`).
// The stored body, query string and headers are served to the pipeline as
// a Request; the pipeline skips the API key, signature and duplicate
// checks, never the filter, and links the new event to the original.
//
// Thread-safety: a ReplayRequest belongs to one thread.

#ifndef EARSHOT_COMMON_REPLAY_H_
#define EARSHOT_COMMON_REPLAY_H_

#include <cstdint>
#include <memory>
#include <string>

#include <rapidjson/document.h>

#include "common/db.h"
#include "common/domain.h"
#include "common/request.h"

namespace earshot {

class ReplayRequest : public Request {
 public:
  std::optional<std::string> Param(const char* name) const override;
  std::vector<std::pair<std::string, std::string>> AllParams() const override;
  Status ReadBody(size_t limit, std::string* body, bool* too_large) override;
  void Respond(const Answer& answer) override { answer_ = answer; }

  const Answer& answer() const { return answer_; }

 private:
  friend Status LoadReplayRequest(Connection*, int64_t, ListenerType,
                                  std::unique_ptr<ReplayRequest>*);
  std::string path_, query_, body_;
  rapidjson::Document headers_;  // lowercase name -> value, as logged
  Answer answer_;
};

// Builds the request of event `event_id`. Invalid when the event is not of
// a listener of `type` that still exists, or when its body was not kept
// whole (the log keeps the first event_body_bytes).
Status LoadReplayRequest(Connection* db, int64_t event_id, ListenerType type,
                         std::unique_ptr<ReplayRequest>* request);

}  // namespace earshot

#endif  // EARSHOT_COMMON_REPLAY_H_
