// earshotctl user list, feedback list and data report (issue 14) against
// the real stack: every value is set by a real delivery through nginx to a
// data listener, then listed, filtered and reported, and the numbers are
// checked against what was sent (integers 1..20: median and p90 exact by
// nearest rank).

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

constexpr int kUsers = 20;
constexpr int kInProject = 5;
const char* const kHostilePlan =
    "=HYPERLINK(\"http://evil.example/?a=1\",\"Zo\xc3\xab, click\")\nline2";
const char* const kHostileName = "@SUM(1+1)";

std::string Day(int i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "2026-11-%02dT10:00:00Z", i);
  return buf;
}

class ReportsCtlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    project_ = CreateProject();
    group_ = CreateGroup("users", {{"Sessions", "/sessions", "integer"},
                                   {"Beta", "/beta", "boolean"},
                                   {"Seen", "/seen", "datetime"},
                                   {"Plan", "/plan", "string"}});
    ListenerFixture listener =
        CreateListener("data", "users", {"--group", group_});
    for (int i = 1; i <= kUsers; ++i) {
      const std::string email = UniqueEmail("rep");
      std::vector<int64_t> projects;
      if (i <= kInProject) projects.push_back(project_);
      ids_.push_back(CreateUser(email, "member", projects));
      std::string body = R"({"email":")" + email + R"(","sessions":)" +
                         std::to_string(i) + R"(,"seen":")" + Day(i) +
                         R"(","plan":"p)" + std::to_string(i % 3) + "\"";
      if (i <= 16)
        body += std::string(",\"beta\":") + (i % 4 == 0 ? "true" : "false");
      HttpResponse r = Deliver(listener, body + "}");
      ASSERT_EQ(r.status, 200) << r.body;
    }
    // A second value for a few: still one target each per day.
    for (int i = 1; i <= 3; ++i) {
      const std::string email = Stack::Get().Value(
          "SELECT email FROM users WHERE id = ?", {SqlParam::Int(ids_[i - 1])});
      HttpResponse r =
          Deliver(listener, R"({"email":")" + email + R"(","sessions":)" +
                                std::to_string(i) + "}");
      ASSERT_EQ(r.status, 200) << r.body;
    }
    // One more user given only a plan, and a hostile one.
    hostile_email_ = UniqueEmail("hostile");
    hostile_ =
        IdOfCtl({"user", "create", hostile_email_, "--name", kHostileName});
    rapidjson::StringBuffer plan;
    rapidjson::Writer<rapidjson::StringBuffer> w(plan);
    w.String(kHostilePlan);
    HttpResponse r =
        Deliver(listener, R"({"email":")" + hostile_email_ + R"(","plan":)" +
                              plan.GetString() + "}");
    ASSERT_EQ(r.status, 200) << r.body;
    today_ = Stack::Get().Value("SELECT DATE(UTC_TIMESTAMP())");
  }

  static int64_t IdOfCtl(const std::vector<std::string>& args) {
    CommandResult r = Stack::Get().CtlOk(args);
    EXPECT_TRUE(r.json.IsObject() && r.json.HasMember("id")) << r.out;
    return r.json.IsObject() && r.json.HasMember("id") ? r.json["id"].GetInt64()
                                                       : 0;
  }

  std::string F(const char* label) const { return group_ + "." + label; }
  std::string Has(const char* label) const {
    return "data." + F(label) + " is not null";
  }

  // earshotctl without --json.
  CommandResult Plain(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {Stack::Get().bin() + "/earshotctl",
                                     "--config", Stack::Get().config_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    return Stack::Get().Run(argv, {}, "");
  }

  static int64_t project_, hostile_;
  static std::string group_, hostile_email_, today_;
  static std::vector<int64_t> ids_;
};

int64_t ReportsCtlTest::project_ = 0;
int64_t ReportsCtlTest::hostile_ = 0;
std::string ReportsCtlTest::group_;
std::string ReportsCtlTest::hostile_email_;
std::string ReportsCtlTest::today_;
std::vector<int64_t> ReportsCtlTest::ids_;

