#include "tests/e2e/harness.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "common/config.h"

namespace earshot::test {

namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    throw std::runtime_error("cannot bind a loopback port");
  }
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

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
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
      value.pop_back();
    }
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
  }
  return size * n;
}

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

std::string HttpResponse::ErrorCode() const {
  if (!json.IsObject() || !json.HasMember("error") ||
      !json["error"].IsObject() || !json["error"].HasMember("code")) {
    return "";
  }
  return json["error"]["code"].GetString();
}

std::string HttpResponse::ErrorMessage() const {
  if (ErrorCode().empty() || !json["error"].HasMember("message")) return "";
  return json["error"]["message"].GetString();
}

int64_t HttpResponse::Event() const {
  if (!json.IsObject() || !json.HasMember("event") ||
      !json["event"].IsInt64()) {
    return 0;
  }
  return json["event"].GetInt64();
}

bool HttpResponse::Duplicate() const {
  return json.IsObject() && json.HasMember("duplicate") &&
         json["duplicate"].IsBool() && json["duplicate"].GetBool();
}

std::vector<std::string> HttpResponse::Outcomes() const {
  std::vector<std::string> out;
  if (!json.IsObject() || !json.HasMember("targets")) return out;
  for (const auto& t : json["targets"].GetArray()) {
    int64_t id = t["id"].IsInt64() ? t["id"].GetInt64() : 0;
    out.push_back(std::to_string(id) + ":" + t["outcome"].GetString());
  }
  return out;
}

Stack& Stack::Get() {
  static Stack stack;
  return stack;
}

void Stack::Start() {
  root_ = Env("EARSHOT_ROOT", ".");
  bin_ = Env("EARSHOT_BIN", root_ + "/build/bin");
  // Under EARSHOT_E2E_DIR when given, so that tools/run-tests can stop a
  // stack whose test binary died before it could.
  std::string tmpl = Env("EARSHOT_E2E_DIR", "/tmp") + "/earshot-e2e-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  var_ = tmpl;
  port_ = FreePort();
  base_url_ = "http://127.0.0.1:" + std::to_string(port_);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CommandResult r =
      Run({root_ + "/tools/earshot-stack", "start", "--var", var_, "--bin",
           bin_, "--port", std::to_string(port_), "--pool", "3", "--rate", "20", "--burst", "300",
           // The suite sends from 127.0.0.1; tests of the rate limit
           // send from other loopback addresses.
           "--rate-exempt", "127.0.0.1", "--no-outbox",
           "--quiet"},
          {}, "");
  if (r.exit_code != 0) {
    throw std::runtime_error("earshot-stack start failed: " + r.err + r.out);
  }
  started_ = true;
  Config config;
  Status s = LoadConfig(config_path(), &config);
  if (!s.ok()) throw std::runtime_error(s.ToString());
  db_ = config.db;
}

void Stack::Stop() {
  if (!started_) return;
  Run({root_ + "/tools/earshot-stack", "stop", "--var", var_, "--quiet"}, {},
      "");
  started_ = false;
  // Under tools/run-tests (EARSHOT_E2E_DIR), the runner reads the logs for
  // sanitizer reports and removes the directory itself.
  if (Env("EARSHOT_KEEP_VAR", "") != "1" && Env("EARSHOT_E2E_DIR", "").empty()) {
    Run({"/bin/rm", "-rf", var_}, {}, "");
  }
}

HttpResponse Stack::Post(const std::string& path, const std::string& body,
                         const Headers& headers, const std::string& method,
                         const std::string& source) const {
  HttpResponse r;
  CURL* curl = curl_easy_init();
  std::string url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  std::string interface = "host!" + source;
  if (!source.empty()) {
    curl_easy_setopt(curl, CURLOPT_INTERFACE, interface.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (method == "POST" || !body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body.size()));
  }
  curl_slist* list = nullptr;
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    if (lower == "content-type") has_type = true;
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  if (!has_type) list = curl_slist_append(list, "Content-Type:");
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  r.json.Parse(r.body.data(), r.body.size());
  return r;
}

CommandResult Stack::Ctl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {bin_ + "/earshotctl", "--config",
                                   config_path(), "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, {}, "");
}

CommandResult Stack::CtlOk(const std::vector<std::string>& args) const {
  CommandResult r = Ctl(args);
  std::string line;
  for (const std::string& a : args) line += a + " ";
  EXPECT_EQ(r.exit_code, 0) << "earshotctl " << line << "\n" << r.err;
  return r;
}

CommandResult Stack::Run(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env,
                         const std::string& input) const {
  static std::atomic<int> counter{0};
  std::string base = (var_.empty() ? std::string("/tmp") : var_) +
                     "/cmd-" + std::to_string(getpid()) + "-" +
                     std::to_string(counter++);
  std::string in_path = base + ".in", out_path = base + ".out",
              err_path = base + ".err";
  {
    std::ofstream in(in_path, std::ios::binary);
    in << input;
  }
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (env.empty()) {
      execv(args[0], args.data());
    } else {
      std::vector<std::string> full = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
      full.insert(full.end(), env.begin(), env.end());
      std::vector<char*> envp;
      for (std::string& e : full) envp.push_back(e.data());
      envp.push_back(nullptr);
      execve(args[0], args.data(), envp.data());
    }
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  unlink(in_path.c_str());
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  r.json.Parse(r.out.data(), r.out.size());
  return r;
}

std::unique_ptr<Connection> Stack::Db() const {
  std::unique_ptr<Connection> db;
  Status s = Connection::Open(db_, &db);
  if (!s.ok()) throw std::runtime_error(s.ToString());
  return db;
}

std::string Stack::Value(const std::string& sql,
                         const std::vector<SqlParam>& params) const {
  auto db = Db();
  QueryResult r;
  Status s = db->Run(sql, params, &r);
  if (!s.ok()) throw std::runtime_error(s.ToString());
  db->Rollback();
  if (r.rows.empty()) return "";
  return r.rows[0].IsNull(0) ? "NULL" : r.rows[0].Text(0);
}

int64_t Stack::Count(const std::string& sql,
                     const std::vector<SqlParam>& params) const {
  return std::stoll(Value(sql, params));
}

std::string Unique(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(++n);
}

std::pair<std::string, std::string> Bearer(const std::string& key) {
  return {"Authorization", "Bearer " + key};
}

std::pair<std::string, std::string> JsonType() {
  return {"Content-Type", "application/json"};
}

}  // namespace earshot::test

namespace {

class StackEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { earshot::test::Stack::Get().Start(); }
  void TearDown() override { earshot::test::Stack::Get().Stop(); }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new StackEnvironment);
  return RUN_ALL_TESTS();
}
