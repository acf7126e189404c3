#include "tools/earshotctl/command.h"

#include <iostream>
#include <sstream>

namespace earshot::ctl {

Status Context::GetConfig(const Config** config) {
  if (!config_loaded_) {
    Status s;
    if (config_path_ == "-") {  // the config on stdin
      std::stringstream text;
      text << std::cin.rdbuf();
      s = ParseConfig(text.str(), &config_);
      if (!s.ok()) s = Status::Invalid("config on stdin: " + s.message());
    } else {
      s = LoadConfig(config_path_, &config_);
    }
    if (!s.ok()) return s;
    config_loaded_ = true;
  }
  *config = &config_;
  return Status::OK();
}

Status Context::Db(Connection** db) {
  if (db_ == nullptr) {
    const Config* config;
    Status s = GetConfig(&config);
    if (!s.ok()) return s;
    s = Connection::Open(config->db, &db_);
    if (!s.ok()) return s;
  }
  *db = db_.get();
  return Status::OK();
}

std::vector<Command> AllCommands() {
  std::vector<Command> commands;
  AddMigrateCommands(&commands);
  AddDbSetupCommands(&commands);
  AddDoctorCommands(&commands);
  AddApiKeyCommands(&commands);
  AddProjectCommands(&commands);
  AddUserCommands(&commands);
  AddFeedbackCommands(&commands);
  AddGroupCommands(&commands);
  AddDataCommands(&commands);
  AddMacroCommands(&commands);
  AddListenerCommands(&commands);
  AddTryCommands(&commands);
  AddEventCommands(&commands);
  AddReplayCommands(&commands);
  AddCommentCommands(&commands);
  AddOutboxCommands(&commands);
  AddReportCommands(&commands);
  AddMetricsCommands(&commands);
  return commands;
}

}  // namespace earshot::ctl
