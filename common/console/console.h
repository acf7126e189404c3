// The console: the web pages behind nginx at /admin/ where admins and
// project managers sign in, watch listeners and their deliveries, and
// replay a delivery. One Console serves one request at a time (a FastCGI
// process is single-threaded); state lives in the database, so any number
// of processes on any number of hosts serve the same console.
//
// Every answer carries a strict Content-Security-Policy (no inline script
// or style), nosniff, no framing and no caching. Every POST is checked
// against the session's CSRF token (the sign-in and setup forms, before
// a session exists, against a cookie of their own); every change is
// written to the audit log in the transaction of the change.
//
// A manager sees only the listeners and deliveries of projects they take
// part in (participations); another project's pages answer 404, as for a
// listener that does not exist.
//
// Thread-safety: a Console is used by one thread.

#ifndef EARSHOT_COMMON_CONSOLE_CONSOLE_H_
#define EARSHOT_COMMON_CONSOLE_CONSOLE_H_

#include <memory>
#include <string>

#include "common/base/domain.h"
#include "common/config.h"
#include "common/console/session.h"
#include "common/console/view.h"
#include "common/console/web.h"
#include "common/store/api_keys.h"
#include "common/store/db.h"
#include "common/store/listener_settings.h"

namespace earshot::console {

// One request, as the console needs it.
struct HttpIn {
  std::string method;   // "GET", "POST"
  std::string path;     // nginx's normalised path: /admin/listeners
  std::string query;    // raw query string
  std::string cookies;  // the Cookie header
  std::string content_type;
  std::string body;  // form bodies only, capped
  std::string remote_addr;
  bool tls = false;           // see CameOverTls
  std::string authorization;  // the Authorization header (/admin/metrics)
};

// Form bodies larger than this are refused (413).
constexpr size_t kMaxFormBytes = 256 << 10;

class Console {
 public:
  // `config_path` is handed to the handlers a replay runs.
  Console(Config config, std::string config_path)
      : config_(std::move(config)), config_path_(std::move(config_path)) {}

  void Handle(const HttpIn& in, Response* out);

 private:
  // One request in flight.
  struct Exchange {
    const HttpIn& in;
    Response* out;
    Form query;
    Form form;  // POST body
    bool signed_in = false;
    Session session;
    std::string cookie_token;
  };

  Status Route(Exchange* x);

