#include "tools/outbox/senders.h"

#include <curl/curl.h>
#include <rapidjson/document.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/auth/signature.h"
#include "common/base/clock.h"
#include "common/base/text.h"
#include "common/outbox/mail_message.h"
#include "common/outbox/webhook_target.h"

namespace earshot {

namespace {

constexpr size_t kMaxResponseBytes = 4096;
// How much of a receiver's error answer an attempt's error keeps.
constexpr size_t kMaxExcerptBytes = 64;

size_t KeepSome(char* data, size_t size, size_t n, void* user) {
  std::string* out = static_cast<std::string*>(user);
  size_t room = kMaxResponseBytes - std::min(kMaxResponseBytes, out->size());
  out->append(data, std::min(room, size * n));
  return size * n;
}

std::string CurlError(CURLcode rc, const char* detail) {
  // libcurl's detail already says what its code says, more precisely.
  if (detail != nullptr && *detail != '\0') return detail;
  return curl_easy_strerror(rc);
}

// One line of printable ASCII, for error messages.
std::string Printable(std::string text, size_t max) {
  if (text.size() > max) text.resize(max);
  for (char& c : text) {
    if (IsAsciiControl(c)) c = ' ';
    if (static_cast<unsigned char>(c) > 0x7f) c = '?';
  }
  return text;
}

// libcurl's CURLOPT_OPENSOCKETFUNCTION: sees each address it is about to
// connect to, after resolution, whatever the URL's spelling.
template <typename Guard>
curl_socket_t OpenCheckedSocket(void* user, curlsocktype purpose,
                                curl_sockaddr* address) {
  Guard* guard = static_cast<Guard*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN &&
      !guard->allow->AllowsAddress(&address->addr)) {
    if (const char* reason = NonPublicReason(&address->addr)) {
      if (guard->refused.empty()) {
        guard->refused = AddressText(&address->addr) + " (" + reason + ")";
      }
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

// The URL's host as libcurl reads it; "" when it cannot.
std::string UrlHost(const std::string& url) {
  std::string host;
  CURLU* u = curl_url();
  char* part = nullptr;
  if (u != nullptr &&
      curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
    host = part;
  }
  curl_free(part);
  curl_url_cleanup(u);
  return host;
}

std::string WriteEml(const Config& config, const ClaimedMessage& m,
                     const std::string& message) {
  std::error_code ec;
  std::filesystem::create_directories(config.mail_dir, ec);
  if (ec) return "cannot create " + config.mail_dir + ": " + ec.message();
  std::string path = config.mail_dir + "/" + m.message_id + ".eml";
  std::string temp = config.mail_dir + "/." + m.message_id + "." +
                     std::to_string(getpid()) + ".tmp";
  FILE* f = std::fopen(temp.c_str(), "wb");
  if (f == nullptr) return "cannot write " + temp;
  bool ok = std::fwrite(message.data(), 1, message.size(), f) == message.size();
  ok = std::fflush(f) == 0 && ok;
  ok = fsync(fileno(f)) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return "cannot write " + path;
  }
  return "";
}

}  // namespace

size_t ReadUpload(char* buffer, size_t size, size_t n, void* user) {
  Transfer* t = static_cast<Transfer*>(user);
  size_t left = t->upload_.size() - t->upload_pos_;
  size_t count = std::min(left, size * n);
  std::memcpy(buffer, t->upload_.data() + t->upload_pos_, count);
  t->upload_pos_ += count;
  return count;
}

Transfer::Transfer(const Config& config, ClaimedMessage m, int64_t now_unix)
    : config_(config), m_(std::move(m)), started_ms_(SteadyMillis()) {
  if (m_.kind == OutboxKind::kEmail) {
    StartEmail(now_unix);
  } else {
    StartWebhook(now_unix);
  }
  if (easy_ == nullptr) duration_ms_ = SteadyMillis() - started_ms_;
}

Transfer::~Transfer() {
  if (easy_ != nullptr) curl_easy_cleanup(easy_);
  curl_slist_free_all(list_);
}

void Transfer::StartEmail(int64_t now_unix) {
  MailMessage mail;
  mail.from = config_.mail_from;
  mail.to = m_.recipient;
  mail.subject = m_.subject;
  mail.body = m_.body;
  mail.message_id = m_.message_id;
  mail.date_unix = now_unix;
  upload_ = FormatMail(mail);
  if (config_.smtp_url.empty()) {
    error_ = WriteEml(config_, m_, upload_);
    return;
  }
  easy_ = curl_easy_init();
  if (easy_ == nullptr) {
    error_ = "cannot start libcurl";
    return;
  }
  from_ = "<" + config_.mail_from + ">";
  to_ = "<" + m_.recipient + ">";
  list_ = curl_slist_append(nullptr, to_.c_str());
  curl_easy_setopt(easy_, CURLOPT_URL, config_.smtp_url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(easy_, CURLOPT_MAIL_FROM, from_.c_str());
  curl_easy_setopt(easy_, CURLOPT_MAIL_RCPT, list_);
  curl_easy_setopt(easy_, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(easy_, CURLOPT_READDATA, this);
  curl_easy_setopt(easy_, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT,
                   static_cast<long>(config_.outbox_timeout_s));
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, detail_);
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
}

void Transfer::StartWebhook(int64_t now_unix) {
  const std::string& secret =
      m_.secret.empty() ? config_.webhook_secret : m_.secret;
  if (secret.empty()) {
    error_ =
        "no signing secret: give the macro a webhook_secret or set "
        "webhook_secret in the config";
    return;
  }
  auto add = [&](const std::string& line) {
    list_ = curl_slist_append(list_, line.c_str());
  };
  add("Content-Type: application/json");
  add("User-Agent: earshot-outbox");
  add("Expect:");
  add("webhook-id: " + m_.message_id);
  add("webhook-timestamp: " + std::to_string(now_unix));
  add("webhook-signature: " +
      StandardWebhookSignature(secret, m_.message_id, now_unix, m_.body));
  add("Earshot-Hops: " + std::to_string(m_.hops));
  if (!m_.headers_json.empty()) {
    rapidjson::Document extra;
    extra.Parse(m_.headers_json.data(), m_.headers_json.size());
    if (extra.IsObject()) {
      for (const auto& h : extra.GetObject()) {
        if (!h.value.IsString()) continue;
        std::string name = h.name.GetString();
        // Stored before macros refused it: the loop guard is ours alone.
        if (strcasecmp(name.c_str(), "Earshot-Hops") == 0) continue;
        std::string value = h.value.GetString();
        // "Name:" with nothing after it would remove a header in libcurl.
        add(std::string(h.name.GetString()) +
            (value.empty() ? ";" : ": " + value));
      }
    }
  }
  easy_ = curl_easy_init();
  if (easy_ == nullptr) {
    error_ = "cannot start libcurl";
    return;
  }
  curl_easy_setopt(easy_, CURLOPT_URL, m_.recipient.c_str());
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_POST, 1L);
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, m_.body.data());
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(m_.body.size()));
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, list_);
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT,
                   static_cast<long>(config_.outbox_timeout_s));
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 0L);
  // A proxy would be the only address checked; webhooks go direct.
  curl_easy_setopt(easy_, CURLOPT_PROXY, "");
  guard_.allow = &config_.webhook_allow;
  if (!config_.webhook_allow.AllowsHost(UrlHost(m_.recipient))) {
    curl_easy_setopt(easy_, CURLOPT_OPENSOCKETFUNCTION,
                     OpenCheckedSocket<Guard>);
    curl_easy_setopt(easy_, CURLOPT_OPENSOCKETDATA, &guard_);
  }
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, KeepSome);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, &response_);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, detail_);
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
}

void Transfer::Finish(CURLcode rc) {
  duration_ms_ = SteadyMillis() - started_ms_;
  if (m_.kind == OutboxKind::kEmail) {
    error_ = rc == CURLE_OK ? "" : "smtp: " + CurlError(rc, detail_);
    return;
  }
  if (rc != CURLE_OK && !guard_.refused.empty()) {
    permanent_ = true;
    error_ = "refused: " + guard_.refused +
             " is not a public address; allow it with webhook_allow";
    return;
  }
  if (rc != CURLE_OK) {
    error_ = "http: " + Printable(CurlError(rc, detail_), 200);
    return;
  }
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) {
    error_.clear();
    return;
  }
  // Loop Detected: an earshot listener's loop guard (hops.h); a retry
  // would only be refused again.
  if (status == 508) permanent_ = true;
  error_ =
      "HTTP " + std::to_string(status) +
      (response_.empty() ? "" : ": " + Printable(response_, kMaxExcerptBytes));
}

}  // namespace earshot
