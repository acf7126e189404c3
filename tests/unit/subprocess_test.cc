// RunProgram: the child gets stdin from /dev/null, its output through
// pipes, and none of the parent's other descriptors (a console process
// holds its FastCGI connection and its database socket; a replay child
// must not keep either open).

#include "common/base/subprocess.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace earshot {
namespace {

TEST(SubprocessTest, CollectsOutputAndExitStatus) {
  ProgramResult r;
  ASSERT_TRUE(
      RunProgram({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, &r).ok());
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(SubprocessTest, TheChildInheritsNoOtherDescriptors) {
  int fd = open("/dev/null", O_RDONLY);  // inheritable, as accept()'s are
  ASSERT_GT(fd, 2);
  ProgramResult r;
  const std::string probe = "test -e /proc/self/fd/" + std::to_string(fd) +
                            " && echo open || "
                            "echo closed; read x; echo \"stdin:$x\"";
  Status s = RunProgram({"/bin/sh", "-c", probe}, &r);
  close(fd);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(r.out, "closed\nstdin:\n");
}

}  // namespace
}  // namespace earshot
