// Console sessions, kept in the database so that any host running the
// console serves any request. The browser holds a random 32-byte token in
// an HttpOnly, SameSite=Strict cookie; the table holds its SHA-256, the
// account, the session's CSRF token and an absolute expiry.
//
// Thread-safety: functions over a Connection, which belongs to one thread.

#ifndef EARSHOT_COMMON_CONSOLE_SESSION_H_
#define EARSHOT_COMMON_CONSOLE_SESSION_H_

#include <string>
#include <string_view>

#include "common/console/accounts.h"

namespace earshot::console {

constexpr char kSessionCookie[] = "earshot_session";

struct Session {
  Account account;
  std::string csrf_token;
};

// Starts a session for `account`, valid `hours`; *cookie_token goes into
// the cookie. Also deletes expired sessions (a few at a time).
Status CreateSession(Connection* db, const Account& account,
                     std::string_view client_addr, int hours,
                     std::string* cookie_token, Session* session);

// The live session of `cookie_token`. NotFound when there is none, it has
// expired, or its account may no longer use the console.
Status LoadSession(Connection* db, std::string_view cookie_token,
                   Session* session);

Status DeleteSession(Connection* db, std::string_view cookie_token);

// Ends every session of `user_id` (after a password change).
Status DeleteUserSessions(Connection* db, int64_t user_id);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_SESSION_H_
