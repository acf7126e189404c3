// earshotctl's name for common/base/subprocess.h, where the console's
// replay finds it too, and where earshotctl finds a listener type's
// handler for the commands that run one (events replay, listener try).
//
// Thread-safety: see common/base/subprocess.h.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_
#define EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_

#include <string>

#include "common/base/status.h"
#include "common/base/subprocess.h"

namespace earshot::ctl {

using earshot::ProgramDirectory;
using earshot::ProgramResult;
using earshot::RunProgram;

// The path of `type`'s handler (TYPE.fcgi) in $EARSHOT_BIN, else beside
// earshotctl. Unavailable, naming where it looked, when it is not there.
Status HandlerProgram(const std::string& type, std::string* path);

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_
