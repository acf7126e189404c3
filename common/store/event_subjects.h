// The delivery log's erasure index: for each event, who it named, so that
// erasing a user scrubs that user's events through an index (work
// proportional to the user's own deliveries) instead of reading every
// stored body.
//
// A subject is a 16-byte key: the first half of SHA-256 over "user:ID" for
// a user the delivery targeted (found by id, email or data identifier,
// applied or filtered), or over "email:ADDRESS" (ASCII letters folded to
// lower case) for an address it carried as an email identifier, found or
// not, or as a comment author. Keys carry no address in clear.
//
// Thread-safety: functions of the caller's Connection; the key functions
// are pure.

#ifndef EARSHOT_COMMON_STORE_EVENT_SUBJECTS_H_
#define EARSHOT_COMMON_STORE_EVENT_SUBJECTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

constexpr size_t kSubjectBytes = 16;

std::string UserSubject(int64_t user_id);
std::string EmailSubject(std::string_view email);

// The keys of `user_ids` and `emails`, sorted, each once.
std::vector<std::string> SubjectKeys(const std::vector<int64_t>& user_ids,
                                     const std::vector<std::string>& emails);

// Files `event_id` under each of `subjects` (one statement). REQUIRES: an
// open transaction; `subjects` is not empty.
Status RecordSubjects(Connection* db, int64_t event_id,
                      const std::vector<std::string>& subjects);

// Clears the body, headers and outcomes of every event filed under one of
// `subjects`, and drops those index entries. Only those events' rows are
// read or locked. REQUIRES: an open transaction.
Status ScrubSubjects(Connection* db, const std::vector<std::string>& subjects);

// Events recorded before the index existed (migration 006): scrubs those
// whose body, headers or outcomes contain `email`, reading only that
// range, which retention empties. REQUIRES: an open transaction.
Status ScrubLegacyEvents(Connection* db, const std::string& email);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_EVENT_SUBJECTS_H_
