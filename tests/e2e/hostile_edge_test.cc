// Hostile senders at the edge, through the real nginx: keyless floods from
// another address must not eat a keyed sender's rate budget; requests nginx
// refuses before choosing a location (400, 414, typo paths) must keep
// ?api_key= out of every log and answer JSON; a handler pool on TCP must
// refuse FastCGI clients other than the web server; a macro webhook
// calling its own listener must stop after a few hops.
//
// Loopback addresses other than 127.0.0.1 stand for other clients: the
// harness's nginx exempts 127.0.0.1 (the rest of the suite) from the rate
// limit, not them.

#include <arpa/inet.h>
#include <curl/curl.h>
#include <dirent.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

int Port(const std::string& base_url) {
  return std::stoi(base_url.substr(base_url.rfind(':') + 1));
}

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// POSTs through nginx from the loopback address `source`.
long PostFrom(const std::string& source, const std::string& path,
              const std::string& body, const Headers& headers) {
  CURL* curl = curl_easy_init();
  std::string url = Stack::Get().base_url() + path, answer;
  std::string interface = "host!" + source;
  curl_slist* list = curl_slist_append(nullptr, "Expect:");
  list = curl_slist_append(list, "Content-Type: application/json");
  for (const auto& [name, value] : headers) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_INTERFACE, interface.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return status;
}

// Sends `bytes` over TCP to 127.0.0.1:`port` from `source` and returns
// everything read until the peer closes (or 10 s pass).
std::string RawExchange(const std::string& source, int port,
                        const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)), 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
    close(fd);
    return out;
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n =
        send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

std::string HttpStatusLine(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n"));
}

std::string HttpBody(const std::string& answer) {
  size_t end = answer.find("\r\n\r\n");
  return end == std::string::npos ? "" : answer.substr(end + 4);
}

TEST(HostileEdge, KeylessFloodFromAnotherAddressLeavesTheKeyedSenderAlone) {
  // The harness runs nginx at 20 r/s with a burst of 300 per client.
  ListenerFixture listener = CreateListener(
      "data", "users",
      {"--group", CreateGroup("users", {{"n", "/n", "integer"}})});
  const std::string body = R"({"email":")" + UniqueEmail() + R"(","n":1})";
  std::atomic<bool> done{false};
  std::atomic<int> flood_limited{0}, flood_sent{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&] {
      // Bounded: at most 5000 requests between the four threads.
      while (!done && flood_sent++ < 5000) {
        if (PostFrom("127.0.0.3", listener.path(), body, {}) == 429) {
          ++flood_limited;
        }
      }
    });
  }
  // Until the flood has used up a shared budget, if there were one.
  WaitFor([&] { return flood_limited > 0; }, 60000);
  std::vector<long> keyed;
  for (int i = 0; i < 20; ++i) {
    keyed.push_back(PostFrom("127.0.0.2", listener.path(), body,
                             {Bearer(listener.api_key)}));
  }
  done = true;
  for (std::thread& t : flood) t.join();
  EXPECT_GT(flood_limited.load(), 0) << "the flood was never limited";
  EXPECT_EQ(std::count(keyed.begin(), keyed.end(), 200L), 20)
      << "the keyed sender got " << std::count(keyed.begin(), keyed.end(), 429L)
      << " answers 429";
}

