// The contract's vocabulary: target kinds, listener types and external
// data field types, with their names as operators type them.
//
// Thread-safety: constant data and pure functions; safe from any thread.

#ifndef EARSHOT_COMMON_BASE_DOMAIN_H_
#define EARSHOT_COMMON_BASE_DOMAIN_H_

#include <string_view>

namespace earshot {

enum class TargetKind { kUsers, kFeedback, kProjects };
enum class ListenerType { kMacro, kComment, kData };
enum class FieldType { kBoolean, kDatetime, kInteger, kString };

// "users", "feedback", "projects".
const char* TargetKindName(TargetKind kind);
// Returns false when `name` is none of them.
bool ParseTargetKind(std::string_view name, TargetKind* kind);

// "macro", "comment", "data".
const char* ListenerTypeName(ListenerType type);
bool ParseListenerType(std::string_view name, ListenerType* type);

// "boolean", "datetime", "integer", "string".
const char* FieldTypeName(FieldType type);
bool ParseFieldType(std::string_view name, FieldType* type);

// The table that holds targets of `kind`: "users", "feedback", "projects".
const char* TargetTable(TargetKind kind);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_DOMAIN_H_
