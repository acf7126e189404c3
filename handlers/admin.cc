// The console (admin.fcgi): the web pages behind nginx at /admin/ where
// admins and project managers sign in and watch their listeners. Not a
// listener type: see common/console/.

#include "common/console/serve.h"

int main(int argc, char** argv) {
  return earshot::console::ServeConsole(argc, argv);
}