  // Pages (auth_pages.cc).
  Status LoginPage(Exchange* x, const std::string& error, int status);
  Status Login(Exchange* x);
  Status Logout(Exchange* x);
  Status SetupPage(Exchange* x, const std::string& error, int status);
  Status Setup(Exchange* x);
  // (listener_pages.cc)
  Status ListenersPage(Exchange* x);
  Status ListenerPage(Exchange* x, const std::string& key);
  Status SetListenerEnabled(Exchange* x, const std::string& key);
  // (listener_form.cc)
  Status NewListenerChooser(Exchange* x);
  Status NewListenerPage(Exchange* x);
  Status EditListenerPage(Exchange* x, const std::string& key);
  Status ListenerForm(Exchange* x, const ListenerSettings& l, bool creating,
                      const std::string& error);
  // Creates (`key` empty) or updates listener `key` from the form.
  Status SaveListener(Exchange* x, const std::string& key);
  Status DeleteListener(Exchange* x, const std::string& key);
  // (delivery_pages.cc)
  Status DeliveriesPage(Exchange* x);
  Status DeliveryPage(Exchange* x, int64_t id);
  Status ReplayPage(Exchange* x, int64_t id, const std::string& error);
  Status Replay(Exchange* x, int64_t id);
  // (audit_page.cc)
  Status AuditPage(Exchange* x);
  // (try_page.cc) GET: the form; POST: the dry run's report under it.
  Status TryPage(Exchange* x, const std::string& key);
  // (ops_page.cc) Admins only.
  Status OpsPage(Exchange* x);
  // (metrics_page.cc) /admin/metrics: its own token, no session, no
  // page around it; answers every method.
  void Metrics(const HttpIn& in, Response* out);
  // (manage_route.cc) /admin/data, /admin/macros, /admin/outbox: admins
  // only (404 for managers); *routed is false for any other path.
  Status RouteManage(Exchange* x, bool post, bool* routed);
  // (data_pages.cc) A refused change shows its form again with `error`.
  Status DataPage(Exchange* x, const std::string& error);
  Status CreateGroup(Exchange* x);
  Status GroupPage(Exchange* x, const std::string& group,
                   const std::string& error);
  Status AddField(Exchange* x, const std::string& group);
  Status DeleteGroup(Exchange* x, const std::string& group);
  Status FieldPage(Exchange* x, const std::string& group,
                   const std::string& label, const std::string& error);
  Status UpdateField(Exchange* x, const std::string& group,
                     const std::string& label);
  Status DeleteField(Exchange* x, const std::string& group,
                     const std::string& label);
  // The ids of group `group_id`'s data listeners, also listed in `dict`
  // (LISTENER, NO_LISTENERS) when not null.
  Status GroupListeners(int64_t group_id, Dict* dict,
                        std::vector<int64_t>* ids);
  // (macro_pages.cc) `name` "" is a new macro.
  Status MacrosPage(Exchange* x);
  Status MacroPage(Exchange* x, const std::string& name,
                   const std::string& error);
  Status SaveMacroForm(Exchange* x, const std::string& name);
  Status DeleteMacroForm(Exchange* x, const std::string& name);
  // (outbox_pages.cc)
  Status OutboxPage(Exchange* x);
  Status OutboxMessagePage(Exchange* x, int64_t id, const std::string& error);
  Status RetryOutbox(Exchange* x, int64_t id);
  // (key_pages.cc) Admins only. `created`: the key just made, shown once.
  Status KeysPage(Exchange* x, const std::string& error,
                  const NewApiKey* created);
  Status CreateKey(Exchange* x);
  Status KeyPage(Exchange* x, const std::string& name,
                 const std::string& error);
  Status SaveKeyAllowList(Exchange* x, const std::string& name);
  Status SaveKeyNotify(Exchange* x, const std::string& name);
  Status RevokeKeyPage(Exchange* x, const std::string& name,
                       const std::string& error);
  Status RevokeKey(Exchange* x, const std::string& name);
  // (filter_check.cc) JSON for the listener form's live filter check.
  Status FilterCheck(Exchange* x);
  // (picker.cc) Fills the PAYLOAD_PICKER include of a form's `dict`: the
  // sample box, the recorded deliveries of `listener_ids` and, when
  // the form was sent with `pick`, the sample's pointers.
  Status PayloadPicker(Exchange* x, const std::vector<int64_t>& listener_ids,
                       Dict* dict);
  // (report_pages.cc)
  Status TargetListPage(Exchange* x, TargetKind kind);
  Status ReportPage(Exchange* x);
  Status TargetPage(Exchange* x, TargetKind kind, int64_t id);
  Status TagsPage(Exchange* x);
  // Whether the account may see user or ticket `id` (target_pages.cc).
  Status MaySeeTarget(Exchange* x, TargetKind kind, int64_t id, bool* yes);
  Status MaySeeTargets(Exchange* x, TargetKind kind, int64_t project,
                       bool* yes);

  // Answers.
  void Redirect(Exchange* x, const std::string& location);
  Status ErrorPage(Exchange* x, int status, const std::string& title,
                   const std::string& message);
  Status NotFound(Exchange* x);
  // Whether the POST's csrf field matches the session's; answers 403 when
  // it does not.
  bool CheckCsrf(Exchange* x);
  Status Audit(Exchange* x, std::string_view action, std::string_view object,
               std::string_view detail);

  // Whether the signed-in account may see a listener of this scope (NULL
  // project id: community). Admins see everything; managers the projects
  // they take part in.
  Status MaySee(Exchange* x, bool community, int64_t project_id, bool* yes);
  // The SQL condition on listeners alias `l` limiting what the account
  // sees, with its parameters appended to *params.
  std::string VisibleListeners(Exchange* x, std::vector<SqlParam>* params);

  Status EnsureDb();

  const Config config_;
  const std::string config_path_;
  std::unique_ptr<Connection> db_;
  // When db_ last served a request; after kIdleProbeMs idle, EnsureDb
  // checks it is still alive.
  int64_t db_used_ms_ = 0;
  static constexpr int64_t kIdleProbeMs = 2000;
};

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_CONSOLE_H_
