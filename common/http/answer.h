// Answers: the JSON every listener returns, success or error, built in one
// place so every handler type answers alike.
//
//   200 {"ok":true,"event":1234,"duplicate":false,"targets":[...]}
//   4xx/5xx {"ok":false,"error":{"code":"...","message":"..."},"event":N}
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_HTTP_ANSWER_H_
#define EARSHOT_COMMON_HTTP_ANSWER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/api_error.h"

namespace earshot {

enum class Outcome { kApplied, kFiltered, kNotFound };

// "applied", "filtered", "not_found": the name answers and the log use.
const char* OutcomeName(Outcome outcome);

struct TargetOutcome {
  int64_t id = 0;          // 0 when the identifier named nothing
  std::string identifier;  // the value from the payload that named it
  Outcome outcome = Outcome::kApplied;
};

struct Answer {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// [{"id":17,"identifier":"a@b.c","outcome":"applied"}, ...]; a not_found
// has "id":null unless it was named by id.
std::string OutcomesJson(const std::vector<TargetOutcome>& outcomes);

// The size of events.outcomes (TEXT).
constexpr size_t kMaxStoredOutcomesBytes = 65535;

// OutcomesJson() cut to fit `max_bytes`, for the delivery log: whole when
// it fits; else each identifier cut to a few dozen bytes (marked with
// "..."); else without identifiers. With ids of at most 20 digits, the
// last fits 1000 targets in kMaxStoredOutcomesBytes.
std::string StoredOutcomesJson(const std::vector<TargetOutcome>& outcomes,
                               size_t max_bytes);

// REQUIRES: outcomes_json is an OutcomesJson() result.
Answer SuccessAnswer(int64_t event_id, bool duplicate,
                     std::string_view outcomes_json);
// `event_id` 0 leaves "event" out. Adds `Allow: POST` to 405 answers.
Answer ErrorAnswer(ApiError error, std::string_view message, int64_t event_id);

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_ANSWER_H_
