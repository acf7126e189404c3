// Shared hosting, end to end: the handlers under a real Apache 2 (Debian's
// apache2 and libapache2-mod-fcgid), started here on a private port with a
// private config, once as plain CGI (mod_cgi) and once as FastCGI
// (mod_fcgid), the programs as `make portable` links them, each site in a
// subfolder of the web root with the shipped tools/shared-hosting/*.htaccess
// copied in as they are. The programs find earshot.conf beside themselves (no
// environment), and reach the harness's MariaDB over TCP with a password, as on
// a host that gives a database.
//
// Run as root (CI), Apache's children run as www-data; as anyone else
// (make test-nonroot), as that user.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/outbox_fixtures.h"

namespace earshot::test {
namespace {

constexpr char kApache[] = "/usr/sbin/apache2";
constexpr char kModules[] = "/usr/lib/apache2/modules";
// Smaller than mod_fcgid's FcgidMaxRequestLen (131072), as the README
// advises for mod_fcgid hosts, so that earshot's own 413 answers first.
constexpr int kMaxBody = 65536;

int FreePort() {
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

bool Accepting(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

void Sh(const std::vector<std::string>& argv) {
  CommandResult r = Stack::Get().Run(argv, {}, "");
  ASSERT_EQ(r.exit_code, 0) << argv[0] << ": " << r.err;
}

// The programs `make portable` linked (only glibc dynamic): those a shared
// host gets. Beside the build under test; an ASan build has none, and then
// the release build's are used.
std::string PortableDir() {
  Stack& s = Stack::Get();
  std::string dir = s.bin().substr(0, s.bin().rfind('/')) + "/portable";
  struct stat st;
  if (stat((dir + "/data.fcgi").c_str(), &st) == 0) return dir;
  return s.root() + "/build/portable";
}

CommandResult StackCommand(const std::string& command) {
  Stack& s = Stack::Get();
  return s.Run(
      {s.root() + "/tools/earshot-stack", command, "--var", s.var(), "--quiet"},
      {}, "");
}

// A private Apache serving two sites: /hooks/cgi/ (mod_cgi) and
// /hooks/fcgid/ (mod_fcgid), both copies of the same three handlers.
class Apache {
 public:
  void Start() {
    Stack& stack = Stack::Get();
    // Under /tmp, not the stack's directory: when Apache's children run
    // as www-data they must be able to reach it.
    std::string tmpl = "/tmp/earshot-apache-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    chmod(dir_.c_str(), 0755);
    port_ = FreePort();
    for (const char* sub : {"/logs", "/run", "/fcgid", "/htdocs",
                            "/htdocs/hooks", "/mail", "/home", "/home/bin"}) {
      ASSERT_EQ(mkdir((dir_ + sub).c_str(), 0755), 0) << sub;
    }
    const DbOptions& db = stack.db_options();
    std::string config =
        "# A shared host's database: TCP, a password.\n"
        "db_host = 127.0.0.1\n"
        "db_port = " +
        std::to_string(stack.db_port()) +
        "\n"
        "db_user = " +
        db.user +
        "\n"
        "db_password = " +
        db.password +
        "\n"
        "db_name = " +
        db.database +
        "\n"
        "max_body_bytes = " +
        std::to_string(kMaxBody) +
        "\n"
        "mail_dir = " +
        dir_ +
        "/mail\n"
        "db_connect_timeout_s = 2\n";
    for (const std::string site : {"cgi", "fcgid"}) {
      std::string to = dir_ + "/htdocs/hooks/" + site;
      ASSERT_EQ(mkdir(to.c_str(), 0755), 0);
      for (const char* type : {"data", "comment", "macro"}) {
        Sh({"/bin/cp", PortableDir() + "/" + type + ".fcgi", to + "/"});
      }
      Sh({"/bin/cp",
          stack.root() + "/tools/shared-hosting/" + site + ".htaccess",
          to + "/.htaccess"});
      WriteFile(to + "/earshot.conf", config);
    }
    // The outbox worker, run from cron, reads the config one level up.
    Sh({"/bin/cp", PortableDir() + "/earshot-outbox", dir_ + "/home/bin/"});
    WriteFile(dir_ + "/home/earshot.conf", config);

    const bool root = geteuid() == 0;
    auto load = [&](const std::string& name, const std::string& file) {
      return "LoadModule " + name + "_module " + kModules + "/mod_" + file +
             ".so\n";
    };
    std::string conf = "ServerRoot " + dir_ +
                       "\n"
                       "ServerName 127.0.0.1\n"
                       "Listen 127.0.0.1:" +
                       std::to_string(port_) +
                       "\n"
                       "PidFile " +
                       dir_ +
                       "/run/apache2.pid\n"
                       "DefaultRuntimeDir " +
                       dir_ +
                       "/run\n"
                       "ErrorLog " +
                       dir_ +
                       "/logs/error.log\n"
                       "LogLevel warn\n" +
                       load("mpm_prefork", "mpm_prefork") +
                       load("authz_core", "authz_core") + load("mime", "mime") +
                       load("rewrite", "rewrite") + load("cgi", "cgi") +
                       load("fcgid", "fcgid") +
                       "TypesConfig /dev/null\n"
                       "StartServers 2\n"
                       "MinSpareServers 1\n"
                       "MaxSpareServers 4\n" +
                       (root ? "User www-data\nGroup www-data\n" : "") +
                       "FcgidIPCDir " + dir_ +
                       "/fcgid\n"
                       "FcgidProcessTableFile " +
                       dir_ +
                       "/fcgid/shm\n"
                       "FcgidMaxProcessesPerClass 2\n"
                       "DocumentRoot " +
                       dir_ +
                       "/htdocs\n"
                       "<Directory />\n"
                       "  AllowOverride None\n"
                       "  Require all denied\n"
                       "</Directory>\n"
                       "<Directory " +
                       dir_ +
                       "/htdocs>\n"
                       // What a shared host typically allows a tenant.
                       "  AllowOverride All\n"
                       "  Require all granted\n"
                       "</Directory>\n";
    WriteFile(dir_ + "/apache2.conf", conf);
    if (root) {
      Sh({"/bin/chown", "-R", "www-data:www-data", dir_ + "/htdocs",
          dir_ + "/fcgid"});
    }

    pid_ = fork();
    if (pid_ == 0) {
      // Apache ends with this test binary, however it ends.
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      setsid();
      std::string log = dir_ + "/logs/stderr.log";
      freopen("/dev/null", "r", stdin);
      freopen(log.c_str(), "a", stdout);
      freopen(log.c_str(), "a", stderr);
      std::string conf_path = dir_ + "/apache2.conf";
      execl(kApache, kApache, "-f", conf_path.c_str(), "-DFOREGROUND",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 300 && !Accepting(port_); ++i) {
      int status;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        FAIL() << "apache2 did not start:\n"
               << ReadAll(dir_ + "/logs/stderr.log")
               << ReadAll(dir_ + "/logs/error.log");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(Accepting(port_)) << ReadAll(dir_ + "/logs/error.log");
  }

  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status;
      for (int i = 0; i < 200; ++i) {
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = 0;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        pid_ = 0;
      }
    }
    const char* keep = std::getenv("EARSHOT_KEEP_VAR");
    if (!dir_.empty() && !(keep && std::string(keep) == "1")) {
      Stack::Get().Run({"/bin/rm", "-rf", dir_}, {}, "");
    }
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  const std::string& dir() const { return dir_; }
  std::string ErrorLog() const { return ReadAll(dir_ + "/logs/error.log"); }

 private:
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = 0;
};

// One Apache for every test here, started by the first that needs it and
// stopped after the last test of the binary.
Apache* g_apache = nullptr;

class ApacheEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    if (g_apache != nullptr) g_apache->Stop();
    delete g_apache;
    g_apache = nullptr;
  }
};
::testing::Environment* const kApacheEnvironment =
    ::testing::AddGlobalTestEnvironment(new ApacheEnvironment);

Apache* SharedApache() {
  if (g_apache == nullptr) {
    g_apache = new Apache;
    g_apache->Start();
  }
  return g_apache;
}

class ApacheTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    SharedApache();
    ASSERT_FALSE(HasFatalFailure()) << "Apache did not start";
  }

