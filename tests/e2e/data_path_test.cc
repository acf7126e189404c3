// The data listener's hot path (issue 15): what its speed-ups must keep.
// Field pointers are parsed once per listener load, the depth limit is
// checked by the parser itself, and the delivery log keeps the indexes that
// `events list`, retention and duplicate detection read.

#include <gtest/gtest.h>

#include <optional>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

class DataPathTest : public UserDataListenerTest {
 protected:
  DataPathTest()
      : UserDataListenerTest({{"Plan", "/plan", "string"},
                              {"Seats", "/deep/seats", "integer"}}) {}
};

TEST_F(DataPathTest, AFieldsNewPointerIsReadFromTheNextDelivery) {
  // Enough deliveries for every process of the pool to load the listener
  // (and parse its pointers).
  for (int i = 0; i < 8; ++i) {
    std::string plan = "basic-" + std::to_string(i);
    ASSERT_EQ(Deliver(listener_, R"({"email":")" + email_ + R"(","plan":")" +
                                     plan + R"("})")
                  .status,
              200);
    EXPECT_EQ(DataValue(group_, "Plan", user_), plan);
  }
  // The change must reach every process's next delivery.
  Stack::Get().CtlOk({"field", "update", group_, "Plan", "--param", "/tier"});
  for (int i = 0; i < 8; ++i) {
    std::string tier = "gold-" + std::to_string(i);
    HttpResponse r =
        Deliver(listener_, R"({"email":")" + email_ +
                               R"(","plan":"old","tier":")" + tier + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(DataValue(group_, "Plan", user_), tier);
  }
}

TEST_F(DataPathTest, NestingIsLimitedWhileParsing) {
  const std::string who = R"({"email":")" + email_ + R"(",)";
  // 64 levels (the default max_depth): the object and 63 arrays.
  std::string inner = R"({"seats":7})";
  std::string at_limit = who + R"("deep":)" + inner + R"(,"x":)" +
                         std::string(63, '[') + std::string(63, ']') + "}";
  HttpResponse r = Deliver(listener_, at_limit);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(DataValue(group_, "Seats", user_), "7");
  std::string over =
      who + R"("x":)" + std::string(64, '[') + std::string(64, ']') + "}";
  r = Deliver(listener_, over);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorCode(), "too_deep") << r.body;
  // Brackets inside strings are text, however many.
  r = Deliver(listener_, who + R"("plan":")" + std::string(500, '[') + "\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(DataValue(group_, "Plan", user_), std::string(500, '['));
  // A UTF-8 byte order mark before the object is skipped, as before.
  r = Deliver(listener_, "\xEF\xBB\xBF" + who + R"("seats":9,"deep":{}})");
  EXPECT_EQ(r.status, 200) << r.body;
  // Invalid JSON inside the limit is still named as such.
  r = Deliver(listener_, who + R"("deep":[[[1,]]]})");
  EXPECT_EQ(r.ErrorCode(), "invalid_json") << r.body;
}

// What a warm pool keeps per listener (its fields' pointers, compiled into
// one walk of the body) must follow every field change at once: a field
// added (with its type), its pointer moved. (A field's type cannot change
// while a data listener writes its group, nor its label ever.)
TEST_F(DataPathTest, FieldsAddedAndMovedReachAWarmPool) {
  auto deliver = [&](const std::string& rest) {
    HttpResponse r =
        Deliver(listener_, R"({"email":")" + email_ + R"(",)" + rest + "}");
    return r;
  };
  for (int i = 0; i < 8; ++i) {
    ASSERT_EQ(deliver(R"("plan":"warm","later":"1.50")").status, 200);
  }
  Stack& stack = Stack::Get();
  stack.CtlOk({"field", "add", group_, "Later", "--param", "/later", "--type",
               "integer"});
  for (int i = 0; i < 8; ++i) {
    HttpResponse r = deliver(R"("later":1.50)");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_NE(r.ErrorMessage().find(group_ + ".Later (integer at /later)"),
              std::string::npos)
        << r.body;
  }
  EXPECT_EQ(DataValue(group_, "Later", user_), "NULL");
  for (int i = 0; i < 8; ++i) {
    HttpResponse r = deliver(R"("later":)" + std::to_string(i));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(DataValue(group_, "Later", user_), std::to_string(i));
  }
  // Moved next to another field's pointer: both read in one pass, and
  // the old place (now holding what the type refuses) no longer.
  stack.CtlOk({"field", "update", group_, "Later", "--param", "/deep/later"});
  for (int i = 0; i < 8; ++i) {
    std::string n = std::to_string(i);
    HttpResponse r = deliver(R"("later":"top","deep":{"later":10)" + n +
                             R"(,"seats":)" + n + "}");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(DataValue(group_, "Later", user_), "10" + n);
    EXPECT_EQ(DataValue(group_, "Seats", user_), n);
  }
}

