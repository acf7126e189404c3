// The macro listener end to end: every action on users (community and
// project scope) and feedback, all-or-none, delete_user's erasure, and
// macros refused when saved.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

std::string Str(int64_t n) { return std::to_string(n); }

std::string Q(const std::string& sql, const std::vector<SqlParam>& params) {
  return Stack::Get().Value(sql, params);
}

std::string UserColumn(int64_t user, const std::string& column) {
  return Q("SELECT " + column + " FROM users WHERE id = ?",
           {SqlParam::Int(user)});
}

int64_t OutboxCount(const std::string& recipient) {
  return Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE recipient = ?",
                            {SqlParam::Text(recipient)});
}

std::string OutboxColumn(const std::string& recipient,
                         const std::string& column) {
  return Q("SELECT " + column +
               " FROM outbox WHERE recipient = ? ORDER BY id "
               "DESC LIMIT 1",
           {SqlParam::Text(recipient)});
}

class MacroUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    group_ = CreateGroup(
        "users", {{"Plan", "/plan", "string"}, {"Seats", "/seats", "integer"}});
    admin_ = UniqueEmail("admin");
    CreateUser(admin_, "admin");
    email_ = UniqueEmail("ann");
    project_ = CreateProject();
    user_ = CreateUser(email_, "member", {project_});
    hook_ = "http://127.0.0.1:9/" + Unique("hook");
    boss_ = UniqueEmail("boss");
  }

  std::string AllActions() const {
    return R"({"actions":[
      {"type":"score","points":7},
      {"type":"status","value":"{{payload:/state}}"},
      {"type":"set_data","field":")" +
           group_ + R"(.Seats","value":"{{payload:/seats}}"},
      {"type":"set_data","field":")" +
           group_ +
           R"(.Plan","value":"plan {{payload:/plan}} for {{user.name}}"},
      {"type":"email","to":"target","subject":"Hello {{user.name}}",
       "body":"Score {{user.score}}, status {{user.status}}, plan {{data.)" +
           group_ + R"(.Plan}}, project {{project.name}}."},
      {"type":"email","to":")" +
           boss_ +
           R"(","subject":"About {{user.email}}","body":"{{macro.name}}"},
      {"type":"webhook","url":")" +
           hook_ + R"(","headers":{"X-Seats":"{{data.)" + group_ +
           R"(.Seats}}"},
       "body":{"user":"{{user.id}}","score":"{{user.score}}","seats":"{{data.)" +
           group_ + R"(.Seats}}","raw":"{{payload:/extra}}"}},
      {"type":"comment","author":")" +
           admin_ + R"(","text":"Macro ran for {{user.email}}"}]})";
  }

  std::string group_, admin_, email_, hook_, boss_;
  int64_t project_ = 0, user_ = 0;
};

TEST_F(MacroUsersTest, EveryActionAtCommunityScope) {
  std::string macro = CreateMacro("users", AllActions());
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  HttpResponse r = Deliver(
      l, R"({"email":")" + email_ +
             R"(","state":"vip","seats":12,"plan":"pro","extra":{"a":[1,2]}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{Str(user_) + ":applied"});
  EXPECT_EQ(UserColumn(user_, "score"), "7");
  EXPECT_EQ(UserColumn(user_, "status"), "vip");
  EXPECT_EQ(DataValue(group_, "Seats", user_), "12");
  EXPECT_EQ(DataValue(group_, "Plan", user_), "plan pro for Name of " + email_);
  // Templates see what earlier actions did.
  EXPECT_EQ(OutboxColumn(email_, "subject"), "Hello Name of " + email_);
  EXPECT_EQ(OutboxColumn(email_, "body"),
            "Score 7, status vip, plan plan pro for Name of " + email_ +
                ", project .");
  EXPECT_EQ(OutboxColumn(boss_, "subject"), "About " + email_);
  EXPECT_EQ(OutboxColumn(boss_, "body"), macro);
  EXPECT_EQ(OutboxColumn(hook_, "body"),
            R"({"user":)" + Str(user_) +
                R"(,"score":7,"seats":12,"raw":{"a":[1,2]}})");
  EXPECT_EQ(OutboxColumn(hook_, "headers"), R"({"X-Seats":"12"})");
  EXPECT_EQ(OutboxColumn(hook_, "origin"), "macro " + macro);
  EXPECT_EQ(OutboxColumn(hook_, "secret").rfind("whsec_", 0), 0u)
      << "a generated per-macro secret";
  EXPECT_EQ(
      Q("SELECT COUNT(*) FROM comments WHERE user_id = ? AND project_id "
        "IS NULL AND body = ?",
        {SqlParam::Int(user_), SqlParam::Text("Macro ran for " + email_)}),
      "1");
}

