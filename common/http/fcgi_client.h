// A minimal FastCGI client (the 1.0 specification, responder role): one
// GET request, without a body, on a fresh connection to a pool's unix
// socket or HOST:PORT, within a deadline. The console's Ops page asks each
// pool's /listeners/{type}/_health this way, server by server, where
// nginx would hide a dead server by retrying the next one.
//
// Thread-safety: pure functions; safe from any thread.

#ifndef EARSHOT_COMMON_HTTP_FCGI_CLIENT_H_
#define EARSHOT_COMMON_HTTP_FCGI_CLIENT_H_

#include <string>
#include <utility>
#include <vector>

#include "common/base/status.h"

namespace earshot {

struct FcgiReply {
  int status = 0;    // the Status: header's code, 200 when absent
  std::string body;  // after the headers, at most 64 KiB
};

// Sends `params` (REQUEST_METHOD, DOCUMENT_URI, ...) to `address` (a path
// holding '/', else HOST:PORT or [IPV6]:PORT) and reads the answer.
// Unavailable, with what went wrong, when no answer came within
// `timeout_ms`.
Status FcgiGet(const std::string& address,
               const std::vector<std::pair<std::string, std::string>>& params,
               int timeout_ms, FcgiReply* reply);

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_FCGI_CLIENT_H_
