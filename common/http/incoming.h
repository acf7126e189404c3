// Incoming: the facts the pipeline reads off a request before it knows the
// listener: method, path, query, client address, content type, delivery id,
// the headers for the log (secrets masked) and the body, read within the
// size limit.
//
// Thread-safety: pure functions, plus reading the caller's Request.

#ifndef EARSHOT_COMMON_HTTP_INCOMING_H_
#define EARSHOT_COMMON_HTTP_INCOMING_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/base/domain.h"
#include "common/base/status.h"
#include "common/http/query_string.h"
#include "common/http/request.h"

namespace earshot {

struct Incoming {
  std::string method;
  std::string path;
  std::string query_string;
  QueryParams query;
  std::string client_addr;
  std::optional<std::string> content_type;
  std::string delivery_id;   // "" when the sender gave none
  std::string headers_json;  // for the delivery log; secrets masked
  std::string body;          // at most the configured maximum
  bool body_too_large = false;
  // Fewer bytes arrived than CONTENT_LENGTH promised (the web server lost
  // the sender mid-body): what arrived is not the delivery that was sent.
  bool body_short = false;
};

// Reads everything, the body included (always to its end).
Status ReadIncoming(Request* request, size_t max_body_bytes, Incoming* in);

// The key in a path ending in "/listeners/{type}/{key}" when {type} is
// `type` and the key has the right shape; false otherwise. Whatever comes
// before (a subfolder, "/cgi-bin/data.fcgi" with the rest as PATH_INFO)
// must be absolute path segments, none empty, "." or "..".
bool ListenerKeyFromPath(std::string_view path, ListenerType type,
                         std::string* key);

// application/json, with any parameters, in any case.
bool IsJsonContentType(std::string_view content_type);

// True for header names whose values must never be logged: credentials,
// cookies, tokens and signatures.
bool IsSecretHeader(std::string_view lowercase_name);

// The request's headers as a JSON object for the delivery log: lowercase
// names, each once, values cut to 1 KiB, secret ones (IsSecretHeader, and
// `secret_header` when not empty: a listener's own token header) as "***",
// plus "?query" with api_key masked.
std::string LoggedHeaders(const Request& request, std::string_view query,
                          std::string_view secret_header);

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_INCOMING_H_
