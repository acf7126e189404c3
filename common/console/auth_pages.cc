// Signing in and out, and setting a first password through a setup link.
//
// The sign-in and setup forms come before any session, so their CSRF token
// is a random value in a cookie of their own (earshot_form, SameSite=Strict)
// that the form repeats; a POST whose field differs is refused.

#include "common/console/accounts.h"
#include "common/console/audit.h"
#include "common/console/console.h"
#include "common/console/password.h"
#include "common/console/throttle.h"

namespace earshot::console {

namespace {

constexpr char kFormCookie[] = "earshot_form";
constexpr size_t kMaxEmail = 254;

}  // namespace

// The form cookie's value, made and set when absent.
static Status FormToken(const HttpIn& in, Response* out, std::string* token) {
  if (auto value = CookieValue(in.cookies, kFormCookie)) {
    if (value->size() >= 32 && value->size() <= 64) {
      *token = *value;
      return Status::OK();
    }
  }
  Status s = NewToken(32, token);
  if (!s.ok()) return s;
  out->headers.emplace_back("Set-Cookie",
                            SetCookie(kFormCookie, *token, in.tls, -1));
  return Status::OK();
}

static bool FormTokenMatches(const HttpIn& in, const Form& form) {
  auto value = CookieValue(in.cookies, kFormCookie);
  return value.has_value() && CsrfTokenMatches(*value, form.Get("csrf"));
}

Status Console::LoginPage(Exchange* x, const std::string& error, int status) {
  std::string token;
  Status s = FormToken(x->in, x->out, &token);
  if (!s.ok()) return s;
  Dict dict("login");
  dict.SetValue("CSRF", token);
  dict.SetValue("EMAIL", x->form.Get("email").substr(0, kMaxEmail));
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
  }
  x->out->status = status;
  return Render("login.tpl", "Sign in", "", nullptr, &dict, x->out);
}

Status Console::Login(Exchange* x) {
  if (!FormTokenMatches(x->in, x->form)) {
    return ErrorPage(x, 403, "Form expired",
                     "The sign-in form's security token did not match. "
                     "Reload the sign-in page and try again.");
  }
  const std::string email = x->form.Get("email").substr(0, kMaxEmail);
  const std::string password = x->form.Get("password");
  if (email.empty() || password.empty()) {
    return LoginPage(x, "Enter your email and your password.", 400);
  }
  bool throttled = false;
  Status s = IsThrottled(db_.get(), email, x->in.remote_addr, &throttled);
  if (!s.ok()) return s;
  if (throttled) {
    x->out->headers.emplace_back("Retry-After",
                                 std::to_string(kThrottleWindowMinutes * 60));
    return LoginPage(x,
                     "Too many failed sign-ins. Wait " +
                         std::to_string(kThrottleWindowMinutes) +
                         " minutes, then try again.",
                     429);
  }
  Account account;
  std::string hash;
  s = FindAccountByEmail(db_.get(), email, &account, &hash);
  if (!s.ok() && !s.IsNotFound()) return s;
  bool good = false;
  if (s.ok() && !hash.empty() && password.size() <= kMaxPasswordLength) {
    good = VerifyPassword(password, hash);
  } else {
    VerifyDummyPassword(password.substr(0, kMaxPasswordLength));
  }
  if (!good) {
    s = RecordLoginFailure(db_.get(), email, x->in.remote_addr);
    if (s.ok()) {
      AuditEntry e;
      e.user_id = account.user_id;
      e.actor = email;
      e.action = "sign_in.failed";
      e.client_addr = x->in.remote_addr;
      s = WriteAudit(db_.get(), e);
    }
    if (!s.ok()) return s;
    return LoginPage(x, "Wrong email or password.", 401);
  }
  s = ClearAccountFailures(db_.get(), email);
  std::string cookie;
  if (s.ok()) {
    s = CreateSession(db_.get(), account, x->in.remote_addr,
                      config_.console_session_hours, &cookie, &x->session);
  }
  if (!s.ok()) return s;
  x->signed_in = true;
  s = Audit(x, "sign_in", "", "");
  if (!s.ok()) return s;
  x->out->headers.emplace_back(
      "Set-Cookie", SetCookie(kSessionCookie, cookie, x->in.tls,
                              config_.console_session_hours * 3600L));
  Redirect(x, "/admin/listeners");
  return Status::OK();
}

Status Console::Logout(Exchange* x) {
  Status s = DeleteSession(db_.get(), x->cookie_token);
  if (s.ok()) s = Audit(x, "sign_out", "", "");
  if (!s.ok()) return s;
  x->out->headers.emplace_back("Set-Cookie",
                               SetCookie(kSessionCookie, "", x->in.tls, 0));
  Redirect(x, "/admin/login");
  return Status::OK();
}

Status Console::SetupPage(Exchange* x, const std::string& error, int status) {
  const std::string token =
      x->in.method == "POST" ? x->form.Get("token") : x->query.Get("token");
  Account account;
  Status s = FindSetupToken(db_.get(), token, &account);
  if (s.IsNotFound()) {
    return ErrorPage(x, 404, "Setup link not valid",
                     s.message() +
                         ". Ask an administrator for a new one (earshotctl "
                         "user invite EMAIL).");
  }
  if (!s.ok()) return s;
  std::string csrf;
  s = FormToken(x->in, x->out, &csrf);
  if (!s.ok()) return s;
  Dict dict("setup");
  dict.SetValue("CSRF", csrf);
  dict.SetValue("TOKEN", token);
  dict.SetValue("EMAIL", account.email);
  dict.SetIntValue("MIN_LENGTH", kMinPasswordLength);
  if (!error.empty()) {
    dict.ShowSection("ERROR");
    dict.SetValue("ERROR_TEXT", error);
  }
  x->out->status = status;
  return Render("setup.tpl", "Choose a password", "", nullptr, &dict, x->out);
}

Status Console::Setup(Exchange* x) {
  if (!FormTokenMatches(x->in, x->form)) {
    return ErrorPage(x, 403, "Form expired",
                     "The form's security token did not match. Open the "
                     "setup link again.");
  }
  const std::string token = x->form.Get("token");
  Account account;
  Status s = FindSetupToken(db_.get(), token, &account);
  if (s.IsNotFound()) return SetupPage(x, "", 404);
  if (!s.ok()) return s;
  const std::string password = x->form.Get("password");
  if (password != x->form.Get("confirm")) {
    return SetupPage(x, "The two passwords differ.", 422);
  }
  s = CheckNewPassword(password);
  if (s.IsInvalid()) return SetupPage(x, s.message() + ".", 422);
  if (!s.ok()) return s;
  std::string hash, cookie;
  s = HashPassword(password, &hash);
  if (s.ok()) s = StorePasswordHash(db_.get(), account.user_id, hash);
  if (s.ok()) s = UseSetupToken(db_.get(), token);
  if (s.ok()) s = DeleteUserSessions(db_.get(), account.user_id);
  if (s.ok()) {
    s = CreateSession(db_.get(), account, x->in.remote_addr,
                      config_.console_session_hours, &cookie, &x->session);
  }
  if (!s.ok()) return s;
  x->signed_in = true;
  s = Audit(x, "password.set", account.email, "through a setup link");
  if (!s.ok()) return s;
  x->out->headers.emplace_back(
      "Set-Cookie", SetCookie(kSessionCookie, cookie, x->in.tls,
                              config_.console_session_hours * 3600L));
  Redirect(x, "/admin/listeners");
  return Status::OK();
}

}  // namespace earshot::console
