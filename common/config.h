// Config: the settings every earshot program reads from one file of
// `key = value` lines ('#' starts a comment). Unknown keys are refused, so
// a typo is an error rather than a silently ignored setting.
//
// Thread-safety: a value type; read-only once loaded.

#ifndef EARSHOT_COMMON_CONFIG_H_
#define EARSHOT_COMMON_CONFIG_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/auth/cidr.h"
#include "common/base/status.h"
#include "common/outbox/webhook_target.h"

namespace earshot {

struct DbOptions {
  std::string socket;  // unix socket; when empty, host and port are used
  std::string host = "127.0.0.1";
  int port = 3306;
  // db_hosts: servers tried in this order when a connection is opened
  // (a Galera cluster's nodes, say); replaces host and port when set.
  std::vector<std::pair<std::string, int>> hosts;
  std::string user = "earshot";
  std::string password;
  std::string database = "earshot";
  int connect_timeout_s = 5;
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  // Per-statement lock wait; a delivery should not wait long on a lock.
  int lock_wait_timeout_s = 5;
  // TLS to the server: any of these makes the connection TLS or nothing
  // (never a silent fallback to plain text). ssl_ca: the CA file that
  // signed the server's certificate; ssl_cert/ssl_key: a client
  // certificate, when the server asks for one.
  std::string ssl_ca, ssl_cert, ssl_key;
  // Check the server's certificate and host name; unset means on exactly
  // when ssl_ca is set.
  std::optional<bool> ssl_verify;
  // Not a config key: the delivery pipeline turns MariaDB's subquery cache
  // off for its sessions (targets.cc says why); other programs keep it.
  bool subquery_cache = true;
};

struct Config {
  DbOptions db;
  // Where senders reach this install; `listener create` prints URLs on it.
  std::string base_url = "http://127.0.0.1:8080";
  size_t max_body_bytes = 1 << 20;
  int max_depth = 64;
  // How much of each body the delivery log keeps.
  size_t event_body_bytes = 64 << 10;
  int max_targets = 100;
  int signature_tolerance_s = 300;
  int delivery_retention_days = 7;
  // Events older than this are deleted (by earshot-outbox, or `earshotctl
  // events purge`); 0 keeps them forever. At least delivery_retention_days:
  // events hold the delivery-id claims duplicates are caught by.
  int event_retention_days = 30;
  // Runs of one delivery's transaction after a deadlock or lock timeout.
  int max_tx_attempts = 4;
  // Retry-After on 503 answers.
  int retry_after_s = 5;
  // Outbox: SMTP relay (e.g. smtp://mail.example.com:25); when empty, mail
  // is written as .eml files to mail_dir.
  std::string smtp_url;
  std::string mail_from = "earshot@localhost";
  // Relative: to the config file's directory (see LoadConfig).
  std::string mail_dir = "var/mail";
  // Secret (whsec_...) signing outbound webhooks when a macro has none.
  std::string webhook_secret;
  int outbox_max_attempts = 8;
  int outbox_timeout_s = 10;
  // The first retry's delay; later ones follow Standard Webhooks' schedule
  // scaled to it (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ... for 5000).
  int outbox_backoff_base_ms = 5000;
  // How long a claimed message is a worker's alone: a worker that dies
  // while sending it leaves it to be sent again once this has passed.
  // Must exceed outbox_timeout_s.
  int outbox_lease_s = 60;
  // How often an idle worker looks for due messages.
  int outbox_poll_ms = 500;
  // Sent messages (and their attempts) are deleted after this many days;
  // dead ones stay until an operator retries them.
  int outbox_retention_days = 30;
  // Sends one earshot-outbox has in flight at once, in all and to one
  // receiving host (a webhook URL's host:port; the SMTP relay for emails):
  // a slow host holds at most outbox_per_host of them.
  int outbox_concurrency = 64;
  int outbox_per_host = 32;
  // Hosts and networks webhooks may reach although they are not public
  // (see webhook_target.h); empty: public addresses only.
  WebhookAllowList webhook_allow;
  // A delivery whose Earshot-Hops header (set by another earshot's outbox,
  // or this one's) is above this is refused as a loop (508).
  int max_hops = 5;
  // The console (admin.fcgi): how long a sign-in lasts, and the proxies in
  // front of nginx whose X-Forwarded-Proto: https is believed (cookies are
  // then marked Secure); empty: only nginx's own TLS counts.
  int console_session_hours = 12;
  IpAllowList console_trusted_proxies;
  // The pools the console's Ops page checks, as (listener type, address):
  // a unix socket's path or HOST:PORT, several per type allowed. Empty:
  // /run/earshot/TYPE.sock for every type (what make install sets up).
  std::vector<std::pair<std::string, std::string>> console_pools;
  // New-address notification emails per API key per hour, at most.
  int api_key_notify_per_hour = 10;
};

// Reads `path`. On a mistake, returns Invalid naming the line. A relative
// mail_dir is made relative to the directory of `path`.
Status LoadConfig(const std::string& path, Config* config);
// Same, from text (for tests and for `--config -`).
Status ParseConfig(std::string_view text, Config* config);

// The config file a program should read: `flag_value` when given, else
// $EARSHOT_CONFIG, else an earshot.conf beside the program's own file
// (symlinks resolved), else one in the directory above it, else
// /etc/earshot/earshot.conf. The two files near the program serve shared
// hosting, where a web server starts the program with no say over its
// arguments or environment.
std::string ResolveConfigPath(const char* flag_value);
// The same, with the program's directory given ("" when unknown).
std::string ResolveConfigPathFrom(const char* flag_value,
                                  const std::string& program_dir);

}  // namespace earshot

#endif  // EARSHOT_COMMON_CONFIG_H_
