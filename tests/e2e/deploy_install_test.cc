// `make install` and `make uninstall`, and the systemd units they ship:
// the exact list of installed files, and `systemd-analyze verify` on the
// units. The build under test is installed as it is (`make -o programs`
// never rebuilds it).

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/e2e/fixtures.h"

namespace earshot::test {
namespace {

// Every file (not directory) under `dir`, as paths relative to it.
void ListFiles(const std::string& dir, const std::string& prefix,
               std::set<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      ListFiles(path, prefix + name + "/", out);
    } else {
      out->insert(prefix + name);
    }
  }
  closedir(d);
}

std::string NewDir(const std::string& name) {
  std::string tmpl = Stack::Get().var() + "/" + name + "-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp";
  return tmpl;
}

// make TARGET in the source tree, on the build under test.
CommandResult Make(const std::vector<std::string>& vars,
                   const std::string& target) {
  Stack& s = Stack::Get();
  std::string build = s.bin().substr(0, s.bin().rfind('/'));
  std::vector<std::string> argv = {
      "/usr/bin/make", "--no-print-directory", "-C",  s.root(), "-o",
      "programs",      "BUILD=" + build,       target};
  argv.insert(argv.end(), vars.begin(), vars.end());
  return s.Run(argv, {}, "");
}

std::set<std::string> Expected(const std::string& prefix) {
  std::set<std::string> want = {
      "bin/earshotctl",
      "bin/earshot-outbox",
      "lib/systemd/system/earshot-outbox.service",
      "lib/tmpfiles.d/earshot.conf",
      "lib/sysusers.d/earshot.conf",
      "share/earshot/README.md",
      "share/earshot/earshot.conf.example",
      "share/earshot/nginx/earshot-fastcgi-params.conf",
      "share/earshot/nginx/earshot-http.conf",
      "share/earshot/nginx/earshot-locations.conf",
      "share/earshot/nginx/earshot-server.conf",
      "share/earshot/nginx/earshot-upstreams.conf",
  };
  for (const char* type : {"data", "comment", "macro"}) {
    want.insert(std::string("lib/earshot/") + type + ".fcgi");
    want.insert(std::string("lib/systemd/system/earshot-") + type + ".socket");
    want.insert(std::string("lib/systemd/system/earshot-") + type + ".service");
  }
  std::set<std::string> sql;
  ListFiles(Stack::Get().root() + "/sql", "", &sql);
  for (const std::string& f : sql) want.insert("share/earshot/sql/" + f);
  // The console: its program, units, nginx snippet, templates and static
  // files.
  want.insert("lib/earshot/admin.fcgi");
  want.insert("lib/systemd/system/earshot-admin.socket");
  want.insert("lib/systemd/system/earshot-admin.service");
  want.insert("share/earshot/nginx/earshot-admin.conf");
  for (const char* dir : {"console/templates", "console/static"}) {
    std::set<std::string> files;
    ListFiles(Stack::Get().root() + "/" + dir, "", &files);
    for (const std::string& f : files) {
      want.insert(std::string("share/earshot/") + dir + "/" + f);
    }
  }
  std::set<std::string> out;
  for (const std::string& f : want) out.insert(prefix + f);
  return out;
}

