#include "tests/e2e/ops_stack.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

namespace earshot::test {

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

ExtraStack::ExtraStack(const std::vector<std::string>& options) {
  Stack& s = Stack::Get();
  std::string tmpl = s.var() + "/../earshot-e2e-ops-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp";
    return;
  }
  var_ = tmpl;
  port_ = FreePort();
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