  // The site's URL for a listener: /hooks/SITE/listeners/TYPE/KEY.
  std::string Url(const ListenerFixture& l) const {
    return g_apache->url("/hooks/" + GetParam() + "/listeners/" + l.type + "/" +
                         l.key);
  }
  HttpResponse Send(const ListenerFixture& l, const std::string& body,
                    Headers headers = {}) const {
    bool has_auth = false;
    for (const auto& [name, value] : headers) {
      if (name == "X-Api-Key" || name == "Authorization") has_auth = true;
    }
    if (!has_auth) headers.push_back(Bearer(l.api_key));
    headers.push_back(JsonType());
    return PostTo(Url(l), body, headers);
  }
};

TEST_P(ApacheTest, AllThreeTypesWriteThroughTheShippedHtaccess) {
  const std::string admin = UniqueEmail("admin");
  CreateUser(admin, "admin");
  const std::string email = UniqueEmail();
  const int64_t user = CreateUser(email);

  std::string group = CreateGroup("users", {{"N", "/n", "integer"}});
  ListenerFixture data = CreateListener("data", "users", {"--group", group});
  HttpResponse r = Send(data, R"({"email":")" + email + R"(","n":41})");
  EXPECT_EQ(r.status, 200) << r.body << g_apache->ErrorLog();
  EXPECT_EQ(r.Outcomes(),
            std::vector<std::string>{std::to_string(user) + ":applied"});
  EXPECT_EQ(DataValue(group, "N", user), "41");

  ListenerFixture comment = CreateListener(
      "comment", "users", {"--author", admin, "--comment-field", "/text"});
  r = Send(comment, R"({"email":")" + email + R"(","text":"via Apache"})");
  EXPECT_EQ(r.status, 200) << r.body << g_apache->ErrorLog();
  EXPECT_EQ(Stack::Get().Count(
                "SELECT COUNT(*) FROM comments WHERE user_id = ? AND body = ?",
                {SqlParam::Int(user), SqlParam::Text("via Apache")}),
            1);

  std::string macro =
      CreateMacro("users", R"({"actions":[{"type":"score","points":7}]})");
  ListenerFixture run = CreateListener("macro", "users", {"--macro", macro});
  const std::string before = Stack::Get().Value(
      "SELECT score FROM users WHERE id = ?", {SqlParam::Int(user)});
  r = Send(run, R"({"email":")" + email + R"("})");
  EXPECT_EQ(r.status, 200) << r.body << g_apache->ErrorLog();
  EXPECT_EQ(Stack::Get().Value("SELECT score FROM users WHERE id = ?",
                               {SqlParam::Int(user)}),
            std::to_string(std::stoll(before) + 7));

  // The TYPE in the URL picks the program, which checks it again: a data
  // key under /listeners/comment/ is unknown to the comment handler.
  r = PostTo(
      g_apache->url("/hooks/" + GetParam() + "/listeners/comment/" + data.key),
      "{}", {Bearer(data.api_key), JsonType()});
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.ErrorCode(), "unknown_listener");
}

