// Request: one HTTP request as a FastCGI or plain CGI program sees it
// (parameters, body, answer), so the pipeline does not care which.
//
// Thread-safety: a Request belongs to the thread serving it.

#ifndef EARSHOT_COMMON_HTTP_REQUEST_H_
#define EARSHOT_COMMON_HTTP_REQUEST_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/status.h"
#include "common/http/answer.h"

namespace earshot {

class Request {
 public:
  virtual ~Request() = default;

  // A CGI parameter such as "REQUEST_METHOD" or "HTTP_X_API_KEY";
  // nullopt when absent.
  virtual std::optional<std::string> Param(const char* name) const = 0;
  // Every parameter, as NAME/value pairs (for the delivery log's headers).
  virtual std::vector<std::pair<std::string, std::string>> AllParams()
      const = 0;

  // Reads the body: at most `limit` bytes into *body. Sets *too_large when
  // there was more (the rest is read and dropped, so the connection stays
  // usable).
  virtual Status ReadBody(size_t limit, std::string* body,
                          bool* too_large) = 0;

  // Writes the answer. Call once.
  virtual void Respond(const Answer& answer) = 0;
};

// A request header by its HTTP name ("X-Hub-Signature-256"), found among
// the parameters as CGI names it (HTTP_X_HUB_SIGNATURE_256; Content-Type
// and Content-Length without the HTTP_ prefix).
std::optional<std::string> RequestHeader(const Request& request,
                                         std::string_view name);

// The CGI parameter name of a request header: "X-Hub-Signature-256" ->
// "HTTP_X_HUB_SIGNATURE_256", "Content-Type" -> "CONTENT_TYPE".
std::string CgiHeaderName(std::string_view name);
// CgiHeaderName(name) == cgi, without building the name.
bool IsCgiHeaderName(std::string_view cgi, std::string_view name);

// The CGI response head for `answer`: Status, Content-Type, Content-Length
// and the answer's own headers.
std::string ResponseHead(const Answer& answer);

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_REQUEST_H_
