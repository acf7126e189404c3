// earshotctl events replay: re-runs a recorded delivery through its
// listener's handler (`TYPE.fcgi --replay ID`, see common/pipeline/replay.h),
// which skips the API key, signature and duplicate checks but never the filter,
// and records a new event linked to the original.
//
// Only a delivery that passed the API key and signature checks replays as
// is; `--force` replays any other, and its event records who forced it:
// the user who ran sudo (SUDO_USER) when set, else the user running
// earshotctl.
//
// The handlers are looked for in $EARSHOT_BIN, else next to earshotctl.
// Exit status: 0 when the replay answered 200; 2 for a mistake (no such
// event, its listener deleted, its body not kept whole); 1 when the
// replay was refused (the new event records why) or could not run.

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "common/base/checks.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/outcomes.h"
#include "tools/earshotctl/query.h"
#include "tools/earshotctl/subprocess.h"

namespace earshot::ctl {

namespace {

// The handler's last stderr line without its "earshot: " prefix.
std::string HandlerMessage(const std::string& err) {
  std::string text = err;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  size_t nl = text.rfind('\n');
  if (nl != std::string::npos) text = text.substr(nl + 1);
  const std::string prefix = "earshot: ";
  if (text.compare(0, prefix.size(), prefix) == 0) {
    text = text.substr(prefix.size());
  }
  return text;
}

// Who runs this command, for the event of a forced replay.
std::string OperatorName() {
  const char* sudo = std::getenv("SUDO_USER");
  if (sudo != nullptr && *sudo != '\0') return sudo;
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "uid " + std::to_string(getuid());
}

// A name for --forced-by: printable ASCII without blanks, at most 64 bytes
// (what the handler accepts).
std::string Sanitized(std::string name) {
  for (char& c : name) {
    if (c <= ' ' || c > '~') c = '?';
  }
  return name.substr(0, 64);
}

Status Replay(Context* ctx, const Args& args) {
  int64_t id;
  Status s = ParseId(args.positionals()[0], "event id", &id);
  if (!s.ok()) return s;
  if (ctx->config_path() == "-") {
    return Status::Invalid(
        "events replay passes the config file to the handler: give --config "
        "FILE, not -");
  }
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = QueryOne(db,
               "SELECT e.listener_id, l.type FROM events e "
               "LEFT JOIN listeners l ON l.id = e.listener_id WHERE e.id = ?",
               {SqlParam::Int(id)}, "no event " + std::to_string(id), &r);
  if (!s.ok()) return s;
  if (r.rows[0].IsNull(1)) {
    return Status::Invalid("event " + std::to_string(id) + "'s listener (id " +
                           r.rows[0].Text(0) +
                           ") was deleted: there is nothing to replay it on");
  }
  const std::string type = r.rows[0].Text(1);
  // Hold no locks and no snapshot while the handler runs.
  s = db->Rollback();
  if (!s.ok()) return s;

  std::string handler;
  s = HandlerProgram(type, &handler);
  if (!s.ok()) return s;
  std::vector<std::string> argv = {handler, "--config", ctx->config_path(),
                                   "--replay", std::to_string(id)};
  if (args.Has("force")) {
    // One argument: a value can never be read as another option.
    argv.push_back("--forced-by=" + Sanitized(OperatorName()));
  }
  ProgramResult run;
  s = RunProgram(argv, &run);
  if (!s.ok()) return s;
  if (run.exit_status == 2) return Status::Invalid(HandlerMessage(run.err));

  rapidjson::Document answer;
  answer.Parse(run.out.c_str(), run.out.size());
  if (answer.HasParseError() || !answer.IsObject() || !answer.HasMember("ok") ||
      !answer["ok"].IsBool()) {
    std::string why = HandlerMessage(run.err);
    if (run.exit_status == 1 && !why.empty()) {
      return Status::Unavailable("replay: " + why);
    }
    return Status::Internal("the " + type + " handler answered no JSON (exit " +
                            std::to_string(run.exit_status) + ")" +
                            (why.empty() ? "" : ": " + why));
  }
  std::string event = answer.HasMember("event") && answer["event"].IsInt64()
                          ? std::to_string(answer["event"].GetInt64())
                          : "?";
  if (!answer["ok"].GetBool()) {
    std::string code = "error", message;
    if (answer.HasMember("error") && answer["error"].IsObject()) {
      const rapidjson::Value& e = answer["error"];
      if (e.HasMember("code") && e["code"].IsString())
        code = e["code"].GetString();
      if (e.HasMember("message") && e["message"].IsString()) {
        message = e["message"].GetString();
      }
    }
    return Status::Refused(ApiError::kInternal,
                           "the replay of event " + std::to_string(id) +
                               " was refused (event " + event + "): " + code +
                               (message.empty() ? "" : ": " + message));
  }
  auto& alloc = answer.GetAllocator();
  if (ctx->json()) {
    Put(&answer, "replay_of", id, alloc);
    ctx->out()->PrintJson(answer);
  } else {
    rapidjson::Value empty(rapidjson::kArrayType);
    rapidjson::Value counts = OutcomeCounts(
        answer.HasMember("targets") ? answer["targets"] : empty, alloc);
    ctx->out()->Print("event " + std::to_string(id) + " replayed as event " +
                      event + ": " + OutcomeSummary(counts) + "\n");
  }
  return Status::OK();
}

}  // namespace

void AddReplayCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"events replay", "ID [--force]",
       "re-run a recorded delivery that passed its key and signature checks "
       "(no duplicate check; the filter applies); --force: any delivery, "
       "recording who forced it",
       "force", 1, 1, Replay});
}

}  // namespace earshot::ctl
