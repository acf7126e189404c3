// The schema migrations (sql/NNN_name.sql), embedded in earshotctl at
// build time by tools/embed-migrations, so `earshotctl migrate` works from
// any directory. The definitions are generated into
// $(BUILD)/gen/migrations.cc, sorted by version.
//
// Thread-safety: constant data.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_MIGRATIONS_H_
#define EARSHOT_TOOLS_EARSHOTCTL_MIGRATIONS_H_

#include <cstddef>

namespace earshot::ctl {

struct EmbeddedMigration {
  int version;       // NNN
  const char* name;  // "community" for 001_community.sql
  const char* sql;   // the file's text
};

extern const EmbeddedMigration kEmbeddedMigrations[];
extern const size_t kEmbeddedMigrationCount;

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_MIGRATIONS_H_
