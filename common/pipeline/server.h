// The main of every listener handler: loads the config and serves
// requests through a Pipeline, as a FastCGI server when stdin is a
// listening socket (spawn-fcgi, multiwatch), or as a plain CGI program
// serving the one request in its environment and stdin.
//
// Usage: TYPE.fcgi [--config FILE] [--replay EVENT_ID]
//   --config   else $EARSHOT_CONFIG, else earshot.conf beside the program
//              or one directory up, else /etc/earshot/earshot.conf
//   --replay   re-run a recorded delivery (see replay.h), print the
//              answer and exit; for `earshotctl events replay`
//
// Thread-safety: call once, from main.

#ifndef EARSHOT_COMMON_PIPELINE_SERVER_H_
#define EARSHOT_COMMON_PIPELINE_SERVER_H_

#include "common/base/domain.h"
#include "common/pipeline/handler.h"

namespace earshot {

// Returns the process exit status.
int ServeListener(ListenerType type, PrepareFn prepare, int argc,
                  char** argv);

}  // namespace earshot

#endif  // EARSHOT_COMMON_PIPELINE_SERVER_H_
