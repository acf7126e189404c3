// GET /admin/filter-check?filter=...&target=users|feedback|projects
// [&scope=project:ID]: the listener form's live filter check. It runs the
// compiler listeners are saved with (CompileListenerFilter, data fields
// looked up in the database), so what it accepts the save accepts, and
// answers JSON: {"ok":true}, or {"ok":false,"error":"...","column":N}
// (N counted in characters from 1; absent for errors without a place).
// Signed in only (401 otherwise); it reads nothing but data field names.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>

#include "common/console/console.h"
#include "common/filter/filter.h"
#include "common/store/listener.h"

namespace earshot::console {

namespace {

void Json(Response* out, int status, bool ok, const std::string& error,
          int column) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("ok");
  w.Bool(ok);
  if (!ok) {
    w.Key("error");
    w.String(error.c_str(), static_cast<rapidjson::SizeType>(error.size()));
    if (column > 0) {
      w.Key("column");
      w.Int(column);
    }
  }
  w.EndObject();
  out->status = status;
  out->content_type = "application/json";
  out->body = buffer.GetString();
}

}  // namespace

Status Console::FilterCheck(Exchange* x) {
  if (!x->signed_in) {
    Json(x->out, 401, false, "sign in first", 0);
    return Status::OK();
  }
  TargetKind target;
  if (!ParseTargetKind(x->query.Get("target"), &target)) {
    Json(x->out, 400, false, "target must be users, feedback or projects", 0);
    return Status::OK();
  }
  const bool project_scope = x->query.Get("scope").rfind("project:", 0) == 0;
  CompiledFilter filter;
  Status s = CompileListenerFilter(db_.get(), target, project_scope,
                                   x->query.Get("filter"), &filter);
  if (s.ok()) {
    Json(x->out, 200, true, "", 0);
    return Status::OK();
  }
  if (!s.IsInvalid()) return s;
  // "column N: what" (filter.h).
  std::string message = s.message();
  int column = 0;
  if (message.rfind("column ", 0) == 0) {
    column = std::atoi(message.c_str() + 7);
    size_t colon = message.find(": ");
    if (colon != std::string::npos) message = message.substr(colon + 2);
  }
  Json(x->out, 200, false, message, column);
  return Status::OK();
}

}  // namespace earshot::console
