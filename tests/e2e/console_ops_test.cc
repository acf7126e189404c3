// The console's Ops page (/admin/ops) and the Prometheus metrics
// (/admin/metrics) through nginx: pools answering or not, the database,
// the outbox and its workers; the metrics token, counts that move by
// exactly the deliveries sent and never drop (folded into the totals,
// purged, listener deleted), label escaping.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <map>
#include <sstream>
#include <string>

#include "tests/e2e/console_client.h"
#include "tests/e2e/fixtures.h"
#include "tests/e2e/harness.h"

namespace earshot::test {
namespace {

using Browser = ConsoleClient;

std::string NewMetricsToken() {
  CommandResult r = Stack::Get().CtlOk({"metrics", "token"});
  if (!r.json.IsObject() || !r.json.HasMember("token")) return "";
  return r.json["token"].GetString();
}

HttpResponse Scrape(const std::string& authorization,
                    const std::string& cookie = "",
                    const std::string& method = "GET") {
  Headers headers;
  if (!authorization.empty())
    headers.emplace_back("Authorization", authorization);
  if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
  return Stack::Get().Post("/admin/metrics", "", headers, method);
}

// Samples by series ("name{labels}"), from an exposition.
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> samples;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

// The samples of a scrape with a fresh token, asserting a 200.
std::map<std::string, double> Metrics() {
  static std::string token = NewMetricsToken();
  HttpResponse r = Scrape("Bearer " + token);
  if (r.status == 401) {  // another test replaced the token
    token = NewMetricsToken();
    r = Scrape("Bearer " + token);
  }
  EXPECT_EQ(r.status, 200) << r.body;
  return Samples(r.body);
}

double Get(const std::map<std::string, double>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

std::string Deliveries(const std::string& type, int status) {
  return "earshot_deliveries_total{type=\"" + type + "\",status=\"" +
         std::to_string(status) + "\"}";
}

// Every type's histogram agrees with its counters, and is cumulative.
void ExpectConsistent(const std::map<std::string, double>& m) {
  std::map<std::string, double> by_type;
  const std::string prefix = "earshot_deliveries_total{type=\"";
  for (const auto& [series, value] : m) {
    if (series.rfind(prefix, 0) != 0) continue;
    std::string type = series.substr(prefix.size());
    by_type[type.substr(0, type.find('"'))] += value;
  }
  for (const auto& [type, total] : by_type) {
    const std::string labels = "{type=\"" + type + "\"}";
    EXPECT_EQ(Get(m, "earshot_delivery_duration_seconds_count" + labels), total)
        << type;
    EXPECT_EQ(Get(m, "earshot_delivery_duration_seconds_bucket{type=\"" + type +
                         "\",le=\"+Inf\"}"),
              total)
        << type;
    double last = 0;
    for (const char* le : {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                           "0.5", "1", "2.5", "5", "10"}) {
      double v = Get(m, "earshot_delivery_duration_seconds_bucket{type=\"" +
                            type + "\",le=\"" + le + "\"}");
      EXPECT_GE(v, last) << type << " le=" << le;
      last = v;
    }
    EXPECT_LE(last, total);
  }
}

ListenerFixture DataListener() {
  std::string group = CreateGroup("users", {{"Count", "/count", "integer"}});
  return CreateListener("data", "users",
                        {"--group", group, "--identify", "email=/email"});
}

std::string Body(const std::string& email, const std::string& count) {
  return R"({"email":")" + email + R"(","count":)" + count + "}";
}

TEST(ConsoleMetrics, ReadOnlyWithItsOwnToken) {
  const std::string token = NewMetricsToken();
  ASSERT_EQ(token.rfind("esm_", 0), 0u) << token;

  HttpResponse r = Scrape("");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(r.headers["www-authenticate"].find("Bearer"), std::string::npos);
  EXPECT_EQ(Scrape("Bearer esm_wrong").status, 401);
  EXPECT_EQ(Scrape("Bearer " + token + "x").status, 401);
  EXPECT_EQ(Scrape("Basic " + token).status, 401);

  // A signed-in admin's session cookie alone is not enough.
  Browser admin;
  ASSERT_EQ(admin.SignIn(ConsoleAccount("admin")).status, 303);
  ASSERT_EQ(admin.Get("/admin/listeners").status, 200);
  EXPECT_EQ(Scrape("", admin.Cookies()).status, 401);

  r = Scrape("bearer " + token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"],
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("\nearshot_up 1\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("# TYPE earshot_deliveries_total counter"),
            std::string::npos);
  EXPECT_NE(r.body.find("# TYPE earshot_delivery_duration_seconds histogram"),
            std::string::npos);
  EXPECT_EQ(Scrape("Bearer " + token, "", "POST").status, 405);

  // Only the hash is stored; a new token replaces the old one.
  EXPECT_EQ(Stack::Get().Count("SELECT COUNT(*) FROM metrics_token WHERE "
                               "token_hash = UNHEX(SHA2(?, 256))",
                               {SqlParam::Text(token)}),
            1);
  const std::string second = NewMetricsToken();
  EXPECT_NE(second, token);
  EXPECT_EQ(Scrape("Bearer " + token).status, 401);
  EXPECT_EQ(Scrape("Bearer " + second).status, 200);
}

TEST(ConsoleMetrics, CountsMoveByExactlyTheDeliveriesSent) {
  ListenerFixture l = DataListener();
  std::string email = UniqueEmail("metrics");
  CreateUser(email);
  auto before = Metrics();
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(Deliver(l, Body(email, "1")).status, 200);
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(
        Stack::Get()
            .Post(l.path(), Body(email, "1"), {Bearer("esk_wrong"), JsonType()})
            .status,
        401);
  }
  ASSERT_EQ(Deliver(l, Body(email, "\"many\"")).status, 422);
  auto after = Metrics();
  EXPECT_EQ(Get(after, Deliveries("data", 200)) -
                Get(before, Deliveries("data", 200)),
            3);
  EXPECT_EQ(Get(after, Deliveries("data", 401)) -
                Get(before, Deliveries("data", 401)),
            2);
  EXPECT_EQ(Get(after, Deliveries("data", 422)) -
                Get(before, Deliveries("data", 422)),
            1);
  const std::string count =
      "earshot_delivery_duration_seconds_count{type=\"data\"}";
  EXPECT_EQ(Get(after, count) - Get(before, count), 6);
  EXPECT_GT(
      Get(after, "earshot_delivery_duration_seconds_sum{type=\"data\"}"),
      Get(before, "earshot_delivery_duration_seconds_sum{type=\"data\"}"));
  ExpectConsistent(after);
}

TEST(ConsoleMetrics, CountersNeverDropWhenEventsAreFoldedPurgedOrOrphaned) {
  ListenerFixture l = DataListener();
  std::string email = UniqueEmail("metrics");
  CreateUser(email);
  HttpResponse first = Deliver(l, Body(email, "1"));
  HttpResponse second = Deliver(l, Body(email, "2"));
  ASSERT_EQ(second.status, 200);
  auto counted = Metrics();

  // Every event settled (recorded more than a few minutes ago): a scrape
  // folds them into the totals, and the counts stay as they were.
  auto db = Stack::Get().Db();
  ASSERT_TRUE(db->Run("UPDATE events SET received_at = received_at - "
                      "INTERVAL 10 MINUTE",
                      nullptr)
                  .ok());
  ASSERT_TRUE(db->Commit().ok());
  auto folded = Metrics();
  EXPECT_GE(std::stoll(Stack::Get().Value(
                "SELECT event_id FROM delivery_rollup WHERE id = 1")),
            second.Event());
  EXPECT_EQ(Get(folded, Deliveries("data", 200)),
            Get(counted, Deliveries("data", 200)));
  ExpectConsistent(folded);

  // Retention deletes them: still counted.
  ListenerFixture other = DataListener();
  HttpResponse third = Deliver(other, Body(email, "3"));
  ASSERT_EQ(third.status, 200);
  auto with_third = Metrics();
  for (int64_t event : {first.Event(), second.Event(), third.Event()}) {
    ASSERT_TRUE(db->Run("UPDATE events SET received_at = received_at - "
                        "INTERVAL 40 DAY WHERE id = ?",
                        {SqlParam::Int(event)}, nullptr)
                    .ok());
  }
  ASSERT_TRUE(db->Commit().ok());
  CommandResult purged = Stack::Get().CtlOk({"events", "purge"});
  EXPECT_GE(purged.json["deleted"].GetInt64(), 3) << purged.out;
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM events WHERE id IN (?, ?, ?)",
                {SqlParam::Int(first.Event()), SqlParam::Int(second.Event()),
                 SqlParam::Int(third.Event())}),
            0);
  auto after_purge = Metrics();
  EXPECT_EQ(Get(after_purge, Deliveries("data", 200)),
            Get(with_third, Deliveries("data", 200)));
  ExpectConsistent(after_purge);