// Numbers: a string field stores the sender's digits, zeros included (the
// case that needs a second look at the body); other types their value.
TEST_F(DataPathTest, ZerosKeepTheirDigitsInStringsAndTheirValueElsewhere) {
  for (const auto& [plan, seats] :
       std::vector<std::pair<std::string, std::string>>{
           {"0", "0"}, {"-0", "-0"}, {"0.0", "0"}, {"0e5", "-0"}}) {
    HttpResponse r =
        Deliver(listener_, R"({"email":")" + email_ + R"(","plan":)" + plan +
                               R"(,"deep":{"seats":)" + seats + "}}");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(DataValue(group_, "Plan", user_), plan);
    EXPECT_EQ(DataValue(group_, "Seats", user_), "0") << seats;
  }
}

// A data delivery's statements run again and again on one connection, each
// reusing what its last run bound and fetched into: values of other kinds
// and sizes, NULLs and no rows must come back right.
TEST(DataPathDbTest, AStatementRunAgainReadsFreshResults) {
  Stack& stack = Stack::Get();
  // As root: the listeners' user may not change tables.
  auto root = [](const std::string& sql) {
    CommandResult r = RootSql(sql);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  root(
      "DROP TABLE IF EXISTS reuse_probe; CREATE TABLE reuse_probe (id INT "
      "PRIMARY KEY, t TEXT NULL); INSERT INTO reuse_probe VALUES (0, "
      "REPEAT('a', 300)), (1, 'short'), (2, NULL), (3, REPEAT('b', 65)), "
      "(4, ''), (5, REPEAT('c', 64))");
  const std::vector<std::optional<std::string>> values = {
      std::string(300, 'a'), "short", std::nullopt,
      std::string(65, 'b'),  "",      std::string(64, 'c')};
  auto db = stack.Db();
  const std::string select = "SELECT * FROM reuse_probe WHERE id = ?";
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < values.size(); ++i) {
      QueryResult r;
      ASSERT_TRUE(
          db->Run(select, {SqlParam::Int(static_cast<int64_t>(i))}, &r).ok());
      ASSERT_EQ(r.rows.size(), 1u);
      ASSERT_EQ(r.rows[0].size(), 2u);
      EXPECT_EQ(r.rows[0].IsNull(1), !values[i].has_value()) << i;
      if (values[i]) {
        EXPECT_EQ(r.rows[0].Text(1), *values[i]) << i;
      }
    }
  }
  QueryResult none;
  ASSERT_TRUE(db->Run(select, {SqlParam::Int(99)}, &none).ok());
  EXPECT_TRUE(none.rows.empty());
  // One statement bound to values of every kind in turn.
  const std::string echo = "SELECT ?, ? IS NULL";
  for (const SqlParam& p :
       {SqlParam::Text(std::string(200, 'x')), SqlParam::Int(-5),
        SqlParam::Null(), SqlParam::Text("y"), SqlParam::Blob("z\n"),
        SqlParam::Double(2.5)}) {
    QueryResult r;
    ASSERT_TRUE(db->Run(echo, {p, p}, &r).ok());
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0].Int(1), p.kind == SqlParam::Kind::kNull ? 1 : 0);
    switch (p.kind) {
      case SqlParam::Kind::kInt:
        EXPECT_EQ(r.rows[0].Int(0), p.i);
        break;
      case SqlParam::Kind::kDouble:
        EXPECT_EQ(r.rows[0].Double(0), p.d);
        break;
      case SqlParam::Kind::kNull:
        EXPECT_TRUE(r.rows[0].IsNull(0));
        break;
      default:
        EXPECT_EQ(r.rows[0].Text(0), p.s);
    }
  }
  QueryResult r;
  // A wrong number of values is still refused before anything runs.
  Status s = db->Run(select, {}, &r);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("wants 1 values, got 0"), std::string::npos)
      << s.message();
  db->Rollback();
  db.reset();
  root("DROP TABLE reuse_probe");
}

