// The payload picker's list: every JSON Pointer (RFC 6901) into a sample
// body, with its value shown short, in document order, so a person can
// pick the pointer for an identify source, a comment or author field, or
// a data field's parameter instead of typing it.
//
// Member names are escaped per RFC 6901 ("~" as "~0", "/" as "~1"); the
// empty name gives an empty token ("/" is the root's "" member). Big or
// deep bodies are capped, and what was left out is counted:
//   - at most max_children members or items per object or array (the
//     first ones, in order);
//   - nothing below max_depth levels (the container itself is listed);
//   - at most max_entries entries in all;
//   - values cut to max_value_chars characters (never inside a UTF-8
//     sequence), with "…".
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_CONSOLE_POINTER_LIST_H_
#define EARSHOT_COMMON_CONSOLE_POINTER_LIST_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/json_body.h"

namespace earshot::console {

struct PointerLimits {
  size_t max_entries = 400;
  int max_depth = 12;
  size_t max_children = 50;
  size_t max_value_chars = 80;
};

struct PointerEntry {
  std::string pointer;  // "/issue/fields/summary"
  // A scalar as JSON text (strings quoted and escaped, numbers in the
  // sender's digits), or "object, N members" / "array, N items".
  std::string value;
  bool container = false;
};

struct PointerList {
  std::vector<PointerEntry> entries;
  // Members and items not listed because of a cap.
  size_t left_out = 0;
};

// `token` as one reference token of a JSON Pointer.
std::string EscapePointerToken(std::string_view token);

// The pointers of everything inside `body`'s root (not the root itself).
// REQUIRES: `body` came from ParseJsonBody and its text is alive.
void ListPointers(const JsonBody& body, const PointerLimits& limits,
                  PointerList* list);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_POINTER_LIST_H_