std::vector<int64_t> Column(const rapidjson::Value& rows, const char* key) {
  std::vector<int64_t> out;
  if (!rows.IsArray()) return out;
  for (const rapidjson::Value& row : rows.GetArray()) {
    out.push_back(row[key].IsInt64() ? row[key].GetInt64() : -1);
  }
  return out;
}

TEST_F(ReportsCtlTest, UserListFiltersOnDataSortsAndPages) {
  CommandResult r = Stack::Get().CtlOk(
      {"user", "list", "--filter",
       Has("Sessions") + " and data." + F("Sessions") + " > 4", "--fields",
       F("Sessions") + "," + F("Beta") + "," + F("Seen"), "--sort",
       F("Sessions"), "--desc", "--limit", "5", "--offset", "2", "--tz",
       "+01:00"});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["total"].GetInt64(), kUsers - 4);
  const rapidjson::Value& rows = r.json["rows"];
  EXPECT_EQ(Column(rows, F("Sessions").c_str()),
            (std::vector<int64_t>{18, 17, 16, 15, 14}));
  ASSERT_EQ(rows.Size(), 5u);
  // 18: beta never sent (null); 16: true; datetime in the zone asked for.
  EXPECT_TRUE(rows[0][F("Beta").c_str()].IsNull());
  EXPECT_TRUE(rows[2][F("Beta").c_str()].GetBool());
  EXPECT_EQ(std::string(rows[0][F("Seen").c_str()].GetString()),
            "2026-11-18T11:00:00+01:00");
  EXPECT_EQ(rows[0]["id"].GetInt64(), ids_[17]);
}

TEST_F(ReportsCtlTest, TableShowsYesNoAndEmptyWhenNeverSet) {
  CommandResult r = Plain({"user", "list", "--filter",
                           "data." + F("Sessions") + " in (16, 17)", "--fields",
                           F("Beta"), "--sort", "id"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("yes\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1-2 of 2"), std::string::npos) << r.out;
  // 17's beta was never sent: an empty cell, not "no".
  EXPECT_EQ(r.out.find(" no\n"), std::string::npos) << r.out;
}

TEST_F(ReportsCtlTest, IntegerReportIsExact) {
  CommandResult r =
      Stack::Get().CtlOk({"data", "report", "--changes", F("Sessions"),
                          "--filter", Has("Sessions")});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  const rapidjson::Value& j = r.json;
  EXPECT_EQ(std::string(j["type"].GetString()), "integer");
  EXPECT_EQ(j["targets"].GetInt64(), kUsers);
  EXPECT_EQ(j["count"].GetInt64(), kUsers);
  EXPECT_EQ(j["min"].GetInt64(), 1);
  EXPECT_EQ(j["max"].GetInt64(), 20);
  EXPECT_EQ(j["sum"].GetInt64(), 210);
  EXPECT_DOUBLE_EQ(j["mean"].GetDouble(), 10.5);
  EXPECT_EQ(j["median"].GetInt64(), 10);  // rank ceil(0.5 * 20) = 10
  EXPECT_EQ(j["p90"].GetInt64(), 18);     // rank ceil(0.9 * 20) = 18
  ASSERT_EQ(j["histogram"].Size(), 10u);
  for (const rapidjson::Value& bin : j["histogram"].GetArray()) {
    EXPECT_EQ(bin["high"].GetInt64() - bin["low"].GetInt64(), 1);
    EXPECT_EQ(bin["count"].GetInt64(), 2);
  }
  // Everyone got a value today; three twice, counted once.
  ASSERT_EQ(j["changed_per_day"].Size(), 1u) << r.out;
  EXPECT_EQ(std::string(j["changed_per_day"][0]["day"].GetString()), today_);
  EXPECT_EQ(j["changed_per_day"][0]["count"].GetInt64(), kUsers);

  // Narrowed: 11..20.
  r = Stack::Get().CtlOk({"data", "report", "--changes", F("Sessions"),
                          "--filter", "data." + F("Sessions") + " > 10"});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["count"].GetInt64(), 10);
  EXPECT_EQ(r.json["median"].GetInt64(), 15);
  EXPECT_EQ(r.json["p90"].GetInt64(), 19);
  EXPECT_EQ(r.json["changed_per_day"][0]["count"].GetInt64(), 10);
}

