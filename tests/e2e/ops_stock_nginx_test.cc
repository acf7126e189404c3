// "Deploy behind your nginx" on Debian's own nginx layout: a copy of
// /etc/nginx (nginx.conf, sites-available/default, conf.d/, snippets/,
// mime.types) and of /var/www/html under a private prefix, with only the
// paths the private prefix requires rewritten (pid, logs, temp files, the
// listen port, the document root, the copy's own includes, the user the
// workers run as). Then the README's steps: `make install`, the
// http-level snippets included in the http block (Debian: a file in
// conf.d/), and, in the stock default site (a server shared with another
// site), earshot-locations.conf with the earshot access log format and
// the error log at crit. `nginx -t` passes, deliveries and health checks
// reach the shared stack's pools, and the default site still serves its
// index page.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/ops_stack.h"

namespace earshot::test {
namespace {

// The shell steps; $T the private prefix, $PORT, $PREFIX the install's,
// $POOLS the directory of the stack's pool sockets, $USERLINE.
constexpr char kSetUp[] = R"SH(
set -e
N=$T/etc-nginx
S=$PREFIX/share/earshot/nginx
cp -a /etc/nginx "$N"
cp -a /var/www/html "$T/www"
mkdir -p "$T/log" "$T/run" "$T/tmp"
# sites-enabled/default links to /etc/nginx/sites-available/default.
ln -sfn "$N/sites-available/default" "$N/sites-enabled/default"

# The private prefix: pid, logs, temp files, the copy's includes, user.
sed -i -e "s#^pid .*#pid $T/run/nginx.pid;#" \
  -e "s#/var/log/nginx/#$T/log/#g" \
  -e "s#include /etc/nginx/mime.types#include $N/mime.types#" \
  -e "s#include /etc/nginx/conf.d/#include $N/conf.d/#" \
  -e "s#include /etc/nginx/sites-enabled/#include $N/sites-enabled/#" \
  -e "s#^user .*#$USERLINE#" \
  -e "s#^http {#http {\n\tclient_body_temp_path $T/tmp/body;\n\tfastcgi_temp_path $T/tmp/fastcgi;\n\tproxy_temp_path $T/tmp/proxy;\n\tuwsgi_temp_path $T/tmp/uwsgi;\n\tscgi_temp_path $T/tmp/scgi;#" \
  "$N/nginx.conf"
sed -i -e "s#^\tlisten 80 default_server;#\tlisten 127.0.0.1:$PORT default_server;#" \
  -e "/^\tlisten \[::\]:80 default_server;/d" \
  -e "s#^\troot /var/www/html;#\troot $T/www;#" \
  "$N/sites-available/default"
# The installed snippets: this stack's pool sockets and log directory.
sed -i "s#/run/earshot/#$POOLS/#" "$S/earshot-upstreams.conf"
sed -i "s#/var/log/nginx/#$T/log/#" "$S"/*.conf

# README, nginx: the http-level snippets in the http block.
printf 'include %s/earshot-http.conf;\ninclude %s/earshot-upstreams.conf;\n' \
  "$S" "$S" > "$N/conf.d/earshot.conf"
# README, nginx: in a server shared with other sites, the locations, an
# access log without the query string and the error log at crit.
sed -i "s#^\tserver_name _;#\tserver_name _;\n\n\taccess_log $T/log/access.log earshot;\n\terror_log $T/log/error.log crit;\n\tinclude $S/earshot-locations.conf;#" \
  "$N/sites-available/default"
grep -q "include $S/earshot-locations.conf;" "$N/sites-available/default"
nginx -t -p "$T" -c "$N/nginx.conf" -e "$T/log/error.log"
nginx -p "$T" -c "$N/nginx.conf" -e "$T/log/error.log"
)SH";

class StockNginx {
 public:
  explicit StockNginx(const std::string& dir) : dir_(dir) {}
  ~StockNginx() {
    std::string pid = ReadFile(dir_ + "/run/nginx.pid");
    if (!pid.empty()) {
      Stack::Get().Run({"/bin/sh", "-c", "kill -QUIT " + pid}, {}, "");
    }
  }

 private:
  std::string dir_;
};

TEST(OpsStockNginx, ReadmeStepsOnDebiansDefaultSite) {
  Stack& s = Stack::Get();
  std::string tmpl = s.var() + "/stock-nginx-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  const std::string t = tmpl;
  const std::string prefix = t + "/prefix";
  std::string build = s.bin().substr(0, s.bin().rfind('/'));
  CommandResult r =
      s.Run({"/usr/bin/make", "--no-print-directory", "-C", s.root(), "-o",
             "programs", "BUILD=" + build, "PREFIX=" + prefix, "install"},
            {}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;

  const int port = FreePort();
  StockNginx guard(t);
  r = s.Run({"/bin/sh", "-c", kSetUp},
            {"T=" + t, "PORT=" + std::to_string(port), "PREFIX=" + prefix,
             "POOLS=" + s.var() + "/run",
             // Workers as root only when the master is (the stack's pool
             // sockets are 0600, owned by whoever runs the tests).
             std::string("USERLINE=") + (getuid() == 0 ? "user root;" : "")},
            "");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.err.find("test is successful"), std::string::npos) << r.err;

  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  // The default site still serves its index page (Debian's nginx page,
  // or Apache's where apache2 is installed too).
  HttpResponse index = PostTo(base + "/", "", {}, "GET");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, ReadFile(t + "/www/index.html"));
  EXPECT_NE(index.headers["content-type"].find("text/html"), std::string::npos);

  // A delivery through it, the key in the query string.
  std::string group = CreateGroup("users", {{"n", "/n", "integer"}});
  std::string email = UniqueEmail("stock");
  int64_t user = CreateUser(email);
  ListenerFixture l = CreateListener("data", "users", {"--group", group});
  HttpResponse d = PostTo(base + l.path() + "?api_key=" + l.api_key,
                         R"({"email":")" + email + R"(","n":7})", {JsonType()});
  EXPECT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(DataValue(group, "n", user), "7");
  HttpResponse health = PostTo(base + "/listeners/macro/_health", "", {}, "GET");
  EXPECT_EQ(health.status, 200) << health.body;
  HttpResponse unknown =
      PostTo(base + "/listeners/nosuch/x", "{}", {JsonType()});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.ErrorCode(), "unknown_listener") << unknown.body;

  // The listeners' own log, and the site's, without the query string.
  // The listeners' log is buffered: its lines come within a second.
  std::string listeners;
  for (int i = 0; i < 50; ++i) {
    listeners = ReadFile(t + "/log/earshot-access.log");
    if (listeners.find("\"POST " + l.path() + " ") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(listeners.find("\"POST " + l.path() + " "), std::string::npos)
      << listeners;
  for (const char* log :
       {"/log/earshot-access.log", "/log/access.log", "/log/error.log"}) {
    EXPECT_EQ(ReadFile(t + log).find(l.api_key), std::string::npos) << log;
  }
}

}  // namespace
}  // namespace earshot::test
