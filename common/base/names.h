// The shapes of names operators give things: listener keys, data group
// names and field labels, API key names.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_BASE_NAMES_H_
#define EARSHOT_COMMON_BASE_NAMES_H_

#include <string_view>

namespace earshot {

// `[a-z0-9][a-z0-9-]{1,63}`: the last part of a listener's URL.
bool IsValidListenerKey(std::string_view key);
// `[A-Za-z][A-Za-z0-9_]{0,63}`: a data group name or field label, so that
// GROUP.LABEL and {{data.GROUP.LABEL}} are never ambiguous.
bool IsValidDataName(std::string_view name);
// `[A-Za-z0-9][A-Za-z0-9_.-]{0,63}`: API key and macro names.
bool IsValidSimpleName(std::string_view name);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_NAMES_H_
