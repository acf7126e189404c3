// earshotctl: the operator's command line. Parses the global options
// (anywhere on the line), picks the command, checks its options, runs it
// in one transaction, commits on success and only then prints its output.
//
// Exit status: 0 done; 1 the database is unreachable (or an internal
// error); 2 a mistake in the command line or its values, in which case
// nothing was changed. Errors are one line on stderr: "earshotctl: ...".

#include <cstdio>
#include <string>
#include <vector>

#include "common/config.h"
#include "tools/earshotctl/args.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/output.h"

namespace earshot::ctl {
namespace {

constexpr int kMaxAttempts = 3;
constexpr const char* kGlobalOptions = " config json help";

std::vector<std::string> Words(const char* text) {
  std::vector<std::string> words;
  std::string word;
  for (const char* p = text;; ++p) {
    if (*p == ' ' || *p == '\0') {
      if (!word.empty()) words.push_back(word);
      word.clear();
      if (*p == '\0') break;
    } else {
      word += *p;
    }
  }
  return words;
}

// Usage text on one line (usages of long commands are wrapped).
std::string OneLine(const std::string& text) {
  std::string out;
  bool blank = false;
  for (char c : text) {
    if (c == ' ' || c == '\n') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

std::string UsageLine(const Command& command) {
  return OneLine(std::string("earshotctl ") + command.name + " " +
                 command.usage);
}

std::string Help(const std::vector<Command>& commands,
                 const std::string& prefix) {
  std::string out;
  if (prefix.empty()) {
    out +=
        "usage: earshotctl [--config FILE] [--json] COMMAND [ARGS...]\n\n"
        "earshot's operator command line.\n\nCommands:\n";
  }
  for (const Command& c : commands) {
    std::string name = c.name;
    if (!prefix.empty() && name != prefix &&
        name.compare(0, prefix.size() + 1, prefix + " ") != 0) {
      continue;
    }
    out += "  earshotctl " + name;
    if (*c.usage != '\0') out += std::string(" ") + c.usage;
    out += std::string("\n      ") + c.summary + "\n";
  }
  out +=
      "\nGlobal options, anywhere on the line:\n"
      "  --config FILE  the config file, - for stdin (default:\n"
      "                 $EARSHOT_CONFIG, else earshot.conf beside the\n"
      "                 program or one directory up, else\n"
      "                 /etc/earshot/earshot.conf)\n"
      "  --json         print one JSON document instead of tables\n"
      "  --help, -h     this help\n"
      "\nExit status: 0 done; 1 database unreachable, a replay refused, or\n"
      "an internal error; 2 a mistake in the command, which then changed\n"
      "nothing.\n";
  return out;
}

int Fail(const Status& s) {
  std::string message = s.message();
  int code = 2;
  switch (s.code()) {
    case Status::Code::kUnavailable:
    case Status::Code::kRefused:  // a replayed delivery the handler refused
      code = 1;
      break;
    case Status::Code::kRetry:
      message = "the database stayed busy (" + message + "); try again";
      code = 1;
      break;
    case Status::Code::kInternal:
      if (message.find("(1146)") != std::string::npos) {
        // A missing table: the schema is not there yet.
        message = message.substr(0, message.find(" in: ")) +
                  "; has `earshotctl migrate` been run?";
      } else {
        message = "internal error: " + message;
      }
      code = 1;
      break;
    default:
      break;
  }
  std::fprintf(stderr, "earshotctl: %s\n", Printable(message).c_str());
  return code;
}

// The command whose name is the longest prefix of `words`, or null.
const Command* Find(const std::vector<Command>& commands,
                    const std::vector<std::string>& words, size_t* length) {
  const Command* best = nullptr;
  for (const Command& c : commands) {
    std::vector<std::string> name = Words(c.name);
    if (name.size() > words.size()) continue;
    if (!std::equal(name.begin(), name.end(), words.begin())) continue;
    if (best == nullptr || name.size() > *length) {
      best = &c;
      *length = name.size();
    }
  }
  return best;
}

Status UnknownCommand(const std::vector<Command>& commands,
                      const std::vector<std::string>& words) {
  std::string verbs;
  for (const Command& c : commands) {
    std::vector<std::string> name = Words(c.name);
    if (name.size() > 1 && name[0] == words[0]) {
      verbs += (verbs.empty() ? "" : ", ") + name[1];
    }
  }
  if (verbs.empty()) {
    return Status::Invalid("unknown command '" + words[0] +
                           "' (see earshotctl help)");
  }
  if (words.size() == 1) {
    return Status::Invalid("'" + words[0] + "' needs a subcommand: " + verbs);
  }
  return Status::Invalid("unknown command '" + words[0] + " " + words[1] +
                         "'; expected " + words[0] + " " + verbs);
}

// Runs `command` in one transaction, re-running it after a deadlock.
Status Execute(const Command& command, const Args& args, Context* ctx) {
  Status s;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    ctx->out()->Clear();
    s = command.run(ctx, args);
    Connection* db = ctx->open_db();
    if (db != nullptr && !db->broken()) {
      if (s.ok()) {
        s = db->Commit();
      } else {
        db->Rollback();
      }
    }
    if (!s.IsRetry()) break;
  }
  return s;
}

int Main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  Args args;
  Status s = Args::Parse(
      words, {"json", "help", "force", "desc", "csv", "changes", "off"},
      &args);
  if (!s.ok()) return Fail(s);
  const std::vector<Command> commands = AllCommands();
  std::vector<std::string> positionals = args.positionals();

  bool help = args.Has("help");
  if (!positionals.empty() && positionals[0] == "help") {
    help = true;
    positionals.erase(positionals.begin());
  }
  if (positionals.empty()) {
    if (help) {
      std::fputs(Help(commands, "").c_str(), stdout);
      return 0;
    }
    return Fail(Status::Invalid("no command given (see earshotctl help)"));
  }

  size_t length = 0;
  const Command* command = Find(commands, positionals, &length);
  if (help) {
    std::string prefix = command != nullptr ? command->name : positionals[0];
    std::string text = Help(commands, prefix);
    if (text.find("earshotctl " + prefix) == std::string::npos) {
      return Fail(UnknownCommand(commands, positionals));
    }
    std::fputs(text.c_str(), stdout);
    return 0;
  }
  if (command == nullptr) return Fail(UnknownCommand(commands, positionals));

  s = args.Check(std::string(command->options) + kGlobalOptions, command->name);
  if (!s.ok()) return Fail(s);
  Args own = args.DropPositionals(length);
  size_t n = own.positionals().size();
  if (n < command->min_args || n > command->max_args) {
    return Fail(Status::Invalid("usage: " + UsageLine(*command)));
  }
  const std::string* config_flag = args.Get("config");
  if (config_flag != nullptr && config_flag->empty()) {
    return Fail(Status::Invalid("--config needs a file name"));
  }
  Context ctx(ResolveConfigPath(config_flag ? config_flag->c_str() : nullptr),
              args.Has("json"));
  s = Execute(*command, own, &ctx);
  if (!s.ok()) return Fail(s);
  const std::string& text = ctx.out()->text();
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (std::fflush(stdout) != 0) {
    std::fprintf(stderr, "earshotctl: cannot write the output\n");
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace earshot::ctl

int main(int argc, char** argv) { return earshot::ctl::Main(argc, argv); }
