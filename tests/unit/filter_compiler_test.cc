#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/filter/filter.h"
#include "tests/unit/filter_test_util.h"

namespace earshot {
namespace {

using filter_test::Compile;
using filter_test::Error;
using filter_test::Feedback;
using filter_test::Projects;
using filter_test::Users;
using Params = std::vector<SqlParam>;

SqlParam Int(int64_t v) { return SqlParam::Int(v); }
SqlParam Dbl(double v) { return SqlParam::Double(v); }
SqlParam Txt(std::string v) { return SqlParam::Text(std::move(v)); }

constexpr const char* kDataInt =
    "(SELECT dv.value_int FROM data_values dv WHERE dv.field_id = ? AND "
    "dv.target_id = t.id)";
constexpr const char* kDataTime =
    "(SELECT dv.value_time FROM data_values dv WHERE dv.field_id = ? AND "
    "dv.target_id = t.id)";
constexpr const char* kDataText =
    "(SELECT dv.value_text FROM data_values dv WHERE dv.field_id = ? AND "
    "dv.target_id = t.id)";
constexpr const char* kInProject =
    "EXISTS (SELECT 1 FROM participations fp WHERE fp.user_id = t.id";

std::string Cmp(const std::string& column, const std::string& op) {
  return "IFNULL(" + column + " " + op + " ?, FALSE)";
}

// A data comparison: EXISTS with the condition on the value inside.
constexpr const char* kExistsData =
    "EXISTS (SELECT 1 FROM data_values dv WHERE dv.field_id = ? AND "
    "dv.target_id = t.id AND ";

std::string DataCmp(const char* subquery, const std::string& op) {
  const std::string s = subquery;
  const std::string column =
      s.find("value_int") != std::string::npos    ? "dv.value_int"
      : s.find("value_time") != std::string::npos ? "dv.value_time"
                                                  : "dv.value_text";
  return kExistsData + column + " " + op + " ?)";
}

void ExpectSql(std::string_view text, const FilterContext& context,
               const std::string& sql, const Params& params) {
  CompiledFilter f = Compile(text, context);
  EXPECT_EQ(f.sql, sql) << text;
  EXPECT_EQ(f.params, params) << text;
}

TEST(FilterCompilerTest, EmptyFilterMatchesAll) {
  for (std::string_view text : {"", "   ", "\n\t"}) {
    CompiledFilter f = Compile(text);
    EXPECT_EQ(f.sql, "TRUE");
    EXPECT_TRUE(f.params.empty());
    EXPECT_EQ(f.normalized, "");
  }
}

TEST(FilterCompilerTest, UsersFields) {
  const FilterContext c = Users();
  ExpectSql("id = 5", c, Cmp("t.id", "="), {Int(5)});
  ExpectSql("email = \"a@b.c\"", c, Cmp("t.email_key", "="), {Txt("a@b.c")});
  // Emails compare as their key: ASCII case folded, nothing else.
  ExpectSql("email = \"\xc3\x81nn@B.c\"", c, Cmp("t.email_key", "="),
            {Txt("\xc3\x81nn@b.c")});
  ExpectSql("name != \"Ann\"", c, Cmp("t.name", "<>"), {Txt("Ann")});
  ExpectSql("status = \"active\"", c, Cmp("t.status", "="), {Txt("active")});
  ExpectSql("role = \"admin\"", c, Cmp("t.role", "="), {Txt("admin")});
  ExpectSql("score > 3", c, Cmp("t.score", ">"), {Int(3)});
  ExpectSql("created < \"2026-01-01\"", c, Cmp("t.created_at", "<"),
            {Txt("2026-01-01 00:00:00.000000")});
}

TEST(FilterCompilerTest, ProjectScopeReadsStatusAndScoreFromParticipation) {
  const FilterContext c = Users(/*project_scope=*/true);
  ExpectSql("status = \"active\"", c, Cmp("pt.status", "="), {Txt("active")});
  ExpectSql("score >= 10", c, Cmp("pt.score", ">="), {Int(10)});
  ExpectSql("status is null", c, "(pt.status IS NULL)", {});
  // The others stay on the user.
  ExpectSql("name = \"x\"", c, Cmp("t.name", "="), {Txt("x")});
  ExpectSql("created > \"2026-01-01\"", c, Cmp("t.created_at", ">"),
            {Txt("2026-01-01 00:00:00.000000")});
  ExpectSql("id = 1", c, Cmp("t.id", "="), {Int(1)});
  // Without the scope, the user's own columns.
  ExpectSql("status = \"active\"", Users(), Cmp("t.status", "="),
            {Txt("active")});
}

TEST(FilterCompilerTest, ProjectScopeOnlyConcernsUsers) {
  FilterContext c = Feedback();
  c.project_scope = true;
  ExpectSql("status = \"new\"", c, Cmp("t.status", "="), {Txt("new")});
  c = Projects();
  c.project_scope = true;
  ExpectSql("status = \"active\"", c, Cmp("t.status", "="), {Txt("active")});
}

TEST(FilterCompilerTest, FeedbackFields) {
  const FilterContext c = Feedback();
  ExpectSql("id = 9", c, Cmp("t.id", "="), {Int(9)});
  ExpectSql("project = 7", c, Cmp("t.project_id", "="), {Int(7)});
  ExpectSql("project in (7, 8)", c, "IFNULL(t.project_id IN (?, ?), FALSE)",
            {Int(7), Int(8)});
  ExpectSql("kind = \"bug\"", c, Cmp("t.kind", "="), {Txt("bug")});
  ExpectSql("status != \"closed\"", c, Cmp("t.status", "<>"), {Txt("closed")});
  ExpectSql("title contains \"crash\"", c,
            "IFNULL(INSTR(t.title, ?) > 0, FALSE)", {Txt("crash")});
  ExpectSql("popularity >= 100", c, Cmp("t.popularity", ">="), {Int(100)});
  ExpectSql("created <= \"2026-11-27T10:00:00+01:00\"", c,
            Cmp("t.created_at", "<="), {Txt("2026-11-27 09:00:00.000000")});
  ExpectSql("author.email contains \"@Example.com\"", c,
            "IFNULL(INSTR((SELECT a.email_key FROM users a WHERE a.id = "
            "t.author_id), ?) > 0, FALSE)",
            {Txt("@example.com")});
  ExpectSql("author.status = \"banned\"", c,
            Cmp("(SELECT a.status FROM users a WHERE a.id = t.author_id)", "="),
            {Txt("banned")});
  ExpectSql("author.score < 0", c,
            Cmp("(SELECT a.score FROM users a WHERE a.id = t.author_id)", "<"),
            {Int(0)});
  ExpectSql("author.email is null", c,
            "((SELECT a.email_key FROM users a WHERE a.id = t.author_id) IS "
            "NULL)",
            {});
}

TEST(FilterCompilerTest, ProjectsFields) {
  const FilterContext c = Projects();
  ExpectSql("id != 2", c, Cmp("t.id", "<>"), {Int(2)});
  ExpectSql("name = \"Atlas\"", c, Cmp("t.name", "="), {Txt("Atlas")});
  ExpectSql("status in (\"active\", \"paused\")", c,
            "IFNULL(t.status IN (?, ?), FALSE)",
            {Txt("active"), Txt("paused")});
  ExpectSql("created >= \"2020-02-29T23:59:59.5Z\"", c,
            Cmp("t.created_at", ">="), {Txt("2020-02-29 23:59:59.500000")});
}

TEST(FilterCompilerTest, FieldsBelongToTheirKind) {
  EXPECT_EQ(Error("email = \"x\"", Feedback()),
            "column 1: unknown field 'email'");
  EXPECT_EQ(Error("role = \"admin\"", Projects()),
            "column 1: unknown field 'role'");
  EXPECT_EQ(Error("project = 1", Projects()),
            "column 1: unknown field 'project'");
  EXPECT_EQ(Error("author.email = \"x\"", Users()),
            "column 1: unknown field 'author.email'");
  EXPECT_EQ(Error("title = \"x\"", Users()), "column 1: unknown field 'title'");
  EXPECT_EQ(Error("popularity = 1", Projects()),
            "column 1: unknown field 'popularity'");
}

TEST(FilterCompilerTest, UnknownFields) {
  EXPECT_EQ(Error("scor = 1"), "column 1: unknown field 'scor'");
  // Field names are case-sensitive.
  EXPECT_EQ(Error("Score = 1"), "column 1: unknown field 'Score'");
  EXPECT_EQ(Error("created_at = \"2026-01-01\""),
            "column 1: unknown field 'created_at'");
  EXPECT_EQ(Error("author.emial = \"x\"", Feedback()),
            "column 1: unknown field 'author.emial'");
  EXPECT_EQ(Error("id = 1 and name = \"é\" or scöre > 1"),
            "column 26: unknown field 'scöre'");
  EXPECT_EQ(Error("data = 1"), "column 1: unknown field 'data'");
}

TEST(FilterCompilerTest, SixOperatorsOnEachType) {
  struct Op {
    const char* text;
    const char* sql;
  } ops[] = {{"=", "="},   {"!=", "<>"}, {"<", "<"},
             {"<=", "<="}, {">", ">"},   {">=", ">="}};
  for (const Op& op : ops) {
    const std::string o = op.text;
    ExpectSql("score " + o + " 1", Users(), Cmp("t.score", op.sql), {Int(1)});
    ExpectSql("name " + o + " \"m\"", Users(), Cmp("t.name", op.sql),
              {Txt("m")});
    ExpectSql("created " + o + " \"2026-01-02\"", Users(),
              Cmp("t.created_at", op.sql), {Txt("2026-01-02 00:00:00.000000")});
    ExpectSql("data.Usage.Sessions " + o + " 4", Users(),
              DataCmp(kDataInt, op.sql), {Int(11), Int(4)});
    ExpectSql("data.Usage.Plan " + o + " \"pro\"", Users(),
              DataCmp(kDataText, op.sql), {Int(14), Txt("pro")});
    ExpectSql("data.Usage.LastSeen " + o + " \"2026-01-02T03:04:05Z\"", Users(),
              DataCmp(kDataTime, op.sql),
              {Int(13), Txt("2026-01-02 03:04:05.000000")});
  }
  ExpectSql("data.Usage.Active = true", Users(), DataCmp(kDataInt, "="),
            {Int(12), Int(1)});
  ExpectSql("data.Usage.Active != false", Users(), DataCmp(kDataInt, "<>"),
            {Int(12), Int(0)});
}

TEST(FilterCompilerTest, InLists) {
  ExpectSql("id in (1)", Users(), "IFNULL(t.id IN (?), FALSE)", {Int(1)});
  ExpectSql("role in (\"admin\", \"manager\", \"member\")", Users(),
            "IFNULL(t.role IN (?, ?, ?), FALSE)",
            {Txt("admin"), Txt("manager"), Txt("member")});
  ExpectSql(
      "created in (\"2026-01-01\", \"2026-01-02T00:00:00Z\")", Users(),
      "IFNULL(t.created_at IN (?, ?), FALSE)",
      {Txt("2026-01-01 00:00:00.000000"), Txt("2026-01-02 00:00:00.000000")});
  // The data field id comes first: its placeholder is before the list's.
  ExpectSql("data.Usage.Sessions in (1, 2)", Users(),
            std::string(kExistsData) + "dv.value_int IN (?, ?))",
            {Int(11), Int(1), Int(2)});
  ExpectSql("data.Usage.Active in (true, false)", Users(),
            std::string(kExistsData) + "dv.value_int IN (?, ?))",
            {Int(12), Int(1), Int(0)});
  ExpectSql("score in (1, 2.5, -3)", Users(),
            "IFNULL(t.score IN (?, ?, ?), FALSE)", {Int(1), Dbl(2.5), Int(-3)});
}

TEST(FilterCompilerTest, IsNullAndIsNotNullOnAnyField) {
  ExpectSql("email is null", Users(), "(t.email_key IS NULL)", {});
  ExpectSql("score is not null", Users(), "(t.score IS NOT NULL)", {});
  ExpectSql("created is null", Users(), "(t.created_at IS NULL)", {});
  ExpectSql("data.Usage.Active is null", Users(),
            std::string("(") + kDataInt + " IS NULL)", {Int(12)});
  ExpectSql("data.Usage.Plan is not null", Users(),
            std::string("(") + kDataText + " IS NOT NULL)", {Int(14)});
  ExpectSql("data.Usage.LastSeen is null", Users(),
            std::string("(") + kDataTime + " IS NULL)", {Int(13)});
}

TEST(FilterCompilerTest, Contains) {
  ExpectSql("name contains \"an\"", Users(),
            "IFNULL(INSTR(t.name, ?) > 0, FALSE)", {Txt("an")});
  ExpectSql("data.Usage.Plan contains \"pro\"", Users(),
            std::string(kExistsData) + "INSTR(dv.value_text, ?) > 0)",
            {Int(14), Txt("pro")});
  // Wildcards mean nothing: no LIKE.
  CompiledFilter f = Compile("name contains \"%_\"");
  EXPECT_EQ(f.sql.find("LIKE"), std::string::npos);
  EXPECT_EQ(f.params, Params{Txt("%_")});
}

TEST(FilterCompilerTest, ProjectMembership) {
  const std::string in = kInProject;
  for (bool scope : {false, true}) {
    const FilterContext c = Users(scope);
    ExpectSql("project = 3", c, "(" + in + " AND fp.project_id = ?))",
              {Int(3)});
    ExpectSql("project != 3", c, "(NOT " + in + " AND fp.project_id = ?))",
              {Int(3)});
    ExpectSql("project in (1, 2)", c,
              "(" + in + " AND fp.project_id IN (?, ?)))", {Int(1), Int(2)});
    ExpectSql("project is null", c, "(NOT " + in + "))", {});
    ExpectSql("project is not null", c, "(" + in + "))", {});
  }
}

TEST(FilterCompilerTest, ProjectMembershipErrors) {
  const char* kOps =
      "project is project membership; only =, !=, in and is [not] null apply";
  EXPECT_EQ(Error("project > 3"), std::string("column 9: ") + kOps);
  EXPECT_EQ(Error("project <= 3"), std::string("column 9: ") + kOps);
  EXPECT_EQ(Error("project contains \"3\""), std::string("column 9: ") + kOps);
  const char* kId =
      "project is project membership; expected an integer "
      "project id";
  EXPECT_EQ(Error("project = \"3\""), std::string("column 11: ") + kId);
  EXPECT_EQ(Error("project = 1.5"), std::string("column 11: ") + kId);
  EXPECT_EQ(Error("project = true"), std::string("column 11: ") + kId);
  EXPECT_EQ(Error("project in (1, \"2\")"), std::string("column 16: ") + kId);
  EXPECT_EQ(Error("project = 99999999999999999999"),
            "column 11: number out of the signed 64-bit integer range");
}

TEST(FilterCompilerTest, DataFields) {
  ExpectSql("data.Usage.Sessions >= 3", Users(), DataCmp(kDataInt, ">="),
            {Int(11), Int(3)});
  ExpectSql("data.Jira.Key = \"EAR-1\"", Feedback(), DataCmp(kDataText, "="),
            {Int(21), Txt("EAR-1")});
  ExpectSql("data.Jira.Votes > 2.5", Feedback(), DataCmp(kDataInt, ">"),
            {Int(22), Dbl(2.5)});
  ExpectSql("data.Billing.Paid = false", Projects(), DataCmp(kDataInt, "="),
            {Int(31), Int(0)});
  // Two data fields: each id precedes its own value.
  ExpectSql(
      "data.Usage.Sessions > 1 and data.Usage.Plan = \"x\"", Users(),
      "(" + DataCmp(kDataInt, ">") + " AND " + DataCmp(kDataText, "=") + ")",
      {Int(11), Int(1), Int(14), Txt("x")});
}

TEST(FilterCompilerTest, DataFieldLookupGetsGroupAndLabel) {
  std::vector<std::string> asked;
  FilterContext c;
  c.kind = TargetKind::kFeedback;
  c.lookup_data_field = [&asked](std::string_view group, std::string_view label,
                                 DataFieldRef* out) {
    asked.push_back(std::string(group) + "|" + std::string(label));
    *out = {77, FieldType::kString};
    return true;
  };
  ExpectSql("data.Any_1.thing_2 = \"v\"", c, DataCmp(kDataText, "="),
            {Int(77), Txt("v")});
  EXPECT_EQ(asked, std::vector<std::string>{"Any_1|thing_2"});
}

TEST(FilterCompilerTest, DataFieldErrors) {
  EXPECT_EQ(Error("data.Usage.Sesions = 1"),
            "column 1: unknown data field 'Usage.Sesions'");
  // Lookups are per kind.
  EXPECT_EQ(Error("data.Usage.Sessions = 1", Feedback()),
            "column 1: unknown data field 'Usage.Sessions'");
  EXPECT_EQ(Error("data.usage.sessions = 1"),
            "column 1: unknown data field 'usage.sessions'");
  const char* kMalformed = "; expected data.GROUP.LABEL";
  for (std::string name :
       {"data.Usage", "data.", "data.Usage.", "data..x", "data.1a.b",
        "data._a.b", "data.a.b.c", "data.a.é", "data.a.b-"}) {
    if (name == "data.a.b-") {
      // '-' ends the word; what follows is not an operator.
      EXPECT_EQ(Error(name + " = 1"), "column 10: expected a digit after '-'");
      continue;
    }
    EXPECT_EQ(Error(name + " = 1"),
              "column 1: malformed data field '" + name + "'" + kMalformed);
  }
  // No lookup at all: no data fields.
  FilterContext c;
  c.kind = TargetKind::kUsers;
  EXPECT_EQ(Error("data.Usage.Sessions = 1", c),
            "column 1: unknown data field 'Usage.Sessions'");
  EXPECT_EQ(Error("id = 1 or data.Usage.Sessions = 1", c),
            "column 11: unknown data field 'Usage.Sessions'");
}

TEST(FilterCompilerTest, BooleanDataFields) {
  const char* kOps =
      "data.Usage.Active is a boolean field; only =, !=, in "
      "and is [not] null apply";
  EXPECT_EQ(Error("data.Usage.Active < true"),
            std::string("column 19: ") + kOps);
  EXPECT_EQ(Error("data.Usage.Active >= false"),
            std::string("column 19: ") + kOps);
  EXPECT_EQ(Error("data.Usage.Active contains \"t\""),
            "column 19: 'contains' needs a string field; data.Usage.Active is "
            "a boolean field");
  const char* kValue =
      "data.Usage.Active is a boolean field; expected true "
      "or false";
  EXPECT_EQ(Error("data.Usage.Active = 1"),
            std::string("column 21: ") + kValue);
  EXPECT_EQ(Error("data.Usage.Active = \"true\""),
            std::string("column 21: ") + kValue);
  // Keywords ignore case, values too.
  ExpectSql("data.Usage.Active = TRUE", Users(), DataCmp(kDataInt, "="),
            {Int(12), Int(1)});
}

TEST(FilterCompilerTest, TypeErrors) {
  EXPECT_EQ(Error("score = \"x\""),
            "column 9: score is an integer field; expected a number");
  EXPECT_EQ(Error("score = true"),
            "column 9: score is an integer field; expected a number");
  EXPECT_EQ(Error("data.Usage.Sessions > \"3\""),
            "column 23: data.Usage.Sessions is an integer field; expected a "
            "number");
  EXPECT_EQ(Error("status = 3"),
            "column 10: status is a string field; expected a string in "
            "double quotes");
  EXPECT_EQ(Error("name = false"),
            "column 8: name is a string field; expected a string in double "
            "quotes");
  EXPECT_EQ(Error("author.score = \"1\"", Feedback()),
            "column 16: author.score is an integer field; expected a number");
  EXPECT_EQ(Error("score in (1, \"2\")"),
            "column 14: score is an integer field; expected a number");
  EXPECT_EQ(Error("score contains \"1\""),
            "column 7: 'contains' needs a string field; score is an integer "
            "field");
  EXPECT_EQ(Error("created contains \"2026\""),
            "column 9: 'contains' needs a string field; created is a datetime "
            "field");
}

TEST(FilterCompilerTest, DatetimeValues) {
  ExpectSql("created > \"2026-11-27T10:00:00.123456789Z\"", Users(),
            Cmp("t.created_at", ">"), {Txt("2026-11-27 10:00:00.123456")});
  ExpectSql("created > \"2026-11-27 10:00:00-0230\"", Users(),
            Cmp("t.created_at", ">"), {Txt("2026-11-27 12:30:00.000000")});
  EXPECT_EQ(Error("created = 5"),
            "column 11: created is a datetime field; expected a datetime in "
            "double quotes, such as \"2026-11-27T10:00:00Z\"");
  const std::string kBad =
      "invalid datetime for created; expected RFC 3339 such as "
      "\"2026-11-27T10:00:00Z\" or a date such as \"2026-11-27\", years 1000 "
      "to 9999";
  EXPECT_EQ(Error("created = \"yesterday\""), "column 11: " + kBad);
  EXPECT_EQ(Error("created = \"2026-02-30\""), "column 11: " + kBad);
  EXPECT_EQ(Error("created = \"0999-12-31\""), "column 11: " + kBad);
  EXPECT_EQ(Error("created = \"2026-01-01T10:00:00\""), "column 11: " + kBad);
  EXPECT_EQ(
      Error("created in (\"2026-01-01\", \"x\")"),
      "column 27: invalid datetime for created" + kBad.substr(kBad.find(';')));
  EXPECT_EQ(Error("data.Usage.LastSeen < \"soon\""),
            "column 23: invalid datetime for data.Usage.LastSeen" +
                kBad.substr(kBad.find(';')));
}

TEST(FilterCompilerTest, Numbers) {
  ExpectSql("score > 2.5", Users(), Cmp("t.score", ">"), {Dbl(2.5)});
  ExpectSql("score > -3", Users(), Cmp("t.score", ">"), {Int(-3)});
  ExpectSql("score > -0.25", Users(), Cmp("t.score", ">"), {Dbl(-0.25)});
  ExpectSql("score = 007", Users(), Cmp("t.score", "="), {Int(7)});
  ExpectSql("score = -0", Users(), Cmp("t.score", "="), {Int(0)});
  ExpectSql("score = 9223372036854775807", Users(), Cmp("t.score", "="),
            {Int(INT64_MAX)});
  ExpectSql("score = -9223372036854775808", Users(), Cmp("t.score", "="),
            {Int(INT64_MIN)});
  ExpectSql("score = 9223372036854775808.0", Users(), Cmp("t.score", "="),
            {Dbl(9223372036854775808.0)});
  EXPECT_EQ(Error("score = 9223372036854775808"),
            "column 9: number out of the signed 64-bit integer range");
  EXPECT_EQ(Error("score = -9223372036854775809"),
            "column 9: number out of the signed 64-bit integer range");
  EXPECT_EQ(Error("score = " + std::string(400, '9') + ".5"),
            "column 9: number out of range");
}

TEST(FilterCompilerTest, Composition) {
  const std::string a = Cmp("t.id", "=");
  ExpectSql("not id = 1", Users(), "(NOT " + a + ")", {Int(1)});
  ExpectSql("id = 1 or id = 2 and id = 3", Users(),
            "(" + a + " OR (" + a + " AND " + a + "))",
            {Int(1), Int(2), Int(3)});
  ExpectSql("(id = 1 or id = 2) and id = 3", Users(),
            "((" + a + " OR " + a + ") AND " + a + ")",
            {Int(1), Int(2), Int(3)});
  ExpectSql("not id = 1 and id = 2", Users(), "((NOT " + a + ") AND " + a + ")",
            {Int(1), Int(2)});
  ExpectSql("not (id = 1 and id = 2)", Users(),
            "(NOT (" + a + " AND " + a + "))", {Int(1), Int(2)});
  ExpectSql("not email is null", Users(), "(NOT (t.email_key IS NULL))", {});
  ExpectSql("id = 1 AND id = 2 AND id = 3", Users(),
            "(" + a + " AND " + a + " AND " + a + ")",
            {Int(1), Int(2), Int(3)});
}

TEST(FilterCompilerTest, ParseErrorsComeThrough) {
  EXPECT_EQ(Error("score >= "), "column 10: expected a value after '>='");
  EXPECT_EQ(Error("(id = 1"), "column 8: expected ')'");
}

TEST(FilterCompilerTest, ErrorLeavesOutputAlone) {
  CompiledFilter f;
  f.sql = "before";
  f.normalized = "kept";
  EXPECT_FALSE(CompileFilter("id = 1 and scor = 2", Users(), &f).ok());
  EXPECT_FALSE(CompileFilter("id = ", Users(), &f).ok());
  EXPECT_EQ(f.sql, "before");
  EXPECT_EQ(f.normalized, "kept");
  EXPECT_TRUE(f.params.empty());
}

TEST(FilterCompilerTest, PlaceholdersMatchParams) {
  const char* filters[] = {
      "id = 1",
      "project in (1, 2, 3) or project is null",
      "data.Usage.Sessions in (1, 2) and not data.Usage.Plan is null",
      "name contains \"?\" and email = \"??\"",
      "not (score > 1 or created < \"2026-01-01\") and role in (\"admin\")",
  };
  for (const char* text : filters) {
    CompiledFilter f = Compile(text);
    size_t marks = 0;
    for (char c : f.sql) marks += c == '?';
    EXPECT_EQ(marks, f.params.size()) << text;
  }
}

}  // namespace
}  // namespace earshot
