// The SQL every delivery shares (issue 15): the targets query with its
// filter, the value upsert and the event row, measured on the test stack's
// private server with MariaDB's global counters, as the bench measures
// them, and what they must still do (outcomes, values, event records,
// locks).
//
// The counters are global and the pool has several processes, each of which
// loads its listener and touches its API key on its first delivery: every
// test warms the pool up, then takes the fewest seen over a few single
// deliveries (a warm process), never a time.

#include <gtest/gtest.h>

#include <functional>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

constexpr int kWarmUp = kCountWarmUp;
constexpr int kMeasured = kCountMeasured;

std::string Str(int64_t n) { return std::to_string(n); }

// The bench's data case in small: tickets identified by a data value,
// through a filter on the ticket's author.
class DataSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = CreateProject();
    author_ = UniqueEmail("author");
    author_id_ = CreateUser(author_, "member", {project_});
    ticket_ = CreateFeedback(project_, author_, "Export skips rows");
    group_ = CreateGroup("feedback", {{"Key", "/issue/key", "string"},
                                      {"Seats", "/seats", "integer"}});
    ListenerFixture seed =
        CreateListener("data", "feedback",
                       {"--group", group_, "--scope", scope(), "--identify",
                        "id=/feedback_id"});
    key_ = Unique("SQL");
    HttpResponse r = Deliver(seed, R"({"feedback_id":)" + Str(ticket_) +
                                       R"(,"issue":{"key":")" + key_ + "\"}}");
    EXPECT_EQ(r.status, 200) << r.body;
  }

  std::string scope() const { return "project:" + Str(project_); }

  ListenerFixture FilteredListener() {
    return CreateListener(
        "data", "feedback",
        {"--group", group_, "--scope", scope(), "--identify",
         "data:" + group_ + ".Key=/issue/key", "--filter",
         R"(status != "closed" and author.status = "active")"});
  }

  HttpResponse Seats(const ListenerFixture& l, int n) {
    return Deliver(
        l, R"({"issue":{"key":")" + key_ + R"("},"seats":)" + Str(n) + "}");
  }

  int64_t project_ = 0, author_id_ = 0, ticket_ = 0;
  std::string author_, group_, key_;
};

// The filter's author.status used to bring MariaDB's subquery cache, a
// temporary table made and dropped on every delivery for its one row.
TEST_F(DataSqlTest, AuthorFilterMakesNoTemporaryTable) {
  ListenerFixture l = FilteredListener();
  int64_t tables = FewestPerDelivery("CREATED_TMP_TABLES", [&](int n) {
    HttpResponse r = Seats(l, n);
    EXPECT_EQ(r.Outcomes(), std::vector<std::string>{Str(ticket_) + ":applied"})
        << r.body;
    return r;
  });
  EXPECT_EQ(tables, 0);
  EXPECT_EQ(DataValue(group_, "Seats", ticket_), Str(kWarmUp + kMeasured - 1));

  // The filter still reads the author: a disabled author filters the
  // ticket out, and nothing is written.
  auto db = Stack::Get().Db();
  ASSERT_TRUE(db->Run("UPDATE users SET status = 'disabled' WHERE id = ?",
                      {SqlParam::Int(author_id_)}, nullptr)
                  .ok());
  ASSERT_TRUE(db->Commit().ok());
  HttpResponse r = Seats(l, 500);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{Str(ticket_) + ":filtered"});
  EXPECT_EQ(DataValue(group_, "Seats", ticket_), Str(kWarmUp + kMeasured - 1));
}