TEST(DeployInstall, InstallsExactlyTheExpectedFilesAndUninstallsThem) {
  std::string dest = NewDir("destdir");
  CommandResult r = Make({"DESTDIR=" + dest, "PREFIX=/usr/local"}, "install");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  std::set<std::string> got;
  ListFiles(dest, "", &got);
  EXPECT_EQ(got, Expected("usr/local/"));

  struct stat st;
  ASSERT_EQ(stat((dest + "/usr/local/bin/earshotctl").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  ASSERT_EQ(
      stat(
          (dest + "/usr/local/lib/systemd/system/earshot-data.service").c_str(),
          &st),
      0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);

  r = Make({"DESTDIR=" + dest, "PREFIX=/usr/local"}, "uninstall");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  got.clear();
  ListFiles(dest, "", &got);
  EXPECT_TRUE(got.empty()) << *got.begin();
}

TEST(DeployInstall, SystemdUnitsVerifyAndMatchTheNginxSnippets) {
  // Installed to a real prefix (no DESTDIR), so that verify finds the
  // programs the units start.
  std::string prefix = NewDir("prefix");
  CommandResult r = Make({"PREFIX=" + prefix, "POOL=6"}, "install");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  std::string units = prefix + "/lib/systemd/system/";
  std::vector<std::string> argv = {"/usr/bin/systemd-analyze", "verify"};
  std::set<std::string> names;
  ListFiles(units, "", &names);
  ASSERT_EQ(names.size(), 9u);  // 3 pools x 2, outbox, console x 2
  for (const std::string& n : names) argv.push_back(units + n);
  r = Stack::Get().Run(argv, {}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  // Warnings (an unknown key, a bad value) do not change the exit status.
  EXPECT_EQ(r.err + r.out, "");

  std::string upstreams =
      ReadFile(prefix + "/share/earshot/nginx/earshot-upstreams.conf");
  for (const char* type : {"data", "comment", "macro"}) {
    std::string socket = ReadFile(units + "earshot-" + type + ".socket");
    std::string path = std::string("/run/earshot/") + type + ".sock";
    EXPECT_NE(socket.find("ListenStream=" + path), std::string::npos);
    EXPECT_NE(upstreams.find("server unix:" + path + ";"), std::string::npos);
    std::string service = ReadFile(units + "earshot-" + type + ".service");
    EXPECT_NE(service.find("User=earshot\n"), std::string::npos);
    EXPECT_NE(service.find("StandardInput=socket\n"), std::string::npos);
    EXPECT_NE(service.find("StandardError=journal\n"), std::string::npos);
    EXPECT_NE(service.find("Environment=EARSHOT_POOL=6\n"), std::string::npos);
    EXPECT_NE(service.find(prefix + "/lib/earshot/" + type + ".fcgi"),
              std::string::npos);
  }
  // The console: its socket, the upstream and the snippet agree, and the
  // snippet serves the installed static files.
  std::string socket = ReadFile(units + "earshot-admin.socket");
  EXPECT_NE(socket.find("ListenStream=/run/earshot/admin.sock"),
            std::string::npos);
  EXPECT_NE(upstreams.find("server unix:/run/earshot/admin.sock;"),
            std::string::npos);
  std::string service = ReadFile(units + "earshot-admin.service");
  EXPECT_NE(service.find(prefix +
                         "/lib/earshot/admin.fcgi --config "
                         "/etc/earshot/earshot.conf --templates " +
                         prefix + "/share/earshot/console/templates"),
            std::string::npos)
      << service;
  std::string admin = ReadFile(prefix + "/share/earshot/nginx/earshot-admin.conf");
  EXPECT_NE(admin.find("alias " + prefix + "/share/earshot/console/static/;"),
            std::string::npos)
      << admin;
  std::string sysusers = ReadFile(prefix + "/lib/sysusers.d/earshot.conf");
  EXPECT_NE(sysusers.find("\nu earshot "), std::string::npos) << sysusers;
  std::string tmpfiles = ReadFile(prefix + "/lib/tmpfiles.d/earshot.conf");
  EXPECT_NE(tmpfiles.find("\nd /run/earshot "), std::string::npos) << tmpfiles;
}

// PID 1 here is not systemd, so the units cannot be started by it. This
// runs the data pool unit's own ExecStart the way its socket unit hands
// the socket over (listening socket as stdin; spawn-fcgi does the same),
// in place of the stack's data pool, and delivers through nginx.
TEST(DeployInstall, PoolUnitCommandServesThroughNginx) {
  Stack& s = Stack::Get();
  std::string prefix = NewDir("prefix");
  CommandResult r = Make({"PREFIX=" + prefix}, "install");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  std::string service =
      ReadFile(prefix + "/lib/systemd/system/earshot-data.service");
  size_t at = service.find("\nExecStart=");
  ASSERT_NE(at, std::string::npos);
  std::string line =
      service.substr(at + 11, service.find('\n', at + 1) - at - 11);
  std::vector<std::string> argv = {"/usr/bin/spawn-fcgi",
                                   "-s",
                                   s.var() + "/run/data.sock",
                                   "-M",
                                   "0600",
                                   "-P",
                                   s.var() + "/run/data.pid",
                                   "--"};
  std::istringstream words(line);
  for (std::string w; words >> w;) {
    if (w == "${EARSHOT_POOL}") w = "2";
    if (w == "/etc/earshot/earshot.conf") w = s.config_path();
    argv.push_back(w);
  }
  ASSERT_EQ(argv[8], "/usr/bin/multiwatch") << line;
  ASSERT_EQ(argv.back(), s.config_path()) << line;

  std::string group = CreateGroup("users", {{"Count", "/count", "integer"}});
  std::string email = UniqueEmail("unit");
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});

  ASSERT_EQ(StackCommand({"pool-stop", "data"}).exit_code, 0);
  // The stack's data.pid now names the unit's multiwatch: the stack stops
  // it if this test dies.
  r = s.Run(argv, {}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  HttpResponse d = Deliver(l, R"({"email":")" + email + R"(","count":3})");
  EXPECT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(DataValue(group, "Count", user), "3");

  // Back to the stack's own pool (pool-start stops the unit's first).
  r = StackCommand({"pool-start", "data"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Deliver(l, R"({"email":")" + email + R"(","count":4})").status,
            200);
}

}  // namespace
}  // namespace earshot::test
