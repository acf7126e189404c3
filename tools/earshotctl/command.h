// What every earshotctl command shares: the context it runs in (config,
// the database connection opened on first use, the output) and its entry
// in the command table (the words that select it, its usage line, the
// options it accepts and how many positionals it takes).
//
// A command does all its work in the one transaction of ctx->Db(); main
// commits it when the command returns OK and rolls it back otherwise, and
// only then prints the buffered output. Mistakes come back as NotFound,
// Invalid or Duplicate (exit status 2), an unreachable database as
// Unavailable (exit status 1).
//
// Thread-safety: single-threaded, as the program is.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_COMMAND_H_
#define EARSHOT_TOOLS_EARSHOTCTL_COMMAND_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/config.h"
#include "common/store/db.h"
#include "tools/earshotctl/args.h"
#include "tools/earshotctl/output.h"

namespace earshot::ctl {

class Context {
 public:
  Context(std::string config_path, bool json)
      : config_path_(std::move(config_path)), out_(json) {}

  Output* out() { return &out_; }
  bool json() const { return out_.json(); }

  // The config file's path; "-" for stdin.
  const std::string& config_path() const { return config_path_; }
  // The config file (or stdin for "-"), read on first use.
  Status GetConfig(const Config** config);
  // The database, connected on first use.
  Status Db(Connection** db);
  // The connection if one was opened, else null.
  Connection* open_db() const { return db_.get(); }

 private:
  std::string config_path_;
  bool config_loaded_ = false;
  Config config_;
  std::unique_ptr<Connection> db_;
  Output out_;
};

struct Command {
  const char* name;           // the words that select it: "apikey create"
  const char* usage;          // what follows the name in usage lines
  const char* summary;        // one line for `earshotctl help`
  const char* options;        // for Args::Check: "allow-ip* name"
  size_t min_args, max_args;  // positionals after the name
  // `args` holds the positionals after the name, options already checked.
  Status (*run)(Context* ctx, const Args& args);
};

// Each noun's file adds its commands, in the order help lists them.
void AddMigrateCommands(std::vector<Command>* commands);
void AddDbSetupCommands(std::vector<Command>* commands);
void AddDoctorCommands(std::vector<Command>* commands);
void AddApiKeyCommands(std::vector<Command>* commands);
void AddProjectCommands(std::vector<Command>* commands);
void AddUserCommands(std::vector<Command>* commands);
void AddFeedbackCommands(std::vector<Command>* commands);
void AddGroupCommands(std::vector<Command>* commands);
void AddDataCommands(std::vector<Command>* commands);
void AddListenerCommands(std::vector<Command>* commands);
void AddEventCommands(std::vector<Command>* commands);
void AddReplayCommands(std::vector<Command>* commands);
void AddTryCommands(std::vector<Command>* commands);
void AddCommentCommands(std::vector<Command>* commands);
void AddMacroCommands(std::vector<Command>* commands);
void AddOutboxCommands(std::vector<Command>* commands);
void AddReportCommands(std::vector<Command>* commands);
void AddMetricsCommands(std::vector<Command>* commands);

// Every command, in help order.
std::vector<Command> AllCommands();

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_COMMAND_H_
