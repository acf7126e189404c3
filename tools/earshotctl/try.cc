// earshotctl listener try: a dry run of a body on a listener, through the
// listener type's handler (`TYPE.fcgi --try KEY`, see
// common/pipeline/dry_run.h): the real identify, filter and apply code in
// a transaction that is rolled back. Prints, per target, what would
// happen (found, filtered, not found; values before -> after; comments),
// the emails and webhooks that would be queued, or the refusal a sender
// would get. Writes nothing at all.
//
// The handlers are looked for in $EARSHOT_BIN, else next to earshotctl.
// Exit status: 0 when a sender would get a 200; 1 when it would be
// refused (under --json the report is printed all the same) or the
// handler could not run; 2 for a mistake (no such listener or file).

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "tools/earshotctl/command.h"
#include "tools/earshotctl/subprocess.h"

namespace earshot::ctl {

namespace {

// At most `limit` bytes of `path` (- for stdin): one more than the body
// limit, so that the handler sees a body too large as one.
Status ReadBody(const std::string& path, size_t limit, std::string* body) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return Status::Invalid("cannot read " + path);
    in = &file;
  }
  body->assign(limit, '\0');
  in->read(body->data(), static_cast<std::streamsize>(limit));
  body->resize(static_cast<size_t>(in->gcount()));
  return Status::OK();
}

std::string Str(const rapidjson::Value& v) {
  if (v.IsString()) return Printable({v.GetString(), v.GetStringLength()});
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  return "-";
}

const rapidjson::Value& Member(const rapidjson::Value& o, const char* name) {
  static const rapidjson::Value null;
  if (!o.IsObject()) return null;
  auto it = o.FindMember(name);
  return it == o.MemberEnd() ? null : it->value;
}

std::string Before(const rapidjson::Value& v) {
  return v.IsNull() ? "(none)" : Str(v);
}

// The report for people.
std::string Readable(const rapidjson::Value& report) {
  std::string out = "dry run of " + Str(Member(report, "listener")) + " (" +
                    Str(Member(report, "type")) + " listener on " +
                    Str(Member(report, "target")) + "): a sender would get " +
                    std::to_string(Member(report, "status").GetInt()) +
                    "; nothing was written\n";
  if (Member(report, "enabled").IsFalse()) {
    out +=
        "note: this listener is disabled: senders get 403 listener_disabled "
        "until it is enabled\n";
  }
  for (const auto& t : Member(report, "targets").GetArray()) {
    const std::string outcome = Str(Member(t, "outcome"));
    out += "target " + Str(Member(t, "id")) + " (" +
           Str(Member(t, "identifier")) + "): " +
           (outcome == "filtered"    ? "filtered out, left alone"
            : outcome == "not_found" ? "not found"
                                     : outcome) +
           "\n";
    for (const auto& c : Member(t, "changes").GetArray()) {
      out += "  " + Str(Member(c, "what")) + ": " +
             Before(Member(c, "before")) + " -> " + Before(Member(c, "after")) +
             "\n";
    }
    for (const auto& c : Member(t, "comments").GetArray()) {
      out += "  comment by " + Str(Member(c, "author")) + ": " +
             Str(Member(c, "text")) + "\n";
    }
    if (outcome == "applied" && Member(t, "changes").Empty() &&
        Member(t, "comments").Empty()) {
      out += "  (no change)\n";
    }
  }
  for (const auto& q : Member(report, "queued").GetArray()) {
    out +=
        "would queue " + Str(Member(q, "kind")) + " to " +
        Str(Member(q, "to")) +
        (Member(q, "subject").IsString() ? ": " + Str(Member(q, "subject"))
                                         : ": " + Str(Member(q, "summary"))) +
        "\n";
  }
  return out;
}

Status TryCommand(Context* ctx, const Args& args) {
  const std::string& key = args.positionals()[0];
  const std::string* file = args.Get("file");
  if (file == nullptr) {
    return Status::Invalid("listener try needs --file body.json (- for stdin)");
  }
  if (ctx->config_path() == "-") {
    return Status::Invalid(
        "listener try passes the config file to the handler: give --config "
        "FILE, not -");
  }
  const Config* config;
  Status s = ctx->GetConfig(&config);
  if (!s.ok()) return s;
  std::string body;
  s = ReadBody(*file, config->max_body_bytes + 1, &body);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run("SELECT type FROM listeners WHERE listener_key = ?",
              {SqlParam::Text(key)}, &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no listener " + Printable(key));
  const std::string type = r.rows[0].Text(0);
  // Hold no snapshot while the handler runs its own transaction.
  s = db->Rollback();
  if (!s.ok()) return s;

  std::string handler;
  s = HandlerProgram(type, &handler);
  if (!s.ok()) return s;
  // Each option with its value in one argument: a query string such as
  // "--replay=7" stays the value of --query, never an option of its own.
  std::vector<std::string> argv = {handler, "--config=" + ctx->config_path(),
                                   "--try=" + key};
  if (const std::string* query = args.Get("query")) {
    argv.push_back("--query=" + *query);
  }
  ProgramResult run;
  s = RunProgram(argv, &run, &body);
  if (!s.ok()) return s;
  rapidjson::Document report;
  report.Parse(run.out.c_str(), run.out.size());
  if (report.HasParseError() || !report.IsObject() ||
      !Member(report, "status").IsInt() ||
      !Member(report, "targets").IsArray() ||
      !Member(report, "queued").IsArray()) {
    std::string why = run.err;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return Status::Internal("the " + type +
                            " handler's dry run answered no "
                            "report (exit " +
                            std::to_string(run.exit_status) + ")" +
                            (why.empty() ? "" : ": " + why));
  }
  const int status = report["status"].GetInt();
  if (status != 200) {
    // A refusal fails the command; the report is still the answer under
    // --json, and nothing was written that printing could betray.
    if (ctx->json()) std::fputs(FormatJson(report).c_str(), stdout);
    const rapidjson::Value& error = Member(report, "error");
    return Status::Refused(ApiError::kInternal,
                           "a sender would get " + std::to_string(status) +
                               " " + Str(Member(error, "code")) + ": " +
                               Str(Member(error, "message")) +
                               " (dry run; nothing was written)");
  }
  if (ctx->json()) {
    ctx->out()->PrintJson(report);
  } else {
    ctx->out()->Print(Readable(report));
  }
  return Status::OK();
}

}  // namespace

void AddTryCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"listener try", "KEY --file body.json [--query QUERY_STRING]",
       "dry run of a body (- for stdin) on a listener: per target what would "
       "change, the emails and webhooks that would be queued, or the "
       "refusal; writes nothing",
       "file query", 1, 1, TryCommand});
}

}  // namespace earshot::ctl
