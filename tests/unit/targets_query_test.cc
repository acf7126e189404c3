// The targets query's text (issue 15): what each form costs MariaDB. The
// e2e DataSqlTest measures the same on a real server.

#include <gtest/gtest.h>

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

TEST(TargetsQueryTest, SubqueryFiltersRunWithoutTheSubqueryCache) {
  const std::string author =
      "(IFNULL((SELECT a.status FROM users a WHERE a.id = t.author_id) = ?, "
      "FALSE))";
  for (size_t count : {1, 2}) {
    std::string sql;
    std::vector<SqlParam> params;
    Listener l = FeedbackListener(IdentifyAttribute::kData, author);
    l.filter.params = {SqlParam::Text("active")};
    BuildTargetQuery(l, std::vector<std::string>(count, "k"), &sql, &params);
    EXPECT_EQ(sql.rfind("SET STATEMENT optimizer_switch = "
                        "'subquery_cache=off' FOR SELECT ",
                        0),
              0u)
        << sql;
    // The filter's parameter still comes first.
    ASSERT_FALSE(params.empty());
    EXPECT_EQ(params[0].s, "active");
  }
}

}  // namespace
}  // namespace earshot