TEST_F(ReportsCtlTest, BooleanDatetimeAndStringReports) {
  CommandResult r = Stack::Get().CtlOk(
      {"data", "report", "--changes", F("Beta"), "--filter", Has("Sessions")});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["true"].GetInt64(), 4);
  EXPECT_EQ(r.json["false"].GetInt64(), 12);
  EXPECT_EQ(r.json["unset"].GetInt64(), 4);
  EXPECT_DOUBLE_EQ(r.json["true_share"].GetDouble(), 0.2);
  EXPECT_DOUBLE_EQ(r.json["false_share"].GetDouble(), 0.6);
  EXPECT_DOUBLE_EQ(r.json["unset_share"].GetDouble(), 0.2);
  // Only deliveries that carried /beta count as giving it a value.
  EXPECT_EQ(r.json["changed_per_day"][0]["count"].GetInt64(), 16);

  r = Stack::Get().CtlOk(
      {"data", "report", "--changes", F("Seen"), "--filter", Has("Sessions")});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(std::string(r.json["first"].GetString()), "2026-11-01T10:00:00Z");
  EXPECT_EQ(std::string(r.json["last"].GetString()), "2026-11-20T10:00:00Z");
  const rapidjson::Value& days = r.json["per_day"];
  ASSERT_EQ(days.Size(), 20u) << r.out;
  EXPECT_EQ(std::string(days[0]["day"].GetString()), "2026-11-01");
  EXPECT_EQ(days[19]["count"].GetInt64(), 1);
  // 2026-11-01 is a Sunday: its week starts on Monday 26 October.
  const rapidjson::Value& weeks = r.json["per_week"];
  ASSERT_EQ(weeks.Size(), 4u) << r.out;
  EXPECT_EQ(std::string(weeks[0]["week"].GetString()), "2026-10-26");
  EXPECT_EQ(weeks[0]["count"].GetInt64(), 1);
  EXPECT_EQ(weeks[1]["count"].GetInt64(), 7);

  r = Stack::Get().CtlOk(
      {"data", "report", "--changes", F("Plan"), "--filter", Has("Plan")});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["targets"].GetInt64(), kUsers + 1);
  EXPECT_EQ(r.json["distinct"].GetInt64(), 4);
  const rapidjson::Value& top = r.json["top"];
  ASSERT_EQ(top.Size(), 4u);
  EXPECT_EQ(std::string(top[0]["value"].GetString()), "p1");  // 1,4,..,19
  EXPECT_EQ(top[0]["count"].GetInt64(), 7);
  EXPECT_EQ(std::string(top[1]["value"].GetString()), "p2");
  EXPECT_EQ(std::string(top[2]["value"].GetString()), "p0");
  EXPECT_EQ(top[2]["count"].GetInt64(), 6);
  EXPECT_EQ(std::string(top[3]["value"].GetString()), kHostilePlan);
  EXPECT_EQ(r.json["changed_per_day"][0]["count"].GetInt64(), kUsers + 1);
}

