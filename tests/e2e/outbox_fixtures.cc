#include "tests/e2e/outbox_fixtures.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/auth/crypto.h"
#include "tests/e2e/fixtures.h"

namespace earshot::test {

const char* const kInstallWebhookSecret =
    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

namespace {

std::string NewDir(const std::string& prefix) {
  std::string dir = Stack::Get().var() + "/" + Unique(prefix);
  Stack::Get().Run({"/bin/mkdir", "-p", dir}, {}, "");
  return dir;
}

std::string Str(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::string Python() { return "/usr/bin/python3"; }

std::string Tool(const std::string& name) {
  return Stack::Get().root() + "/tests/e2e/tools/" + name;
}

}  // namespace

Child::~Child() {
  if (pid_ > 0 && !Stop(SIGTERM, 5000)) Stop(SIGKILL, 5000);
}

void Child::Start(const std::vector<std::string>& argv,
                  const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  if (pid < 0) throw std::runtime_error("fork failed");
  pid_ = pid;
  status_ = -1;
}

bool Child::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  pid_ = 0;
  return false;
}

bool Child::Stop(int signal, int timeout_ms) {
  if (!running()) return true;
  kill(pid_, signal);
  return WaitFor([this] { return !running(); }, timeout_ms);
}

bool WaitFor(const std::function<bool()>& done, int timeout_ms) {
  auto until =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

WebhookReceiver::WebhookReceiver(int fail_first, int delay_ms, bool hold) {
  dir_ = NewDir("hooks");
  std::vector<std::string> argv = {
      Python(),     Tool("webhook_receiver.py"),
      "--port-file", dir_ + "/port",
      "--log",       dir_ + "/requests.jsonl",
      "--fail-first", std::to_string(fail_first),
      "--delay-ms",  std::to_string(delay_ms)};
  if (hold) {
    argv.push_back("--hold-file");
    argv.push_back(dir_ + "/release");
  }
  child_.Start(argv, dir_ + "/receiver.log");
  if (!WaitFor([this] { return !ReadFile(dir_ + "/port").empty(); }, 10000)) {
    throw std::runtime_error("the webhook receiver did not start: " +
                             ReadFile(dir_ + "/receiver.log"));
  }
  port_ = std::stoi(ReadFile(dir_ + "/port"));
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::Release() {
  std::ofstream(dir_ + "/release") << "go\n";
}

int WebhookReceiver::MaxConcurrent() const {
  std::string text = ReadFile(dir_ + "/requests.jsonl.max_concurrent");
  return text.empty() ? 0 : std::stoi(text);
}

std::vector<WebhookReceiver::Request> WebhookReceiver::Requests() const {
  std::vector<Request> out;
  std::istringstream lines(ReadFile(dir_ + "/requests.jsonl"));
  std::string line;
  while (std::getline(lines, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    if (!d.IsObject()) continue;
    Request r;
    r.path = Str(d, "path");
    r.body = Str(d, "body");
    r.status = d["status"].GetInt();
    r.duplicate = d["duplicate"].GetBool();
    for (const auto& h : d["headers"].GetObject()) {
      r.headers[h.name.GetString()] = h.value.GetString();
    }
    r.webhook_id = r.headers["webhook-id"];
    out.push_back(std::move(r));
  }
  return out;
}

SmtpSink::SmtpSink() {
  dir_ = NewDir("smtp");
  port_ = FreePort();
  child_.Start({Python(), Tool("smtp_sink.py"), "--port", std::to_string(port_),
                "--dir", dir_, "--ready", dir_ + "/.ready"},
               dir_ + "/.sink.log");
  if (!WaitFor([this] { return !ReadFile(dir_ + "/.ready").empty(); }, 15000)) {
    throw std::runtime_error("the SMTP server did not start: " +
                             ReadFile(dir_ + "/.sink.log"));
  }
}

std::string SmtpSink::url() const {
  return "smtp://127.0.0.1:" + std::to_string(port_);
}

std::vector<SmtpSink::Mail> SmtpSink::Messages() const {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir_.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.substr(name.size() - 5) == ".json") {
        names.push_back(name);
      }
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  std::vector<Mail> out;
  for (const std::string& name : names) {
    rapidjson::Document d;
    std::string text = ReadFile(dir_ + "/" + name);
    d.Parse(text.c_str());
    if (!d.IsObject()) continue;
    Mail m;
    m.mail_from = Str(d, "mail_from");
    m.from = Str(d, "from");
    m.to = Str(d, "to");
    m.subject = Str(d, "subject");
    m.message_id = Str(d, "message_id");
    m.body = Str(d, "body");
    m.raw = Str(d, "raw");
    for (const auto& r : d["rcpt_tos"].GetArray())
      m.rcpt_tos.push_back(r.GetString());
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<SmtpSink::Mail> SmtpSink::MessagesTo(
    const std::string& rcpt) const {
  std::vector<Mail> out;
  for (Mail& m : Messages()) {
    if (std::find(m.rcpt_tos.begin(), m.rcpt_tos.end(), rcpt) !=
        m.rcpt_tos.end()) {
      out.push_back(std::move(m));
    }
  }
  return out;
}

OutboxWorker::OutboxWorker(const std::string& extra_config) {
  std::string dir = NewDir("worker");
  config_ = dir + "/earshot.conf";
  log_ = dir + "/outbox.log";
  std::ofstream out(config_);
  out << ReadFile(Stack::Get().config_path()) << "\n"
      << "outbox_backoff_base_ms = 20\n"
      << "outbox_poll_ms = 50\n"
      << "outbox_lease_s = 3\n"
      << "outbox_timeout_s = 1\n"
      << "webhook_secret = " << kInstallWebhookSecret << "\n"
      // The receivers are on loopback, which webhooks may not reach
      // unless allowed.
      << "webhook_allow = 127.0.0.0/8, ::1\n"
      << extra_config << "\n";
}

CommandResult OutboxWorker::RunOnce() const {
  CommandResult r = Stack::Get().Run(
      {Stack::Get().bin() + "/earshot-outbox", "--config", config_, "--once"},
      {}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r;
}

void OutboxWorker::Start() {
  child_.Start({Stack::Get().bin() + "/earshot-outbox", "--config", config_},
               log_);
}

bool OutboxWorker::Stop(int timeout_ms) {
  bool stopped = child_.Stop(SIGTERM, timeout_ms);
  return stopped && child_.exit_status() == 0;
}

void OutboxWorker::Kill() { child_.Stop(SIGKILL, 5000); }

std::string OutboxWorker::log() const { return ReadFile(log_); }

int64_t QueueWebhook(const std::string& url, const std::string& body,
                     const std::string& message_id) {
  auto db = Stack::Get().Db();
  QueryResult r;
  Status s = db->Run(
      "INSERT INTO outbox (kind, recipient, body, message_id, origin) "
      "VALUES ('webhook', ?, ?, ?, 'test')",
      {SqlParam::Text(url), SqlParam::Text(body), SqlParam::Text(message_id)},
      &r);
  if (s.ok()) s = db->Commit();
  if (!s.ok()) throw std::runtime_error(s.ToString());
  return static_cast<int64_t>(r.insert_id);
}

std::string OutboxColumn(int64_t id, const std::string& column) {
  // `column` comes from the tests themselves, never from input.
  return Stack::Get().Value("SELECT " + column + " FROM outbox WHERE id = ?",
                            {SqlParam::Int(id)});
}

int64_t AttemptCount(int64_t id, const std::string& condition) {
  return Stack::Get().Count(
      "SELECT COUNT(*) FROM outbox_attempts WHERE outbox_id = ? AND " +
          condition,
      {SqlParam::Int(id)});
}

int64_t CountInState(const std::vector<int64_t>& ids,
                     const std::string& state) {
  if (ids.empty()) return 0;
  std::string in;
  std::vector<SqlParam> params = {SqlParam::Text(state)};
  for (int64_t id : ids) {
    in += in.empty() ? "?" : ", ?";
    params.push_back(SqlParam::Int(id));
  }
  return Stack::Get().Count(
      "SELECT COUNT(*) FROM outbox WHERE state = ? AND id IN (" + in + ")",
      params);
}

bool SignatureMatches(const std::string& secret, const std::string& id,
                      const std::string& timestamp, const std::string& body,
                      const std::string& signature_header) {
  std::string key;
  if (secret.rfind("whsec_", 0) != 0 || !Base64Decode(secret.substr(6), &key)) {
    return false;
  }
  std::string expected =
      "v1," + Base64Encode(HmacSha256(key, id + "." + timestamp + "." + body));
  std::istringstream parts(signature_header);
  std::string part;
  while (parts >> part) {
    if (part == expected) return true;
  }
  return false;
}

std::string CreateMacro(const std::string& target, const std::string& json) {
  std::string name = Unique("macro");
  std::string path = Stack::Get().var() + "/" + name + ".json";
  {
    std::ofstream out(path);
    out << json;
  }
  CommandResult r = Stack::Get().Ctl(
      {"macro", "create", name, "--target", target, "--file", path});
  if (r.exit_code != 0) {
    throw std::runtime_error("cannot create macro: " + r.err + r.out);
  }
  return name;
}

}  // namespace earshot::test
