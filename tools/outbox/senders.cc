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
#include "common/base/text.h"
#include "common/outbox/mail_message.h"
#include "common/outbox/webhook_target.h"

namespace earshot {

namespace {

constexpr size_t kMaxResponseBytes = 4096;
// How much of a receiver's error answer an attempt's error keeps.
constexpr size_t kMaxExcerptBytes = 64;

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t n, void* user) {
  Upload* u = static_cast<Upload*>(user);
  size_t left = u->data->size() - u->pos;
  size_t count = std::min(left, size * n);
  std::memcpy(buffer, u->data->data() + u->pos, count);
  u->pos += count;
  return count;
}

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

// What the socket callback knows and found out.
struct AddressGuard {
  const WebhookAllowList* allow = nullptr;
  std::string refused;  // "127.0.0.1 (loopback)" once one was refused
};

// libcurl's CURLOPT_OPENSOCKETFUNCTION: sees each address it is about to
// connect to, after resolution, whatever the URL's spelling.
curl_socket_t OpenCheckedSocket(void* user, curlsocktype purpose,
                                curl_sockaddr* address) {
  AddressGuard* guard = static_cast<AddressGuard*>(user);
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

std::string SendEmail(const Config& config, const ClaimedMessage& m,
                      int64_t now_unix) {
  MailMessage mail;
  mail.from = config.mail_from;
  mail.to = m.recipient;
  mail.subject = m.subject;
  mail.body = m.body;
  mail.message_id = m.message_id;
  mail.date_unix = now_unix;
  std::string message = FormatMail(mail);
  if (config.smtp_url.empty()) return WriteEml(config, m, message);

  CURL* curl = curl_easy_init();
  if (curl == nullptr) return "cannot start libcurl";
  char detail[CURL_ERROR_SIZE] = "";
  std::string from = "<" + config.mail_from + ">";
  std::string to = "<" + m.recipient + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
  Upload upload{&message};
  curl_easy_setopt(curl, CURLOPT_URL, config.smtp_url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT,
                   static_cast<long>(config.outbox_timeout_s));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  return rc == CURLE_OK ? "" : "smtp: " + CurlError(rc, detail);
}

std::string SendWebhook(const Config& config, const ClaimedMessage& m,
                        int64_t now_unix, bool* permanent) {
  *permanent = false;
  const std::string& secret =
      m.secret.empty() ? config.webhook_secret : m.secret;
  if (secret.empty()) {
    return "no signing secret: give the macro a webhook_secret or set "
           "webhook_secret in the config";
  }
  curl_slist* headers = nullptr;
  auto add = [&](const std::string& line) {
    headers = curl_slist_append(headers, line.c_str());
  };
  add("Content-Type: application/json");
  add("User-Agent: earshot-outbox");
  add("Expect:");
  add("webhook-id: " + m.message_id);
  add("webhook-timestamp: " + std::to_string(now_unix));
  add("webhook-signature: " +
      StandardWebhookSignature(secret, m.message_id, now_unix, m.body));
  add("Earshot-Hops: " + std::to_string(m.hops));
  if (!m.headers_json.empty()) {
    rapidjson::Document extra;
    extra.Parse(m.headers_json.data(), m.headers_json.size());
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
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    curl_slist_free_all(headers);
    return "cannot start libcurl";
  }
  char detail[CURL_ERROR_SIZE] = "";
  std::string response;
  curl_easy_setopt(curl, CURLOPT_URL, m.recipient.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, m.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(m.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT,
                   static_cast<long>(config.outbox_timeout_s));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  // A proxy would be the only address checked; webhooks go direct.
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  AddressGuard guard;
  guard.allow = &config.webhook_allow;
  if (!config.webhook_allow.AllowsHost(UrlHost(m.recipient))) {
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, OpenCheckedSocket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, KeepSome);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK && !guard.refused.empty()) {
    *permanent = true;
    return "refused: " + guard.refused +
           " is not a public address; allow it with webhook_allow";
  }
  if (rc != CURLE_OK) return "http: " + Printable(CurlError(rc, detail), 200);
  if (status >= 200 && status < 300) return "";
  // Loop Detected: an earshot listener's loop guard (hops.h); a retry
  // would only be refused again.
  if (status == 508) *permanent = true;
  return "HTTP " + std::to_string(status) +
         (response.empty() ? "" : ": " + Printable(response, kMaxExcerptBytes));
}

}  // namespace earshot
