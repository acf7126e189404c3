#include "common/console/serve.h"

#include <fcgiapp.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "common/base/flag.h"
#include "common/config.h"
#include "common/console/console.h"
#include "common/http/fcgi_request.h"

namespace earshot::console {

namespace {

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 303:
      return "See Other";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

void Write(FCGX_Request* raw, const Response& r, bool head_only) {
  std::string head = "Status: " + std::to_string(r.status) + " " +
                     Reason(r.status) + "\r\nContent-Type: " + r.content_type +
                     "\r\nContent-Length: " + std::to_string(r.body.size()) +
                     "\r\n";
  for (const auto& [name, value] : r.headers) {
    head += name + ": " + value + "\r\n";
  }
  head += "\r\n";
  FCGX_PutStr(head.data(), static_cast<int>(head.size()), raw->out);
  if (!head_only) {
    FCGX_PutStr(r.body.data(), static_cast<int>(r.body.size()), raw->out);
  }
}

}  // namespace

int ServeConsole(int argc, char** argv) {
  Config config;
  std::string path = ResolveConfigPath(Flag(argc, argv, "--config"));
  Status s = LoadConfig(path, &config);
  if (!s.ok()) {
    std::fprintf(stderr, "earshot console: %s\n", s.message().c_str());
    return 2;
  }
  const char* templates = Flag(argc, argv, "--templates");
  if (templates == nullptr) {
    std::fprintf(stderr, "earshot console: --templates DIR is required\n");
    return 2;
  }
  s = SetTemplateRoot(templates);
  if (!s.ok()) {
    std::fprintf(stderr, "earshot console: %s\n", s.message().c_str());
    return 2;
  }
  if (FCGX_IsCGI()) {
    std::fprintf(stderr,
                 "earshot console: stdin is not a FastCGI socket; run it "
                 "under spawn-fcgi, multiwatch or systemd\n");
    return 2;
  }
  if (FCGX_Init() != 0) {
    std::fprintf(stderr, "earshot console: FCGX_Init failed\n");
    return 1;
  }
  Console console(config, path);
  FCGX_Request raw;
  FCGX_InitRequest(&raw, 0, 0);
  while (FCGX_Accept_r(&raw) >= 0) {
    FcgiRequest request(&raw);
    HttpIn in;
    in.method = request.Param("REQUEST_METHOD").value_or("");
    in.path = request.Param("DOCUMENT_URI").value_or("");
    in.query = request.Param("QUERY_STRING").value_or("");
    in.cookies = request.Param("HTTP_COOKIE").value_or("");
    in.content_type = request.Param("CONTENT_TYPE").value_or("");
    in.remote_addr = request.Param("REMOTE_ADDR").value_or("");
    in.authorization = request.Param("HTTP_AUTHORIZATION").value_or("");
    in.tls = CameOverTls(request.Param("HTTPS").value_or(""),
                         request.Param("HTTP_X_FORWARDED_PROTO").value_or(""),
                         in.remote_addr, config.console_trusted_proxies);
    bool too_large = false;
    (void)request.ReadBody(kMaxFormBytes, &in.body, &too_large);
    Response response;
    if (too_large) {
      response.status = 413;
      response.content_type = "text/plain; charset=utf-8";
      response.body = "The form is too large.\n";
    } else {
      console.Handle(in, &response);
    }
    Write(&raw, response, in.method == "HEAD");
    FCGX_Finish_r(&raw);
  }
  return 0;
}

}  // namespace earshot::console
