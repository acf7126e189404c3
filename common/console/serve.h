// The main of admin.fcgi: loads the config and the templates, then serves
// console requests as a FastCGI server (stdin a listening socket, as
// spawn-fcgi, multiwatch and systemd hand it over).
//
// Usage: admin.fcgi [--config FILE] --templates DIR
//   --config     else $EARSHOT_CONFIG, else /etc/earshot/earshot.conf
//   --templates  the console's templates (console/templates in the source
//                tree, share/earshot/console/templates when installed)
//
// Thread-safety: call once, from main.

#ifndef EARSHOT_COMMON_CONSOLE_SERVE_H_
#define EARSHOT_COMMON_CONSOLE_SERVE_H_

namespace earshot::console {

// Returns the process exit status.
int ServeConsole(int argc, char** argv);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_SERVE_H_