TEST_F(MacroUsersTest, ProjectScopeUsesTheParticipation) {
  std::string macro = CreateMacro("users", AllActions());
  ListenerFixture l =
      CreateListener("macro", "users",
                     {"--macro", macro, "--scope", "project:" + Str(project_)});
  HttpResponse r =
      Deliver(l, R"({"email":")" + email_ +
                     R"(","state":"lead","seats":3,"plan":"team"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(UserColumn(user_, "score"), "0");
  EXPECT_EQ(UserColumn(user_, "status"), "active");
  EXPECT_EQ(Q("SELECT CONCAT(score, ' ', status) FROM participations WHERE "
              "project_id = ? AND user_id = ?",
              {SqlParam::Int(project_), SqlParam::Int(user_)}),
            "7 lead");
  std::string project_name =
      Q("SELECT name FROM projects WHERE id = ?", {SqlParam::Int(project_)});
  EXPECT_EQ(OutboxColumn(email_, "body"),
            "Score 7, status lead, plan plan team for Name of " + email_ +
                ", project " + project_name + ".");
  EXPECT_EQ(
      Q("SELECT COUNT(*) FROM comments WHERE user_id = ? AND project_id = ?",
        {SqlParam::Int(user_), SqlParam::Int(project_)}),
      "1");
}

TEST_F(MacroUsersTest, AllOrNoneWhenTheLastActionFails) {
  std::string member = UniqueEmail("member");
  CreateUser(member, "member");
  std::string actions = AllActions();
  // The same actions, then a comment by someone who may not comment.
  actions.replace(actions.rfind("]}"), 2,
                  R"(,{"type":"comment","author":")" + member +
                      R"(","text":"not allowed"}]})");
  std::string macro = CreateMacro("users", actions);
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  int64_t comments_before = Stack::Get().Count("SELECT COUNT(*) FROM comments");
  HttpResponse r =
      Deliver(l, R"({"email":")" + email_ +
                     R"(","state":"vip","seats":12,"plan":"pro"})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.ErrorCode(), "author_not_allowed");
  EXPECT_GT(r.Event(), 0);
  EXPECT_EQ(EventColumn(r.Event(), "http_status"), "422");
  EXPECT_EQ(UserColumn(user_, "score"), "0");
  EXPECT_EQ(UserColumn(user_, "status"), "active");
  EXPECT_EQ(DataValue(group_, "Seats", user_), "NULL");
  EXPECT_EQ(OutboxCount(email_), 0);
  EXPECT_EQ(OutboxCount(boss_), 0);
  EXPECT_EQ(OutboxCount(hook_), 0);
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM comments"),
            comments_before);
}

TEST_F(MacroUsersTest, AValueTheFieldRefusesIsInvalidValueAndWritesNothing) {
  std::string macro = CreateMacro("users", AllActions());
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  HttpResponse r =
      Deliver(l, R"({"email":")" + email_ +
                     R"(","state":"vip","seats":"many","plan":"pro"})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.ErrorCode(), "invalid_value");
  EXPECT_NE(r.body.find(group_ + ".Seats"), std::string::npos) << r.body;
  EXPECT_EQ(UserColumn(user_, "score"), "0");
  // A status no one may set by template either.
  r = Deliver(l, R"({"email":")" + email_ + R"(","state":"","seats":1})");
  EXPECT_EQ(r.status, 422) << r.body;
  r = Deliver(l,
              R"({"email":")" + email_ + R"(","state":"deleted","seats":1})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(UserColumn(user_, "status"), "active");
}

