#include "common/http/fcgi_client.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace earshot {

namespace {

constexpr unsigned char kVersion = 1;
constexpr unsigned char kBeginRequest = 1;
constexpr unsigned char kEndRequest = 3;
constexpr unsigned char kParams = 4;
constexpr unsigned char kStdin = 5;
constexpr unsigned char kStdout = 6;
constexpr unsigned char kResponder = 1;
constexpr size_t kMaxBody = 64 << 10;

using Clock = std::chrono::steady_clock;

// Milliseconds left before `deadline`, at least 0.
int Left(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                  Clock::now())
                .count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

// Waits for `events` on `fd`; false when the deadline passed first.
bool Wait(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  int r;
  do {
    r = poll(&p, 1, Left(deadline));
  } while (r < 0 && errno == EINTR);
  return r > 0;
}

// One record's header and content (padded to 8 bytes).
void AppendRecord(unsigned char type, std::string_view content,
                  std::string* out) {
  const size_t padding = (8 - content.size() % 8) % 8;
  const unsigned char header[8] = {
      kVersion,
      type,
      0,
      1,  // request id 1
      static_cast<unsigned char>(content.size() >> 8),
      static_cast<unsigned char>(content.size() & 0xff),
      static_cast<unsigned char>(padding),
      0};
  out->append(reinterpret_cast<const char*>(header), sizeof(header));
  out->append(content);
  out->append(padding, '\0');
}

void AppendLength(size_t n, std::string* out) {
  if (n < 128) {
    *out += static_cast<char>(n);
    return;
  }
  *out += static_cast<char>(0x80 | ((n >> 24) & 0x7f));
  *out += static_cast<char>((n >> 16) & 0xff);
  *out += static_cast<char>((n >> 8) & 0xff);
  *out += static_cast<char>(n & 0xff);
}

// A non-blocking socket connecting to `address`, or -1 with *error set.
int StartConnect(const std::string& address, std::string* error) {
  if (address.find('/') != std::string::npos) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (address.size() >= sizeof(addr.sun_path)) {
      *error = "socket path too long";
      return -1;
    }
    std::memcpy(addr.sun_path, address.data(), address.size());
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd >= 0 &&
        (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 ||
         errno == EINPROGRESS || errno == EAGAIN)) {
      return fd;
    }
    *error = std::string("cannot connect: ") + std::strerror(errno);
    if (fd >= 0) close(fd);
    return -1;
  }
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
    *error = "expected a socket path or HOST:PORT";
    return -1;
  }
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc =
      getaddrinfo(host.c_str(), address.c_str() + colon + 1, &hints, &found);
  if (rc != 0) {
    *error = std::string("cannot resolve: ") + gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  *error = "cannot connect: no address";
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      *error = std::string("cannot connect: ") + std::strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

// The CGI answer in `out` (headers, blank line, body) as a reply.
void ParseAnswer(const std::string& out, FcgiReply* reply) {
  reply->status = 200;
  size_t end = out.find("\r\n\r\n");
  size_t skip = 4;
  if (end == std::string::npos) {
    end = out.find("\n\n");
    skip = 2;
  }
  std::string head = out.substr(0, end);
  reply->body = end == std::string::npos ? "" : out.substr(end + skip);
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    if (eol == std::string::npos) eol = head.size();
    std::string line = head.substr(pos, eol - pos);
    pos = eol + 1;
    if (strncasecmp(line.c_str(), "Status:", 7) == 0) {
      reply->status = std::atoi(line.c_str() + 7);
    }
  }
}

Status Exchange(int fd, const std::string& request, Clock::time_point deadline,
                FcgiReply* reply) {
  const std::string timeout =
      "no answer within the time allowed (all processes busy or stuck?)";
  if (!Wait(fd, POLLOUT, deadline)) return Status::Unavailable(timeout);
  int so_error = 0;
  socklen_t len = sizeof(so_error);
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
  if (so_error != 0) {
    return Status::Unavailable(std::string("cannot connect: ") +
                               std::strerror(so_error));
  }
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n =
        send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!Wait(fd, POLLOUT, deadline)) return Status::Unavailable(timeout);
      continue;
    }
    return Status::Unavailable(std::string("cannot send: ") +
                               std::strerror(errno));
  }
  std::string in, out;
  char buffer[8192];
  for (;;) {
    // Whole records first.
    while (in.size() >= 8) {
      const unsigned char* h =
          reinterpret_cast<const unsigned char*>(in.data());
      const size_t length = (size_t{h[4]} << 8) | h[5];
      const size_t total = 8 + length + h[6];
      if (in.size() < total) break;
      if (h[1] == kStdout && out.size() < kMaxBody) {
        out.append(in, 8, std::min(length, kMaxBody - out.size()));
      } else if (h[1] == kEndRequest) {
        ParseAnswer(out, reply);
        return Status::OK();
      }
      in.erase(0, total);
    }
    if (!Wait(fd, POLLIN, deadline)) return Status::Unavailable(timeout);
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n > 0) {
      in.append(buffer, static_cast<size_t>(n));
    } else if (n == 0) {
      return Status::Unavailable(
          "the connection closed before the answer ended (is this address "
          "allowed by the pool's FCGI_WEB_SERVER_ADDRS?)");
    } else if (errno != EAGAIN && errno != EINTR) {
      return Status::Unavailable(std::string("cannot read: ") +
                                 std::strerror(errno));
    }
  }
}

}  // namespace

Status FcgiGet(const std::string& address,
               const std::vector<std::pair<std::string, std::string>>& params,
               int timeout_ms, FcgiReply* reply) {
  *reply = FcgiReply();
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string request;
  const char begin[8] = {0, kResponder, 0, 0, 0, 0, 0, 0};
  AppendRecord(kBeginRequest, std::string_view(begin, sizeof(begin)), &request);
  std::string pairs;
  for (const auto& [name, value] : params) {
    AppendLength(name.size(), &pairs);
    AppendLength(value.size(), &pairs);
    pairs += name;
    pairs += value;
  }
  // Records hold at most 65535 bytes; these parameters are few and short.
  if (pairs.size() > 65535) return Status::Invalid("parameters too long");
  AppendRecord(kParams, pairs, &request);
  AppendRecord(kParams, "", &request);
  AppendRecord(kStdin, "", &request);
  std::string error;
  int fd = StartConnect(address, &error);
  if (fd < 0) return Status::Unavailable(error);
  Status s = Exchange(fd, request, deadline, reply);
  close(fd);
  return s;
}

}  // namespace earshot
