#include "common/base/domain.h"

namespace earshot {

namespace {

template <typename Enum, int N>
bool ParseName(std::string_view name, const char* const (&names)[N],
               Enum* out) {
  for (int i = 0; i < N; ++i) {
    if (name == names[i]) {
      *out = static_cast<Enum>(i);
      return true;
    }
  }
  return false;
}

constexpr const char* kTargetKinds[] = {"users", "feedback", "projects"};
constexpr const char* kListenerTypes[] = {"macro", "comment", "data"};
constexpr const char* kFieldTypes[] = {"boolean", "datetime", "integer",
                                       "string"};

}  // namespace

const char* TargetKindName(TargetKind kind) {
  return kTargetKinds[static_cast<int>(kind)];
}
bool ParseTargetKind(std::string_view name, TargetKind* kind) {
  return ParseName(name, kTargetKinds, kind);
}

const char* ListenerTypeName(ListenerType type) {
  return kListenerTypes[static_cast<int>(type)];
}
bool ParseListenerType(std::string_view name, ListenerType* type) {
  return ParseName(name, kListenerTypes, type);
}

const char* FieldTypeName(FieldType type) {
  return kFieldTypes[static_cast<int>(type)];
}
bool ParseFieldType(std::string_view name, FieldType* type) {
  return ParseName(name, kFieldTypes, type);
}

const char* TargetTable(TargetKind kind) { return TargetKindName(kind); }

}  // namespace earshot
