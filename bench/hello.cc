// Benchmark floor: the least a FastCGI program behind nginx can do with a
// delivery. It reads the whole body (into memory, capped like a listener)
// and answers 204, using libfcgi only and none of earshot's code.
//
// Run as a pool like the listeners (spawn-fcgi + multiwatch), or as a
// plain CGI program (one request from its environment and stdin), which is
// the floor for the CGI cold start.
//
// Usage: hello.fcgi

#include <fcgiapp.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr size_t kMaxBody = 1 << 20;
constexpr char kAnswer[] = "Status: 204 No Content\r\n\r\n";

// Keeps up to kMaxBody bytes of what `read_some` yields, drains the rest.
template <typename ReadSome>
void ReadBody(std::string* body, ReadSome read_some) {
  body->clear();
  char buffer[16384];
  for (;;) {
    int n = read_some(buffer, static_cast<int>(sizeof(buffer)));
    if (n <= 0) break;
    size_t room = kMaxBody - body->size();
    body->append(buffer, static_cast<size_t>(n) < room ? n : room);
  }
}

void ServeCgi() {
  const char* length = std::getenv("CONTENT_LENGTH");
  long remaining = length ? std::strtol(length, nullptr, 10) : 0;
  std::string body;
  ReadBody(&body, [&remaining](char* buf, int n) -> int {
    if (remaining <= 0) return 0;
    size_t want = remaining < n ? remaining : n;
    size_t got = std::fread(buf, 1, want, stdin);
    remaining -= static_cast<long>(got);
    return static_cast<int>(got);
  });
  std::fputs(kAnswer, stdout);
}

}  // namespace

int main() {
  if (FCGX_IsCGI()) {
    ServeCgi();
    return 0;
  }
  if (FCGX_Init() != 0) return 1;
  FCGX_Request request;
  FCGX_InitRequest(&request, 0, 0);
  std::string body;
  while (FCGX_Accept_r(&request) >= 0) {
    ReadBody(&body, [&request](char* buf, int n) {
      return FCGX_GetStr(buf, n, request.in);
    });
    FCGX_PutStr(kAnswer, sizeof(kAnswer) - 1, request.out);
    FCGX_Finish_r(&request);
  }
  return 0;
}
