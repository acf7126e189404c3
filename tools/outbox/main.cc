// earshot-outbox: delivers the outbox's emails and webhooks, with retries.
// Several may run at once, on one host or several.
//
//   earshot-outbox [--config FILE] [--pid-file FILE] [--once]
//
// --once delivers what is due now and exits (for cron and tests).
// SIGTERM or SIGINT: claim nothing more, finish the sends in hand (each
// within outbox_timeout_s) and record them, then exit 0.

#include <curl/curl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "common/base/log.h"
#include "common/config.h"
#include "tools/outbox/worker.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;

void OnSignal(int) { g_stop = 1; }

int Usage(const char* message) {
  earshot::LogLine(earshot::LogLevel::kError, message);
  std::fprintf(stderr,
               "usage: earshot-outbox [--config FILE] [--pid-file FILE] "
               "[--once]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const char* config_flag = nullptr;
  std::string pid_file;
  bool once = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--once") {
      once = true;
    } else if ((arg == "--config" || arg == "--pid-file") && i + 1 < argc) {
      if (arg == "--config") {
        config_flag = argv[++i];
      } else {
        pid_file = argv[++i];
      }
    } else if (arg == "--help" || arg == "-h") {
      Usage("delivers the outbox's emails and webhooks");
      return 0;
    } else {
      return Usage(("unknown argument " + arg).c_str());
    }
  }
  earshot::Config config;
  earshot::Status s =
      earshot::LoadConfig(earshot::ResolveConfigPath(config_flag), &config);
  if (!s.ok()) return Usage(s.message().c_str());
  if (config.outbox_lease_s <= config.outbox_timeout_s + 1) {
    return Usage("outbox_lease_s must exceed outbox_timeout_s + 1");
  }

  struct sigaction sa;
  std::memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnSignal;  // no SA_RESTART: sleeps end at once
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  if (!pid_file.empty()) {
    std::ofstream out(pid_file, std::ios::trunc);
    out << getpid() << "\n";
    if (!out) return Usage(("cannot write " + pid_file).c_str());
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char host[256] = "";
  gethostname(host, sizeof(host) - 1);
  earshot::Worker worker(
      config, std::string(host) + ":" + std::to_string(getpid()), &g_stop);
  int status = worker.Run(once);
  curl_global_cleanup();
  if (!pid_file.empty()) std::remove(pid_file.c_str());
  return status;
}
