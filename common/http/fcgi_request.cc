#include "common/http/fcgi_request.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace earshot {

namespace {

constexpr size_t kChunk = 64 << 10;

// Reads with `read_some` until EOF: keeps `limit` bytes, drops the rest.
template <typename ReadSome>
void ReadAll(size_t limit, std::string* body, bool* too_large,
             ReadSome read_some) {
  body->clear();
  *too_large = false;
  char buffer[kChunk];
  for (;;) {
    int n = read_some(buffer, static_cast<int>(sizeof(buffer)));
    if (n <= 0) break;
    size_t room = limit - body->size();
    if (static_cast<size_t>(n) > room) {
      *too_large = true;
      body->append(buffer, room);
    } else {
      body->append(buffer, n);
    }
  }
}

std::vector<std::pair<std::string, std::string>> SplitEnvironment(
    char** envp) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t count = 0;
  for (char** p = envp; p != nullptr && *p != nullptr; ++p) ++count;
  params.reserve(count);  // nginx passes about 30: no regrowing
  for (char** p = envp; p != nullptr && *p != nullptr; ++p) {
    std::string_view entry(*p);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    params.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return params;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> FcgiRequest::AllParams()
    const {
  return SplitEnvironment(request_->envp);
}

std::vector<std::pair<std::string, std::string>> CgiRequest::AllParams()
    const {
  return SplitEnvironment(environ);
}

std::optional<std::string> FcgiRequest::Param(const char* name) const {
  // libfcgi's strings die at the next accept: copy.
  const char* value = FCGX_GetParam(name, request_->envp);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Status FcgiRequest::ReadBody(size_t limit, std::string* body,
                             bool* too_large) {
  ReadAll(limit, body, too_large, [this](char* buf, int n) {
    return FCGX_GetStr(buf, n, request_->in);
  });
  return Status::OK();
}

void FcgiRequest::Respond(const Answer& answer) {
  std::string head = ResponseHead(answer);
  FCGX_PutStr(head.data(), static_cast<int>(head.size()), request_->out);
  FCGX_PutStr(answer.body.data(), static_cast<int>(answer.body.size()),
              request_->out);
}

std::optional<std::string> CgiRequest::Param(const char* name) const {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Status CgiRequest::ReadBody(size_t limit, std::string* body,
                            bool* too_large) {
  // A CGI body is exactly CONTENT_LENGTH bytes; stdin may not end after it.
  const char* length_text = std::getenv("CONTENT_LENGTH");
  size_t remaining = length_text ? std::strtoull(length_text, nullptr, 10) : 0;
  ReadAll(limit, body, too_large, [&remaining](char* buf, int n) -> int {
    if (remaining == 0) return 0;
    size_t want = std::min(remaining, static_cast<size_t>(n));
    ssize_t got = read(STDIN_FILENO, buf, want);
    if (got <= 0) return 0;
    remaining -= static_cast<size_t>(got);
    return static_cast<int>(got);
  });
  return Status::OK();
}

void CgiRequest::Respond(const Answer& answer) {
  std::string out = ResponseHead(answer) + answer.body;
  const char* p = out.data();
  size_t left = out.size();
  while (left > 0) {
    ssize_t n = write(STDOUT_FILENO, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace earshot