  // A deleted listener's events keep counting under its type.
  ASSERT_EQ(Deliver(other, Body(email, "4")).status, 200);
  auto before_delete = Metrics();
  Stack::Get().CtlOk({"listener", "delete", other.key});
  auto after_delete = Metrics();
  EXPECT_EQ(Get(after_delete, Deliveries("data", 200)),
            Get(before_delete, Deliveries("data", 200)));
  ExpectConsistent(after_delete);
}

TEST(ConsoleMetrics, OutboxGaugesAndEscapedWorkerNames) {
  auto db = Stack::Get().Db();
  const std::string worker = "evil\"host\\\n" + Unique("w") + ":1";
  ASSERT_TRUE(db->Run("INSERT INTO outbox_workers (name, started_at, seen_at) "
                      "VALUES (?, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, "
                      "UTC_TIMESTAMP(6) - INTERVAL 300 SECOND)",
                      {SqlParam::Text(worker)}, nullptr)
                  .ok());
  ASSERT_TRUE(db->Run("INSERT INTO outbox (kind, state, recipient, body, "
                      "message_id) VALUES ('email', 'dead', 'x@example.com', "
                      "'b', ?)",
                      {SqlParam::Text(Unique("dead-message"))}, nullptr)
                  .ok());
  ASSERT_TRUE(db->Commit().ok());
  auto m = Metrics();
  EXPECT_EQ(
      Get(m, "earshot_outbox_dead_messages"),
      Stack::Get().Count("SELECT COUNT(*) FROM outbox WHERE state = 'dead'"));
  EXPECT_EQ(Get(m, "earshot_outbox_messages{state=\"dead\"}"),
            Get(m, "earshot_outbox_dead_messages"));
  EXPECT_EQ(Get(m, "earshot_outbox_messages{state=\"pending\"}"),
            Stack::Get().Count(
                "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"));
  // \ " and a line feed escaped as the text format says.
  std::string escaped = "evil\\\"host\\\\\\n" + worker.substr(11);
  const std::string series =
      "earshot_outbox_worker_last_seen_seconds{worker=\"" + escaped + "\"}";
  ASSERT_EQ(m.count(series), 1u) << series;
  EXPECT_GE(m[series], 299);
  ASSERT_TRUE(db->Run("DELETE FROM outbox_workers WHERE name = ?",
                      {SqlParam::Text(worker)}, nullptr)
                  .ok());
  ASSERT_TRUE(db->Commit().ok());
}

TEST(ConsoleOps, ShowsEachPoolTheDatabaseAndTheOutbox) {
  Browser admin;
  ASSERT_EQ(admin.SignIn(ConsoleAccount("admin")).status, 303);
  HttpResponse r = admin.Get("/admin/ops");
  ASSERT_EQ(r.status, 200) << r.body;
  for (const char* type : {"data", "comment", "macro"}) {
    size_t row = r.body.find(std::string("id=\"pool-") + type + "\"");
    ASSERT_NE(row, std::string::npos) << type << r.body;
    std::string line = r.body.substr(row, r.body.find("</tr>", row) - row);
    EXPECT_NE(line.find(">OK<"), std::string::npos) << line;
  }
  const std::string version = Stack::Get().Value("SELECT VERSION()");
  EXPECT_NE(r.body.find(version), std::string::npos) << version;
  EXPECT_NE(r.body.find("011_ops_metrics"), std::string::npos);
  const std::string dead =
      "id=\"outbox-dead\">" +
      std::to_string(Stack::Get().Count(
          "SELECT COUNT(*) FROM outbox WHERE state = 'dead'")) +
      "<";
  EXPECT_NE(r.body.find(dead), std::string::npos) << dead;
  EXPECT_NE(r.body.find("href=\"/admin/ops\""), std::string::npos)
      << "in the navigation";

  // Managers do not see it.
  Browser manager;
  ASSERT_EQ(manager.SignIn(ConsoleAccount("manager", {CreateProject()})).status,
            303);
  EXPECT_EQ(manager.Get("/admin/ops").status, 404);
  EXPECT_EQ(manager.Get("/admin/listeners").body.find("href=\"/admin/ops\""),
            std::string::npos);
}

TEST(ConsoleOps, AStoppedPoolShowsDownWithTheError) {
  Browser admin;
  ASSERT_EQ(admin.SignIn(ConsoleAccount("admin")).status, 303);
  ASSERT_EQ(StackCommand({"pool-stop", "comment"}).exit_code, 0);
  HttpResponse r = admin.Get("/admin/ops");
  ASSERT_EQ(StackCommand({"pool-start", "comment"}).exit_code, 0);
  ASSERT_EQ(r.status, 200) << r.body;
  size_t row = r.body.find("id=\"pool-comment\"");
  ASSERT_NE(row, std::string::npos) << r.body;
  std::string line = r.body.substr(row, r.body.find("</tr>", row) - row);
  EXPECT_NE(line.find(">Down<"), std::string::npos) << line;
  EXPECT_NE(line.find("cannot connect"), std::string::npos) << line;
  row = r.body.find("id=\"pool-data\"");
  ASSERT_NE(row, std::string::npos);
  line = r.body.substr(row, r.body.find("</tr>", row) - row);
  EXPECT_NE(line.find(">OK<"), std::string::npos) << line;
  EXPECT_NE(r.body.find("1 of 3 pools down"), std::string::npos);

  r = admin.Get("/admin/ops");
  row = r.body.find("id=\"pool-comment\"");
  ASSERT_NE(row, std::string::npos);
  line = r.body.substr(row, r.body.find("</tr>", row) - row);
  EXPECT_NE(line.find(">OK<"), std::string::npos) << line;
}

// Every console process keeps its database connection between requests;
// when the server drops them (a restart, an idle timeout), the next pages
// open new ones instead of answering 503.
TEST(ConsoleOps, PagesAfterTheDatabaseDroppedTheConnectionsAreServed) {
  Browser admin;
  ASSERT_EQ(admin.SignIn(ConsoleAccount("admin")).status, 303);
  // Reach every process of the pool, so each holds a connection.
  for (int i = 0; i < 8; ++i)
    ASSERT_EQ(admin.Get("/admin/listeners").status, 200);
  Stack& stack = Stack::Get();
  CommandResult ids = stack.Run(
      {"/usr/bin/mariadb", "--defaults-file=" + stack.var() + "/my.cnf",
       "-uroot", "-N", "-B", "-e",
       "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> "
       "CONNECTION_ID() AND USER NOT IN ('root', 'system user', "
       "'event_scheduler')"},
      {}, "");
  ASSERT_EQ(ids.exit_code, 0) << ids.err;
  std::string kill_sql;
  std::istringstream lines(ids.out);
  for (std::string id; std::getline(lines, id);) {
    if (!id.empty()) kill_sql += "KILL CONNECTION " + id + ";";
  }
  ASSERT_FALSE(kill_sql.empty());
  CommandResult k = stack.Run(
      {"/usr/bin/mariadb", "--defaults-file=" + stack.var() + "/my.cnf",
       "-uroot", "-f", "-e", kill_sql},
      {}, "");
  (void)k;  // a connection may end by itself meanwhile
  // Idle long enough for the processes to check their connection first.
  usleep(2500 * 1000);
  for (int i = 0; i < 8; ++i) {
    HttpResponse r = admin.Get("/admin/listeners");
    EXPECT_EQ(r.status, 200) << r.body;
  }
  Browser manager;
  EXPECT_EQ(manager.SignIn(ConsoleAccount("manager")).status, 303);
}

}  // namespace
}  // namespace earshot::test