TEST_F(MacroUsersTest, PayloadValuesPassThroughSetDataLikeTheDataListener) {
  std::string macro = CreateMacro(
      "users", R"({"actions":[{"type":"set_data","field":")" + group_ +
                   R"(.Seats","value":"{{payload:/seats}}"}]})");
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  ASSERT_EQ(Deliver(l, R"({"email":")" + email_ + R"(","seats":5})").status,
            200);
  EXPECT_EQ(DataValue(group_, "Seats", user_), "5");
  ASSERT_EQ(Deliver(l, R"({"email":")" + email_ + R"("})").status, 200);
  EXPECT_EQ(DataValue(group_, "Seats", user_), "5") << "absent: left as is";
  ASSERT_EQ(Deliver(l, R"({"email":")" + email_ + R"(","seats":null})").status,
            200);
  EXPECT_EQ(DataValue(group_, "Seats", user_), "NULL") << "null clears";
}

TEST_F(MacroUsersTest, DeleteUserErasesPersonalDataAndTheLogKeepsNoCopy) {
  // An earlier delivery naming the user, on another listener.
  ListenerFixture data = CreateListener("data", "users", {"--group", group_});
  HttpResponse earlier =
      Deliver(data, R"({"email":")" + email_ + R"(","seats":4})");
  ASSERT_EQ(earlier.status, 200);
  // Another, naming the user in other letter case; and a body that is not
  // even UTF-8 in the log (the scrub must cope with it).
  std::string upper = email_;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  HttpResponse earlier_upper =
      Deliver(data, R"({"email":")" + upper + R"(","seats":5})");
  ASSERT_EQ(earlier_upper.status, 200);
  EXPECT_EQ(Deliver(data, "{\"email\":\"\xff\xfe\"}").status, 400);
  // A comment on the user, from before.
  ListenerFixture commenter =
      CreateListener("comment", "users",
                     {"--author-field", "/author", "--comment-field", "/text"});
  ASSERT_EQ(Deliver(commenter, R"({"email":")" + email_ + R"(","author":")" +
                                   admin_ + R"(","text":"kept"})")
                .status,
            200);
  std::string macro = CreateMacro("users", R"({"actions":[
        {"type":"email","to":"target","subject":"Goodbye","body":"Bye {{user.name}}"},
        {"type":"delete_user"},
        {"type":"email","to":"target","subject":"After","body":"gone"}]})");
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  HttpResponse r =
      Deliver(l, R"({"email":")" + email_ + R"(","reason":"asked"})",
              {{"X-Requested-By", email_}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(UserColumn(user_, "email"), "NULL");
  EXPECT_EQ(UserColumn(user_, "name"), "");
  EXPECT_EQ(UserColumn(user_, "status"), "deleted");
  EXPECT_NE(UserColumn(user_, "deleted_at"), "NULL");
  EXPECT_EQ(DataValue(group_, "Seats", user_), "NULL");
  EXPECT_EQ(
      Stack::Get().Count("SELECT COUNT(*) FROM comments WHERE user_id = ?",
                         {SqlParam::Int(user_)}),
      1)
      << "comments stay";
  // The goodbye went out before the erasure; nothing after it.
  EXPECT_EQ(OutboxCount(email_), 1);
  // Neither this delivery's log entry nor the earlier one shows the email.
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(c));
    return text;
  };
  for (int64_t event : {r.Event(), earlier.Event(), earlier_upper.Event()}) {
    CommandResult shown = Stack::Get().CtlOk({"events", "show", Str(event)});
    EXPECT_EQ(lower(shown.out).find(email_), std::string::npos) << shown.out;
    CommandResult human = Stack::Get().Run(
        {Stack::Get().bin() + "/earshotctl", "--config",
         Stack::Get().config_path(), "events", "show", Str(event)},
        {}, "");
    EXPECT_EQ(lower(human.out).find(email_), std::string::npos) << human.out;
  }
  CommandResult list = Stack::Get().CtlOk({"events", "list", "--limit", "200"});
  EXPECT_EQ(list.out.find(email_), std::string::npos);
  // A deleted user is no longer a target.
  HttpResponse again = Deliver(l, R"({"email":")" + email_ + R"("})");
  EXPECT_EQ(again.Outcomes(), std::vector<std::string>{"0:not_found"});
}