TEST(HostileEdge, RequestsRefusedBeforeALocationLogNoApiKeyAndAnswerJson) {
  ListenerFixture listener = CreateListener(
      "data", "users",
      {"--group", CreateGroup("users", {{"n", "/n", "integer"}})});
  const int port = Port(Stack::Get().base_url());
  const std::string key = listener.api_key;
  const std::string query = "?api_key=" + key;
  const std::string body = "{}";
  auto post = [&](const std::string& target, const std::string& extra) {
    return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra +
           "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  };
  struct Case {
    const char* name;
    std::string request;
    const char* status;
    bool json;
  };
  const std::vector<Case> cases = {
      {"dot-dot", post("/listeners/../../x" + query, ""), " 400 ", true},
      {"header too large",
       post("/listeners/data/" + listener.key + query,
            "X-Pad: " + std::string(20000, 'p') + "\r\n"),
       " 400 ", true},
      {"uri too long",
       post("/listeners/data/" + listener.key + query +
                "&pad=" + std::string(20000, 'u'),
            ""),
       " 414 ", true},
      {"typo path", post("/Listeners/data/" + listener.key + query, ""),
       " 404 ", true},
      {"bad request line",
       "GARBAGE /listeners/data/" + listener.key + query + " HTTP/1.1\r\n\r\n",
       " 400 ", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string answer = RawExchange("127.0.0.1", port, c.request);
    EXPECT_NE(HttpStatusLine(answer).find(c.status), std::string::npos)
        << HttpStatusLine(answer);
    if (c.json) {
      rapidjson::Document d;
      std::string text = HttpBody(answer);
      d.Parse(text.c_str());
      EXPECT_TRUE(d.IsObject() && d.HasMember("ok") && d["ok"].IsFalse() &&
                  d.HasMember("error"))
          << text;
    }
    // Logs are written as requests end; give nginx a moment.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::vector<std::string> leaks =
        FilesHolding(Stack::Get().var() + "/log", key);
    EXPECT_TRUE(leaks.empty()) << "the API key is in " << leaks[0];
    EXPECT_EQ(Stack::Get().Count(
                  "SELECT COUNT(*) FROM events WHERE INSTR(CONCAT_WS(' ', "
                  "headers, body, error_message, delivery_id), ?) > 0",
                  {SqlParam::Text(key)}),
              0);
  }
}

// A FastCGI record.
std::string Record(int type, const std::string& content) {
  std::string r = {1,
                   static_cast<char>(type),
                   0,
                   1,
                   static_cast<char>(content.size() >> 8),
                   static_cast<char>(content.size() & 0xff),
                   0,
                   0};
  return r + content;
}

std::string NameValue(const std::string& name, const std::string& value) {
  return std::string(1, static_cast<char>(name.size())) +
         std::string(1, static_cast<char>(value.size())) + name + value;
}

// A second private stack whose pools listen on TCP, for one test.
class TcpStack {
 public:
  TcpStack() {
    std::string tmpl = Stack::Get().var() + "/../earshot-e2e-tcp-XXXXXX";
    var_ = mkdtemp(tmpl.data());
    port_ = FreePort();
    pool_port_ = FreePorts(3);
    CommandResult r = Stack::Get().Run(
        {Stack::Get().root() + "/tools/earshot-stack", "start", "--var", var_,
         "--bin", Stack::Get().bin(), "--port", std::to_string(port_), "--pool",
         "1", "--pool-tcp", "127.0.0.1:" + std::to_string(pool_port_),
         "--no-outbox", "--quiet"},
        {}, "");
    started_ = r.exit_code == 0;
    EXPECT_TRUE(started_) << r.err << r.out;
  }
  ~TcpStack() {
    Stack::Get().Run({Stack::Get().root() + "/tools/earshot-stack", "stop",
                      "--var", var_, "--quiet"},
                     {}, "");
  }
  bool started() const { return started_; }
  int port() const { return port_; }
  // The data pool's port.
  int pool_port() const { return pool_port_; }
  CommandResult Ctl(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {Stack::Get().bin() + "/earshotctl",
                                     "--config", var_ + "/earshot.conf",
                                     "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Stack::Get().Run(argv, {}, "");
  }

 private:
  std::string var_;
  int port_ = 0, pool_port_ = 0;
  bool started_ = false;
};

TEST(HostileEdge, APoolOnTcpRefusesFastCgiClientsOtherThanTheWebServer) {
  TcpStack stack;
  ASSERT_TRUE(stack.started());
  // A key allowed only from 192.0.2.7: a FastCGI client that can set
  // REMOTE_ADDR could pretend to be it.
  CommandResult key =
      stack.Ctl({"apikey", "create", "tcp-key", "--allow-ip", "192.0.2.7/32"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  std::string secret = key.json["key"].GetString();
  ASSERT_EQ(
      stack.Ctl({"group", "create", "Tcp", "--target", "users"}).exit_code, 0);
  ASSERT_EQ(stack
                .Ctl({"field", "add", "Tcp", "n", "--param", "/n", "--type",
                      "integer"})
                .exit_code,
            0);
  ASSERT_EQ(stack.Ctl({"user", "create", "tcp@example.com"}).exit_code, 0);
  CommandResult l =
      stack.Ctl({"listener", "create", "tcp", "--type", "data", "--target",
                 "users", "--group", "Tcp", "--api-key", "tcp-key"});
  ASSERT_EQ(l.exit_code, 0) << l.err;

  const std::string body = R"({"email":"tcp@example.com","n":424242})";
  std::string params =
      NameValue("REQUEST_METHOD", "POST") +
      NameValue("REQUEST_URI", "/listeners/data/tcp") +
      NameValue("DOCUMENT_URI", "/listeners/data/tcp") +
      NameValue("QUERY_STRING", "") +
      NameValue("CONTENT_TYPE", "application/json") +
      NameValue("CONTENT_LENGTH", std::to_string(body.size())) +
      NameValue("REMOTE_ADDR", "192.0.2.7") +
      NameValue("HTTP_AUTHORIZATION", "Bearer " + secret);
  std::string request = Record(1, std::string("\0\1\0\0\0\0\0\0", 8)) +
                        Record(4, params) + Record(4, "") + Record(5, body) +
                        Record(5, "");
  std::string answer = RawExchange("127.0.0.3", stack.pool_port(), request);
  EXPECT_EQ(answer.find("\"ok\":true"), std::string::npos) << answer;
  EXPECT_EQ(stack.Ctl({"data", "get", "users", "1"}).out.find("424242"),
            std::string::npos);

  // nginx, from 127.0.0.1, still reaches the pool; the real client address
  // is refused by the allow-list.
  std::string http =
      "POST /listeners/data/tcp HTTP/1.1\r\nHost: localhost\r\n"
      "Authorization: Bearer " +
      secret + "\r\nContent-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  std::string via_nginx = RawExchange("127.0.0.1", stack.port(), http);
  EXPECT_NE(via_nginx.find(" 403 "), std::string::npos) << via_nginx;
  EXPECT_NE(via_nginx.find("ip_not_allowed"), std::string::npos) << via_nginx;
}

TEST(HostileEdge, AMacroWebhookCallingItsOwnListenerStopsAfterMaxHops) {
  std::string email = UniqueEmail("loop");
  CreateUser(email);
  std::string api_name = Unique("loopkey");
  std::string api_key = CreateApiKey(api_name);
  std::string listener_key = Unique("loop");
  std::string url =
      Stack::Get().base_url() + "/listeners/macro/" + listener_key;
  std::string macro =
      CreateMacro("users", R"({"actions":[{"type":"score","points":1},
        {"type":"webhook","url":")" +
                               url + R"(",
         "headers":{"Authorization":"Bearer )" +
                               api_key + R"("},
         "body":{"email":"{{user.email}}"}}]})");
  Stack::Get().CtlOk({"listener", "create", listener_key, "--type", "macro",
                      "--target", "users", "--macro", macro, "--api-key",
                      api_name, "--identify", "email=/email"});
  auto events = [&](int status) {
    return Stack::Get().Count(
        "SELECT COUNT(*) FROM events e JOIN listeners l ON l.id = "
        "e.listener_id WHERE l.listener_key = ? AND (? = 0 OR e.http_status = "
        "?)",
        {SqlParam::Text(listener_key), SqlParam::Int(status),
         SqlParam::Int(status)});
  };
  HttpResponse first = Stack::Get().Post("/listeners/macro/" + listener_key,
                                         R"({"email":")" + email + R"("})",
                                         {Bearer(api_key), JsonType()});
  ASSERT_EQ(first.status, 200) << first.body;
  OutboxWorker worker;
  worker.Start();
  // max_hops is 5: the first delivery and five hops apply, the sixth hop
  // is refused. Without a guard the loop would go on; stop looking at 20.
  WaitFor([&] { return events(508) > 0 || events(0) >= 20; }, 60000);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  worker.Stop();
  EXPECT_EQ(events(200), 6);
  EXPECT_EQ(events(508), 1);
  EXPECT_EQ(events(0), 7);
  EXPECT_EQ(
      Stack::Get().Value(
          "SELECT e.error_code FROM events e JOIN listeners l ON l.id = "
          "e.listener_id WHERE l.listener_key = ? AND e.http_status = 508",
          {SqlParam::Text(listener_key)}),
      "loop_detected");
  EXPECT_EQ(Stack::Get().Value("SELECT score FROM users WHERE email = ?",
                               {SqlParam::Text(email)}),
            "6");
  // The refused hop is dead at once, not retried.
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM outbox WHERE recipient = ? AND state = "
                "'dead' AND attempts = 1 AND hops = 6",
                {SqlParam::Text(url)}),
            1);
}

TEST(HostileEdge, AnEarshotHopsHeaderAboveTheMaximumIsRefused) {
  ListenerFixture listener = CreateListener(
      "data", "users",
      {"--group", CreateGroup("users", {{"n", "/n", "integer"}})});
  std::string email = UniqueEmail();
  CreateUser(email);
  std::string body = R"({"email":")" + email + R"(","n":3})";
  EXPECT_EQ(Deliver(listener, body, {{"Earshot-Hops", "5"}}).status, 200);
  HttpResponse r = Deliver(listener, body, {{"Earshot-Hops", "6"}});
  EXPECT_EQ(r.status, 508);
  EXPECT_EQ(r.ErrorCode(), "loop_detected");
  EXPECT_GT(r.Event(), 0);
  EXPECT_EQ(Deliver(listener, body, {{"Earshot-Hops", "99999999999999999999"}})
                .status,
            508);
}

}  // namespace
}  // namespace earshot::test
