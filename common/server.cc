#include "common/server.h"

#include <fcgiapp.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "common/config.h"
#include "common/fcgi_request.h"
#include "common/pipeline.h"

namespace earshot {

namespace {

const char* ConfigFlag(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      return argv[i + 1];
    }
    if (std::strncmp(argv[i], "--config=", 9) == 0) return argv[i] + 9;
  }
  return nullptr;
}

}  // namespace

int ServeListener(ListenerType type, PrepareFn prepare, int argc,
                  char** argv) {
  Config config;
  std::string path = ResolveConfigPath(ConfigFlag(argc, argv));
  Status s = LoadConfig(path, &config);
  const bool cgi = FCGX_IsCGI();
  if (!s.ok()) {
    std::fprintf(stderr, "earshot: %s\n", s.message().c_str());
    if (cgi) {
      CgiRequest request;
      request.Respond(ErrorAnswer(ApiError::kInternal,
                                  "the listener is not configured", 0));
    }
    return 2;
  }

  Pipeline pipeline(config, type, prepare);
  if (cgi) {
    CgiRequest request;
    pipeline.Serve(&request);
    return 0;
  }
  if (FCGX_Init() != 0) {
    std::fprintf(stderr, "earshot: FCGX_Init failed\n");
    return 1;
  }
  FCGX_Request raw;
  FCGX_InitRequest(&raw, 0, 0);
  // Returns < 0 on a graceful stop signal (libfcgi's own handlers).
  while (FCGX_Accept_r(&raw) >= 0) {
    FcgiRequest request(&raw);
    pipeline.Serve(&request);
    FCGX_Finish_r(&raw);
  }
  return 0;
}

}  // namespace earshot