TEST_F(MacroUsersTest, ADeletedAuthorsCommentsStayShownAsADeletedUser) {
  // The admin comments on a ticket, then is deleted by a macro.
  std::string author = UniqueEmail("leaver");
  int64_t author_id = CreateUser(author, "admin", {project_});
  int64_t ticket = CreateFeedback(project_, email_, "Ticket");
  ListenerFixture commenter =
      CreateListener("comment", "feedback",
                     {"--author-field", "/author", "--comment-field", "/text",
                      "--scope", "project:" + Str(project_)});
  ASSERT_EQ(
      Deliver(commenter, R"({"feedback_id":)" + Str(ticket) + R"(,"author":")" +
                             author + R"(","text":"mine"})")
          .status,
      200);
  std::string macro =
      CreateMacro("users", R"({"actions":[{"type":"delete_user"}]})");
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  ASSERT_EQ(Deliver(l, R"({"email":")" + author + R"("})").status, 200);
  EXPECT_EQ(UserColumn(author_id, "status"), "deleted");
  CommandResult comments = Stack::Get().Run(
      {Stack::Get().bin() + "/earshotctl", "--config",
       Stack::Get().config_path(), "comments", "list", "feedback", Str(ticket)},
      {}, "");
  EXPECT_NE(comments.out.find("(deleted user)"), std::string::npos)
      << comments.out;
  EXPECT_NE(comments.out.find("mine"), std::string::npos) << comments.out;
  EXPECT_EQ(comments.out.find(author), std::string::npos) << comments.out;
}

class MacroFeedbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = CreateProject();
    author_ = UniqueEmail("author");
    author_id_ = CreateUser(author_, "member", {project_});
    pm_ = UniqueEmail("pm");
    CreateUser(pm_, "manager", {project_});
    follower_ = UniqueEmail("follower");
    CreateUser(follower_, "member", {project_});
    ticket_ = CreateFeedback(project_, author_, "Crash \"on\" start \\ now");
    Stack::Get().CtlOk({"follow", Str(ticket_), follower_});
    Stack::Get().CtlOk({"follow", Str(ticket_), pm_});
    group_ = CreateGroup("feedback", {{"Key", "/issue/key", "string"},
                                      {"Status", "/x", "string"}});
    ListenerFixture data = CreateListener(
        "data", "feedback",
        {"--group", group_, "--scope", "project:" + Str(project_)});
    EXPECT_EQ(Deliver(data, R"({"feedback_id":)" + Str(ticket_) +
                                R"(,"issue":{"key":")" + Unique("PRJ") + "\"}}")
                  .status,
              200);
    key_ = DataValue(group_, "Key", ticket_);
  }

  std::string project_scope() const { return "project:" + Str(project_); }

  std::string author_, pm_, follower_, group_, key_;
  int64_t project_ = 0, author_id_ = 0, ticket_ = 0;
};

