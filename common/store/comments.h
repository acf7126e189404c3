// Comments on users and feedback tickets, as the comment listener and the
// macro action `comment` add them. A comment's author is an active user
// with the role admin or manager. A comment on a ticket raises the ticket's
// popularity and queues a follow notification (an outbox email) for every
// follower other than the author, in the same transaction.
//
// Thread-safety: pure functions, plus writes through a caller's Connection.

#ifndef EARSHOT_COMMON_STORE_COMMENTS_H_
#define EARSHOT_COMMON_STORE_COMMENTS_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot {

constexpr size_t kMaxCommentBytes = 65535;

// The comment text at `pointer`: a string of 1 to 65535 bytes, kept as
// received. Otherwise a kInvalidValue refusal.
Status ReadCommentText(const rapidjson::Value& body, const std::string& pointer,
                       std::string* text);

// The author named by `email` (compared as an EmailKey, see email.h), if
// allowed to comment; else a kAuthorNotAllowed refusal. REQUIRES: an open
// transaction.
Status FindCommentAuthor(Connection* db, std::string_view email,
                         int64_t* author_id);

struct CommentPlacement {
  TargetKind target = TargetKind::kUsers;  // users or feedback
  // Users: 0 for a community-level comment, else the project's id.
  // Tickets (AddCommentsAs): the project every target is known to be in
  // (the listener's scope), or 0 to read each ticket's.
  int64_t project_id = 0;
  int popularity_weight = 1;  // feedback only
};

// Adds `text` by `author_id` to each target. REQUIRES: an open
// transaction; targets are ids of `placement.target`.
Status AddComments(Connection* db, const CommentPlacement& placement,
                   const std::vector<int64_t>& targets, int64_t author_id,
                   std::string_view text);

// The comment listener's AddComments: the author named by `email`, checked
// as FindCommentAuthor checks it (the same refusal), and everything in one
// statement: users get an INSERT ... SELECT whose affected rows tell a
// refused author; tickets get one compound statement that checks the
// author, adds the comments, raises popularity and queues the follow
// notifications with `event_id` as the delivery that queued them (0: none,
// a dry run), and files `event_id` under `subjects` (event_subjects.h
// keys; the same statement for tickets). With no targets, only the author
// check and the subjects. REQUIRES: an open transaction; for tickets, the
// delivery's event row written first; `subjects` empty when event_id is 0.
Status AddCommentsAs(Connection* db, const CommentPlacement& placement,
                     const std::vector<int64_t>& targets,
                     std::string_view email, std::string_view text,
                     int64_t event_id,
                     const std::vector<std::string>& subjects);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_COMMENTS_H_
