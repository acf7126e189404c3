// Pipeline: the one request path every listener type shares.
//
//   read (with limits) -> find the listener (cached) -> method, size,
//   content type -> API key -> enabled -> signature (raw bytes) -> parse
//   -> identify -> the type's Prepare -> in one transaction: find targets
//   and filter (one query) -> the type's Apply -> event record (checks
//   the config version, claims the delivery id) -> commit -> answer.
//
// A 200 is sent only after its effects and event record committed. Any
// other answer rolled everything back and wrote only its event record
// (when the database is reachable). Deadlocks and lock wait timeouts re-run
// the whole transaction a bounded number of times; a lost connection is
// reopened between requests, or once within a request before anything was
// committed.
//
// Thread-safety: one Pipeline per thread (it owns a Connection).

#ifndef EARSHOT_COMMON_PIPELINE_PIPELINE_H_
#define EARSHOT_COMMON_PIPELINE_PIPELINE_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/http/answer.h"
#include "common/http/incoming.h"
#include "common/http/json_body.h"
#include "common/http/request.h"
#include "common/pipeline/dry_run.h"
#include "common/pipeline/handler.h"
#include "common/pipeline/replay.h"
#include "common/store/db.h"
#include "common/store/event_log.h"
#include "common/store/listener_cache.h"

namespace earshot {

class Pipeline {
 public:
  // REQUIRES: `config` outlives the pipeline.
  Pipeline(const Config& config, ListenerType type, PrepareFn prepare);

  // Reads one request and answers it. With `replay`, the request is an
  // operator's replay of that event (see replay.h): API key, signature and
  // duplicate checks are skipped, the filter is not, and the new event is
  // linked to the original and carries its check results.
  void Serve(Request* request, const ReplayOrigin* replay = nullptr);

  // An operator's dry run of `request` (see dry_run.h): the answer a
  // sender would get, with nothing written; `dry_run` sees what Apply did.
  // Only the handlers' --try calls it; Serve never runs dry.
  Answer Try(Request* request, DryRun* dry_run);

  // How the database connection is opened (db.h); a plain-CGI process
  // serves one request: kOneShot.
  void set_db_mode(Connection::Mode mode) { db_mode_ = mode; }

 private:
  // What one run of a delivery came to: an answer to send, or "run the
  // delivery again" from loading the listener, because its settings changed
  // under the transaction (kConfigChanged) or the connection died before
  // anything was committed (kConnectionLost; `answer` is sent when the
  // connection may not be reopened).
  struct Result {
    enum class Next { kAnswer, kConfigChanged, kConnectionLost };
    Next next = Next::kAnswer;
    Answer answer;

    static Result Done(Answer answer) {
      return {Next::kAnswer, std::move(answer)};
    }
    static Result RunAgain(Next why, Answer fallback = Answer()) {
      return {why, std::move(fallback)};
    }
  };

  // Everything one delivery carries through the pipeline. Built with
  // designated initialisers: every member has a default.
  struct Work {
    const Incoming& in;
    const Listener& listener;
    EventRecord event{};
    JsonBody body{};
    std::vector<std::string> identifiers{};
    std::unique_ptr<Action> action{};
    int64_t started_us = 0;  // steady clock
    int64_t replay_of = 0;
    bool authenticated = false;
    int hops = 0;  // Earshot-Hops: webhooks this delivery queues send + 1
  };

  Answer Handle(Request* request, const ReplayOrigin* replay);
  // GET /listeners/{type}/_health (see health.h).
  Answer Health(const Incoming& in);
  Status Connect(bool* fresh);
  Result Deliver(const Request& request, const Incoming& in,
                 const Listener& listener, int64_t received_micros,
                 int64_t started_us, const ReplayOrigin* replay);
  // The checks before the transaction; a Refused status is the answer.
  Status Check(const Request& request, Work* work);
  Status CheckReplay(Work* work);
  // JSON, identify and the type's own checks.
  Status CheckPayload(Work* work);
  Result Commit(Work* work);
  // One run of the transaction. *config_changed: the listener's settings
  // changed since it was loaded; nothing was committed.
  Status ApplyOnce(Work* work, int64_t* event_id, std::string* outcomes,
                   bool* commit_attempted, bool* config_changed);
  Answer AnswerDuplicate(Work* work);
  // Rolls back, records `refusal` as the delivery's event, answers it.
  Result Refuse(Work* work, const Status& refusal);
  // The one place a delivery's event record is written, in the open
  // transaction (see RecordEvent in event_log.h); kChecked when this
  // transaction's FindTargets checked the config version.
  Status Record(Work* work, int64_t* event_id, bool* config_changed,
                ConfigCheck check = ConfigCheck::kOnInsert);
  // Writes the key's last_used_at when this process has not for a while;
  // *touched says so, to be remembered once the transaction commits.
  Status TouchApiKey(const Listener& listener, bool* touched);
  // New-address notification (key_notify.h); costs nothing for keys
  // without it.
  Status NoteKeyAddress(const Work& work);
  Answer Unavailable(const std::string& message) const;

  const Config& config_;
  const ListenerType type_;
  const PrepareFn prepare_;
  std::unique_ptr<Connection> db_;
  Connection::Mode db_mode_ = Connection::Mode::kPooled;
  ListenerCache cache_;
  // API key id -> when this process last wrote its last_used_at.
  std::unordered_map<int64_t, int64_t> key_touched_us_;
  // Set only for the length of a Try().
  DryRun* dry_run_ = nullptr;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_PIPELINE_PIPELINE_H_