TEST_F(MacroFeedbackTest, EveryActionOnATicket) {
  std::string hook = "http://127.0.0.1:9/" + Unique("fb");
  std::string macro = CreateMacro(
      "feedback",
      R"({"actions":[
    {"type":"status","value":"{{payload:/issue/fields/status/name}}"},
    {"type":"score","points":-2},
    {"type":"set_data","field":")" +
          group_ + R"(.Status","value":"{{payload:/issue/fields/status/name}}"},
    {"type":"email","to":"followers","subject":"{{feedback.title}} is {{feedback.status}}","body":"{{author.name}} now has {{user.score}}"},
    {"type":"email","to":"author","subject":"Yours: {{feedback.kind}} #{{feedback.id}}","body":"{{data.)" +
          group_ + R"(.Key}} in {{project.name}}"},
    {"type":"webhook","url":")" +
          hook +
          R"(","body":{"title":"{{feedback.title}}","popularity":"{{feedback.popularity}}","author":"{{author.email}}","line":"#{{feedback.id}} {{feedback.title}}"}},
    {"type":"comment","author":")" +
          pm_ + R"(","text":"Closed as {{payload:/issue/key}}"}]})");
  ListenerFixture l =
      CreateListener("macro", "feedback",
                     {"--macro", macro, "--scope", project_scope(),
                      "--identify", "data:" + group_ + ".Key=/issue/key"});
  HttpResponse r = Deliver(l, R"({"issue":{"key":")" + key_ +
                                  R"(","fields":{"status":{"name":"Done"}}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(), std::vector<std::string>{Str(ticket_) + ":applied"});
  EXPECT_EQ(
      Q("SELECT status FROM feedback WHERE id = ?", {SqlParam::Int(ticket_)}),
      "Done");
  EXPECT_EQ(UserColumn(author_id_, "score"), "-2");
  EXPECT_EQ(DataValue(group_, "Status", ticket_), "Done");
  const std::string title = "Crash \"on\" start \\ now";
  for (const std::string& to : {follower_, pm_}) {
    EXPECT_EQ(
        Q("SELECT COUNT(*) FROM outbox WHERE recipient = ? AND subject = ?",
          {SqlParam::Text(to), SqlParam::Text(title + " is Done")}),
        "1")
        << to;
  }
  EXPECT_EQ(OutboxColumn(author_, "subject"), "Yours: bug #" + Str(ticket_));
  EXPECT_NE(OutboxColumn(author_, "body").find(key_ + " in "),
            std::string::npos);
  // The webhook body is valid JSON holding the title exactly.
  std::string body = OutboxColumn(hook, "body");
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  ASSERT_TRUE(doc.IsObject()) << body;
  EXPECT_EQ(std::string(doc["title"].GetString()), title);
  EXPECT_EQ(std::string(doc["line"].GetString()),
            "#" + Str(ticket_) + " " + title);
  EXPECT_EQ(doc["popularity"].GetInt64(), 0);
  EXPECT_EQ(std::string(doc["author"].GetString()), author_);
  // The comment: on the ticket, popularity +1, a follow notification to the
  // follower who is not its author.
  EXPECT_EQ(
      Q("SELECT COUNT(*) FROM comments WHERE feedback_id = ? AND body = ?",
        {SqlParam::Int(ticket_), SqlParam::Text("Closed as " + key_)}),
      "1");
  EXPECT_EQ(Q("SELECT popularity FROM feedback WHERE id = ?",
              {SqlParam::Int(ticket_)}),
            "1");
  EXPECT_EQ(Q("SELECT COUNT(*) FROM outbox WHERE recipient = ? AND origin = "
              "'comment'",
              {SqlParam::Text(follower_)}),
            "1");
  EXPECT_EQ(Q("SELECT COUNT(*) FROM outbox WHERE recipient = ? AND origin = "
              "'comment'",
              {SqlParam::Text(pm_)}),
            "0");
}

TEST_F(MacroFeedbackTest, TwoTicketsByOneAuthorScoreTwice) {
  int64_t second = CreateFeedback(project_, author_, "Second");
  std::string macro =
      CreateMacro("feedback", R"({"actions":[{"type":"score","points":5}]})");
  ListenerFixture l = CreateListener(
      "macro", "feedback",
      {"--macro", macro, "--scope", project_scope(), "--identify", "id=/ids"});
  ASSERT_EQ(Deliver(l, R"({"ids":[)" + Str(ticket_) + "," + Str(second) + "]}")
                .status,
            200);
  EXPECT_EQ(UserColumn(author_id_, "score"), "10");
}