TEST_F(ReportsCtlTest, CsvIsRfc4180AndFormulaSafe) {
  CommandResult r = Plain({"user", "list", "--csv", "--filter",
                           "id = " + std::to_string(hostile_), "--fields",
                           F("Plan") + "," + F("Sessions")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string header = "id,email,name,status,role,score,created," +
                             F("Plan") + "," + F("Sessions") + "\r\n";
  ASSERT_EQ(r.out.substr(0, header.size()), header) << r.out;
  const std::string row = r.out.substr(header.size());
  EXPECT_EQ(row.substr(0, std::to_string(hostile_).size() + 1),
            std::to_string(hostile_) + ",");
  EXPECT_NE(row.find("," + hostile_email_ + ",'@SUM(1+1),active,member,0,"),
            std::string::npos)
      << row;
  // Quoted (comma, quotes, newline), quotes doubled, prefixed with ',
  // UTF-8 as it was; the never-set integer is an empty cell.
  EXPECT_NE(
      row.find(",\"'=HYPERLINK(\"\"http://evil.example/?a=1\"\",\"\"Zo\xc3\xab"
               ", click\"\")\nline2\",\r\n"),
      std::string::npos)
      << row;
}

TEST_F(ReportsCtlTest, ProjectListsOnlyItsParticipants) {
  CommandResult r = Stack::Get().CtlOk(
      {"user", "list", "--project", std::to_string(project_), "--filter",
       Has("Sessions"), "--fields", F("Sessions"), "--sort", "id"});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["total"].GetInt64(), kInProject);
  EXPECT_EQ(Column(r.json["rows"], "id"),
            std::vector<int64_t>(ids_.begin(), ids_.begin() + kInProject));

  r = Stack::Get().CtlOk({"data", "report", "--changes", F("Sessions"),
                          "--project", std::to_string(project_)});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["targets"].GetInt64(), kInProject);
  EXPECT_EQ(r.json["sum"].GetInt64(), 15);
  EXPECT_EQ(r.json["median"].GetInt64(), 3);
  EXPECT_EQ(r.json["p90"].GetInt64(), 5);
  EXPECT_EQ(r.json["changed_per_day"][0]["count"].GetInt64(), kInProject);

  CommandResult missing =
      Stack::Get().Ctl({"user", "list", "--project", "999999"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no project 999999"), std::string::npos)
      << missing.err;
}

TEST_F(ReportsCtlTest, FeedbackListSortsByTicketData) {
  const std::string manager = UniqueEmail("pm");
  CreateUser(manager, "manager", {project_});
  std::vector<int64_t> tickets;
  for (int i = 0; i < 3; ++i) {
    tickets.push_back(
        CreateFeedback(project_, manager, "Ticket " + std::to_string(i)));
  }
  const std::string fb =
      CreateGroup("feedback", {{"Severity", "/sev", "integer"}});
  ListenerFixture l = CreateListener(
      "data", "feedback",
      {"--group", fb, "--scope", "project:" + std::to_string(project_)});
  const int severities[] = {2, 9, 5};
  for (int i = 0; i < 3; ++i) {
    HttpResponse h =
        Deliver(l, R"({"feedback_id":)" + std::to_string(tickets[i]) +
                       R"(,"sev":)" + std::to_string(severities[i]) + "}");
    ASSERT_EQ(h.status, 200) << h.body;
  }
  CommandResult r = Stack::Get().CtlOk(
      {"feedback", "list", "--project", std::to_string(project_), "--filter",
       "data." + fb + ".Severity >= 5", "--fields", fb + ".Severity", "--sort",
       fb + ".Severity"});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["total"].GetInt64(), 2);
  EXPECT_EQ(Column(r.json["rows"], "id"),
            (std::vector<int64_t>{tickets[2], tickets[1]}));
  EXPECT_EQ(std::string(r.json["rows"][0]["author"].GetString()), manager);

  CommandResult no_project = Stack::Get().Ctl({"feedback", "list"});
  EXPECT_EQ(no_project.exit_code, 2);
  EXPECT_NE(no_project.err.find("--project"), std::string::npos);
}

TEST_F(ReportsCtlTest, IntegerExtremesStayExact) {
  const std::string g = CreateGroup("users", {{"Big", "/big", "integer"}});
  ListenerFixture l = CreateListener("data", "users", {"--group", g});
  const std::string values[] = {"-9223372036854775808", "9223372036854775807",
                                "9223372036854775807"};
  for (const std::string& v : values) {
    const std::string email = UniqueEmail("big");
    CreateUser(email);
    HttpResponse h =
        Deliver(l, R"({"email":")" + email + R"(","big":")" + v + "\"}");
    ASSERT_EQ(h.status, 200) << h.body;
  }
  CommandResult r = Stack::Get().CtlOk({"data", "report", g + ".Big"});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["min"].GetInt64(), INT64_MIN);
  EXPECT_EQ(r.json["max"].GetInt64(), INT64_MAX);
  EXPECT_EQ(r.json["median"].GetInt64(), INT64_MAX);  // rank 2 of 3
  const rapidjson::Value& bins = r.json["histogram"];
  ASSERT_EQ(bins.Size(), 10u) << r.out;
  EXPECT_EQ(bins[0]["count"].GetInt64(), 1);
  EXPECT_EQ(bins[9]["count"].GetInt64(), 2);
  EXPECT_EQ(bins[9]["high"].GetInt64(), INT64_MAX);
}

