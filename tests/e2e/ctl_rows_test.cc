// earshotctl's list and show commands read each SELECT column into the
// member named for it (tools/earshotctl/rows.h). A column list that drifts
// from its SELECT would shift every value under the wrong name: these
// tests read back what a delivery through nginx and the fixtures wrote,
// member by member, in the order --json prints them.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

std::vector<std::string> Names(const rapidjson::Value& object) {
  std::vector<std::string> names;
  if (!object.IsObject()) return names;
  for (const auto& m : object.GetObject()) names.push_back(m.name.GetString());
  return names;
}

// The element of `rows` whose `key` member is the string `value` (and
// whose `key2` member is `value2`, when given).
const rapidjson::Value* Find(const rapidjson::Value& rows, const char* key,
                             const std::string& value,
                             const char* key2 = nullptr,
                             const std::string& value2 = "") {
  auto is = [](const rapidjson::Value& row, const char* k,
               const std::string& v) {
    return row.HasMember(k) && row[k].IsString() && v == row[k].GetString();
  };
  if (!rows.IsArray()) return nullptr;
  for (const rapidjson::Value& row : rows.GetArray()) {
    if (row.IsObject() && is(row, key, value) &&
        (key2 == nullptr || is(row, key2, value2))) {
      return &row;
    }
  }
  return nullptr;
}

class CtlRowsTest : public UserDataListenerTest {
 protected:
  CtlRowsTest()
      : UserDataListenerTest(
            {{"Plan", "/plan", "string"}, {"Seats", "/seats", "integer"}}) {}
  void SetUp() override {
    UserDataListenerTest::SetUp();
    project_ = CreateProject();
    manager_ = UniqueEmail("pm");
    manager_id_ = CreateUser(manager_, "manager", {project_});
    ticket_ = CreateFeedback(project_, manager_, "Crash on start");
    Stack::Get().CtlOk({"follow", std::to_string(ticket_), email_});
    HttpResponse r = Deliver(
        listener_, R"({"email":")" + email_ + R"(","plan":"pro","seats":3})");
    ASSERT_EQ(r.status, 200) << r.body;
    event_ = r.Event();
  }

  int64_t project_ = 0, manager_id_ = 0, ticket_ = 0, event_ = 0;
  std::string manager_;
};

TEST_F(CtlRowsTest, UserShowNamesEveryColumn) {
  CommandResult r = Stack::Get().CtlOk({"user", "show", manager_});
  const rapidjson::Value& u = r.json;
  EXPECT_EQ(Names(u),
            (std::vector<std::string>{"id", "email", "name", "role", "status",
                                      "score", "created_at", "deleted_at",
                                      "participations", "data"}));
  ASSERT_TRUE(u.IsObject()) << r.out;
  EXPECT_EQ(u["id"].GetInt64(), manager_id_);
  EXPECT_EQ(std::string(u["email"].GetString()), manager_);
  EXPECT_EQ(std::string(u["name"].GetString()), "Name of " + manager_);
  EXPECT_EQ(std::string(u["role"].GetString()), "manager");
  EXPECT_TRUE(u["score"].IsInt64());
  EXPECT_TRUE(u["created_at"].IsString());
  EXPECT_TRUE(u["deleted_at"].IsNull());
  const rapidjson::Value& p = u["participations"];
  ASSERT_TRUE(p.IsArray() && p.Size() == 1) << r.out;
  EXPECT_EQ(Names(p[0]),
            (std::vector<std::string>{"project_id", "project", "status",
                                      "score", "joined_at"}));
  EXPECT_EQ(p[0]["project_id"].GetInt64(), project_);
  EXPECT_EQ(std::string(p[0]["project"].GetString()).rfind("Project", 0), 0u);
}

TEST_F(CtlRowsTest, DataGetAndUserShowHoldTheDeliveredValues) {
  CommandResult got =
      Stack::Get().CtlOk({"data", "get", "users", std::to_string(user_)});
  CommandResult shown = Stack::Get().CtlOk({"user", "show", email_});
  const rapidjson::Value& from_data_get = got.json;
  const rapidjson::Value& from_user_show = shown.json["data"];
  for (const rapidjson::Value* rows : {&from_data_get, &from_user_show}) {
    const rapidjson::Value* plan =
        Find(*rows, "group", group_, "label", "Plan");
    const rapidjson::Value* seats =
        Find(*rows, "group", group_, "label", "Seats");
    ASSERT_NE(plan, nullptr) << got.out << shown.out;
    ASSERT_NE(seats, nullptr) << got.out << shown.out;
    EXPECT_EQ(Names(*plan),
              (std::vector<std::string>{"group", "label", "type", "value"}));
    EXPECT_EQ(std::string((*plan)["type"].GetString()), "string");
    ASSERT_TRUE((*plan)["value"].IsString()) << got.out << shown.out;
    EXPECT_EQ(std::string((*plan)["value"].GetString()), "pro");
    EXPECT_EQ(std::string((*seats)["type"].GetString()), "integer");
    ASSERT_TRUE((*seats)["value"].IsString()) << got.out << shown.out;
    EXPECT_EQ(std::string((*seats)["value"].GetString()), "3");
  }
}

