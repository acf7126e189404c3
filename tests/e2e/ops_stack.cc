#include "tests/e2e/ops_stack.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace earshot::test {

namespace {

size_t CollectBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t CollectHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
      value.pop_back();
    }
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
  }
  return size * n;
}

}  // namespace

HttpResponse Fetch(const std::string& url, const std::string& body,
                   const Headers& headers, const std::string& method) {
  HttpResponse r;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (method == "POST" || !body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body.size()));
  }
  curl_slist* list = nullptr;
  for (const auto& [name, value] : headers) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  r.json.Parse(r.body.data(), r.body.size());
  return r;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

ExtraStack::ExtraStack(const std::vector<std::string>& options) {
  Stack& s = Stack::Get();
  std::string tmpl = s.var() + "/../earshot-e2e-ops-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp";
    return;
  }
  var_ = tmpl;
  port_ = FreeLoopbackPort();
  std::vector<std::string> argv = {s.root() + "/tools/earshot-stack",
                                   "start",
                                   "--var",
                                   var_,
                                   "--bin",
                                   s.bin(),
                                   "--port",
                                   std::to_string(port_),
                                   "--pool",
                                   "1",
                                   "--no-outbox",
                                   "--quiet"};
  argv.insert(argv.end(), options.begin(), options.end());
  CommandResult r = s.Run(argv, {}, "");
  started_ = r.exit_code == 0;
  EXPECT_TRUE(started_) << r.err << r.out;
}

ExtraStack::~ExtraStack() {
  if (var_.empty()) return;
  Command({"stop"});
}

CommandResult ExtraStack::Ctl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {Stack::Get().bin() + "/earshotctl",
                                   "--config", var_ + "/earshot.conf",
                                   "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  return Stack::Get().Run(argv, {}, "");
}

CommandResult ExtraStack::Command(const std::vector<std::string>& args) const {
  Stack& s = Stack::Get();
  std::vector<std::string> argv = {s.root() + "/tools/earshot-stack"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(),
              {"--var", var_, "--bin", s.bin(), "--pool", "1", "--quiet"});
  return s.Run(argv, {}, "");
}

CommandResult ExtraStack::Sql(const std::string& sql) const {
  return Stack::Get().Run(
      {"/usr/bin/mariadb", "--defaults-file=" + var_ + "/my.cnf", "-uroot",
       "-N", "-B", "-e", sql},
      {}, "");
}

}  // namespace earshot::test