TEST_F(ReportsCtlTest, BadFilterIsExit2WithTheColumn) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"user", "list", "--filter",
                                 "data." + F("Sessions") + " >> 5"},
        std::vector<std::string>{"data", "report", "--changes", F("Sessions"),
                                 "--filter",
                                 "data." + F("Sessions") + " >> 5"}}) {
    CommandResult r = Stack::Get().Ctl(args);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.err.find("--filter: column "), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  CommandResult r =
      Stack::Get().Ctl({"user", "list", "--filter", "data.Nope.Nothing = 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown data field"), std::string::npos) << r.err;
  r = Stack::Get().Ctl({"data", "report", "Nope.Nothing"});
  EXPECT_EQ(r.exit_code, 2);
  r = Stack::Get().Ctl({"user", "list", "--sort", "password"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot sort by"), std::string::npos) << r.err;
}

// The corners of data comparisons as EXISTS (the compiler's semi-join
// form): a missing value fails a comparison and `not` is plain negation,
// and a value of another field with the same number never matches.
TEST_F(ReportsCtlTest, DataComparisonCornersAsExists) {
  auto total = [&](const std::string& filter) {
    CommandResult r = Stack::Get().CtlOk({"user", "list", "--filter", filter});
    EXPECT_TRUE(r.json.IsObject() && r.json.HasMember("total")) << r.out;
    return r.json.IsObject() && r.json.HasMember("total")
               ? r.json["total"].GetInt64()
               : -1;
  };
  const std::string plan = "data." + F("Plan") + " is not null";
  // Sessions 5, and the hostile user who holds a plan but no sessions.
  EXPECT_EQ(total(plan + " and not data." + F("Sessions") + " != 5"), 2);
  EXPECT_EQ(total(plan + " and data." + F("Sessions") + " != 5"), kUsers - 1);
  // Beta holds 1 (true) for 4, 8, 12, 16: only Sessions' own 1 counts.
  EXPECT_EQ(total(plan + " and data." + F("Sessions") + " = 1"), 1);
  EXPECT_EQ(total(plan + " and data." + F("Sessions") + " in (1, 4)"), 2);
  // Beta never sent for 17..20 and the hostile one: not = true holds.
  EXPECT_EQ(total(plan + " and not data." + F("Beta") + " = true"),
            kUsers + 1 - 4);
  EXPECT_EQ(total(plan + " and data." + F("Beta") + " = false"), 12);
  EXPECT_EQ(total(plan + " and not data." + F("Plan") + " contains \"p1\""),
            kUsers + 1 - 7);
  // The report over the same set agrees with the list.
  CommandResult r =
      Stack::Get().CtlOk({"data", "report", F("Sessions"), "--filter",
                          plan + " and not data." + F("Beta") + " = true"});
  ASSERT_TRUE(r.json.IsObject()) << r.out;
  EXPECT_EQ(r.json["targets"].GetInt64(), kUsers + 1 - 4);
  EXPECT_EQ(r.json["set"].GetInt64(), kUsers - 4);
}

// The string report groups values of up to 255 characters as VARCHAR and
// longer ones apart: neither kind is cut, merged with the other or split,
// and case still tells values apart.
TEST(ReportsStringTest, LongValuesAndCaseStayApart) {
  const std::string group = CreateGroup("users", {{"Note", "/note", "string"}});
  ListenerFixture listener =
      CreateListener("data", "users", {"--group", group});
  const std::string at255(255, 'x');
  const std::string at256 = at255 + "y";
  const std::string long_a = at255 + std::string(300, 'a');
  const std::string long_b = at255 + std::string(300, 'b');
  const std::vector<std::string> notes = {at255,  at255,  at256, long_a, long_a,
                                          long_a, long_b, "Ab",  "ab",   "ab"};
  std::string emails;
  for (const std::string& note : notes) {
    const std::string email = UniqueEmail("note");
    CreateUser(email);
    HttpResponse r = Deliver(
        listener, R"({"email":")" + email + R"(","note":")" + note + "\"}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  CommandResult r = Stack::Get().CtlOk({"data", "report", group + ".Note"});
  ASSERT_TRUE(r.json.IsObject()) << r.out << r.err;
  EXPECT_EQ(r.json["distinct"].GetInt64(), 6) << r.out;
  const rapidjson::Value& top = r.json["top"];
  ASSERT_EQ(top.Size(), 6u) << r.out;
  EXPECT_EQ(std::string(top[0]["value"].GetString()), long_a);
  EXPECT_EQ(top[0]["count"].GetInt64(), 3);
  // Ties in the column's binary order: "ab" < "x..." but "Ab" first.
  EXPECT_EQ(std::string(top[1]["value"].GetString()), "ab");
  EXPECT_EQ(std::string(top[2]["value"].GetString()), at255);
  EXPECT_EQ(top[2]["count"].GetInt64(), 2);
  EXPECT_EQ(std::string(top[3]["value"].GetString()), "Ab");
  EXPECT_EQ(std::string(top[4]["value"].GetString()), long_b);
  EXPECT_EQ(std::string(top[5]["value"].GetString()), at256);
  EXPECT_EQ(top[5]["count"].GetInt64(), 1);
}

// Over 5,000 distinct values the integer report takes the ordered walks
// (the whole field) and the window pass (a filtered set) instead of
// counting each value: both give the same exact figures.
TEST(ReportsIntegerTest, ManyDistinctValuesStayExact) {
  constexpr int kValues = 6000;
  const std::string group = CreateGroup("users", {{"Big", "/big", "integer"}});
  const std::string tag = UniqueIdent("big");
  std::unique_ptr<Connection> db = Stack::Get().Db();
  QueryResult r;
  ASSERT_TRUE(db->Run("INSERT INTO users (email, name) SELECT CONCAT(?, seq, "
                      "'@big.example'), 'Big' FROM seq_1_to_6000",
                      {SqlParam::Text(tag)}, &r)
                  .ok());
  Status s = db->Run(
      "INSERT INTO data_values (field_id, target_id, value_int, value_text) "
      "SELECT f.id, u.id, CAST(SUBSTRING_INDEX(SUBSTRING(u.email, ?), '@', 1) "
      "AS SIGNED) * 3, 'x' FROM users u, data_fields f JOIN data_groups g ON "
      "g.id = f.group_id WHERE g.name = ? AND u.email LIKE CONCAT(?, '%')",
      {SqlParam::Int(static_cast<int64_t>(tag.size()) + 1),
       SqlParam::Text(group), SqlParam::Text(tag)},
      &r);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(db->Run("COMMIT", &r).ok());
  ASSERT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM data_values v JOIN "
                               "data_fields f ON f.id = v.field_id JOIN "
                               "data_groups g ON g.id = f.group_id WHERE "
                               "g.name = ?",
                               {SqlParam::Text(group)}),
            kValues);
  for (const std::string& filter :
       {std::string(), "data." + group + ".Big > 0"}) {
    std::vector<std::string> args = {"data", "report", group + ".Big"};
    if (!filter.empty()) {
      args.push_back("--filter");
      args.push_back(filter);
    }
    CommandResult c = Stack::Get().CtlOk(args);
    ASSERT_TRUE(c.json.IsObject()) << c.out << c.err;
    EXPECT_EQ(c.json["count"].GetInt64(), kValues) << filter;
    EXPECT_EQ(c.json["min"].GetInt64(), 3);
    EXPECT_EQ(c.json["max"].GetInt64(), 3 * kValues);
    EXPECT_EQ(c.json["median"].GetInt64(), 3 * 3000) << filter;
    EXPECT_EQ(c.json["p90"].GetInt64(), 3 * 5400) << filter;
    const rapidjson::Value& bins = c.json["histogram"];
    ASSERT_EQ(bins.Size(), 10u) << c.out;
    for (const rapidjson::Value& bin : bins.GetArray()) {
      EXPECT_EQ(bin["count"].GetInt64(), kValues / 10) << c.out;
    }
  }
}

}  // namespace
}  // namespace earshot::test