TEST_F(CtlRowsTest, FeedbackShowNamesEveryColumnAndFollower) {
  CommandResult r =
      Stack::Get().CtlOk({"feedback", "show", std::to_string(ticket_)});
  const rapidjson::Value& f = r.json;
  EXPECT_EQ(Names(f),
            (std::vector<std::string>{
                "id", "project_id", "project", "author_id", "author_email",
                "kind", "status", "title", "popularity", "created_at",
                "comments", "followers", "data"}));
  ASSERT_TRUE(f.IsObject()) << r.out;
  EXPECT_EQ(f["id"].GetInt64(), ticket_);
  EXPECT_EQ(f["project_id"].GetInt64(), project_);
  EXPECT_EQ(f["author_id"].GetInt64(), manager_id_);
  EXPECT_EQ(std::string(f["author_email"].GetString()), manager_);
  EXPECT_EQ(std::string(f["kind"].GetString()), "bug");
  EXPECT_EQ(std::string(f["status"].GetString()), "new");
  EXPECT_EQ(std::string(f["title"].GetString()), "Crash on start");
  EXPECT_EQ(f["popularity"].GetInt64(), 0);
  EXPECT_EQ(f["comments"].GetInt64(), 0);
  const rapidjson::Value& followers = f["followers"];
  ASSERT_TRUE(followers.IsArray() && followers.Size() == 1) << r.out;
  EXPECT_EQ(Names(followers[0]),
            (std::vector<std::string>{"user_id", "email", "since"}));
  EXPECT_EQ(followers[0]["user_id"].GetInt64(), user_);
  EXPECT_EQ(std::string(followers[0]["email"].GetString()), email_);
}

TEST_F(CtlRowsTest, EventsListAndShowNameEveryColumn) {
  CommandResult list =
      Stack::Get().CtlOk({"events", "list", "--listener", listener_.key});
  ASSERT_TRUE(list.json.IsArray() && list.json.Size() == 1) << list.out;
  const rapidjson::Value& e = list.json[0];
  EXPECT_EQ(Names(e),
            (std::vector<std::string>{"id", "received_at", "listener_id",
                                      "listener", "http_status", "error_code",
                                      "delivery_id", "duration_ms", "replay_of",
                                      "duplicate_of", "outcomes"}));
  EXPECT_EQ(e["id"].GetInt64(), event_);
  EXPECT_EQ(std::string(e["listener"].GetString()), listener_.key);
  EXPECT_EQ(e["http_status"].GetInt64(), 200);
  EXPECT_TRUE(e["error_code"].IsNull());
  EXPECT_TRUE(e["duration_ms"].IsNumber());
  EXPECT_TRUE(e["replay_of"].IsNull());
  EXPECT_EQ(e["outcomes"]["applied"].GetInt64(), 1);

  CommandResult show =
      Stack::Get().CtlOk({"events", "show", std::to_string(event_)});
  const rapidjson::Value& s = show.json;
  std::vector<std::string> names = Names(s);
  ASSERT_GE(names.size(), 17u) << show.out;
  names.resize(17);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "id", "received_at", "listener_id", "listener",
                       "listener_type", "http_status", "error_code",
                       "error_message", "delivery_id", "dedup_retained",
                       "duplicate_of", "replay_of", "forced_by", "key_passed",
                       "signature_passed", "client_addr", "duration_ms"}));
  EXPECT_EQ(std::string(s["listener_type"].GetString()), "data");
  EXPECT_EQ(s["listener_id"].GetInt64(), e["listener_id"].GetInt64());
  EXPECT_TRUE(s["key_passed"].GetBool());
  EXPECT_TRUE(s["forced_by"].IsNull());
  EXPECT_EQ(std::string(s["client_addr"].GetString()), "127.0.0.1");
  EXPECT_EQ(s["outcome_counts"]["applied"].GetInt64(), 1);
  EXPECT_NE(std::string(s["body"].GetString()).find(email_), std::string::npos);
}

TEST_F(CtlRowsTest, ApiKeyAndProjectListsCountWhatUsesThem) {
  CommandResult keys = Stack::Get().CtlOk({"apikey", "list"});
  const rapidjson::Value* key = Find(keys.json, "name", listener_.api_name);
  ASSERT_NE(key, nullptr) << keys.out;
  EXPECT_EQ(Names(*key),
            (std::vector<std::string>{
                "name", "prefix", "created_at", "last_used_at", "revoked_at",
                "allowed_ips", "notify_email", "listeners"}));
  EXPECT_EQ(std::string((*key)["prefix"].GetString()),
            listener_.api_key.substr(0, 12));
  EXPECT_TRUE((*key)["last_used_at"].IsString()) << "the delivery used it";
  EXPECT_TRUE((*key)["revoked_at"].IsNull());
  EXPECT_TRUE((*key)["allowed_ips"].IsArray());
  EXPECT_EQ((*key)["listeners"].GetInt64(), 1);

  CommandResult projects = Stack::Get().CtlOk({"project", "list"});
  const rapidjson::Value* project = nullptr;
  for (const rapidjson::Value& p : projects.json.GetArray()) {
    if (p["id"].GetInt64() == project_) project = &p;
  }
  ASSERT_NE(project, nullptr) << projects.out;
  EXPECT_EQ(Names(*project),
            (std::vector<std::string>{"id", "name", "status", "created_at",
                                      "participants", "feedback"}));
  EXPECT_EQ((*project)["participants"].GetInt64(), 1);
  EXPECT_EQ((*project)["feedback"].GetInt64(), 1);
}

}  // namespace
}  // namespace earshot::test
