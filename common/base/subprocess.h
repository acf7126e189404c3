// Running another earshot program and collecting what it prints: used by
// `earshotctl events replay` and the console's replay, which have the
// listener type's handler re-run a delivery, and by their tries (--try).
//
// Thread-safety: RunProgram may be called from one thread at a time (it
// waits for its child).

#ifndef EARSHOT_COMMON_BASE_SUBPROCESS_H_
#define EARSHOT_COMMON_BASE_SUBPROCESS_H_

#include <string>
#include <vector>

#include "common/base/status.h"

namespace earshot {

struct ProgramResult {
  int exit_status = -1;  // -1 when killed by a signal
  std::string out, err;
};

// Runs argv[0] (a path) with `argv`, stdin from /dev/null (or `input`
// when not null), no other descriptor of ours inherited, and waits for
// it. Internal when it cannot be started.
Status RunProgram(const std::vector<std::string>& argv, ProgramResult* result,
                  const std::string* input = nullptr);

// The directory holding the running program, from /proc/self/exe.
std::string ProgramDirectory();

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_SUBPROCESS_H_
