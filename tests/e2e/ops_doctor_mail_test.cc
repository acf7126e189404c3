// earshotctl doctor probes pools on TCP (HOST:PORT) as well as on unix
// sockets; a relative mail_dir is relative to the config file's
// directory, wherever the worker was started (/ under systemd).

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/e2e/fixtures.h"
#include "tests/e2e/ops_stack.h"

namespace earshot::test {
namespace {

TEST(OpsDoctorMail, DoctorProbesTcpPoolsAndMailDirFollowsTheConfig) {
  const int pool_port = FreePorts(3);  // one per listener type
  ExtraStack stack({"--pool-tcp", "127.0.0.1:" + std::to_string(pool_port)});
  ASSERT_TRUE(stack.started());
  Stack& s = Stack::Get();
  const std::string var = stack.var();

  // A config of its own in conf/, mail_dir relative; an email queued.
  ASSERT_EQ(mkdir((var + "/conf").c_str(), 0700), 0);
  ASSERT_EQ(mkdir((var + "/elsewhere").c_str(), 0700), 0);
  std::string text;
  std::istringstream lines(ReadFile(var + "/earshot.conf"));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("mail_dir", 0) != 0) text += line + "\n";
  }
  const std::string conf = var + "/conf/earshot.conf";
  ASSERT_TRUE(WriteFile(conf, text + "mail_dir = spool/mail\n"));
  CommandResult r = stack.Sql(
      "INSERT INTO earshot.outbox (kind, recipient, subject, body, "
      "message_id) VALUES ('email', 'ops@example.com', 'hi', 'hello', "
      "'ops-mail-1')");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The worker started in another directory; --once also writes the
  // heartbeat doctor looks for.
  r = s.Run({"/bin/sh", "-c",
             "cd '" + var + "/elsewhere' && '" + s.bin() +
                 "/earshot-outbox' --config '" + conf + "' --once"},
            {}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  struct stat st;
  EXPECT_EQ(stat((var + "/conf/spool/mail/ops-mail-1.eml").c_str(), &st), 0)
      << r.err;
  EXPECT_NE(stat((var + "/elsewhere/spool").c_str(), &st), 0);

  std::vector<std::string> doctor = {s.bin() + "/earshotctl", "--config", conf,
                                     "--json", "doctor"};
  for (int i = 0; i < 3; ++i) {
    doctor.push_back("--pool");
    doctor.push_back("127.0.0.1:" + std::to_string(pool_port + i));
  }
  r = s.Run(doctor, {}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(r.json.IsObject()) << r.out;
  ASSERT_TRUE(r.json["pools"].IsArray());
  EXPECT_EQ(r.json["pools"].Size(), 3u) << r.out;

  ASSERT_EQ(stack.Command({"pool-stop", "comment"}).exit_code, 0);
  r = s.Run(doctor, {}, "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "earshotctl: pool: 127.0.0.1:" + std::to_string(pool_port + 1) +
                ": cannot connect: Connection refused\n");

  // pool-start brings the pool back the way `start` started it: on its
  // TCP port, without being told --pool-tcp again.
  ASSERT_EQ(stack.Command({"pool-start", "comment"}).exit_code, 0);
  r = s.Run(doctor, {}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace earshot::test
