// The fields a filter can name, per target kind, and the fixed SQL that
// reads each one. The SQL is always one of this module's string literals,
// never text from the filter; a data field's id goes in a placeholder.
//
// The embedding query names the target `t` and, for users of a listener
// with project scope, their participation `pt` (see filter.h).
//
// Thread-safety: pure functions of their arguments.

#ifndef EARSHOT_COMMON_FILTER_FILTER_FIELDS_H_
#define EARSHOT_COMMON_FILTER_FILTER_FIELDS_H_

#include <cstdint>
#include <string_view>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/filter/filter.h"

namespace earshot {

struct FilterField {
  enum class Kind {
    kColumn,      // `sql` reads the value
    kData,        // `sql` reads an external data value; its one `?` is
                  // data_field_id
    kMembership,  // users' `project`: compiled to EXISTS forms, no `sql`
  };

  Kind kind = Kind::kColumn;
  FieldType type = FieldType::kInteger;
  const char* sql = nullptr;
  int64_t data_field_id = 0;
  // kData: the data_values column (as dv.<column>) holding a `type` value.
  const char* data_column = nullptr;
  // `sql` reads users.email_key: string values compare as their EmailKey
  // (email.h), so an email filter matches as identify does.
  bool email_key = false;
};

// Resolves field `name`, written at `column`, for context.kind. Unknown
// names and malformed data field names are errors at `column`.
Status ResolveFilterField(std::string_view name, int column,
                          const FilterContext& context, FilterField* out);

}  // namespace earshot

#endif  // EARSHOT_COMMON_FILTER_FILTER_FIELDS_H_
