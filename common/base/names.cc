#include "common/base/names.h"

namespace earshot {

namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidListenerKey(std::string_view key) {
  if (key.size() < 2 || key.size() > 64) return false;
  if (!IsLower(key[0]) && !IsDigit(key[0])) return false;
  for (char c : key) {
    if (!IsLower(c) && !IsDigit(c) && c != '-') return false;
  }
  return true;
}

bool IsValidDataName(std::string_view name) {
  if (name.empty() || name.size() > 64 || !IsAlpha(name[0])) return false;
  for (char c : name) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '_') return false;
  }
  return true;
}

bool IsValidSimpleName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (!IsAlpha(name[0]) && !IsDigit(name[0])) return false;
  for (char c : name) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '_' && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace earshot
