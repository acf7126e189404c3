// Test fixtures made through earshotctl, the way an operator makes them,
// each with a unique name so tests never share state by accident.
//
// Thread-safety: main test thread only.

#ifndef EARSHOT_TESTS_E2E_FIXTURES_H_
#define EARSHOT_TESTS_E2E_FIXTURES_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "tests/e2e/harness.h"

namespace earshot::test {

// A name fit for a data group or label: letters, digits, underscores.
std::string UniqueIdent(const std::string& prefix);
// A unique email address.
std::string UniqueEmail(const std::string& prefix = "user");

int64_t CreateProject();
int64_t CreateUser(const std::string& email, const std::string& role = "member",
                   const std::vector<int64_t>& projects = {});
int64_t CreateFeedback(int64_t project, const std::string& author_email,
                       const std::string& title = "A ticket");
// Returns the key, shown once.
std::string CreateApiKey(const std::string& name,
                         const std::vector<std::string>& allow_ips = {});
// Creates a group with fields given as {label, param, type}.
struct FieldSpec {
  std::string label, param, type;
};
std::string CreateGroup(const std::string& target,
                        const std::vector<FieldSpec>& fields);

// An API key and a listener of `type`; `options` are the rest of
// `earshotctl listener create`. Returns the listener key.
struct ListenerFixture {
  std::string type;      // data, comment, macro
  std::string key;       // the listener's key
  std::string api_key;   // the API key's secret
  std::string api_name;  // the API key's name
  std::string path() const;
};
ListenerFixture CreateListener(const std::string& type,
                               const std::string& target,
                               const std::vector<std::string>& options);

// POSTs `body` as JSON with the fixture's API key, plus `headers`.
HttpResponse Deliver(const ListenerFixture& listener, const std::string& body,
                     const Headers& headers = {},
                     const std::string& query = "");

// A data value's canonical text, or "NULL" when the field has none.
std::string DataValue(const std::string& group, const std::string& label,
                      int64_t target);
// Rows in events for a listener, and with a given status.
int64_t EventCount(const std::string& listener_key, int status = 0);
// The http_status / error_code of an event.
std::string EventColumn(int64_t event, const std::string& column);

// The names of the files directly under `dir` that hold `needle`; a single
// "(cannot read DIR)" when `dir` cannot be listed, so that a check for
// none fails rather than passes on a missing directory.
std::vector<std::string> FilesHolding(const std::string& dir,
                                      const std::string& needle);

// The sum of the server's global status counters `names` (upper-case,
// comma-separated, e.g. "COM_COMMIT,COM_ROLLBACK") so far.
int64_t GlobalCounters(Connection* db, const std::string& names);
// The same, of `db`'s own session only.
int64_t SessionCounters(Connection* db, const std::string& names);

// Counting per delivery on the test stack's shared server: the pool has
// several processes, each of which loads its listener and touches its API
// key on its first delivery, so kCountWarmUp unmeasured deliveries come
// first, then the fewest that the counters `names` grew by over
// kCountMeasured single deliveries (a warm process), never a time. Every
// answer must be a 200; the measured ones are appended to *answers if
// given. deliver(n) makes the n-th delivery, n counting all of them.
constexpr int kCountWarmUp = 9;    // 3 per process of the pool, if even
constexpr int kCountMeasured = 6;  // single deliveries counted
int64_t FewestPerDelivery(const std::string& names,
                          const std::function<HttpResponse(int)>& deliver,
                          std::vector<HttpResponse>* answers = nullptr);

// "NAME(column,column)" for each of `table`'s indexes, sorted.
std::vector<std::string> TableIndexes(const std::string& table);

// Runs `sql` (statements, tab-separated output) as root in the stack's
// database: for what the listeners' user may not do (change tables).
CommandResult RootSql(const std::string& sql);

// A query and the index its plan must read.
struct PlanCase {
  std::string sql, key;
};
// Runs `setup` (statements as root in the stack's database, e.g. a
// temporary copy of a table with enough rows for the optimizer to choose),
// then EXPLAINs each case in the same session: each must read its key, and
// none may scan a whole table.
void ExpectPlans(const std::string& setup, const std::vector<PlanCase>& cases);

// tools/earshot-stack ARGS... on the test stack, with its --var and --bin,
// pools of 3, quietly.
CommandResult StackCommand(const std::vector<std::string>& args);

// A test on a fresh user (email_, user_) and a data listener on users
// (listener_) that writes the fields of a new data group (group_).
class UserDataListenerTest : public ::testing::Test {
 protected:
  explicit UserDataListenerTest(std::vector<FieldSpec> fields,
                                std::string email_prefix = "user")
      : fields_(std::move(fields)), email_prefix_(std::move(email_prefix)) {}
  void SetUp() override;

  std::string group_, email_;
  int64_t user_ = 0;
  ListenerFixture listener_;

 private:
  std::vector<FieldSpec> fields_;
  std::string email_prefix_;
};

}  // namespace earshot::test

#endif  // EARSHOT_TESTS_E2E_FIXTURES_H_