TEST_P(ApacheTest, TheApiKeyReachesTheHandler) {
  std::string group = CreateGroup("users", {{"N", "/n", "integer"}});
  const std::string email = UniqueEmail();
  const int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  // Authorization only arrives with CGIPassAuth On.
  HttpResponse r = Send(l, R"({"email":")" + email + R"(","n":1})");
  EXPECT_EQ(r.status, 200) << r.body;
  r = Send(l, R"({"email":")" + email + R"(","n":2})",
           {{"X-Api-Key", l.api_key}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(DataValue(group, "N", user), "2");
  r = Send(l, R"({"email":")" + email + R"(","n":3})",
           {{"Authorization", "Bearer wrong-key"}});
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.ErrorCode(), "invalid_api_key");
  r = PostTo(Url(l), R"({"email":")" + email + R"(","n":4})", {JsonType()});
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.ErrorCode(), "missing_api_key");
  EXPECT_EQ(DataValue(group, "N", user), "2");
}

TEST_P(ApacheTest, TooBigBodiesAre413AndWriteNothing) {
  std::string group = CreateGroup("users", {{"S", "/s", "string"}});
  const std::string email = UniqueEmail();
  const int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  std::string big = R"({"email":")" + email + R"(","s":")" +
                    std::string(kMaxBody, 'x') + R"("})";
  HttpResponse r = Send(l, big);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.ErrorCode(), "body_too_large");
  EXPECT_EQ(EventColumn(r.Event(), "http_status"), "413");
  EXPECT_EQ(DataValue(group, "S", user), "NULL");

  // Above mod_fcgid's FcgidMaxRequestLen (131072 by default; a tenant
  // cannot raise it) Apache refuses the body itself with a bare 500, before
  // earshot sees it: nothing is written, not even an event. Under mod_cgi
  // earshot answers 413 as for any body above max_body_bytes.
  const int64_t events = EventCount(l.key);
  std::string huge = R"({"email":")" + email + R"(","s":")" +
                     std::string(200000, 'x') + R"("})";
  r = Send(l, huge);
  if (GetParam() == "fcgid") {
    EXPECT_EQ(r.status, 500) << r.body;
    EXPECT_EQ(EventCount(l.key), events);
  } else {
    EXPECT_EQ(r.status, 413) << r.body;
    EXPECT_EQ(r.ErrorCode(), "body_too_large");
  }
  EXPECT_EQ(DataValue(group, "S", user), "NULL");
}

