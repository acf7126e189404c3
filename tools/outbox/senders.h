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
#include "common/outbox_queue.h"

namespace earshot {

// Each returns "" when the message was accepted, else one line saying why
// not (kept as the attempt's error). `now_unix` dates the message.
std::string SendEmail(const Config& config, const ClaimedMessage& m,
                      int64_t now_unix);
std::string SendWebhook(const Config& config, const ClaimedMessage& m,
                        int64_t now_unix);

}  // namespace earshot

#endif  // EARSHOT_TOOLS_OUTBOX_SENDERS_H_
