// The targets query's text (issue 15): what each form costs MariaDB. The
// e2e DataSqlTest measures the same on a real server.

#include <gtest/gtest.h>

#include <algorithm>

#include "common/store/targets.h"

namespace earshot {
namespace {

Listener FeedbackListener(IdentifyAttribute attribute, const std::string& sql) {
  Listener l;
  l.target = TargetKind::kFeedback;
  l.scope_project_id = 3;
  l.identify.attribute = attribute;
  l.identify.data_field_id = 9;
  l.filter.sql = sql;
  return l;
}

bool Has(const std::string& sql, const std::string& part) {
  return sql.find(part) != std::string::npos;
}

TEST(TargetsQueryTest, OneIdentifierIsNotSorted) {
  for (IdentifyAttribute a :
       {IdentifyAttribute::kId, IdentifyAttribute::kData}) {
    std::string sql;
    std::vector<SqlParam> params;
    BuildTargetQuery(FeedbackListener(a, "TRUE"), {"7"}, &sql, &params);
    EXPECT_FALSE(Has(sql, "ORDER BY")) << sql;
    EXPECT_TRUE(Has(sql, " FOR UPDATE")) << sql;
    EXPECT_FALSE(Has(sql, "SET STATEMENT")) << sql;
  }
  // Several identifiers: locked in id order, whatever the plan.
  std::string sql;
  std::vector<SqlParam> params;
  BuildTargetQuery(FeedbackListener(IdentifyAttribute::kData, "TRUE"),
                   {"a", "b"}, &sql, &params);
  EXPECT_TRUE(Has(sql, "ORDER BY t.id FOR UPDATE")) << sql;
}

// An action's extra column (Action::TargetColumn) is read fourth, after the
// filter, in both query forms; it adds no parameter, and without one the
// query reads nothing more.
TEST(TargetsQueryTest, AnAskedForColumnComesAfterTheFilter) {
  for (std::vector<std::string> ids :
       {std::vector<std::string>{"7"}, std::vector<std::string>{"7", "8"}}) {
    Listener l = FeedbackListener(IdentifyAttribute::kId, "(t.kind = ?)");
    l.filter.params = {SqlParam::Text("bug")};
    std::string plain, with_column;
    std::vector<SqlParam> plain_params, column_params;
    BuildTargetQuery(l, ids, &plain, &plain_params);
    BuildTargetQuery(l, ids, &with_column, &column_params, "t.author_id");
    EXPECT_TRUE(Has(with_column, "(t.kind = ?), t.author_id FROM "))
        << with_column;
    EXPECT_FALSE(Has(plain, "author_id")) << plain;
    EXPECT_EQ(column_params.size(), plain_params.size());
  }
}

// The subquery cache is off for the pipeline's whole session (db.cc), not
// per query: `SET STATEMENT ... FOR` cost 30-45 us of mariadbd per delivery
// and is MariaDB's own syntax (MySQL 8 refuses it).
TEST(TargetsQueryTest, SubqueryFiltersAreSentAsTheyAre) {
  const std::string author =
      "(IFNULL((SELECT a.status FROM users a WHERE a.id = t.author_id) = ?, "
      "FALSE))";
  for (size_t count : {1, 2}) {
    std::string sql;
    std::vector<SqlParam> params;
    Listener l = FeedbackListener(IdentifyAttribute::kData, author);
    l.filter.params = {SqlParam::Text("active")};
    BuildTargetQuery(l, std::vector<std::string>(count, "k"), &sql, &params);
    EXPECT_EQ(sql.rfind("SELECT ", 0), 0u) << sql;
    EXPECT_FALSE(Has(sql, "SET STATEMENT")) << sql;
    // The filter's parameter still comes first.
    ASSERT_FALSE(params.empty());
    EXPECT_EQ(params[0].s, "active");
  }
}

// The config version check is the WHERE clause's last condition and its
// value the last parameter, whatever the shape (identifiers, attribute,
// target kind, scope), and every `?` has its value.
TEST(TargetsQueryTest, EveryShapeChecksTheConfigVersionLast) {
  const std::string check =
      " AND (SELECT version FROM config_state WHERE id = 1) = ?";
  for (TargetKind kind :
       {TargetKind::kUsers, TargetKind::kFeedback, TargetKind::kProjects}) {
    for (IdentifyAttribute a :
         {IdentifyAttribute::kId, IdentifyAttribute::kEmail,
          IdentifyAttribute::kData}) {
      for (int64_t scope : {0, 3}) {
        for (size_t count : {1, 3}) {
          Listener l = FeedbackListener(a, "(t.id > ?)");
          l.target = kind;
          l.scope_project_id = scope;
          l.config_version = 41;
          l.filter.params = {SqlParam::Int(5)};
          std::string sql;
          std::vector<SqlParam> params;
          BuildTargetQuery(l, std::vector<std::string>(count, "k"), &sql,
                           &params);
          size_t at = sql.find(check);
          ASSERT_NE(at, std::string::npos) << sql;
          std::string rest = sql.substr(at + check.size());
          EXPECT_TRUE(rest == " FOR UPDATE" ||
                      rest == " ORDER BY t.id FOR UPDATE")
              << sql;
          EXPECT_EQ(std::count(sql.begin(), sql.end(), '?'),
                    static_cast<long>(params.size()))
              << sql;
          ASSERT_FALSE(params.empty());
          EXPECT_EQ(params.back().i, 41) << sql;
          EXPECT_EQ(params.front().i, 5) << sql;
        }
      }
    }
  }
}

}  // namespace
}  // namespace earshot
