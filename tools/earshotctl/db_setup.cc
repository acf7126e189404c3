// earshotctl db-setup: prints the SQL an administrator runs once, as the
// database's root, to create earshot's database and its two users, and
// the config lines that go with them. It connects to nothing.
//
// Two users, so that a compromised handler cannot change the schema:
//   - the run-time user (handlers, the outbox worker, everyday
//     earshotctl): SELECT, INSERT, UPDATE, DELETE on earshot's database
//     and nothing else;
//   - the migration user (`earshotctl migrate` with a config of its own):
//     the DDL migrations need, on that database only.
// `earshotctl migrate` succeeds as the run-time user while the schema is
// current, so a deploy script may run it with either config.

#include <string>
#include <vector>

#include "common/auth/crypto.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"

namespace earshot::ctl {

namespace {

constexpr size_t kMaxUserName = 32;  // MySQL 8's limit; MariaDB's is 80
constexpr size_t kMaxHost = 255;
constexpr size_t kPasswordBytes = 18;  // 24 characters of base64url

// The privileges of each user, on `database`.* only.
constexpr const char* kRuntimeGrants = "SELECT, INSERT, UPDATE, DELETE";
constexpr const char* kMigrationGrants =
    "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES";

bool IsIdentifier(const std::string& s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A host as it appears in 'user'@'host': a name, an address, a mask with
// '%'. Nothing that needs quoting.
bool IsHost(const std::string& s) {
  if (s.empty() || s.size() > kMaxHost) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '%' ||
              c == ':' || c == '_' || c == '/';
    if (!ok) return false;
  }
  return true;
}

Status Option(const Args& args, const char* name, const char* fallback,
              bool host, std::string* out) {
  const std::string* v = args.Get(name);
  *out = v ? *v : fallback;
  bool ok = host ? IsHost(*out) : IsIdentifier(*out, kMaxUserName);
  if (!ok) {
    return Status::Invalid(
        std::string("--") + name +
        (host ? " must be a host name, address or mask ('%')"
              : " must be 1 to 32 letters, digits or underscores"));
  }
  return Status::OK();
}

Status NewPassword(std::string* out) {
  std::string bytes;
  Status s = RandomBytes(kPasswordBytes, &bytes);
  if (!s.ok()) return s;
  *out = Base64UrlEncode(bytes);
  return Status::OK();
}

Status DbSetup(Context* ctx, const Args& args) {
  std::string database, user, migrate_user, host;
  Status s = Option(args, "database", "earshot", false, &database);
  if (s.ok()) s = Option(args, "user", "earshot", false, &user);
  if (s.ok()) {
    s = Option(args, "migrate-user", "earshot_migrate", false, &migrate_user);
  }
  if (s.ok()) s = Option(args, "host", "localhost", true, &host);
  if (!s.ok()) return s;
  if (user == migrate_user) {
    return Status::Invalid("--user and --migrate-user must differ");
  }
  std::string password, migrate_password;
  s = NewPassword(&password);
  if (s.ok()) s = NewPassword(&migrate_password);
  if (!s.ok()) return s;

  const std::string runtime = "'" + user + "'@'" + host + "'";
  const std::string migration = "'" + migrate_user + "'@'" + host + "'";
  std::string sql = "CREATE DATABASE IF NOT EXISTS `" + database +
                    "` CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;\n"
                    "CREATE USER " +
                    runtime + " IDENTIFIED BY '" + password +
                    "';\n"
                    "GRANT " +
                    kRuntimeGrants + " ON `" + database + "`.* TO " + runtime +
                    ";\n"
                    "CREATE USER " +
                    migration + " IDENTIFIED BY '" + migrate_password +
                    "';\n"
                    "GRANT " +
                    kMigrationGrants + " ON `" + database + "`.* TO " +
                    migration + ";\n";

  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "database", database, alloc);
    Put(&doc, "host", host, alloc);
    Put(&doc, "user", user, alloc);
    Put(&doc, "password", password, alloc);
    Put(&doc, "runtime_grants", kRuntimeGrants, alloc);
    Put(&doc, "migrate_user", migrate_user, alloc);
    Put(&doc, "migrate_password", migrate_password, alloc);
    Put(&doc, "migrate_grants", kMigrationGrants, alloc);
    Put(&doc, "sql", sql, alloc);
    ctx->out()->PrintJson(doc);
    return Status::OK();
  }
  ctx->out()->Print(
      "-- earshot's database and users: run once as the database's root,\n"
      "-- e.g. earshotctl db-setup > setup.sql; mariadb < setup.sql; then\n"
      "-- shred setup.sql. The passwords are new on every run.\n" +
      sql +
      "--\n"
      "-- The run-time user, for /etc/earshot/earshot.conf (0640 "
      "root:earshot):\n"
      "--   db_name = " +
      database +
      "\n"
      "--   db_user = " +
      user +
      "\n"
      "--   db_password = " +
      password +
      "\n"
      "-- The migration user, for a config only `earshotctl migrate` reads\n"
      "-- (e.g. /etc/earshot/migrate.conf, 0600 root:root):\n"
      "--   db_name = " +
      database +
      "\n"
      "--   db_user = " +
      migrate_user +
      "\n"
      "--   db_password = " +
      migrate_password + "\n");
  return Status::OK();
}

}  // namespace

void AddDbSetupCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"db-setup",
       "[--database NAME] [--user NAME] [--migrate-user NAME] "
       "[--host HOST]",
       "print the SQL creating the database, a run-time user (SELECT, "
       "INSERT, UPDATE, DELETE) and a migration user",
       "database user migrate-user host", 0, 0, DbSetup});
}

}  // namespace earshot::ctl
