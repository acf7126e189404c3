// earshotctl's name for common/base/subprocess.h, where the console's
// replay finds it too.
//
// Thread-safety: see common/base/subprocess.h.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_
#define EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_

#include "common/base/subprocess.h"

namespace earshot::ctl {

using earshot::ProgramDirectory;
using earshot::ProgramResult;
using earshot::RunProgram;

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_SUBPROCESS_H_