TEST_P(ApacheTest, TheConfigAndHtaccessAreNotServed) {
  for (const char* file : {"earshot.conf", ".htaccess", "earshot.conf.bak"}) {
    HttpResponse r = PostTo(g_apache->url("/hooks/" + GetParam() + "/" + file),
                            "", {}, "GET");
    EXPECT_EQ(r.status, 403) << file << ": " << r.body;
    EXPECT_EQ(r.body.find("db_password"), std::string::npos);
  }
  // The programs run; they are never sent as files.
  HttpResponse r = PostTo(g_apache->url("/hooks/" + GetParam() + "/data.fcgi"),
                          "", {}, "GET");
  EXPECT_EQ(r.body.find("ELF"), std::string::npos);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.ErrorCode(), "unknown_listener");
}

TEST_P(ApacheTest, DatabaseDownIs503ThenServesAgain) {
  std::string group = CreateGroup("users", {{"N", "/n", "integer"}});
  const std::string email = UniqueEmail();
  const int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  HttpResponse r = Send(l, R"({"email":")" + email + R"(","n":1})");
  ASSERT_EQ(r.status, 200) << r.body;
  CommandResult stop = StackCommand("db-stop");
  ASSERT_EQ(stop.exit_code, 0) << stop.err;
  r = Send(l, R"({"email":")" + email + R"(","n":2})");
  CommandResult start = StackCommand("db-start");
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.ErrorCode(), "unavailable");
  EXPECT_FALSE(r.headers["retry-after"].empty());
  EXPECT_EQ(DataValue(group, "N", user), "1");
  // mod_fcgid keeps its process: it reconnects by itself.
  r = Send(l, R"({"email":")" + email + R"(","n":3})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(DataValue(group, "N", user), "3");
}

INSTANTIATE_TEST_SUITE_P(Sites, ApacheTest, ::testing::Values("cgi", "fcgid"),
                         [](const auto& info) { return info.param; });

