// The health check, GET /listeners/{type}/_health: 200 {"status":"ok"}
// while the type's pool and the database answer, 503 JSON otherwise; never
// recorded as a delivery.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

CommandResult StackCommand(const std::vector<std::string>& args) {
  Stack& s = Stack::Get();
  std::vector<std::string> argv = {s.root() + "/tools/earshot-stack"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(),
              {"--var", s.var(), "--bin", s.bin(), "--pool", "3", "--quiet"});
  return s.Run(argv, {}, "");
}

HttpResponse Health(const std::string& type,
                    const std::string& method = "GET") {
  return Stack::Get().Post("/listeners/" + type + "/_health", "", {}, method);
}

int64_t AllEvents() {
  return Stack::Get().Count("SELECT COUNT(*) FROM events");
}

TEST(OpsHealth, EveryPoolAnswersOkAndNothingIsRecorded) {
  int64_t before = AllEvents();
  for (const char* type : {"data", "comment", "macro"}) {
    HttpResponse r = Health(type);
    EXPECT_EQ(r.status, 200) << type << ": " << r.body;
    EXPECT_EQ(r.body, "{\"status\":\"ok\"}\n") << type;
    EXPECT_NE(r.headers["content-type"].find("application/json"),
              std::string::npos);
    EXPECT_EQ(r.headers["cache-control"], "no-store");
  }
  EXPECT_EQ(Health("data", "HEAD").status, 200);
  HttpResponse post =
      Stack::Get().Post("/listeners/data/_health", "{}", {JsonType()});
  EXPECT_EQ(post.status, 405) << post.body;
  EXPECT_EQ(post.ErrorCode(), "method_not_allowed");
  EXPECT_EQ(post.headers["allow"], "GET, HEAD");
  // Not a path a listener key can take, and nothing else answers it.
  EXPECT_EQ(Health("nosuchtype").status, 404);
  EXPECT_EQ(
      Stack::Get().Post("/listeners/data/_health/x", "", {}, "GET").status,
      404);
  EXPECT_EQ(AllEvents(), before) << "a health check was recorded";
}

TEST(OpsHealth, DatabaseDownThenPoolDownAnswer503Json) {
  ASSERT_EQ(Health("comment").status, 200);
  CommandResult stop = StackCommand({"db-stop"});
  ASSERT_EQ(stop.exit_code, 0) << stop.err;
  HttpResponse down = Health("comment");
  CommandResult start = StackCommand({"db-start"});
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(down.ErrorCode(), "unavailable") << down.body;
  EXPECT_FALSE(down.headers["retry-after"].empty());
  // The same process serves again once the database is back.
  HttpResponse back = Health("comment");
  for (int i = 0; i < 50 && back.status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    back = Health("comment");
  }
  EXPECT_EQ(back.status, 200) << back.body;

  ASSERT_EQ(StackCommand({"pool-stop", "comment"}).exit_code, 0);
  HttpResponse no_pool = Health("comment");
  HttpResponse other = Health("data");
  ASSERT_EQ(StackCommand({"pool-start", "comment"}).exit_code, 0);
  EXPECT_EQ(no_pool.status, 503) << no_pool.body;
  EXPECT_EQ(no_pool.ErrorCode(), "unavailable") << no_pool.body;
  EXPECT_EQ(other.status, 200) << "another type's pool is not affected";
  EXPECT_EQ(Health("comment").status, 200);
}

}  // namespace
}  // namespace earshot::test
