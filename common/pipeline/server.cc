#include "common/pipeline/server.h"

#include <fcgiapp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "common/base/flag.h"
#include "common/base/log.h"
#include "common/config.h"
#include "common/http/fcgi_request.h"
#include "common/pipeline/pipeline.h"
#include "common/pipeline/replay.h"
#include "common/pipeline/try_request.h"

namespace earshot {

namespace {

// A user name fit for the event log: printable ASCII, at most 64 bytes.
bool IsUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

// Re-runs event `id` and prints the answer; exit 0 for a 200. A non-null
// `forced_by` names who forces the replay of an unauthenticated event.
int Replay(const Config& config, ListenerType type, Pipeline* pipeline,
           const char* id, const char* forced_by) {
  char* end = nullptr;
  long long event_id = std::strtoll(id, &end, 10);
  if (*id == '\0' || *end != '\0' || event_id <= 0) {
    LogLine(LogLevel::kError, "--replay needs an event id");
    return 2;
  }
  if (forced_by != nullptr && !IsUserName(forced_by)) {
    LogLine(LogLevel::kError,
            "--forced-by needs a user name (printable ASCII, at most 64 "
            "bytes)");
    return 2;
  }
  std::unique_ptr<Connection> db;
  Status s = Connection::Open(config.db, &db);
  std::unique_ptr<ReplayRequest> request;
  if (s.ok()) {
    s = LoadReplayRequest(db.get(), event_id, type,
                          forced_by != nullptr ? forced_by : "", &request);
  }
  if (!s.ok()) {
    LogLine(LogLevel::kError, s.message(), event_id);
    return s.IsInvalid() ? 2 : 1;
  }
  db.reset();
  pipeline->Serve(request.get(), &request->origin());
  std::printf("%s\n", request->answer().body.c_str());
  return request->answer().status == 200 ? 0 : 1;
}

// A dry run of the body on stdin to listener `key` (see dry_run.h): prints
// the report; exit 0 when a sender would get a 200, else 1.
int Try(const Config& config, ListenerType type, Pipeline* pipeline,
        const char* key, const char* query) {
  // One byte more than the limit is enough to tell a body that is too large.
  std::string body;
  char buf[65536];
  size_t n;
  while (body.size() <= config.max_body_bytes &&
         (n = std::fread(buf, 1, sizeof(buf), stdin)) > 0) {
    body.append(buf, n);
  }
  TryRequest request(type, key, query != nullptr ? query : "", std::move(body));
  DryRun dry_run;
  Answer answer = pipeline->Try(&request, &dry_run);
  std::printf("%s\n", dry_run.ReportJson(answer).c_str());
  return answer.status == 200 ? 0 : 1;
}

}  // namespace

int ServeListener(ListenerType type, PrepareFn prepare, int argc, char** argv) {
  const bool cgi = FCGX_IsCGI();
  // A web server may turn a query string into command-line arguments
  // (CGI's ISINDEX rule): a real CGI request never reads them.
  const bool cgi_request = cgi && std::getenv("GATEWAY_INTERFACE") != nullptr;
  if (cgi_request) argc = 1;
  Config config;
  std::string path = ResolveConfigPath(Flag(argc, argv, "--config"));
  Status s = LoadConfig(path, &config);
  if (!s.ok()) {
    LogLine(LogLevel::kError, s.message());
    if (cgi) {
      CgiRequest request;
      request.Respond(ErrorAnswer(ApiError::kInternal,
                                  "the listener is not configured", 0));
    }
    return 2;
  }

  Pipeline pipeline(config, type, prepare);
  const char* try_key = Flag(argc, argv, "--try");
  if (try_key != nullptr && Flag(argc, argv, "--replay") != nullptr) {
    LogLine(LogLevel::kError, "--try and --replay exclude each other");
    return 2;
  }
  if (try_key != nullptr) {
    return Try(config, type, &pipeline, try_key, Flag(argc, argv, "--query"));
  }
  if (const char* replay = Flag(argc, argv, "--replay")) {
    return Replay(config, type, &pipeline, replay,
                  Flag(argc, argv, "--forced-by"));
  }
  if (cgi) {
    CgiRequest request;
    pipeline.set_db_mode(Connection::Mode::kOneShot);
    pipeline.Serve(&request);
    return 0;
  }
  if (FCGX_Init() != 0) {
    LogLine(LogLevel::kError, "FCGX_Init failed");
    return 1;
  }
  FCGX_Request raw;
  FCGX_InitRequest(&raw, 0, 0);
  // One line per process start: a pool's log shows restarts, and which
  // config each process read.
  LogLine(LogLevel::kInfo, std::string("ready: ") + ListenerTypeName(type) +
                               " listeners, config " + path);
  // Returns < 0 on a graceful stop signal (libfcgi's own handlers).
  while (FCGX_Accept_r(&raw) >= 0) {
    FcgiRequest request(&raw);
    pipeline.Serve(&request);
    FCGX_Finish_r(&raw);
  }
  return 0;
}

}  // namespace earshot