// A table whose shape changes under a cached statement (a migration while
// the pools run): Connector/C refuses that statement's next run (2057) with
// its result still on the wire, so the session is unusable. The caller gets
// "unavailable", not an internal error (a delivery is then run again on a
// new session, as after a lost connection), and that session reads the new
// shape.
TEST(DataPathDbTest, AStatementWhoseTableChangedShapeAsksToRetry) {
  Stack& stack = Stack::Get();
  // As root: the listeners' user may not change tables.
  auto root = [](const std::string& sql) {
    CommandResult r = RootSql(sql);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  root(
      "DROP TABLE IF EXISTS shape_probe; CREATE TABLE shape_probe (id INT "
      "PRIMARY KEY); INSERT INTO shape_probe VALUES (1)");
  const std::string select = "SELECT * FROM shape_probe";
  auto db = stack.Db();
  QueryResult r;
  ASSERT_TRUE(db->Run(select, {}, &r).ok());
  ASSERT_EQ(r.rows.size(), 1u);
  ASSERT_EQ(r.rows[0].size(), 1u);
  db->Rollback();
  root("ALTER TABLE shape_probe ADD COLUMN note TEXT NULL");
  Status s = db->Run(select, {}, &r);
  if (!s.ok()) {
    EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
    EXPECT_FALSE(db->Run("SELECT 1", {}, nullptr).ok()) << "session reused";
  } else {
    EXPECT_EQ(r.rows.at(0).size(), 2u);  // a client that re-read the shape
  }
  db.reset();
  auto fresh = stack.Db();
  ASSERT_TRUE(fresh->Run(select, {}, &r).ok());
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].size(), 2u);
  fresh->Rollback();
  fresh.reset();
  root("DROP TABLE shape_probe");
}

// The delivery log's indexes: each one a delivery pays for, and what reads
// it (see sql/015 and bench/README.md). A migration that drops or adds one
// must change this list on purpose.
TEST(EventsIndexTest, TheLogKeepsTheIndexesItsReadersUse) {
  std::vector<std::string> indexes = TableIndexes("events");
  EXPECT_EQ(indexes, (std::vector<std::string>{
                         "PRIMARY(id)",
                         "ix_events_listener(listener_id,id)",
                         "ix_events_listener_received(listener_id,received_at)",
                         "ix_events_received(received_at)",
                         "ix_events_status(http_status,id)",
                         "uq_events_dedup(listener_id,dedup_key)",
                     }));
}

// With enough rows for the optimizer to choose, `events list` (newest
// first, by listener, by status, by listener over a time range), the retention
// purge and the duplicate lookup read an index range instead of every stored
// body.
TEST(EventsIndexTest, ListRetentionAndDedupReadAnIndex) {
  const std::vector<PlanCase> cases = {
      {"SELECT e.id FROM events_probe e WHERE TRUE ORDER BY e.id DESC "
       "LIMIT 50",
       "PRIMARY"},
      {"SELECT e.id, e.outcomes FROM events_probe e WHERE TRUE AND "
       "e.listener_id = 3 ORDER BY e.id DESC LIMIT 50",
       "ix_events_listener"},
      {"SELECT e.id, e.outcomes FROM events_probe e WHERE TRUE AND "
       "e.http_status = 500 ORDER BY e.id DESC LIMIT 50",
       "ix_events_status"},
      // One listener over an old time range: not a walk from its newest.
      {"SELECT e.id, e.outcomes FROM events_probe e WHERE TRUE AND "
       "e.listener_id = 3 AND e.received_at >= NOW(6) - INTERVAL 4000 MINUTE "
       "AND e.received_at < NOW(6) - INTERVAL 3900 MINUTE ORDER BY e.id DESC "
       "LIMIT 50",
       "ix_events_listener_received"},
      {"SELECT id FROM events_probe WHERE received_at < NOW(6) - INTERVAL "
       "3 DAY ORDER BY received_at LIMIT 500",
       "ix_events_received"},
      {"SELECT id, outcomes FROM events_probe WHERE listener_id = 3 AND "
       "dedup_key = UNHEX(SHA2(2, 256))",
       "uq_events_dedup"},
  };
  // A copy of the log's table as the migrations left it, with enough rows
  // (bodies included) for the optimizer to choose; as root, since the
  // listeners' user may not create tables.
  ExpectPlans(
      "CREATE TEMPORARY TABLE events_probe LIKE events; "
      "INSERT INTO events_probe (listener_id, received_at, http_status, "
      "dedup_key, body) SELECT seq % 20 + 1, NOW(6) - INTERVAL seq MINUTE, "
      "IF(seq % 50 = 0, 500, 200), UNHEX(SHA2(seq, 256)), REPEAT('x', 2000) "
      "FROM seq_1_to_5000; ANALYZE TABLE events_probe; ",
      cases);
}

}  // namespace
}  // namespace earshot::test
