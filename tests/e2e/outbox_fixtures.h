// What the macro and outbox end-to-end tests need beyond the stack: real
// receivers on loopback (an HTTP webhook receiver and an SMTP server,
// small Python programs under tests/e2e/tools/, started per test) and
// earshot-outbox workers run by the test itself (the stack starts none,
// so that each test decides when messages go out).
//
// Thread-safety: main test thread only.

#ifndef EARSHOT_TESTS_E2E_OUTBOX_FIXTURES_H_
#define EARSHOT_TESTS_E2E_OUTBOX_FIXTURES_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tests/e2e/harness.h"

namespace earshot::test {

// The install-wide webhook secret the tests' workers sign with.
extern const char* const kInstallWebhookSecret;

// A process a test started; ended (SIGTERM, then SIGKILL) when destroyed.
class Child {
 public:
  Child() = default;
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Starts `argv` with stdout and stderr appended to `log`.
  void Start(const std::vector<std::string>& argv, const std::string& log);
  // Sends `signal`; waits up to `timeout_ms` for the end. True if it ended.
  bool Stop(int signal, int timeout_ms);
  bool running();
  pid_t pid() const { return pid_; }
  int exit_status() const { return status_; }

 private:
  pid_t pid_ = 0;
  int status_ = -1;
};

// Polls `done` every 20 ms for up to `timeout_ms`; returns its last answer.
bool WaitFor(const std::function<bool()>& done, int timeout_ms);

class WebhookReceiver {
 public:
  struct Request {
    std::string path, body, webhook_id;
    std::map<std::string, std::string> headers;  // lowercase names
    int status = 0;                              // what it answered
    bool duplicate = false;  // a webhook-id it had already accepted
  };

  // The first `fail_first` requests of each webhook-id get 500; every
  // answer waits `delay_ms`, and with `hold`, until Release().
  explicit WebhookReceiver(int fail_first = 0, int delay_ms = 0,
                           bool hold = false);

  std::string url(const std::string& path = "/hook") const;
  // Every request received, held ones too (logged on arrival).
  std::vector<Request> Requests() const;
  // Lets held requests, and all later ones, be answered.
  void Release();
  // The most requests it had in hand at once.
  int MaxConcurrent() const;

 private:
  std::string dir_;
  int port_ = 0;
  Child child_;
};

class SmtpSink {
 public:
  struct Mail {
    std::string mail_from, from, to, subject, message_id, body, raw;
    std::vector<std::string> rcpt_tos;
  };

  SmtpSink();
  std::string url() const;
  std::vector<Mail> Messages() const;
  // Messages whose envelope names `rcpt`.
  std::vector<Mail> MessagesTo(const std::string& rcpt) const;

 private:
  std::string dir_;
  int port_ = 0;
  Child child_;
};

class OutboxWorker {
 public:
  // The stack's config plus fast retries (20 ms base), a 50 ms poll, a
  // 3 s lease, a 1 s timeout, kInstallWebhookSecret, loopback allowed as a
  // webhook target, then `extra` lines (later lines win).
  explicit OutboxWorker(const std::string& extra_config = "");

  // `earshot-outbox --once`: delivers what is due, then exits.
  CommandResult RunOnce() const;
  void Start();
  // SIGTERM; true if it exited 0 within `timeout_ms`.
  bool Stop(int timeout_ms = 10000);
  void Kill();
  bool running() { return child_.running(); }
  const std::string& config_path() const { return config_; }
  std::string log() const;

 private:
  std::string config_, log_;
  Child child_;
};

// Queues one message straight into the outbox; returns its id.
int64_t QueueWebhook(const std::string& url, const std::string& body,
                     const std::string& message_id);
// One column of outbox message `id` (see Stack::Value: "" when there is
// no such message).
std::string OutboxColumn(int64_t id, const std::string& column);
// The attempts logged for outbox message `id` that match `condition` (SQL
// on outbox_attempts, e.g. "error IS NULL"; "TRUE" for all).
int64_t AttemptCount(int64_t id, const std::string& condition);
// The outbox rows of a state among `ids`.
int64_t CountInState(const std::vector<int64_t>& ids, const std::string& state);

// Whether `signature_header` holds a v1 signature of id.timestamp.body
// under `secret` (a whsec_ secret), computed here from HMAC-SHA256.
bool SignatureMatches(const std::string& secret, const std::string& id,
                      const std::string& timestamp, const std::string& body,
                      const std::string& signature_header);

// A macro from `json`, for `target`; returns its name.
std::string CreateMacro(const std::string& target, const std::string& json);

}  // namespace earshot::test

#endif  // EARSHOT_TESTS_E2E_OUTBOX_FIXTURES_H_
