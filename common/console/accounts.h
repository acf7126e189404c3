// Who may sign in to the console: platform users (table users) whose role
// is admin or manager, whose account is active and not erased, and who
// have a password (console_passwords). Passwords are set with `earshotctl
// user password`, or once through a setup link (`earshotctl user invite`,
// printed by `make run`) that expires.
//
// Thread-safety: functions over a Connection, which belongs to one thread.

#ifndef EARSHOT_COMMON_CONSOLE_ACCOUNTS_H_
#define EARSHOT_COMMON_CONSOLE_ACCOUNTS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/store/db.h"

namespace earshot::console {

struct Account {
  int64_t user_id = 0;
  std::string email;
  std::string name;
  std::string role;  // "admin" or "manager"
  bool admin() const { return role == "admin"; }
};

// The SQL condition (on users alias `u`) an account must meet to use the
// console.
extern const char kAccountCondition[];

// The account with `email` that may sign in, and its password hash ("" when
// none is set). NotFound when there is no such account.
Status FindAccountByEmail(Connection* db, std::string_view email,
                          Account* account, std::string* password_hash);

// Sets user `user_id`'s password to `hash` (a HashPassword result).
// Invalid when the user may not use the console.
Status StorePasswordHash(Connection* db, int64_t user_id,
                         const std::string& hash);

// Creates a setup link token for user `user_id`, valid `hours`; *token is
// what goes into the link (only its hash is stored). Earlier unused tokens
// of the user stop working.
Status CreateSetupToken(Connection* db, int64_t user_id, int hours,
                        std::string* token);

// The account a still valid, unused setup `token` is for. NotFound
// otherwise. Locks the token's row until the transaction ends.
Status FindSetupToken(Connection* db, std::string_view token, Account* account);
// Marks `token` used. REQUIRES: FindSetupToken found it in this transaction.
Status UseSetupToken(Connection* db, std::string_view token);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_ACCOUNTS_H_
