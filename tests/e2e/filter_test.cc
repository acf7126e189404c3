// Filters end to end: one delivery names several targets and only those
// matching the listener's filter are applied, in the query that finds them.

#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

void Sql(const std::string& sql, const std::vector<SqlParam>& params) {
  auto db = Stack::Get().Db();
  Status s = db->Run(sql, params, nullptr);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(db->Commit().ok());
}

// A fingerprint of every table a hostile filter might try to touch.
std::string Fingerprint() {
  return Stack::Get().Value(
      "SELECT CONCAT_WS('/', (SELECT COUNT(*) FROM users), "
      "(SELECT SUM(CRC32(CONCAT_WS(',', id, email, name, status, role, score))) "
      "FROM users), (SELECT COUNT(*) FROM feedback), "
      "(SELECT COUNT(*) FROM listeners), (SELECT COUNT(*) FROM api_keys), "
      "(SELECT COUNT(*) FROM participations))");
}

class FilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    usage_ = CreateGroup("users", {{"Sessions", "/sessions", "integer"},
                                   {"Plan", "/plan", "string"}});
    target_ = CreateGroup("users", {{"Hit", "/hit", "integer"}});
    // Five users: only the first matches all three conditions.
    struct U {
      const char* status;
      int score;
      int sessions;
    };
    const U users[] = {{"active", 10, 4}, {"active", 9, 4}, {"disabled", 50, 9},
                       {"active", 20, 3}, {"active", 30, -1}};
    std::string body = R"({"email":[)";
    for (size_t i = 0; i < 5; ++i) {
      emails_.push_back(UniqueEmail("f"));
      ids_.push_back(CreateUser(emails_.back()));
      Sql("UPDATE users SET status = ?, score = ? WHERE id = ?",
          {SqlParam::Text(users[i].status), SqlParam::Int(users[i].score),
           SqlParam::Int(ids_.back())});
      body += (i ? "," : "") + std::string("\"") + emails_.back() + "\"";
    }
    body += "]}";
    ListenerFixture seed = CreateListener(
        "data", "users", {"--group", usage_, "--identify", "email=/email"});
    for (size_t i = 0; i < 5; ++i) {
      if (users[i].sessions < 0) continue;  // no value at all
      ASSERT_EQ(Deliver(seed, R"({"email":")" + emails_[i] +
                                  R"(","sessions":)" +
                                  std::to_string(users[i].sessions) +
                                  R"(,"plan":"pro-)" + std::to_string(i) + "\"}")
                    .status,
                200);
    }
    everyone_ = R"({"email":[)";
    for (size_t i = 0; i < 5; ++i) {
      everyone_ += (i ? "," : "") + std::string("\"") + emails_[i] + "\"";
    }
    everyone_ += R"(],"hit":1})";
  }

  // Creates a listener writing Hit with `filter`, delivers to all five,
  // returns which of them were hit ("10000" = only the first).
  std::string Hits(const std::string& filter,
                   const std::vector<std::string>& extra = {}) {
    std::vector<std::string> options = {"--group", target_, "--identify",
                                        "email=/email", "--filter", filter};
    options.insert(options.end(), extra.begin(), extra.end());
    ListenerFixture l = CreateListener("data", "users", options);
    Sql("DELETE FROM data_values WHERE field_id = (SELECT f.id FROM "
        "data_fields f JOIN data_groups g ON g.id = f.group_id WHERE g.name = ?)",
        {SqlParam::Text(target_)});
    HttpResponse r = Deliver(l, everyone_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::string hits;
    for (int64_t id : ids_) hits += DataValue(target_, "Hit", id) == "1" ? "1" : "0";
    // The answer says the same.
    std::string answered;
    for (int64_t id : ids_) {
      bool applied = false;
      for (const std::string& o : r.Outcomes()) {
        applied = applied || o == std::to_string(id) + ":applied";
      }
      answered += applied ? "1" : "0";
    }
    EXPECT_EQ(answered, hits) << r.body;
    return hits;
  }

  std::string usage_, target_, everyone_;
  std::vector<std::string> emails_;
  std::vector<int64_t> ids_;
};

TEST_F(FilterTest, TheIssueExampleChangesExactlyTheMatchingUsers) {
  std::string f = "status = \"active\" and score >= 10 and data." + usage_ +
                  ".Sessions > 3";
  EXPECT_EQ(Hits(f), "10000");
}

