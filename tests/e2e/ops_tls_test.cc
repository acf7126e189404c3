// TLS to the database (db_ssl_ca, db_ssl_cert, db_ssl_key, db_ssl_verify):
// a private MariaDB on loopback TCP with its own certificates (made with
// openssl in the test's directory) and a run-time user that REQUIREs SSL.
// Deliveries through nginx, and earshotctl, work with the right CA; a
// wrong CA or a certificate for another host answer 503 with a clear log
// line and write nothing.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <regex>
#include <thread>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/ops_stack.h"

namespace earshot::test {
namespace {

constexpr char kPassword[] = "tls-run-time-pass-0123";

CommandResult Shell(const std::string& script) {
  return Stack::Get().Run({"/bin/sh", "-c", script}, {}, "");
}

// CA, a server certificate for 127.0.0.1 signed by it, another CA.
bool MakeCertificates(const std::string& dir) {
  CommandResult r =
      Shell("set -e; cd '" + dir +
            "'\n"
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem "
            "-out ca.pem -days 2 -subj '/CN=earshot test CA' 2>/dev/null\n"
            "openssl req -newkey rsa:2048 -nodes -keyout server-key.pem "
            "-out server.csr -subj '/CN=127.0.0.1' 2>/dev/null\n"
            "printf 'subjectAltName=IP:127.0.0.1\\n' > ext.cnf\n"
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem "
            "-CAcreateserial -out server.pem -days 2 -extfile ext.cnf "
            "2>/dev/null\n"
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout wrong-key.pem "
            "-out wrong.pem -days 2 -subj '/CN=some other CA' 2>/dev/null\n"
            "chmod 0644 *.pem\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0;
}

// The stack's config with the database reached over TCP as
// `earshot_tls`, plus `tls` lines.
std::string TcpConfig(const ExtraStack& stack, const std::string& host,
                      int port, const std::string& tls) {
  std::string out;
  std::istringstream lines(ReadFile(stack.var() + "/earshot.conf"));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("db_socket", 0) == 0 || line.rfind("db_user", 0) == 0 ||
        line.rfind("db_password", 0) == 0) {
      continue;
    }
    out += line + "\n";
  }
  return out + "db_host = " + host + "\ndb_port = " + std::to_string(port) +
         "\ndb_user = earshot_tls\ndb_password = " + kPassword + "\n" + tls;
}

TEST(OpsTls, DeliveriesReachTheDatabaseOverVerifiedTlsOnly) {
  ExtraStack stack({});
  ASSERT_TRUE(stack.started());
  const std::string var = stack.var();
  const std::string dir = var + "/tls";
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
  ASSERT_TRUE(MakeCertificates(dir));

  // Its MariaDB again, now also on loopback TCP (two addresses: the
  // certificate names only the first) with TLS.
  ASSERT_EQ(stack.Command({"db-stop"}).exit_code, 0);
  const int port = FreePort();
  std::string cnf = ReadFile(var + "/my.cnf");
  size_t at = cnf.find("skip-networking\n");
  ASSERT_NE(at, std::string::npos);
  cnf.replace(at, 16,
              "port=" + std::to_string(port) +
                  "\nbind-address=127.0.0.1,127.0.0.2\nssl_ca=" + dir +
                  "/ca.pem\nssl_cert=" + dir + "/server.pem\nssl_key=" + dir +
                  "/server-key.pem\n");
  ASSERT_TRUE(WriteFile(var + "/my.cnf", cnf));
  CommandResult r = Shell("setsid mariadbd --defaults-file='" + var +
                          "/my.cnf' </dev/null >>'" + var +
                          "/log/mariadb.log' 2>&1 &\n"
                          "for i in $(seq 300); do mariadb-admin "
                          "--defaults-file='" +
                          var +
                          "/my.cnf' -uroot ping >/dev/null 2>&1 && exit 0; "
                          "sleep 0.1; done; exit 1");
  ASSERT_EQ(r.exit_code, 0) << ReadFile(var + "/log/mariadb.log");
  r = stack.Sql(std::string("CREATE USER 'earshot_tls'@'%' IDENTIFIED BY '") +
                kPassword +
                "' REQUIRE SSL; GRANT SELECT, INSERT, UPDATE, DELETE ON "
                "earshot.* TO 'earshot_tls'@'%';");
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const std::string conf = var + "/earshot.conf";
  auto use = [&](const std::string& host, const std::string& tls) {
    ASSERT_TRUE(WriteFile(conf, TcpConfig(stack, host, port, tls)));
    CommandResult p = stack.Command({"pool-start", "data"});
    ASSERT_EQ(p.exit_code, 0) << p.err;
  };
  use("127.0.0.1", "db_ssl_ca = " + dir + "/ca.pem\n");

  // earshotctl over TLS too: the fixtures.
  CommandResult key = stack.Ctl({"apikey", "create", "tls-key"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  ASSERT_TRUE(key.json.IsObject());
  const std::string api_key = key.json["key"].GetString();
  ASSERT_EQ(
      stack.Ctl({"group", "create", "Tls", "--target", "users"}).exit_code, 0);
  ASSERT_EQ(stack
                .Ctl({"field", "add", "Tls", "n", "--param", "/n", "--type",
                      "integer"})
                .exit_code,
            0);
  ASSERT_EQ(stack.Ctl({"user", "create", "tls@example.com"}).exit_code, 0);
  ASSERT_EQ(stack
                .Ctl({"listener", "create", "tls", "--type", "data", "--target",
                      "users", "--group", "Tls", "--api-key", "tls-key"})
                .exit_code,
            0);
  auto deliver = [&](int n) {
    return stack.Post(
        "/listeners/data/tls",
        R"({"email":"tls@example.com","n":)" + std::to_string(n) + "}",
        {JsonType(), Bearer(api_key)});
  };
  HttpResponse ok = deliver(1);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(stack.Post("/listeners/data/_health", "", {}, "GET").status, 200);
  r = stack.Sql("SELECT COUNT(*) FROM earshot.events WHERE http_status = 200");
  EXPECT_EQ(r.out, "1\n") << r.err;

  const std::string log = var + "/log/data.log";
  auto refused = [&](int n, const std::string& why, const std::string& line) {
    size_t before = ReadFile(log).size();
    HttpResponse d = deliver(n);
    EXPECT_EQ(d.status, 503) << why << ": " << d.body;
    EXPECT_EQ(d.ErrorCode(), "unavailable") << why;
    std::string written = ReadFile(log).substr(before);
    EXPECT_TRUE(std::regex_search(written, std::regex(line)))
        << why << ": " << written;
  };

  // A CA that did not sign the server's certificate.
  use("127.0.0.1", "db_ssl_ca = " + dir + "/wrong.pem\n");
  refused(2, "wrong CA",
          R"(ERROR data\.fcgi\[\d+\]: .*cannot connect to the database: )"
          R"(.*(TLS|SSL).*certificate)");
  CommandResult ctl = stack.Ctl({"apikey", "list"});
  EXPECT_NE(ctl.exit_code, 0);
  EXPECT_NE(ctl.err.find("certificate"), std::string::npos) << ctl.err;

  // The right CA, but the server's certificate names another address.
  use("127.0.0.2", "db_ssl_ca = " + dir + "/ca.pem\n");
  refused(3, "host name", R"(cannot connect to the database: .*(TLS|SSL))");
  // ... which db_ssl_verify = off accepts (encrypted, not verified).
  use("127.0.0.2", "db_ssl_ca = " + dir + "/ca.pem\ndb_ssl_verify = off\n");
  EXPECT_EQ(deliver(4).status, 200);

  r = stack.Sql(
      "SELECT GROUP_CONCAT(http_status ORDER BY id) FROM earshot.events");
  EXPECT_EQ(r.out, "200,200\n") << "a refused connection wrote nothing";
}

}  // namespace
}  // namespace earshot::test
