#include "common/http/request.h"

namespace earshot {

namespace {

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    case 508: return "Loop Detected";
    default: return "Internal Server Error";
  }
}

}  // namespace

std::string CgiHeaderName(std::string_view name) {
  std::string cgi;
  cgi.reserve(name.size() + 5);  // one allocation, on every request
  cgi = "HTTP_";
  for (char c : name) {
    cgi += c == '-' ? '_' : (c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  // CGI names these two without the HTTP_ prefix.
  std::string_view bare = std::string_view(cgi).substr(5);
  if (bare == "CONTENT_TYPE" || bare == "CONTENT_LENGTH") cgi.erase(0, 5);
  return cgi;
}

bool IsCgiHeaderName(std::string_view cgi, std::string_view name) {
  const bool prefixed = cgi.substr(0, 5) == "HTTP_";
  std::string_view bare = prefixed ? cgi.substr(5) : cgi;
  if (bare.size() != name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    c = c == '-' ? '_' : (c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (c != bare[i]) return false;
  }
  // Only these two go without the prefix, and never with it.
  return prefixed != (bare == "CONTENT_TYPE" || bare == "CONTENT_LENGTH");
}

std::optional<std::string> RequestHeader(const Request& request,
                                         std::string_view name) {
  return request.Param(CgiHeaderName(name).c_str());
}

std::string ResponseHead(const Answer& answer) {
  std::string head = "Status: " + std::to_string(answer.status) + " " +
                     Reason(answer.status) +
                     "\r\nContent-Type: application/json\r\n"
                     "Content-Length: " +
                     std::to_string(answer.body.size()) + "\r\n";
  for (const auto& [name, value] : answer.headers) {
    head += name + ": " + value + "\r\n";
  }
  return head + "\r\n";
}

}  // namespace earshot
