#include "common/console/console.h"

#include <cstdio>
#include <cstdlib>

#include "common/base/clock.h"
#include "common/console/audit.h"

namespace earshot::console {

namespace {

// No inline script or style anywhere: everything the pages use comes from
// /admin/static/.
constexpr char kCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// `path` after `prefix`, when it starts with it.
bool After(const std::string& path, const std::string& prefix,
           std::string* rest) {
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  *rest = path.substr(prefix.size());
  return true;
}

bool ParsePositiveId(const std::string& text, int64_t* id) {
  if (text.empty() || text.size() > 18) return false;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return false;
  *id = v;
  return true;
}

}  // namespace

Status Console::EnsureDb() {
  if (db_ != nullptr && !db_->broken() &&
      SteadyMillis() - db_used_ms_ > kIdleProbeMs) {
    // A connection idle since an earlier request may have died meanwhile
    // (the database restarted, or closed it as idle): find out before the
    // request's work, which then runs on a new one instead of answering
    // 503. Re-running a request that failed midway would not be safe.
    (void)db_->Run("SELECT 1", nullptr);
  }
  if (db_ != nullptr && !db_->broken()) return Status::OK();
  db_.reset();
  return Connection::Open(config_.db, &db_);
}

void Console::Handle(const HttpIn& in, Response* out) {
  *out = Response();
  if (in.path == "/admin/metrics") {
    Metrics(in, out);
    return;
  }
  Exchange x{in, out, Form(in.query), Form(), false, Session(), ""};
  Status s = EnsureDb();
  if (s.ok()) {
    s = Route(&x);
    if (s.ok()) {
      s = db_->Commit();
    } else if (db_ != nullptr && !db_->broken()) {
      (void)db_->Rollback();
    }
  }
  db_used_ms_ = SteadyMillis();
  if (!s.ok()) {
    std::fprintf(stderr, "earshot console: %s %s: %s\n", in.method.c_str(),
                 in.path.c_str(), s.ToString().c_str());
    *out = Response();
    const bool down = s.IsUnavailable();
    Dict dict("error");
    dict.SetValue("MESSAGE",
                  down ? "The database cannot be reached. Try again shortly."
                       : "Something went wrong on the server. It has been "
                         "logged.");
    out->status = down ? 503 : 500;
    if (!Render("error.tpl", down ? "Unavailable" : "Server error", "", nullptr,
                &dict, out)
             .ok()) {
      out->content_type = "text/plain; charset=utf-8";
      out->body = "server error\n";
    }
    if (down) out->headers.emplace_back("Retry-After", "5");
  }
  out->headers.emplace_back("Content-Security-Policy", kCsp);
  out->headers.emplace_back("X-Content-Type-Options", "nosniff");
  out->headers.emplace_back("X-Frame-Options", "DENY");
  out->headers.emplace_back("Referrer-Policy", "no-referrer");
  out->headers.emplace_back("Cache-Control", "no-store");
  out->headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
}

Status Console::Route(Exchange* x) {
  const HttpIn& in = x->in;
  const bool get = in.method == "GET" || in.method == "HEAD";
  const bool post = in.method == "POST";
  if (!get && !post) {
    x->out->headers.emplace_back("Allow", "GET, HEAD, POST");
    return ErrorPage(x, 405, "Method not allowed",
                     "The console answers GET and POST only.");
  }
  if (post) {
    if (in.content_type.rfind("application/x-www-form-urlencoded", 0) != 0) {
      return ErrorPage(x, 415, "Unsupported form",
                       "Forms are sent as application/x-www-form-urlencoded.");
    }
    x->form = Form(in.body);
  }

  if (auto token = CookieValue(in.cookies, kSessionCookie)) {
    Status s = LoadSession(db_.get(), *token, &x->session);
    if (s.ok()) {
      x->signed_in = true;
      x->cookie_token = *token;
    } else if (!s.IsNotFound()) {
      return s;
    }
  }

  const std::string& path = in.path;
  if (path == "/admin" || path == "/admin/") {
    Redirect(x, x->signed_in ? "/admin/listeners" : "/admin/login");
    return Status::OK();
  }
  if (path == "/admin/login") {
    if (post) return Login(x);
    if (x->signed_in) {
      Redirect(x, "/admin/listeners");
      return Status::OK();
    }
    return LoginPage(x, "", 200);
  }
  if (path == "/admin/setup") return post ? Setup(x) : SetupPage(x, "", 200);

  if (!x->signed_in) {
    if (path == "/admin/filter-check") return FilterCheck(x);  // answers 401
    if (post) {
      return ErrorPage(x, 403, "Signed out",
                       "Your session has ended. Sign in again, then repeat "
                       "what you were doing.");
    }
    Redirect(x, "/admin/login");
    return Status::OK();
  }
  if (post && !CheckCsrf(x)) return Status::OK();

  if (path == "/admin/logout") {
    if (!post) return NotFound(x);
    return Logout(x);
  }
  if (path == "/admin/listeners") {
    return post ? NotFound(x) : ListenersPage(x);
  }
  if (path == "/admin/new-listener") {
    return post ? SaveListener(x, "") : NewListenerPage(x);
  }
  std::string rest;
  if (After(path, "/admin/listeners/", &rest)) {
    size_t slash = rest.find('/');
    if (slash == std::string::npos) {
      return post ? NotFound(x) : ListenerPage(x, rest);
    }
    const std::string key = rest.substr(0, slash), action = rest.substr(slash);
    if (action == "/edit") {
      return post ? SaveListener(x, key) : EditListenerPage(x, key);
    }
    if (post && action == "/enabled") return SetListenerEnabled(x, key);
    if (post && action == "/delete") return DeleteListener(x, key);
    if (action == "/try") return TryPage(x, key);
    return NotFound(x);
  }
  if (path == "/admin/deliveries") {
    return post ? NotFound(x) : DeliveriesPage(x);
  }
  if (After(path, "/admin/deliveries/", &rest)) {
    size_t slash = rest.find('/');
    int64_t id;
    if (!ParsePositiveId(rest.substr(0, slash), &id)) return NotFound(x);
    if (slash == std::string::npos) {
      return post ? NotFound(x) : DeliveryPage(x, id);
    }
    if (rest.substr(slash) == "/replay") {
      return post ? Replay(x, id) : ReplayPage(x, id, "");
    }
    return NotFound(x);
  }
  if (path == "/admin/audit") return post ? NotFound(x) : AuditPage(x);
  if (path == "/admin/keys") {
    return post ? CreateKey(x) : KeysPage(x, "", nullptr);
  }
  if (After(path, "/admin/keys/", &rest)) {
    size_t slash = rest.find('/');
    const std::string name = rest.substr(0, slash);
    const std::string action =
        slash == std::string::npos ? "" : rest.substr(slash);
    if (action.empty()) return post ? NotFound(x) : KeyPage(x, name, "");
    if (post && action == "/allow") return SaveKeyAllowList(x, name);
    if (post && action == "/notify") return SaveKeyNotify(x, name);
    if (action == "/revoke") {
      return post ? RevokeKey(x, name) : RevokeKeyPage(x, name, "");
    }
    return NotFound(x);
  }
  if (path == "/admin/filter-check") {
    return post ? NotFound(x) : FilterCheck(x);
  }
  if (path == "/admin/ops") return post ? NotFound(x) : OpsPage(x);
  bool routed = false;
  Status s = RouteManage(x, post, &routed);
  if (routed || !s.ok()) return s;
  if (path == "/admin/users" || path == "/admin/feedback") {
    if (post) return NotFound(x);
    return TargetListPage(
        x, path == "/admin/users" ? TargetKind::kUsers : TargetKind::kFeedback);
  }
  if (path == "/admin/reports") return post ? NotFound(x) : ReportPage(x);
  if (path == "/admin/tags") return post ? NotFound(x) : TagsPage(x);
  for (TargetKind kind : {TargetKind::kUsers, TargetKind::kFeedback}) {
    int64_t id;
    if (After(path, std::string("/admin/") + TargetKindName(kind) + "/",
              &rest)) {
      if (post || !ParsePositiveId(rest, &id)) return NotFound(x);
      return TargetPage(x, kind, id);
    }
  }
  return NotFound(x);
}

void Console::Redirect(Exchange* x, const std::string& location) {
  x->out->status = 303;
  x->out->headers.emplace_back("Location", location);
  x->out->content_type = "text/plain; charset=utf-8";
  x->out->body = "See " + location + "\n";
}

Status Console::ErrorPage(Exchange* x, int status, const std::string& title,
                          const std::string& message) {
  Dict dict("error");
  dict.SetValue("MESSAGE", message);
  x->out->status = status;
  return Render("error.tpl", title, "", x->signed_in ? &x->session : nullptr,
                &dict, x->out);
}

Status Console::NotFound(Exchange* x) {
  return ErrorPage(x, 404, "Not found",
                   "There is nothing here, or nothing you may see.");
}

bool Console::CheckCsrf(Exchange* x) {
  if (CsrfTokenMatches(x->session.csrf_token, x->form.Get("csrf"))) {
    return true;
  }
  Status s = ErrorPage(x, 403, "Form expired",
                       "This form's security token did not match your "
                       "session. Go back, reload the page and try again.");
  if (!s.ok()) {
    x->out->status = 403;
    x->out->content_type = "text/plain; charset=utf-8";
    x->out->body = "forbidden\n";
  }
  return false;
}

Status Console::Audit(Exchange* x, std::string_view action,
                      std::string_view object, std::string_view detail) {
  AuditEntry e;
  e.user_id = x->signed_in ? x->session.account.user_id : 0;
  e.actor = x->signed_in ? std::string_view(x->session.account.email)
                         : std::string_view();
  e.action = action;
  e.object = object;
  e.detail = detail;
  e.client_addr = x->in.remote_addr;
  return WriteAudit(db_.get(), e);
}

Status Console::MaySee(Exchange* x, bool community, int64_t project_id,
                       bool* yes) {
  if (x->session.account.admin()) {
    *yes = true;
    return Status::OK();
  }
  if (community) {
    *yes = false;
    return Status::OK();
  }
  QueryResult r;
  Status s = db_->Run(
      "SELECT 1 FROM participations WHERE project_id = ? AND user_id = ?",
      {SqlParam::Int(project_id), SqlParam::Int(x->session.account.user_id)},
      &r);
  if (!s.ok()) return s;
  *yes = !r.rows.empty();
  return Status::OK();
}

std::string Console::VisibleListeners(Exchange* x,
                                      std::vector<SqlParam>* params) {
  if (x->session.account.admin()) return "TRUE";
  params->push_back(SqlParam::Int(x->session.account.user_id));
  return "l.scope_project_id IN (SELECT pp.project_id FROM participations pp "
         "WHERE pp.user_id = ?)";
}

}  // namespace earshot::console
