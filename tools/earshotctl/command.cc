#include "tools/earshotctl/command.h"

namespace earshot::ctl {

Status Context::GetConfig(const Config** config) {
  if (!config_loaded_) {
    Status s = LoadConfig(config_path_, &config_);
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
  AddApiKeyCommands(&commands);
  AddProjectCommands(&commands);
  AddUserCommands(&commands);
  AddFeedbackCommands(&commands);
  AddGroupCommands(&commands);
  AddDataCommands(&commands);
  AddListenerCommands(&commands);
  AddEventCommands(&commands);
  AddCommentCommands(&commands);
  return commands;
}

}  // namespace earshot::ctl
