#include "common/pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <deque>
#include <random>
#include <thread>

#include "common/auth/auth.h"
#include "common/auth/key_notify.h"
#include "common/auth/signature.h"
#include "common/base/clock.h"
#include "common/base/log.h"
#include "common/http/delivery_id.h"
#include "common/http/hops.h"
#include "common/http/json_body.h"
#include "common/pipeline/health.h"
#include "common/store/event_subjects.h"
#include "common/store/identify.h"
#include "common/store/targets.h"

namespace earshot {

namespace {

// A config change between reading a listener and committing starts the
// delivery over; more than this many in a row answers 503.
constexpr int kMaxConfigRounds = 3;
// last_used_at is written at most this often per key and process, so a
// busy key is not a hot row.
constexpr int64_t kTouchIntervalUs = 60 * 1000000LL;

void Log(const std::string& what) { LogLine(LogLevel::kError, what); }

// Sleeps a little longer after each deadlock, with jitter, so that two
// colliding deliveries do not collide again.
void Backoff(int attempt) {
  static thread_local std::minstd_rand rng(std::random_device{}());
  int base_ms = 5 << attempt;
  std::uniform_int_distribution<int> jitter(0, base_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(base_ms + jitter(rng)));
}

}  // namespace

Pipeline::Pipeline(const Config& config, ListenerType type, PrepareFn prepare)
    : config_(config), type_(type), prepare_(prepare) {}

void Pipeline::Serve(Request* request, const ReplayOrigin* replay) {
  request->Respond(Handle(request, replay));
}

Answer Pipeline::Try(Request* request, DryRun* dry_run) {
  dry_run_ = dry_run;
  Answer answer = Handle(request, nullptr);
  dry_run_ = nullptr;
  return answer;
}

Status Pipeline::Connect(bool* fresh) {
  *fresh = false;
  if (db_ && !db_->broken()) return Status::OK();
  db_.reset();
  cache_.Clear();
  DbOptions options = config_.db;
  options.subquery_cache = false;
  Status s = Connection::Open(options, &db_, db_mode_);
  if (!s.ok()) {
    db_.reset();
    return s;
  }
  *fresh = true;
  return Status::OK();
}

Answer Pipeline::Unavailable(const std::string& message) const {
  Answer a = ErrorAnswer(ApiError::kUnavailable, message, 0);
  a.headers.emplace_back("Retry-After", std::to_string(config_.retry_after_s));
  return a;
}

Answer Pipeline::Handle(Request* request, const ReplayOrigin* replay) {
  const int64_t received = WallMicros();
  const int64_t started = SteadyMicros();
  Incoming in;
  Status s = ReadIncoming(request, config_.max_body_bytes, &in);
  if (!s.ok()) return ErrorAnswer(ApiError::kInternal, s.message(), 0);
  if (IsHealthPath(in.path, type_)) return Health(in);
  std::string key;
  if (!ListenerKeyFromPath(in.path, type_, &key)) {
    return ErrorAnswer(ApiError::kUnknownListener,
                       std::string("no ") + ListenerTypeName(type_) +
                           " listener at this address",
                       0);
  }
  bool reconnected = false;
  for (int round = 0; round < kMaxConfigRounds;) {
    bool fresh = false;
    s = Connect(&fresh);
    if (!s.ok()) {
      Log(s.ToString());
      return Unavailable("the database is unavailable; retry later");
    }
    std::shared_ptr<const Listener> listener;
    s = cache_.Get(db_.get(), type_, key, &listener);
    Result result;
    if (s.ok()) {
      result = Deliver(*request, in, *listener, received, started, replay);
    } else if (s.IsNotFound()) {
      return ErrorAnswer(ApiError::kUnknownListener,
                         std::string("no ") + ListenerTypeName(type_) +
                             " listener called " + key,
                         0);
    } else if (s.IsUnavailable()) {
      result = Result::RunAgain(
          Result::Next::kConnectionLost,
          Unavailable("the database is unavailable; retry later"));
    } else {
      Log("listener " + key + " cannot be loaded: " + s.ToString());
      return ErrorAnswer(ApiError::kInternal,
                         "this listener's settings cannot be loaded", 0);
    }
    switch (result.next) {
      case Result::Next::kAnswer:
        return result.answer;
      case Result::Next::kConfigChanged:
        cache_.Clear();
        ++round;
        break;
      case Result::Next::kConnectionLost:
        // A connection that sat idle may have died with a database
        // restart: reopen it once. A fresh one failing means it is down.
        if (fresh || reconnected) return result.answer;
        reconnected = true;
        db_.reset();
        break;
    }
  }
  return Unavailable("the listener's settings are changing; retry");
}

Pipeline::Result Pipeline::Deliver(const Request& request, const Incoming& in,
                                   const Listener& listener,
                                   int64_t received_micros, int64_t started_us,
                                   const ReplayOrigin* replay) {
  const int64_t replay_of = replay != nullptr ? replay->event_id : 0;
  Work work{.in = in,
            .listener = listener,
            .started_us = started_us,
            .replay_of = replay_of};
  EventRecord& e = work.event;
  e.replay_of = replay_of;
  if (replay != nullptr) {
    // A replay skips both checks: it stands for its original.
    e.key_passed = replay->key_passed;
    e.signature_passed = replay->signature_passed;
    e.forced_by = replay->forced_by;
  }
  if (dry_run_ != nullptr) dry_run_->Describe(listener);
  e.listener_id = listener.id;
  e.received_micros = received_micros;
  e.delivery_id = in.delivery_id;
  e.client_addr = in.client_addr;
  e.headers_json = listener.signature.scheme == SignatureScheme::kToken
                       ? LoggedHeaders(request, in.query_string,
                                       listener.signature.token_header)
                       : in.headers_json;
  e.body = in.body.substr(0, config_.event_body_bytes);
  e.body_size = in.body.size();
  if (in.body_too_large) {
    std::string length = request.Param("CONTENT_LENGTH").value_or("");
    e.body_size = std::strtoull(length.c_str(), nullptr, 10);
  }

  Status s = Check(request, &work);
  if (listener.identify.attribute == IdentifyAttribute::kEmail) {
    e.subject_emails = work.identifiers;  // named, whether found or not
  }
  return s.ok() ? Commit(&work) : Refuse(&work, s);
}

Status Pipeline::Check(const Request& request, Work* work) {
  const Incoming& in = work->in;
  const Listener& listener = work->listener;
  if (work->replay_of != 0) return CheckReplay(work);
  if (in.method != "POST") {
    return Status::Refused(ApiError::kMethodNotAllowed,
                           "listeners accept POST only");
  }
  if (in.body_too_large) {
    return Status::Refused(ApiError::kBodyTooLarge,
                           "the body is larger than " +
                               std::to_string(config_.max_body_bytes) +
                               " bytes");
  }
  if (in.body_short) {
    return Status::Refused(ApiError::kInvalidJson,
                           "the body ended before its Content-Length");
  }
  if (!in.content_type || !IsJsonContentType(*in.content_type)) {
    return Status::Refused(ApiError::kUnsupportedMediaType,
                           "send the body as Content-Type: application/json");
  }
  // An operator's try, like a replay, skips the key and signature; it runs
  // on a disabled listener too (the report says it is disabled).
  if (dry_run_ != nullptr) return CheckPayload(work);
  Status s = CheckApiKey(db_.get(), listener,
                         PresentedApiKey(request, in.query), in.client_addr);
  if (!s.ok()) return s;
  work->authenticated = true;
  work->event.key_passed = true;
  if (!listener.enabled) {
    return Status::Refused(ApiError::kListenerDisabled,
                           "this listener is disabled");
  }

  SignatureSettings signature = listener.signature;
  signature.tolerance_seconds = config_.signature_tolerance_s;
  // A deque: views handed out must survive later lookups.
  std::deque<std::pair<std::string, std::optional<std::string>>> seen;
  auto headers = [&](std::string_view name) -> std::optional<std::string_view> {
    for (const auto& [n, v] : seen) {
      if (n == name)
        return v ? std::optional<std::string_view>(*v) : std::nullopt;
    }
    seen.emplace_back(std::string(name), RequestHeader(request, name));
    const auto& v = seen.back().second;
    return v ? std::optional<std::string_view>(*v) : std::nullopt;
  };
  std::string signed_id;
  s = VerifySignature(signature, headers, in.body, std::time(nullptr),
                      &signed_id);
  if (!s.ok()) return s;
  work->event.signature_passed = true;
  // Once the signature holds, only what it covers may name the delivery.
  work->event.delivery_id = VerifiedDeliveryId(
      listener.signature.scheme, signed_id, in.delivery_id, headers);
  s = CheckHops(RequestHeader(request, "Earshot-Hops"), config_.max_hops,
                &work->hops);
  if (!s.ok()) return s;

  return CheckPayload(work);
}

Status Pipeline::CheckReplay(Work* work) {
  if (!work->listener.enabled) {
    return Status::Refused(ApiError::kListenerDisabled,
                           "this listener is disabled");
  }
  return CheckPayload(work);
}

Status Pipeline::CheckPayload(Work* work) {
  const Incoming& in = work->in;
  const Listener& listener = work->listener;
  Status s = ParseJsonBody(in.body, config_.max_depth, &work->body);
  if (!s.ok()) return s;
  s = ExtractIdentifiers(listener.identify, work->body, in.query,
                         config_.max_targets, &work->identifiers);
  if (!s.ok()) return s;
  Delivery delivery{listener, work->body, in.query, work->event.received_micros,
                    work->hops};
  return prepare_(delivery, &work->action);
}

Pipeline::Result Pipeline::Commit(Work* work) {
  Status s;
  for (int attempt = 1; attempt <= config_.max_tx_attempts; ++attempt) {
    if (db_->broken()) {
      // A deadlock in a locking read leaves the session unusable.
      bool fresh = false;
      s = Connect(&fresh);
      if (!s.ok()) {
        Log(s.ToString());
        return Result::Done(
            Unavailable("the database is unavailable; retry later"));
      }
    }
    int64_t event_id = 0;
    std::string outcomes;
    bool commit_attempted = false;
    bool config_changed = false;
    s = ApplyOnce(work, &event_id, &outcomes, &commit_attempted,
                  &config_changed);
    if (s.ok() && !config_changed) {
      return Result::Done(SuccessAnswer(event_id, false, outcomes));
    }
    if (!db_->broken()) db_->Rollback();
    if (s.ok()) return Result::RunAgain(Result::Next::kConfigChanged);
    if (s.IsRetry()) {
      if (attempt < config_.max_tx_attempts) Backoff(attempt);
      continue;
    }
    if (s.IsDuplicate() && dry_run_ == nullptr) {
      return Result::Done(AnswerDuplicate(work));
    }
    if (s.IsUnavailable()) {
      Log(s.ToString());
      Answer unavailable =
          Unavailable("the database is unavailable; retry later");
      // Unknown outcome after a failed COMMIT: never re-run it here; the
      // sender's retry (with its delivery id) is safe.
      if (commit_attempted) return Result::Done(std::move(unavailable));
      return Result::RunAgain(Result::Next::kConnectionLost,
                              std::move(unavailable));
    }
    if (s.IsRefused()) return Refuse(work, s);
    Log("delivery to " + work->listener.key + " failed: " + s.ToString());
    return Refuse(work, Status::Refused(ApiError::kInternal,
                                        "internal error; nothing was applied"));
  }
  Log("delivery to " + work->listener.key + " gave up: " + s.ToString());
  return Refuse(work, Status::Refused(ApiError::kUnavailable,
                                      "the targets are busy; retry later"));
}

Status Pipeline::ApplyOnce(Work* work, int64_t* event_id,
                           std::string* outcomes_json, bool* commit_attempted,
                           bool* config_changed) {
  const Listener& listener = work->listener;
  std::vector<Target> found;
  std::vector<std::string> not_found;
  const char* column = work->action->TargetColumn();
  Status s = FindTargets(db_.get(), listener, work->identifiers, &found,
                         &not_found, config_changed, column);
  if (!s.ok() || *config_changed) return s;

  EventRecord& e = work->event;
  e.subject_users.clear();
  std::vector<int64_t> applied, applied_column;
  std::vector<TargetOutcome> outcomes;
  for (const Target& t : found) {
    if (listener.target == TargetKind::kUsers) e.subject_users.push_back(t.id);
    if (t.matched) applied.push_back(t.id);
    if (t.matched && column != nullptr) applied_column.push_back(t.column);
    outcomes.push_back({t.id, t.identifier,
                        t.matched ? Outcome::kApplied : Outcome::kFiltered});
  }
  for (const std::string& identifier : not_found) {
    int64_t id = 0;
    if (listener.identify.attribute == IdentifyAttribute::kId) {
      id = std::strtoll(identifier.c_str(), nullptr, 10);
    }
    outcomes.push_back({id, identifier, Outcome::kNotFound});
  }
  if (dry_run_ != nullptr) {
    s = dry_run_->Before(db_.get(), applied);
    if (!s.ok()) return s;
  }
  if (column != nullptr) work->action->SetTargetColumn(applied_column);
  const bool after_event =
      dry_run_ == nullptr && work->action->AppliesAfterEvent();
  if (!after_event) s = work->action->Apply(db_.get(), applied);
  work->action->NamedEmails(&e.subject_emails);
  e.link_outbox = !after_event && work->action->MayQueueMessages();
  if (!s.ok()) return s;
  if (dry_run_ != nullptr) {
    // Read back what Apply did, then undo it all: no key use, no event,
    // no delivery id claimed.
    s = dry_run_->After(db_.get(), outcomes);
    if (s.ok()) s = db_->Rollback();
    if (s.ok()) *outcomes_json = OutcomesJson(outcomes);
    return s;
  }
  if (work->action->ErasedPersonalData()) {
    e.body.clear();
    e.headers_json.clear();
    for (TargetOutcome& o : outcomes) o.identifier.clear();
  }
  bool touched = false;
  s = TouchApiKey(listener, &touched);
  if (s.ok() && work->replay_of == 0) s = NoteKeyAddress(*work);
  if (!s.ok()) return s;

  e.http_status = 200;
  e.error_code.clear();
  e.error_message.clear();
  e.claim_delivery = !e.delivery_id.empty() && work->replay_of == 0;
  // The answer's list, stored as it is when it fits (it usually does).
  std::string answer_outcomes = OutcomesJson(outcomes);
  e.outcomes_json = answer_outcomes.size() <= kMaxStoredOutcomesBytes
                        ? answer_outcomes
                        : StoredOutcomesJson(outcomes, kMaxStoredOutcomesBytes);
  // An action applied after the event files the event's subjects itself
  // (handler.h); a refusal's or a duplicate's event files them as usual.
  std::vector<int64_t> subject_users;
  std::vector<std::string> subject_emails;
  if (after_event) {
    subject_users.swap(e.subject_users);
    subject_emails.swap(e.subject_emails);
  }
  s = Record(work, event_id, config_changed, ConfigCheck::kChecked);
  if (after_event) {
    subject_users.swap(e.subject_users);
    subject_emails.swap(e.subject_emails);
  }
  if (!s.ok() || *config_changed) return s;
  if (after_event) {
    s = work->action->ApplyForEvent(
        db_.get(), applied, *event_id,
        SubjectKeys(e.subject_users, e.subject_emails));
    if (!s.ok()) return s;
  }
  *commit_attempted = true;
  s = db_->Commit();
  if (!s.ok()) return s;
  if (touched) key_touched_us_[listener.api_key_id] = SteadyMicros();
  *outcomes_json = std::move(answer_outcomes);
  return Status::OK();
}

Answer Pipeline::AnswerDuplicate(Work* work) {
  EventRecord& e = work->event;
  int64_t original = 0;
  std::string outcomes;
  Status s;
  // Recording the duplicate can itself meet a deadlock (on a Galera
  // cluster, a lost certification while the first copy's rows arrive):
  // run it again, as a delivery's own transaction is.
  for (int attempt = 1; attempt <= config_.max_tx_attempts; ++attempt) {
    if (db_->broken()) {
      bool fresh = false;
      s = Connect(&fresh);
      if (!s.ok()) break;
    }
    s = FindClaimingEvent(db_.get(), work->listener.id, e.delivery_id,
                          &original, &outcomes);
    if (s.ok()) s = NoteKeyAddress(*work);
    if (s.ok()) {
      e.http_status = 200;
      e.claim_delivery = false;
      e.duplicate_of = original;
      e.outcomes_json = outcomes;
      int64_t ignored = 0;
      // A duplicate applies nothing: a config change since does not matter.
      bool config_changed = false;
      s = Record(work, &ignored, &config_changed);
      if (s.ok()) s = db_->Commit();
    }
    if (s.ok()) return SuccessAnswer(original, true, outcomes);
    if (!db_->broken()) db_->Rollback();
    if (!s.IsRetry()) break;
    if (attempt < config_.max_tx_attempts) Backoff(attempt);
  }
  Log("duplicate of " + e.delivery_id + ": " + s.ToString());
  return Unavailable("the database is unavailable; retry later");
}

Pipeline::Result Pipeline::Refuse(Work* work, const Status& refusal) {
  ApiError error =
      refusal.IsRefused() ? refusal.api_error() : ApiError::kInternal;
  std::string message =
      refusal.IsRefused() ? refusal.message() : "internal error";
  if (!refusal.IsRefused()) Log(refusal.ToString());
  if (refusal.IsUnavailable()) {
    return Result::RunAgain(
        Result::Next::kConnectionLost,
        Unavailable("the database is unavailable; retry later"));
  }

  if (dry_run_ != nullptr) {
    // A dry run records nothing: the refusal is its answer.
    if (!db_->broken()) db_->Rollback();
    return Result::Done(ErrorAnswer(error, message, 0));
  }
  EventRecord& e = work->event;
  if (!work->authenticated && work->replay_of == 0) {
    // Anyone can send these: keep no body, or keyless senders fill the
    // disk. body_size still says how much came.
    e.body.clear();
  }
  e.http_status = ApiErrorHttpStatus(error);
  e.error_code = ApiErrorCode(error);
  e.error_message = message;
  e.claim_delivery = false;
  e.outcomes_json.clear();
  int64_t event_id = 0;
  bool config_changed = false;
  Status s =
      db_->broken() ? Status::Unavailable("connection lost") : db_->Rollback();
  bool touched = false;
  if (s.ok() && work->authenticated) s = TouchApiKey(work->listener, &touched);
  if (s.ok() && work->authenticated) s = NoteKeyAddress(*work);
  if (s.ok()) s = Record(work, &event_id, &config_changed);
  if (s.ok() && config_changed) {
    db_->Rollback();
    return Result::RunAgain(Result::Next::kConfigChanged);
  }
  if (s.ok()) s = db_->Commit();
  if (s.ok() && touched) {
    key_touched_us_[work->listener.api_key_id] = SteadyMicros();
  }
  if (!s.ok()) {
    // The refusal stands; only its record is lost.
    Log("cannot record a refused delivery: " + s.ToString());
    if (!db_->broken()) db_->Rollback();
    event_id = 0;
  }
  Answer a = ErrorAnswer(error, message, event_id);
  if (error == ApiError::kUnavailable) {
    a.headers.emplace_back("Retry-After",
                           std::to_string(config_.retry_after_s));
  }
  return Result::Done(std::move(a));
}

Status Pipeline::Record(Work* work, int64_t* event_id, bool* config_changed,
                        ConfigCheck check) {
  work->event.duration_us = SteadyMicros() - work->started_us;
  return RecordEvent(db_.get(), work->event, work->listener.config_version,
                     check, config_.delivery_retention_days, event_id,
                     config_changed);
}

Status Pipeline::NoteKeyAddress(const Work& work) {
  if (work.listener.api_key_notify_email.empty()) return Status::OK();
  return NoteApiKeyAddress(db_.get(), work.listener, work.in.client_addr,
                           config_.api_key_notify_per_hour);
}

Status Pipeline::TouchApiKey(const Listener& listener, bool* touched) {
  *touched = false;
  auto it = key_touched_us_.find(listener.api_key_id);
  // Written by this process, or (as the listener's load read it) by any.
  int64_t written_us = it != key_touched_us_.end() ? it->second : INT64_MIN;
  if (listener.api_key_used_age_us >= 0) {
    written_us =
        std::max(written_us, listener.loaded_us - listener.api_key_used_age_us);
  }
  if (written_us != INT64_MIN &&
      SteadyMicros() - written_us < kTouchIntervalUs) {
    return Status::OK();
  }
  *touched = true;
  return earshot::TouchApiKey(db_.get(), listener.api_key_id);
}

}  // namespace earshot
