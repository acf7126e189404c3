// The Request of a FastCGI server (libfcgi), and of a plain CGI program
// started once per request (environment, stdin, stdout). The same handler
// binary is both: server.h picks one by looking at stdin.
//
// Thread-safety: one request per thread.

#ifndef EARSHOT_COMMON_HTTP_FCGI_REQUEST_H_
#define EARSHOT_COMMON_HTTP_FCGI_REQUEST_H_

#include <fcgiapp.h>

#include "common/http/request.h"

namespace earshot {

class FcgiRequest : public Request {
 public:
  // REQUIRES: `request` was accepted and outlives this object.
  explicit FcgiRequest(FCGX_Request* request) : request_(request) {}

  std::optional<std::string> Param(const char* name) const override;
  std::vector<std::pair<std::string, std::string>> AllParams() const override;
  Status ReadBody(size_t limit, std::string* body, bool* too_large) override;
  void Respond(const Answer& answer) override;

 private:
  FCGX_Request* request_;
};

class CgiRequest : public Request {
 public:
  std::optional<std::string> Param(const char* name) const override;
  std::vector<std::pair<std::string, std::string>> AllParams() const override;
  Status ReadBody(size_t limit, std::string* body, bool* too_large) override;
  void Respond(const Answer& answer) override;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_HTTP_FCGI_REQUEST_H_
