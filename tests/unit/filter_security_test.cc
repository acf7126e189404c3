// Hostile filter text: values never reach the SQL (only params), and names
// that are not fields never compile.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/base/email.h"
#include "common/filter/filter.h"
#include "tests/unit/filter_test_util.h"

namespace earshot {
namespace {

using filter_test::Compile;
using filter_test::Error;
using filter_test::Feedback;
using filter_test::Users;
using namespace std::string_literals;

// `value` as a filter string literal.
std::string Quote(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Replaces every "$" in `shape` with `literal`.
std::string Fill(std::string_view shape, const std::string& literal) {
  std::string out;
  for (char c : shape) {
    if (c == '$') {
      out += literal;
    } else {
      out += c;
    }
  }
  return out;
}

const std::vector<std::string>& HostileValues() {
  static const std::vector<std::string> values = {
      "'; DROP TABLE users; --",
      "\" OR 1=1 --",
      "' OR '1'='1",
      "/* comment */ OR 1",
      "`users`",
      "\\'; SELECT SLEEP(10); -- \\",
      ") OR TRUE OR (",
      "?, ?) OR (?",
      "%' AND '%'='",
      "0x27 UNION SELECT password FROM api_keys",
      "日本語 ✓ 😀 Ωmega",
      "\\u0000\\x00\\0",
      std::string(1500, '\''),
  };
  return values;
}

// Characters and sequences no compiled SQL ever holds: it is built from
// fixed fragments without any.
void ExpectNoQuotingOrComments(const std::string& sql) {
  for (const char* bad : {"'", "\"", "`", ";", "--", "/*", "\\", "#"}) {
    EXPECT_EQ(sql.find(bad), std::string::npos) << bad << " in " << sql;
  }
}

TEST(FilterSecurityTest, HostileValuesOnlyChangeParams) {
  const struct {
    const char* shape;
    FilterContext context;
  } shapes[] = {
      {"name = $", Users()},
      {"email != $", Users()},
      {"role in ($, \"member\", $)", Users()},
      {"email contains $", Users()},
      {"not (status = $ or name < $) and id = 1", Users(true)},
      {"data.Usage.Plan >= $", Users()},
      {"data.Usage.Plan contains $", Users()},
      {"author.email = $ or title contains $", Feedback()},
      {"data.Jira.Key in ($)", Feedback()},
  };
  for (const auto& shape : shapes) {
    SCOPED_TRACE(shape.shape);
    const CompiledFilter benign =
        Compile(Fill(shape.shape, "\"benign\""), shape.context);
    ExpectNoQuotingOrComments(benign.sql);
    for (const std::string& hostile : HostileValues()) {
      const std::string text = Fill(shape.shape, Quote(hostile));
      ASSERT_LE(text.size(), kMaxFilterBytes);
      const CompiledFilter f = Compile(text, shape.context);
      EXPECT_EQ(f.sql, benign.sql) << hostile;
      EXPECT_EQ(f.sql.find(hostile), std::string::npos) << hostile;
      ExpectNoQuotingOrComments(f.sql);
      // The same params, with the hostile value wherever "benign" was (as
      // its EmailKey for email fields).
      ASSERT_EQ(f.params.size(), benign.params.size());
      for (size_t i = 0; i < f.params.size(); ++i) {
        if (benign.params[i] == SqlParam::Text("benign")) {
          EXPECT_TRUE(f.params[i] == SqlParam::Text(hostile) ||
                      f.params[i] == SqlParam::Text(EmailKey(hostile)))
              << hostile;
        } else {
          EXPECT_EQ(f.params[i], benign.params[i]);
        }
      }
      // And the value survives normalisation.
      EXPECT_EQ(Compile(f.normalized, shape.context).params, f.params);
    }
  }
}

TEST(FilterSecurityTest, NamesThatAreNotFieldsNeverCompile) {
  const struct {
    std::string text;
    std::string error;
  } cases[] = {
      {"t.id = 1", "column 1: unknown field 't.id'"},
      {"t.email = \"x\"", "column 1: unknown field 't.email'"},
      {"pt.score = 1", "column 1: unknown field 'pt.score'"},
      {"users.id = 1", "column 1: unknown field 'users.id'"},
      {"fp.project_id = 1", "column 1: unknown field 'fp.project_id'"},
      {"created_at = \"2026-01-01\"", "column 1: unknown field 'created_at'"},
      {"SLEEP = 1", "column 1: unknown field 'SLEEP'"},
      {"nâme = \"x\"", "column 1: unknown field 'nâme'"},
      {"名前 = \"x\"", "column 1: unknown field '名前'"},
      {"name; DROP TABLE users", "column 5: unexpected character ';'"},
      {"`name` = 1", "column 1: unexpected character '`'"},
      {"name/**/ = 1", "column 5: unexpected character '/'"},
      {"name -- = 1", "column 7: expected a digit after '-'"},
      {"name # = 1", "column 6: unexpected character '#'"},
      {"id) OR (1 = 1",
       "column 3: expected an operator, 'in', 'is' or "
       "'contains' after 'id'"},
      {"id = 1; DROP TABLE users", "column 7: unexpected character ';'"},
      {"id = 1 -- comment", "column 9: expected a digit after '-'"},
      {"1 = 1", "column 1: expected a field name, 'not' or '('"},
      {"TRUE", "column 1: expected a field name, 'not' or '('"},
      {"name = 'x'", "column 8: strings are in double quotes, not single"},
      {"data.x'y.z = 1", "column 7: strings are in double quotes, not single"},
      {"data.Ünïcode.x = 1",
       "column 1: malformed data field 'data.Ünïcode.x'; expected "
       "data.GROUP.LABEL"},
      {"data.Usage.Plan) OR (1 = 1",
       "column 16: expected an operator, 'in', 'is' or 'contains' after "
       "'data.Usage.Plan'"},
      {"data.Usage.Plan/**/ = \"x\"", "column 16: unexpected character '/'"},
      {"na\0me = \"x\""s, "column 3: unexpected control character"},
      {"name = \"a\0b\""s, "column 10: control character in a string"},
      {"name = \"a\xff\"", "column 10: invalid UTF-8"},
      {"n\xc3\x28 = 1", "column 2: invalid UTF-8"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Error(c.text), c.error) << c.text;
  }
}

TEST(FilterSecurityTest, DataGroupAndLabelNeverReachTheSql) {
  // A lookup that knows every name: only the id gets through.
  FilterContext c;
  c.kind = TargetKind::kUsers;
  c.lookup_data_field = [](std::string_view, std::string_view,
                           DataFieldRef* out) {
    *out = {5, FieldType::kString};
    return true;
  };
  const CompiledFilter benign = Compile("data.A.b = \"x\"", c);
  // Names that look like SQL: the same SQL as any other name.
  EXPECT_EQ(Compile("data.t.id = \"x\"", c).sql, benign.sql);
  for (const char* name :
       {"data.DROP.TABLE", "data.users.password", "data.SELECT_1.FROM_users"}) {
    const CompiledFilter f = Compile(std::string(name) + " = \"x\"", c);
    EXPECT_EQ(f.sql, benign.sql) << name;
    EXPECT_EQ(f.params, benign.params) << name;
    const std::string_view rest = std::string_view(name).substr(5);
    EXPECT_EQ(f.sql.find(rest.substr(0, rest.find('.'))), std::string::npos)
        << name;
    EXPECT_EQ(f.sql.find(rest.substr(rest.find('.') + 1)), std::string::npos)
        << name;
  }
}

TEST(FilterSecurityTest, NumbersAndDatetimesAreBoundNotWritten) {
  const CompiledFilter a = Compile("score = 1 and created > \"2026-01-01\"");
  const CompiledFilter b = Compile(
      "score = -9223372036854775808 and created > \"9999-12-31T23:59:59Z\"");
  EXPECT_EQ(a.sql, b.sql);
  EXPECT_EQ(b.sql.find("9223372036854775808"), std::string::npos);
  EXPECT_EQ(b.sql.find("9999"), std::string::npos);
  EXPECT_EQ(b.params[0], SqlParam::Int(INT64_MIN));
  EXPECT_EQ(b.params[1], SqlParam::Text("9999-12-31 23:59:59.000000"));
}

TEST(FilterSecurityTest, ErrorMessagesShortenHostileNames) {
  const std::string name = std::string(2000, 'x');
  const std::string error = Error(name + " = 1");
  EXPECT_EQ(error, "column 1: unknown field '" + std::string(32, 'x') + "...'");
}

}  // namespace
}  // namespace earshot
