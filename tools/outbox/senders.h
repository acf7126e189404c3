// How earshot-outbox hands one message over: emails to the SMTP relay
// (smtp_url, from mail_from) or, with no relay configured, as a .eml file
// under mail_dir (written to a temporary name, then renamed, so a reader
// never sees half a message; named by message id, so a repeat replaces
// it); webhooks as an HTTP POST signed per Standard Webhooks with the
// macro's secret or the install's webhook_secret, never unsigned.
//
// A Transfer is one message on its way: a libcurl easy handle set up to
// send it, for the worker's multi handle to run alongside others, and
// what that handle points to while it runs.
//
// Webhooks reach only public addresses, or what config.webhook_allow
// lists (webhook_target.h), checked on each address libcurl connects to,
// after name resolution; no proxy from the environment is used, and
// redirects are not followed. A refused address makes the failure
// permanent: retrying cannot help until the config changes (then `outbox
// retry`); so does a 508 answer (a listener's loop guard, hops.h). A
// receiver's error answer is kept as its status and at most a short,
// printable excerpt, so `outbox show` is no way to read an internal
// service.
//
// Thread-safety: a Transfer is used by one thread; call curl_global_init
// once before any.

#ifndef EARSHOT_TOOLS_OUTBOX_SENDERS_H_
#define EARSHOT_TOOLS_OUTBOX_SENDERS_H_

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <string>

#include "common/config.h"
#include "common/outbox/outbox_queue.h"

namespace earshot {

class Transfer {
 public:
  // Prepares `m`, dated `now_unix`. When nothing is left to run (a .eml
  // file was written, or the message cannot be sent: no signing secret,
  // no libcurl handle), easy() is null and the outcome is known at once.
  // REQUIRES: `config` outlives the transfer.
  Transfer(const Config& config, ClaimedMessage m, int64_t now_unix);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* easy() const { return easy_; }
  const ClaimedMessage& message() const { return m_; }
  // How long the send took; set once it ended.
  int64_t duration_ms() const { return duration_ms_; }

  // Called once libcurl has finished easy() with `rc`.
  void Finish(CURLcode rc);
  // "" when the message was accepted, else one line saying why not.
  const std::string& error() const { return error_; }
  // Retrying cannot help (see above).
  bool permanent() const { return permanent_; }

 private:
  struct Guard {
    const WebhookAllowList* allow = nullptr;
    std::string refused;  // "127.0.0.1 (loopback)" once one was refused
  };

  void StartEmail(int64_t now_unix);
  void StartWebhook(int64_t now_unix);

  const Config& config_;
  ClaimedMessage m_;
  int64_t started_ms_;
  int64_t duration_ms_ = 0;
  CURL* easy_ = nullptr;
  curl_slist* list_ = nullptr;  // headers, or the SMTP recipients
  std::string upload_, from_, to_, response_;
  size_t upload_pos_ = 0;
  char detail_[CURL_ERROR_SIZE] = "";
  Guard guard_;
  std::string error_;
  bool permanent_ = false;

  friend size_t ReadUpload(char*, size_t, size_t, void*);
};

}  // namespace earshot

#endif  // EARSHOT_TOOLS_OUTBOX_SENDERS_H_