// The outbox worker as cron runs it on a shared host: `earshot-outbox
// --once`, no arguments, no environment, its config one folder up.
TEST(ApacheCronTest, OutboxOnceFindsItsConfigWithoutEnvironment) {
  Apache& apache = *SharedApache();
  ASSERT_FALSE(HasFatalFailure()) << "Apache did not start";
  const std::string email = UniqueEmail();
  CreateUser(email);
  std::string macro =
      CreateMacro("users", R"({"actions":[{"type":"email","to":"target",
                  "subject":"Hello from cron","body":"hi"}]})");
  ListenerFixture l = CreateListener("macro", "users", {"--macro", macro});
  HttpResponse r = PostTo(apache.url("/hooks/cgi/listeners/macro/" + l.key),
                          R"({"email":")" + email + R"("})",
                          {Bearer(l.api_key), JsonType()});
  EXPECT_EQ(r.status, 200) << r.body << apache.ErrorLog();
  const std::string sql =
      "SELECT state FROM outbox WHERE recipient = ? AND subject = ?";
  EXPECT_EQ(Stack::Get().Value(sql, {SqlParam::Text(email),
                                     SqlParam::Text("Hello from cron")}),
            "pending");
  CommandResult once =
      Stack::Get().Run({apache.dir() + "/home/bin/earshot-outbox", "--once"},
                       {"HOME=/nonexistent"}, "");
  EXPECT_EQ(once.exit_code, 0) << once.err;
  EXPECT_EQ(Stack::Get().Value(sql, {SqlParam::Text(email),
                                     SqlParam::Text("Hello from cron")}),
            "sent");
}

// `make portable`: the programs load nothing but glibc (and libgcc_s;
// earshot-outbox also libcurl), and need no glibc newer than 2.34 (RHEL,
// Alma, Rocky and CloudLinux 9, Ubuntu 22.04, Debian 12). The tests above
// run these same programs under Apache.
TEST(PortableTest, ProgramsNeedOnlyGlibc234) {
  const std::string dir = PortableDir();
  for (const std::string name : {"data.fcgi", "comment.fcgi", "macro.fcgi",
                                 "earshotctl", "earshot-outbox"}) {
    const std::string path = dir + "/" + name;
    CommandResult p =
        Stack::Get().Run({"/usr/bin/objdump", "-p", path}, {}, "");
    ASSERT_EQ(p.exit_code, 0) << path << " (make portable): " << p.err;
    std::istringstream lines(p.out);
    std::string line;
    int needed = 0;
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string tag, lib;
      words >> tag >> lib;
      if (tag != "NEEDED") continue;
      ++needed;
      const bool glibc = lib == "libc.so.6" || lib == "libm.so.6" ||
                         lib == "ld-linux-x86-64.so.2" ||
                         lib == "libgcc_s.so.1";
      const bool curl = lib == "libcurl.so.4" && name == "earshot-outbox";
      EXPECT_TRUE(glibc || curl) << name << " loads " << lib;
    }
    EXPECT_GT(needed, 0) << name;
    CommandResult t =
        Stack::Get().Run({"/usr/bin/objdump", "-T", path}, {}, "");
    ASSERT_EQ(t.exit_code, 0) << t.err;
    // Every GLIBC_X.Y a dynamic symbol asks for.
    for (size_t at = t.out.find("GLIBC_"); at != std::string::npos;
         at = t.out.find("GLIBC_", at + 1)) {
      int major = 0, minor = 0;
      if (std::sscanf(t.out.c_str() + at, "GLIBC_%d.%d", &major, &minor) < 2) {
        continue;
      }
      size_t eol = t.out.find('\n', at);
      size_t bol = t.out.rfind('\n', at);
      EXPECT_TRUE(major < 2 || (major == 2 && minor <= 34))
          << name << ": " << t.out.substr(bol + 1, eol - bol - 1);
    }
  }
  // earshotctl, which a shared host's user runs over SSH (migrate first).
  CommandResult ctl =
      Stack::Get().Run({dir + "/earshotctl", "--config",
                        Stack::Get().config_path(), "--json", "apikey", "list"},
                       {}, "");
  EXPECT_EQ(ctl.exit_code, 0) << ctl.err;
  EXPECT_TRUE(ctl.json.IsArray() || ctl.json.IsObject()) << ctl.out;
}

}  // namespace
}  // namespace earshot::test
