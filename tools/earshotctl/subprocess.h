// Running another earshot program and collecting what it prints: used by
// `events replay`, which has the listener type's handler re-run a
// delivery.
//
// Thread-safety: RunProgram may be called from one thread at a time (it
// waits for its child).

#ifndef EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_
#define EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_

#include <string>
#include <vector>

#include "common/base/status.h"

namespace earshot::ctl {

struct ProgramResult {
  int exit_status = -1;  // -1 when killed by a signal
  std::string out, err;
};

// Runs argv[0] (a path) with `argv`, stdin from /dev/null, and waits for
// it. Internal when it cannot be started.
Status RunProgram(const std::vector<std::string>& argv, ProgramResult* result);

// The directory holding the running program, from /proc/self/exe.
std::string ProgramDirectory();

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_