// Tickets of several authors: each author scores once per ticket, whether
// every author has as many tickets (one statement by author ids) or not.
TEST_F(MacroFeedbackTest, TicketsOfSeveralAuthorsScoreEachTicket) {
  const std::string other = UniqueEmail("other");
  const int64_t other_id = CreateUser(other, "member", {project_});
  const int64_t second = CreateFeedback(project_, author_, "Second");
  const int64_t theirs = CreateFeedback(project_, other, "Theirs");
  std::string macro =
      CreateMacro("feedback", R"({"actions":[{"type":"score","points":3}]})");
  ListenerFixture l = CreateListener(
      "macro", "feedback",
      {"--macro", macro, "--scope", project_scope(), "--identify", "id=/ids"});
  HttpResponse r =
      Deliver(l, R"({"ids":[)" + Str(ticket_) + "," + Str(theirs) + "]}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(UserColumn(author_id_, "score"), "3");
  EXPECT_EQ(UserColumn(other_id, "score"), "3");
  r = Deliver(l, R"({"ids":[)" + Str(theirs) + "," + Str(second) + "," +
                     Str(ticket_) + "]}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Outcomes(), (std::vector<std::string>{Str(ticket_) + ":applied",
                                                    Str(second) + ":applied",
                                                    Str(theirs) + ":applied"}));
  EXPECT_EQ(UserColumn(author_id_, "score"), "9");
  EXPECT_EQ(UserColumn(other_id, "score"), "6");
}

TEST(MacroSaveTest, MistakesAreRefusedWithOneLine) {
  Stack& s = Stack::Get();
  std::string path = s.var() + "/" + Unique("bad") + ".json";
  struct Case {
    std::string target, json, expect;
  };
  const Case kCases[] = {
      {"users", R"({"actions":[{"type":"boom"}]})", "unknown action \"boom\""},
      {"feedback", R"({"actions":[{"type":"delete_user"}]})",
       "users macros only"},
      {"users",
       R"({"actions":[{"type":"set_data","field":"No.Such","value":"1"}]})",
       "no data field No.Such for users"},
      {"users",
       R"({"actions":[{"type":"email","to":"target","subject":"{{user.pass}}","body":""}]})",
       "unknown tag {{user.pass}}"},
      {"users", R"({"actions":[{"type":"webhook","url":"ftp://x"}]})",
       "http://"},
      {"users",
       R"({"actions":[{"type":"email","to":"someone","subject":"s","body":"b"}]})",
       "to must be"},
      {"projects", R"({"actions":[{"type":"score","points":1}]})",
       "users|feedback"},
  };
  for (const Case& c : kCases) {
    std::string name = Unique("bad");
    s.Run({"/bin/sh", "-c", "cat > " + path}, {}, c.json);
    CommandResult r =
        s.Ctl({"macro", "create", name, "--target", c.target, "--file", path});
    EXPECT_EQ(r.exit_code, 2) << c.json;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(s.Ctl({"macro", "show", name}).exit_code, 2) << "nothing saved";
  }
}

TEST(MacroSaveTest, ListShowUpdateAndDeleteOnlyWhenUnused) {
  Stack& s = Stack::Get();
  std::string macro =
      CreateMacro("users", R"({"actions":[{"type":"score","points":1}]})");
  CommandResult shown = s.CtlOk({"macro", "show", macro});
  EXPECT_EQ(std::string(shown.json["target"].GetString()), "users");
  EXPECT_EQ(shown.json["document"]["actions"][0]["points"].GetInt(), 1);
  CommandResult list = s.CtlOk({"macro", "list"});
  EXPECT_NE(list.out.find(macro), std::string::npos);
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  std::string email = UniqueEmail();
  int64_t user = CreateUser(email);
  ASSERT_EQ(Deliver(l, R"({"email":")" + email + R"("})").status, 200);
  EXPECT_EQ(UserColumn(user, "score"), "1");
  // An update reaches the running listener (the config version moves).
  std::string path = s.var() + "/" + Unique("upd") + ".json";
  s.Run({"/bin/sh", "-c", "cat > " + path}, {},
        R"({"actions":[{"type":"score","points":10}]})");
  s.CtlOk({"macro", "update", macro, "--file", path});
  ASSERT_EQ(Deliver(l, R"({"email":")" + email + R"("})").status, 200);
  EXPECT_EQ(UserColumn(user, "score"), "11");
  CommandResult refused = s.Ctl({"macro", "delete", macro});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find(l.key), std::string::npos) << refused.err;
  s.CtlOk({"listener", "delete", l.key});
  s.CtlOk({"macro", "delete", macro});
  EXPECT_EQ(s.Ctl({"macro", "show", macro}).exit_code, 2);
}

}  // namespace
}  // namespace earshot::test
