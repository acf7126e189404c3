#include "tests/e2e/fixtures.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace earshot::test {

namespace {

int64_t IdOf(const CommandResult& r, const std::string& what) {
  if (r.exit_code != 0 || !r.json.IsObject() || !r.json.HasMember("id") ||
      !r.json["id"].IsInt64()) {
    throw std::runtime_error("cannot create " + what + ": " + r.err + r.out);
  }
  return r.json["id"].GetInt64();
}

}  // namespace

std::string UniqueIdent(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(++n);
}

std::string UniqueEmail(const std::string& prefix) {
  return Unique(prefix) + "@example.com";
}

int64_t CreateProject() {
  return IdOf(Stack::Get().Ctl({"project", "create", Unique("Project")}),
              "a project");
}

int64_t CreateUser(const std::string& email, const std::string& role,
                   const std::vector<int64_t>& projects) {
  std::vector<std::string> args = {
      "user", "create", email, "--role", role, "--name", "Name of " + email};
  for (int64_t p : projects) {
    args.push_back("--project");
    args.push_back(std::to_string(p));
  }
  return IdOf(Stack::Get().Ctl(args), "user " + email);
}

int64_t CreateFeedback(int64_t project, const std::string& author_email,
                       const std::string& title) {
  return IdOf(Stack::Get().Ctl({"feedback", "create", "--project",
                                std::to_string(project), "--author",
                                author_email, "--title", title}),
              "feedback");
}

std::string CreateApiKey(const std::string& name,
                         const std::vector<std::string>& allow_ips) {
  std::vector<std::string> args = {"apikey", "create", name};
  for (const std::string& cidr : allow_ips) {
    args.push_back("--allow-ip");
    args.push_back(cidr);
  }
  CommandResult r = Stack::Get().Ctl(args);
  if (r.exit_code != 0 || !r.json.IsObject() || !r.json.HasMember("key")) {
    throw std::runtime_error("cannot create API key: " + r.err + r.out);
  }
  return r.json["key"].GetString();
}

std::string CreateGroup(const std::string& target,
                        const std::vector<FieldSpec>& fields) {
  std::string name = UniqueIdent("G");
  Stack& s = Stack::Get();
  CommandResult r = s.Ctl({"group", "create", name, "--target", target});
  if (r.exit_code != 0) throw std::runtime_error("group: " + r.err);
  for (const FieldSpec& f : fields) {
    r = s.Ctl(
        {"field", "add", name, f.label, "--param", f.param, "--type", f.type});
    if (r.exit_code != 0) throw std::runtime_error("field: " + r.err);
  }
  return name;
}

std::string ListenerFixture::path() const {
  return "/listeners/" + type + "/" + key;
}

ListenerFixture CreateListener(const std::string& type,
                               const std::string& target,
                               const std::vector<std::string>& options) {
  ListenerFixture f;
  f.type = type;
  f.api_name = Unique("key");
  f.api_key = CreateApiKey(f.api_name);
  f.key = Unique("l");
  std::vector<std::string> args = {"listener", "create",    f.key,
                                   "--type",   type,        "--target",
                                   target,     "--api-key", f.api_name};
  args.insert(args.end(), options.begin(), options.end());
  CommandResult r = Stack::Get().Ctl(args);
  if (r.exit_code != 0) {
    throw std::runtime_error("cannot create listener: " + r.err + r.out);
  }
  return f;
}

HttpResponse Deliver(const ListenerFixture& listener, const std::string& body,
                     const Headers& headers, const std::string& query) {
  Headers all = {Bearer(listener.api_key), JsonType()};
  all.insert(all.end(), headers.begin(), headers.end());
  return Stack::Get().Post(listener.path() + query, body, all);
}

std::string DataValue(const std::string& group, const std::string& label,
                      int64_t target) {
  std::string v = Stack::Get().Value(
      "SELECT v.value_text FROM data_values v JOIN data_fields f ON "
      "f.id = v.field_id JOIN data_groups g ON g.id = f.group_id WHERE "
      "g.name = ? AND f.label = ? AND v.target_id = ?",
      {SqlParam::Text(group), SqlParam::Text(label), SqlParam::Int(target)});
  return v.empty() ? "NULL" : v;
}

int64_t EventCount(const std::string& listener_key, int status) {
  std::string sql =
      "SELECT COUNT(*) FROM events e JOIN listeners l ON l.id = e.listener_id "
      "WHERE l.listener_key = ?";
  std::vector<SqlParam> params = {SqlParam::Text(listener_key)};
  if (status != 0) {
    sql += " AND e.http_status = ?";
    params.push_back(SqlParam::Int(status));
  }
  return Stack::Get().Count(sql, params);
}

std::string EventColumn(int64_t event, const std::string& column) {
  // `column` comes from the tests themselves, never from input.
  return Stack::Get().Value("SELECT " + column + " FROM events WHERE id = ?",
                            {SqlParam::Int(event)});
}

