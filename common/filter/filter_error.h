// Errors in filter text: every one reads "column N: <what>", N counted in
// UTF-8 characters from 1. Text the operator typed is quoted and shortened
// so a long or odd name cannot swamp the message.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_FILTER_FILTER_ERROR_H_
#define EARSHOT_COMMON_FILTER_FILTER_ERROR_H_

#include <string>
#include <string_view>

#include "common/base/status.h"

namespace earshot {

// Status::Invalid("column <column>: <what>").
Status FilterError(int column, std::string_view what);

// 'text' in single quotes, cut to 32 characters with "..." after.
// REQUIRES: text is valid UTF-8.
std::string QuoteFilterText(std::string_view text);

}  // namespace earshot

#endif  // EARSHOT_COMMON_FILTER_FILTER_ERROR_H_
