// The filter language's parser: filter text to a syntax tree (see
// filter.h for the grammar and filter_ast.h for the tree). Checks syntax
// and the limits of filter.h, not field names or types.
//
// Nesting is counted as the parser descends and refused beyond
// kMaxFilterDepth, so recursion stays shallow whatever the input.
//
// Thread-safety: a pure function.

#ifndef EARSHOT_COMMON_FILTER_FILTER_PARSER_H_
#define EARSHOT_COMMON_FILTER_FILTER_PARSER_H_

#include <memory>
#include <string_view>

#include "common/base/status.h"
#include "common/filter/filter_ast.h"

namespace earshot {

// Parses `text`. Sets *out to null for the empty filter (empty or blank
// text). Errors read "column N: ...".
Status ParseFilter(std::string_view text, std::unique_ptr<FilterNode>* out);

}  // namespace earshot

#endif  // EARSHOT_COMMON_FILTER_FILTER_PARSER_H_
