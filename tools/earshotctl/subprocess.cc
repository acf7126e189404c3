#include "tools/earshotctl/subprocess.h"

#include <unistd.h>

#include <cstdlib>

namespace earshot::ctl {

Status HandlerProgram(const std::string& type, std::string* path) {
  const char* env = std::getenv("EARSHOT_BIN");
  const std::string dir =
      env != nullptr && *env != '\0' ? env : ProgramDirectory();
  *path = dir + "/" + type + ".fcgi";
  if (access(path->c_str(), X_OK) != 0) {
    return Status::Unavailable("no handler for " + type + " listeners at " +
                               *path +
                               " (set EARSHOT_BIN to the directory "
                               "holding the handlers)");
  }
  return Status::OK();
}

}  // namespace earshot::ctl
