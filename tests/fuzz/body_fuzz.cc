// Fuzzes the body reader and the JSON checks: a plain CGI request (its
// parameters in the environment, its body on stdin, as a handler started
// per request reads them) goes through ReadIncoming, then the body through
// ParseJsonBody. The input is "NAME=value" lines, a blank line, then the
// body; without a blank line it is all body.
//
// Accepted JSON is valid UTF-8 (every decoded string too), nests within
// the limit, is an object and repeats no member name.

#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/base/utf8.h"
#include "common/http/fcgi_request.h"
#include "common/http/incoming.h"
#include "common/http/json_body.h"
#include "tests/fuzz/fuzz_check.h"

namespace earshot {
namespace {

constexpr size_t kMaxBodyBytes = 2000;
constexpr int kMaxDepth = 16;
constexpr size_t kMaxPipeBytes = 60000;  // below a pipe's buffer

// Every string in `v`, member names included, is valid UTF-8.
bool AllStringsUtf8(const rapidjson::Value& v, int depth) {
  FUZZ_CHECK(depth <= kMaxDepth);
  if (v.IsString()) {
    return IsValidUtf8({v.GetString(), v.GetStringLength()});
  }
  if (v.IsArray()) {
    for (const auto& item : v.GetArray()) {
      if (!AllStringsUtf8(item, depth + 1)) return false;
    }
  }
  if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      if (!IsValidUtf8({m.name.GetString(), m.name.GetStringLength()}) ||
          !AllStringsUtf8(m.value, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}

// Puts `body` on stdin, whole, then end of file.
void SetStdin(std::string_view body) {
  int fds[2];
  FUZZ_CHECK(pipe(fds) == 0);
  size_t done = 0;
  while (done < body.size()) {
    ssize_t n = write(fds[1], body.data() + done, body.size() - done);
    FUZZ_CHECK(n > 0);
    done += static_cast<size_t>(n);
  }
  close(fds[1]);
  FUZZ_CHECK(dup2(fds[0], STDIN_FILENO) == STDIN_FILENO);
  close(fds[0]);
}

}  // namespace
}  // namespace earshot

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t blank = input.find("\n\n");
  std::string_view head = blank == std::string_view::npos
                              ? std::string_view()
                              : input.substr(0, blank);
  std::string_view body =
      blank == std::string_view::npos ? input : input.substr(blank + 2);
  if (body.size() > kMaxPipeBytes) return 0;

  // The symbolizer, should a crash need one, is found through PATH.
  static const std::string path =
      std::getenv("PATH") ? std::getenv("PATH") : "";
  clearenv();
  setenv("PATH", path.c_str(), 1);
  setenv("REQUEST_METHOD", "POST", 1);
  setenv("CONTENT_LENGTH", std::to_string(body.size()).c_str(), 1);
  while (!head.empty()) {
    std::string_view line = head.substr(0, head.find('\n'));
    head.remove_prefix(std::min(head.size(), line.size() + 1));
    size_t eq = line.find('=');
    if (eq == 0 || eq == std::string_view::npos) continue;
    std::string name(line.substr(0, eq));
    std::string value(line.substr(eq + 1));
    if (name.find('\0') != std::string::npos) continue;
    setenv(name.c_str(), value.c_str(), 1);  // a NUL in value cuts it there
  }
  SetStdin(body);

  CgiRequest request;
  Incoming in;
  FUZZ_CHECK(ReadIncoming(&request, kMaxBodyBytes, &in).ok());
  // The body read is what was sent, cut at the limit, and the cut is said.
  const char* length_text = std::getenv("CONTENT_LENGTH");
  size_t sent = std::min<size_t>(
      body.size(), std::strtoull(length_text ? length_text : "0", nullptr, 10));
  FUZZ_CHECK(in.body.size() == std::min(sent, kMaxBodyBytes));
  FUZZ_CHECK(in.body_too_large == (sent > kMaxBodyBytes));
  FUZZ_CHECK(body.substr(0, in.body.size()) == in.body);

  // The delivery log's copy of the headers is a JSON object in UTF-8.
  FUZZ_CHECK(IsValidUtf8(in.headers_json));
  rapidjson::Document headers;
  headers.Parse(in.headers_json.data(), in.headers_json.size());
  FUZZ_CHECK(!headers.HasParseError() && headers.IsObject());

  rapidjson::Document doc;
  Status s = ParseJsonBody(in.body, kMaxDepth, &doc);
  if (!s.ok()) {
    FUZZ_CHECK(s.IsRefused());
    return 0;
  }
  FUZZ_CHECK(IsValidUtf8(in.body));
  FUZZ_CHECK(JsonNestingDepth(in.body, kMaxDepth) <= kMaxDepth);
  FUZZ_CHECK(doc.IsObject());
  FUZZ_CHECK(RefuseDuplicateMembers(doc).ok());
  FUZZ_CHECK(AllStringsUtf8(doc, 1));
  return 0;
}