TEST_F(FilterTest, OperatorsNullsAndPrecedence) {
  const std::string s = "data." + usage_ + ".Sessions";
  EXPECT_EQ(Hits(s + " is null"), "00001");
  EXPECT_EQ(Hits(s + " is not null"), "11110");
  EXPECT_EQ(Hits("not (" + s + " = 4)"), "00111") << "missing counts as false";
  EXPECT_EQ(Hits("score in (9, 30)"), "01001");
  EXPECT_EQ(Hits("status != \"active\" or score < 10 and score > 5"), "01100");
  EXPECT_EQ(Hits("(status != \"active\" or score < 10) and score > 5"), "01100");
  EXPECT_EQ(Hits("data." + usage_ + ".Plan contains \"-3\""), "00010");
  EXPECT_EQ(Hits("email = \"" + emails_[2] + "\""), "00100");
  EXPECT_EQ(Hits("created > \"2000-01-01\" AND NOT role = \"admin\""), "11111");
}

TEST_F(FilterTest, ProjectMembershipAndProjectLevelStatus) {
  int64_t project = CreateProject();
  Sql("INSERT INTO participations (project_id, user_id, status, score) "
      "VALUES (?, ?, 'active', 1), (?, ?, 'paused', 99)",
      {SqlParam::Int(project), SqlParam::Int(ids_[1]), SqlParam::Int(project),
       SqlParam::Int(ids_[3])});
  EXPECT_EQ(Hits("project = " + std::to_string(project)), "01010");
  EXPECT_EQ(Hits("project != " + std::to_string(project)), "10101");
  // Under a project scope, status and score are the project-level ones, and
  // only participants are reached at all.
  EXPECT_EQ(Hits("status = \"paused\" and score > 50",
                 {"--scope", "project:" + std::to_string(project)}),
            "00010");
}

TEST_F(FilterTest, InvalidFiltersAreRefusedWithAPositionAndChangeNothing) {
  std::string before = Fingerprint();
  struct Case {
    std::string filter, message;
  };
  for (const Case& c : std::vector<Case>{
           {"status = \"active\" and score >=", "filter: column 31: "},
           {"scor > 1", "filter: column 1: "},
           {"score = \"ten\"", "filter: column 9: "},
           {"data.Nope.Nothing > 1", "filter: column 1: "},
           {"status = 'active'", "filter: column 10: "},
           {"(score > 1", "filter: column 11: "},
       }) {
    std::string key = Unique("bad");
    std::string name = Unique("key");
    CreateApiKey(name);
    CommandResult r = Stack::Get().Ctl(
        {"listener", "create", key, "--type", "data", "--target", "users",
         "--api-key", name, "--group", target_, "--filter", c.filter});
    EXPECT_EQ(r.exit_code, 2) << c.filter;
    EXPECT_EQ(r.err.substr(0, 12 + c.message.size()),
              "earshotctl: " + c.message)
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM listeners WHERE "
                                 "listener_key = ?",
                                 {SqlParam::Text(key)}),
              0);
  }
  // (API keys were created on purpose above; nothing else changed.)
  std::string after = Fingerprint();
  EXPECT_EQ(before.substr(0, before.find('/', before.find('/') + 1)),
            after.substr(0, after.find('/', after.find('/') + 1)));
}

TEST_F(FilterTest, ShowPrintsTheNormalisedFilter) {
  ListenerFixture l = CreateListener(
      "data", "users",
      {"--group", target_, "--filter",
       "(status=\"active\")AND  score>=10 Or NOT(role IN(\"admin\",\"manager\"))"});
  CommandResult show = Stack::Get().CtlOk({"listener", "show", l.key});
  ASSERT_TRUE(show.json.IsObject()) << show.out;
  EXPECT_EQ(std::string(show.json["filter"].GetString()),
            "status = \"active\" and score >= 10 or not role in (\"admin\", "
            "\"manager\")");
}

TEST_F(FilterTest, HostileFilterTextChangesNoOtherRow) {
  std::string before = Fingerprint();
  const std::vector<std::string> hostile = {
      "name = \"x'; DROP TABLE users; --\"",
      "name = \"\\\" or 1=1 or \\\"\"",
      "email contains \"%' OR '1'='1\"",
      "status in (\"a`b\", \"c/*d*/\", \"e;f\", \"g\\\\\")",
      "name = \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
      "data." + usage_ + ".Plan = \"'); UPDATE users SET score = 0; --\"",
  };
  for (const std::string& f : hostile) {
    EXPECT_EQ(Hits(f), "00000") << f;
  }
  // Only the listeners, keys and Hit values written by Hits() changed.
  std::string after = Fingerprint();
  EXPECT_EQ(before.substr(0, before.find('/', before.find('/') + 1)),
            after.substr(0, after.find('/', after.find('/') + 1)))
      << "users were changed";
}

}  // namespace
}  // namespace earshot::test