// One identifier, one statement without a sort: the rows come in the
// order of the index that finds them (a data value's targets by id). Two
// tickets sharing a value are both applied, answered in id order.
TEST_F(DataSqlTest, OneIdentifierSortsNothing) {
  // A project of many tickets, each with its key, as in the bench: the
  // query then finds the key through its index (not through the project's
  // tickets or the field's rows, which both come in id order).
  {
    auto db = Stack::Get().Db();
    ASSERT_TRUE(db->Run("INSERT INTO feedback (project_id, author_id, title) "
                        "SELECT ?, ?, CONCAT('Bulk ', seq) FROM seq_1_to_300",
                        {SqlParam::Int(project_), SqlParam::Int(author_id_)},
                        nullptr)
                    .ok());
    ASSERT_TRUE(
        db->Run("INSERT INTO data_values (field_id, target_id, value_text) "
                "SELECT f.id, t.id, CONCAT('bulk-', t.id) FROM data_fields f "
                "JOIN data_groups g ON g.id = f.group_id JOIN feedback t ON "
                "t.project_id = ? AND t.title LIKE 'Bulk %' WHERE g.name = ? "
                "AND f.label = 'Key'",
                {SqlParam::Int(project_), SqlParam::Text(group_)}, nullptr)
            .ok());
    ASSERT_TRUE(db->Commit().ok());
  }
  ListenerFixture l = FilteredListener();
  int64_t sorted = FewestPerDelivery("SORT_ROWS", [&](int n) {
    HttpResponse r = Seats(l, n);
    EXPECT_EQ(r.Outcomes(), std::vector<std::string>{Str(ticket_) + ":applied"})
        << r.body;
    return r;
  });
  EXPECT_EQ(sorted, 0);

  // A second ticket with the same key, and a closed third one.
  ListenerFixture seed = CreateListener(
      "data", "feedback",
      {"--group", group_, "--scope", scope(), "--identify", "id=/feedback_id"});
  int64_t second = CreateFeedback(project_, author_, "Second");
  int64_t closed = CreateFeedback(project_, author_, "Closed");
  for (int64_t id : {second, closed}) {
    HttpResponse r = Deliver(seed, R"({"feedback_id":)" + Str(id) +
                                       R"(,"issue":{"key":")" + key_ + "\"}}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  auto db = Stack::Get().Db();
  ASSERT_TRUE(db->Run("UPDATE feedback SET status = 'closed' WHERE id = ?",
                      {SqlParam::Int(closed)}, nullptr)
                  .ok());
  ASSERT_TRUE(db->Commit().ok());
  HttpResponse r = Seats(l, 42);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(),
            (std::vector<std::string>{Str(ticket_) + ":applied",
                                      Str(second) + ":applied",
                                      Str(closed) + ":filtered"}));
  EXPECT_EQ(DataValue(group_, "Seats", ticket_), "42");
  EXPECT_EQ(DataValue(group_, "Seats", second), "42");
  EXPECT_EQ(DataValue(group_, "Seats", closed), "NULL");
}

// The targets query locks the targets, not the author its filter reads: a
// delivery does not wait for a transaction holding the author's user row
// (a user listener delivering to that user, an admin editing them).
TEST_F(DataSqlTest, AuthorFilterLeavesTheAuthorsRowUnlocked) {
  ListenerFixture l = FilteredListener();
  auto holder = Stack::Get().Db();
  QueryResult held;
  ASSERT_TRUE(holder
                  ->Run("SELECT id FROM users WHERE id = ? FOR UPDATE",
                        {SqlParam::Int(author_id_)}, &held)
                  .ok());
  ASSERT_EQ(held.rows.size(), 1u);
  HttpResponse r = Seats(l, 7);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{Str(ticket_) + ":applied"});
  ASSERT_TRUE(holder->Rollback().ok());
  EXPECT_EQ(DataValue(group_, "Seats", ticket_), "7");
}

// The event row used to be an INSERT ... SELECT FROM config_state (the
// config version check, ~100 us of mariadbd per delivery); the targets
// query checks the version now and the row is a plain VALUES insert.
TEST_F(DataSqlTest, TheEventRowIsAPlainInsert) {
  ListenerFixture l = FilteredListener();
  int64_t insert_selects = FewestPerDelivery(
      "COM_INSERT_SELECT", [&](int n) { return Seats(l, n); });
  EXPECT_EQ(insert_selects, 0);
  // Each of them still wrote its event row.
  auto db = Stack::Get().Db();
  QueryResult r;
  ASSERT_TRUE(db->Run("SELECT COUNT(*) FROM events e JOIN listeners li ON "
                      "li.id = e.listener_id WHERE li.listener_key = ? AND "
                      "e.http_status = 200",
                      {SqlParam::Text(l.key)}, &r)
                  .ok());
  EXPECT_EQ(r.rows[0].Int(0), kWarmUp + kMeasured);
}

// The version check is a subquery inside the locking targets query: it must
// take no lock on config_state's one row, or every delivery would queue on
// it (and wait out a config change's transaction).
TEST_F(DataSqlTest, TheConfigCheckLeavesConfigStateUnlocked) {
  ListenerFixture l = FilteredListener();
  ASSERT_EQ(Seats(l, 1).status, 200);
  auto holder = Stack::Get().Db();
  QueryResult held;
  ASSERT_TRUE(holder
                  ->Run("SELECT version FROM config_state WHERE id = 1 "
                        "FOR UPDATE",
                        &held)
                  .ok());
  ASSERT_EQ(held.rows.size(), 1u);
  for (int n = 2; n < 6; ++n) {
    HttpResponse r = Seats(l, n);
    EXPECT_EQ(r.status, 200) << r.body;
  }
  ASSERT_TRUE(holder->Rollback().ok());
  EXPECT_EQ(DataValue(group_, "Seats", ticket_), "5");
}

}  // namespace
}  // namespace earshot::test
