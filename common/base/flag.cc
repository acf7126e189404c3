#include "common/base/flag.h"

#include <cstring>

namespace earshot {

const char* Flag(int argc, char** argv, const char* name) {
  size_t n = std::strlen(name);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0 && i + 1 < argc) return argv[i + 1];
    if (std::strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') {
      return argv[i] + n + 1;
    }
  }
  return nullptr;
}

}  // namespace earshot
