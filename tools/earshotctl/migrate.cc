// earshotctl migrate: applies the embedded schema migrations
// (migrations.h) that the database has not had yet, in version order, each
// recorded in schema_migrations in the transaction of its last statements.
// Runs are serialised with a named lock, so two operators (or a deploy
// script and an operator) cannot apply the same file twice.
//
// DDL commits implicitly in MariaDB: a migration that fails half-way
// leaves the statements before the failure applied and is not recorded.
// Migrations are therefore written as small files of statements that each
// stand on their own.

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "common/base/email.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/migrations.h"

namespace earshot::ctl {

namespace {

constexpr const char* kLockName = "earshot_migrate";
constexpr int kLockWaitSeconds = 60;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
    "  version INT NOT NULL PRIMARY KEY,\n"
    "  name VARCHAR(255) NOT NULL,\n"
    "  applied_at DATETIME(6) NOT NULL\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;\n";

// A refusal for want of privileges (1142 command denied, 1044/1227 access
// denied) says which user migrations need.
Status Privileged(const Status& s) {
  const std::string& m = s.message();
  if (m.find("(1142)") == std::string::npos &&
      m.find("(1044)") == std::string::npos &&
      m.find("(1227)") == std::string::npos) {
    return s;
  }
  return Status::Internal(
      m +
      "; migrations need the migration user's privileges (run migrate "
      "with a config naming that user; see earshotctl db-setup)");
}

std::string FileName(const EmbeddedMigration& m) {
  char number[16];
  std::snprintf(number, sizeof(number), "%03d", m.version);
  return std::string(number) + "_" + m.name + ".sql";
}

// Before 004_email_keys: users whose emails share one EmailKey would break
// its unique key. They are reported for an operator to sort out (which
// account is whose is not for a migration to guess), never merged. The
// unique key of 001 already keeps such rows out; this is for a database
// changed by hand.
Status CheckEmailKeys(Connection* db) {
  QueryResult r;
  Status s = db->Run(
      "SELECT id, email FROM users WHERE email IS NOT NULL ORDER BY id", &r);
  if (!s.ok()) return s;
  std::map<std::string, std::vector<std::string>> by_key;
  for (const Row& row : r.rows) {
    by_key[EmailKey(row.Text(1))].push_back(std::to_string(row.Int(0)) + " <" +
                                            row.Text(1) + ">");
  }
  std::string clashes;
  for (const auto& [key, users] : by_key) {
    if (users.size() < 2) continue;
    clashes += clashes.empty() ? "" : "; ";
    for (size_t i = 0; i < users.size(); ++i) {
      clashes += (i ? ", " : "") + users[i];
    }
  }
  if (clashes.empty()) return Status::OK();
  return Status::Invalid(
      "004_email_keys.sql not applied: these users' emails differ only in "
      "letter case, and an email names one account; change or delete all "
      "but one of each group, then run migrate again: " +
      clashes);
}

Status Apply(Connection* db, std::vector<const EmbeddedMigration*>* applied,
             size_t* known) {
  // Only when missing: CREATE needs a privilege the run-time user lacks
  // (even with IF NOT EXISTS), and migrate must succeed for that user when
  // there is nothing to do.
  QueryResult r;
  Status s = db->Run(
      "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
      "DATABASE() AND table_name = 'schema_migrations'",
      &r);
  if (!s.ok()) return s;
  if (r.rows.empty() || r.rows[0].Int(0) == 0) {
    s = db->RunScript(kCreateTable);
    if (!s.ok()) return Privileged(s);
  }
  s = db->Run("SELECT version FROM schema_migrations", &r);
  if (!s.ok()) return s;
  std::set<int64_t> done;
  for (const Row& row : r.rows) done.insert(row.Int(0));
  *known = done.size();

  std::vector<const EmbeddedMigration*> all;
  for (size_t i = 0; i < kEmbeddedMigrationCount; ++i) {
    all.push_back(&kEmbeddedMigrations[i]);
  }
  std::sort(all.begin(), all.end(),
            [](auto* a, auto* b) { return a->version < b->version; });
  for (const EmbeddedMigration* m : all) {
    if (done.count(m->version)) continue;
    if (std::string_view(m->name) == "email_keys") {
      s = CheckEmailKeys(db);
      if (!s.ok()) return s;
    }
    s = db->RunScript(m->sql);
    if (!s.ok()) {
      if (s.IsUnavailable()) return s;
      return Privileged(
          Status::Internal(FileName(*m) + " failed: " + s.message()));
    }
    s = db->Run(
        "INSERT INTO schema_migrations (version, name, applied_at) "
        "VALUES (?, ?, UTC_TIMESTAMP(6))",
        {SqlParam::Int(m->version), SqlParam::Text(m->name)}, nullptr);
    if (s.ok()) s = db->Commit();
    if (!s.ok()) return s;
    applied->push_back(m);
  }
  return Status::OK();
}

Status Migrate(Context* ctx, const Args&) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run("SELECT GET_LOCK(?, ?)",
              {SqlParam::Text(kLockName), SqlParam::Int(kLockWaitSeconds)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty() || r.rows[0].Int(0) != 1) {
    return Status::Unavailable(
        "another earshotctl migrate has held the migration lock for " +
        std::to_string(kLockWaitSeconds) + " s; try again later");
  }
  std::vector<const EmbeddedMigration*> applied;
  size_t known = 0;
  s = Apply(db, &applied, &known);
  if (!db->broken()) {
    db->Rollback();
    db->Run("SELECT RELEASE_LOCK(?)", {SqlParam::Text(kLockName)}, nullptr);
  }

  // Even on failure, say what was applied before it: that is committed.
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  std::string text;
  for (const EmbeddedMigration* m : applied) {
    rapidjson::Value item(rapidjson::kObjectType);
    Put(&item, "version", m->version, alloc);
    Put(&item, "name", m->name, alloc);
    list.PushBack(item, alloc);
    text += "applied " + FileName(*m) + "\n";
  }
  if (!s.ok()) {
    if (applied.empty()) return s;
    std::string done;
    for (const EmbeddedMigration* m : applied) {
      done += (done.empty() ? "" : ", ") + FileName(*m);
    }
    return Status::Internal(s.message() + " (applied before it: " + done + ")");
  }
  Put(&doc, "applied", std::move(list), alloc);
  Put(&doc, "up_to_date", applied.empty(), alloc);
  int latest = 0;
  for (size_t i = 0; i < kEmbeddedMigrationCount; ++i) {
    latest = std::max(latest, kEmbeddedMigrations[i].version);
  }
  Put(&doc, "version", latest, alloc);
  if (ctx->json()) {
    ctx->out()->PrintJson(doc);
  } else if (applied.empty()) {
    ctx->out()->Print("up to date (" + std::to_string(known) +
                      " migrations applied)\n");
  } else {
    ctx->out()->Print(text);
  }
  return Status::OK();
}

}  // namespace

void AddMigrateCommands(std::vector<Command>* commands) {
  commands->push_back({"migrate", "",
                       "create or upgrade the database schema (safe to re-run)",
                       "", 0, 0, Migrate});
}

}  // namespace earshot::ctl