std::vector<std::string> FilesHolding(const std::string& dir,
                                      const std::string& needle) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return {"(cannot read " + dir + ")"};
  std::vector<std::string> found;
  while (dirent* entry = readdir(d)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (ReadFile(dir + "/" + name).find(needle) != std::string::npos) {
      found.push_back(name);
    }
  }
  closedir(d);
  return found;
}

namespace {

int64_t StatusCounters(Connection* db, const char* table,
                       const std::string& names) {
  QueryResult r;
  Status s = db->Run(
      "SELECT CAST(IFNULL(SUM(VARIABLE_VALUE), 0) AS SIGNED) FROM "
      "information_schema." +
          std::string(table) + " WHERE FIND_IN_SET(VARIABLE_NAME, ?)",
      {SqlParam::Text(names)}, &r);
  if (!s.ok() || r.rows.empty()) throw std::runtime_error(s.ToString());
  return r.rows[0].Int(0);
}

}  // namespace

int64_t GlobalCounters(Connection* db, const std::string& names) {
  return StatusCounters(db, "GLOBAL_STATUS", names);
}

int64_t SessionCounters(Connection* db, const std::string& names) {
  return StatusCounters(db, "SESSION_STATUS", names);
}

int64_t FewestPerDelivery(const std::string& names,
                          const std::function<HttpResponse(int)>& deliver,
                          std::vector<HttpResponse>* answers) {
  for (int n = 0; n < kCountWarmUp; ++n) {
    HttpResponse r = deliver(n);
    EXPECT_EQ(r.status, 200) << r.body;
  }
  auto db = Stack::Get().Db();
  // Reading the counters may itself count: what two reads in a row differ
  // by is the reading's own share.
  int64_t a = GlobalCounters(db.get(), names);
  int64_t own = GlobalCounters(db.get(), names) - a;
  int64_t fewest = -1;
  std::string seen;
  for (int n = kCountWarmUp; n < kCountWarmUp + kCountMeasured; ++n) {
    int64_t before = GlobalCounters(db.get(), names);
    HttpResponse r = deliver(n);
    int64_t grew = GlobalCounters(db.get(), names) - before - own;
    EXPECT_EQ(r.status, 200) << r.body;
    seen += " " + std::to_string(grew);
    if (fewest < 0 || grew < fewest) fewest = grew;
    if (answers != nullptr) answers->push_back(std::move(r));
  }
  std::cerr << names << " per delivery:" << seen << "\n";
  return fewest;
}

std::vector<std::string> TableIndexes(const std::string& table) {
  auto db = Stack::Get().Db();
  QueryResult r;
  Status s = db->Run(
      "SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
      "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
      "AND TABLE_NAME = ? GROUP BY INDEX_NAME",
      {SqlParam::Text(table)}, &r);
  if (!s.ok()) throw std::runtime_error(s.ToString());
  std::vector<std::string> indexes;
  for (const Row& row : r.rows) {
    indexes.push_back(row.Text(0) + "(" + row.Text(1) + ")");
  }
  std::sort(indexes.begin(), indexes.end());
  return indexes;
}

CommandResult RootSql(const std::string& sql) {
  Stack& stack = Stack::Get();
  return stack.Run(
      {"/usr/bin/mariadb", "--defaults-file=" + stack.var() + "/my.cnf",
       "-uroot", "-N", "-B"},
      {}, "USE " + stack.db_options().database + "; " + sql);
}

void ExpectPlans(const std::string& setup, const std::vector<PlanCase>& cases) {
  std::string sql = setup;
  for (size_t i = 0; i < cases.size(); ++i) {
    sql += "SELECT 'case " + std::to_string(i) + "'; EXPLAIN " + cases[i].sql +
           "; ";
  }
  CommandResult r = RootSql(sql);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  size_t seen = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("case ", 0) != 0) continue;
    size_t i = std::stoul(line.substr(5));
    ASSERT_LT(i, cases.size());
    ASSERT_TRUE(std::getline(lines, line)) << cases[i].sql;
    // id, select_type, table, type, possible_keys, key, ...
    std::vector<std::string> cols;
    std::istringstream row(line);
    for (std::string col; std::getline(row, col, '\t');) cols.push_back(col);
    ASSERT_GE(cols.size(), 6u) << line;
    EXPECT_NE(cols[3], "ALL") << cases[i].sql;  // not a table scan
    EXPECT_EQ(cols[5], cases[i].key) << cases[i].sql;
    ++seen;
  }
  EXPECT_EQ(seen, cases.size()) << r.out;
}

CommandResult StackCommand(const std::vector<std::string>& args) {
  Stack& s = Stack::Get();
  std::vector<std::string> argv = {s.root() + "/tools/earshot-stack"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(),
              {"--var", s.var(), "--bin", s.bin(), "--pool", "3", "--quiet"});
  return s.Run(argv, {}, "");
}

void UserDataListenerTest::SetUp() {
  group_ = CreateGroup("users", fields_);
  email_ = UniqueEmail(email_prefix_);
  user_ = CreateUser(email_);
  listener_ = CreateListener("data", "users", {"--group", group_});
}

}  // namespace earshot::test
