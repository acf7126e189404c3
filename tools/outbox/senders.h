// How earshot-outbox hands one message over: emails to the SMTP relay
// (smtp_url, from mail_from) or, with no relay configured, as a .eml file
// under mail_dir (written to a temporary name, then renamed, so a reader
// never sees half a message; named by message id, so a repeat replaces
// it); webhooks as an HTTP POST signed per Standard Webhooks with the
// macro's secret or the install's webhook_secret, never unsigned.
//
// Thread-safety: each call uses its own libcurl handle; call
// curl_global_init once before any.

#ifndef EARSHOT_TOOLS_OUTBOX_SENDERS_H_
#define EARSHOT_TOOLS_OUTBOX_SENDERS_H_

#include <cstdint>
#include <string>

#include "common/config.h"
#include "common/outbox/outbox_queue.h"

namespace earshot {

// Each returns "" when the message was accepted, else one line saying why
// not (kept as the attempt's error). `now_unix` dates the message.
std::string SendEmail(const Config& config, const ClaimedMessage& m,
                      int64_t now_unix);
// Webhooks reach only public addresses, or what config.webhook_allow
// lists (webhook_target.h), checked on each address libcurl connects to,
// after name resolution; no proxy from the environment is used, and
// redirects are not followed. A refused address sets *permanent: retrying
// cannot help until the config changes (then `outbox retry`); so does a
// 508 answer (a listener's loop guard, hops.h). A receiver's
// error answer is kept as its status and at most a short, printable
// excerpt, so `outbox show` is no way to read an internal service.
std::string SendWebhook(const Config& config, const ClaimedMessage& m,
                        int64_t now_unix, bool* permanent);

}  // namespace earshot

#endif  // EARSHOT_TOOLS_OUTBOX_SENDERS_H_
