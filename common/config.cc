#include "common/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "common/base/domain.h"

namespace earshot {

namespace {

constexpr char kConfigName[] = "earshot.conf";

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The directory of the running program's file, or "" when unknown.
std::string ProgramDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return "";
  std::string path(buf, static_cast<size_t>(n));
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "";
  return path.substr(0, slash);
}

std::string_view Trim(std::string_view s) {
  const char* kSpace = " \t\r";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

template <typename Int>
bool ParseInt(std::string_view v, Int min, Int max, Int* out) {
  Int n{};
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) return false;
  if (n < min || n > max) return false;
  *out = n;
  return true;
}

// "a:3306, b, [::1]:3307": hosts with optional ports (default 3306), in
// the order they are tried.
std::string ParseDbHosts(std::string_view v,
                         std::vector<std::pair<std::string, int>>* hosts) {
  hosts->clear();
  while (!v.empty()) {
    size_t comma = v.find(',');
    std::string_view item = Trim(v.substr(0, comma));
    v = comma == std::string_view::npos ? std::string_view()
                                        : v.substr(comma + 1);
    std::string_view host = item;
    int port = 3306;
    size_t colon = item.rfind(':');
    const bool bracketed = !item.empty() && item[0] == '[';
    if (bracketed) {
      size_t close = item.find(']');
      if (close == std::string_view::npos)
        return "unclosed [ in " + std::string(item);
      host = item.substr(1, close - 1);
      if (close + 1 < item.size()) {
        if (item[close + 1] != ':')
          return "expected :PORT after ] in " + std::string(item);
        colon = close + 1;
      } else {
        colon = std::string_view::npos;
      }
    } else if (colon != std::string_view::npos && item.find(':') != colon) {
      return "write an IPv6 address in brackets: [" + std::string(item) + "]";
    } else if (colon != std::string_view::npos) {
      host = item.substr(0, colon);
    }
    if (colon != std::string_view::npos &&
        !ParseInt(item.substr(colon + 1), 1, 65535, &port)) {
      return "invalid port in " + std::string(item);
    }
    if (host.empty()) return "expected HOST[:PORT], comma-separated";
    hosts->emplace_back(std::string(host), port);
  }
  if (hosts->empty()) return "expected HOST[:PORT], comma-separated";
  return "";
}

// "TYPE=ADDRESS" items separated by commas or blanks; an error message or
// "".
std::string ParseConsolePools(
    std::string_view v,
    std::vector<std::pair<std::string, std::string>>* pools) {
  pools->clear();
  size_t pos = 0;
  while (pos < v.size()) {
    size_t end = v.find_first_of(", \t", pos);
    if (end == std::string_view::npos) end = v.size();
    std::string_view item = v.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    ListenerType type;
    if (eq == std::string_view::npos || eq + 1 == item.size() ||
        !ParseListenerType(item.substr(0, eq), &type)) {
      return "expected TYPE=SOCKET or TYPE=HOST:PORT items (TYPE a listener "
             "type), separated by commas";
    }
    pools->emplace_back(std::string(item.substr(0, eq)),
                        std::string(item.substr(eq + 1)));
  }
  if (pools->empty()) return "expected at least one TYPE=ADDRESS";
  return "";
}

// Assigns one setting; returns an error message or "" on success.
std::string Assign(std::string_view key, std::string_view v, Config* c) {
  struct IntSetting {
    const char* name;
    int* target;
    int min, max;
  };
  const IntSetting kInts[] = {
      {"db_port", &c->db.port, 1, 65535},
      {"db_connect_timeout_s", &c->db.connect_timeout_s, 1, 3600},
      {"db_read_timeout_s", &c->db.read_timeout_s, 1, 3600},
      {"db_write_timeout_s", &c->db.write_timeout_s, 1, 3600},
      {"lock_wait_timeout_s", &c->db.lock_wait_timeout_s, 1, 3600},
      {"max_depth", &c->max_depth, 1, 1000},
      {"max_targets", &c->max_targets, 1, 1000},
      {"signature_tolerance_s", &c->signature_tolerance_s, 1, 86400},
      {"delivery_retention_days", &c->delivery_retention_days, 1, 3650},
      {"event_retention_days", &c->event_retention_days, 0, 3650},
      {"max_tx_attempts", &c->max_tx_attempts, 1, 100},
      {"retry_after_s", &c->retry_after_s, 1, 3600},
      {"outbox_max_attempts", &c->outbox_max_attempts, 1, 1000},
      {"outbox_timeout_s", &c->outbox_timeout_s, 1, 3600},
      {"outbox_backoff_base_ms", &c->outbox_backoff_base_ms, 1, 3600000},
      {"outbox_lease_s", &c->outbox_lease_s, 2, 86400},
      {"outbox_poll_ms", &c->outbox_poll_ms, 10, 600000},
      {"outbox_retention_days", &c->outbox_retention_days, 1, 3650},
      {"outbox_concurrency", &c->outbox_concurrency, 1, 1000},
      {"outbox_per_host", &c->outbox_per_host, 1, 1000},
      {"max_hops", &c->max_hops, 0, 1000},
      {"console_session_hours", &c->console_session_hours, 1, 720},
      {"api_key_notify_per_hour", &c->api_key_notify_per_hour, 1, 1000},
  };
  for (const IntSetting& s : kInts) {
    if (key != s.name) continue;
    if (!ParseInt(v, s.min, s.max, s.target)) {
      return "expected an integer from " + std::to_string(s.min) + " to " +
             std::to_string(s.max);
    }
    return "";
  }
  struct SizeSetting {
    const char* name;
    size_t* target;
    size_t min, max;
  };
  const SizeSetting kSizes[] = {
      {"max_body_bytes", &c->max_body_bytes, 2, size_t{1} << 30},
      {"event_body_bytes", &c->event_body_bytes, 0, size_t{16} << 20},
  };
  for (const SizeSetting& s : kSizes) {
    if (key != s.name) continue;
    if (!ParseInt(v, s.min, s.max, s.target)) {
      return "expected a byte count from " + std::to_string(s.min) + " to " +
             std::to_string(s.max);
    }
    return "";
  }
  struct TextSetting {
    const char* name;
    std::string* target;
  };
  const TextSetting kTexts[] = {
      {"db_socket", &c->db.socket},   {"db_host", &c->db.host},
      {"db_user", &c->db.user},       {"db_password", &c->db.password},
      {"db_name", &c->db.database},   {"base_url", &c->base_url},
      {"smtp_url", &c->smtp_url},     {"mail_from", &c->mail_from},
      {"mail_dir", &c->mail_dir},     {"webhook_secret", &c->webhook_secret},
      {"db_ssl_ca", &c->db.ssl_ca},   {"db_ssl_cert", &c->db.ssl_cert},
      {"db_ssl_key", &c->db.ssl_key},
  };
  for (const TextSetting& s : kTexts) {
    if (key != s.name) continue;
    *s.target = std::string(v);
    return "";
  }
  if (key == "db_hosts") return ParseDbHosts(v, &c->db.hosts);
  if (key == "db_ssl_verify") {
    if (v == "on" || v == "true" || v == "1") {
      c->db.ssl_verify = true;
    } else if (v == "off" || v == "false" || v == "0") {
      c->db.ssl_verify = false;
    } else {
      return "expected on or off";
    }
    return "";
  }
  if (key == "webhook_allow") {
    Status s = WebhookAllowList::Parse(v, &c->webhook_allow);
    return s.ok() ? "" : s.message();
  }
  if (key == "console_pools") return ParseConsolePools(v, &c->console_pools);
  if (key == "console_trusted_proxies") {
    Status s = IpAllowList::Parse(v, &c->console_trusted_proxies);
    return s.ok() ? "" : s.message();
  }
  return "unknown setting";
}

}  // namespace

Status ParseConfig(std::string_view text, Config* config) {
  Config result = *config;
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text =
        nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return Status::Invalid("line " + std::to_string(line_no) +
                             ": expected key = value");
    }
    std::string_view key = Trim(line.substr(0, eq));
    std::string_view value = Trim(line.substr(eq + 1));
    std::string error = Assign(key, value, &result);
    if (!error.empty()) {
      return Status::Invalid("line " + std::to_string(line_no) + ": " +
                             std::string(key) + ": " + error);
    }
  }
  if (result.event_retention_days != 0 &&
      result.event_retention_days < result.delivery_retention_days) {
    return Status::Invalid(
        "event_retention_days (" + std::to_string(result.event_retention_days) +
        ") must be 0 or at least delivery_retention_days (" +
        std::to_string(result.delivery_retention_days) +
        "): events hold the delivery ids that duplicates are caught by");
  }
  if (result.db.ssl_cert.empty() != result.db.ssl_key.empty()) {
    return Status::Invalid(
        "db_ssl_cert and db_ssl_key go together: give both or neither");
  }
  *config = std::move(result);
  return Status::OK();
}

Status LoadConfig(const std::string& path, Config* config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read config file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  Status s = ParseConfig(buffer.str(), config);
  if (!s.ok()) return Status::Invalid(path + ": " + s.message());
  // A relative mail_dir (the default too) is relative to this file, not
  // to the directory a program happens to start in (/ under systemd).
  if (!config->mail_dir.empty() && config->mail_dir[0] != '/') {
    size_t slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "."
                      : slash == 0               ? ""
                                                 : path.substr(0, slash);
    config->mail_dir = dir + "/" + config->mail_dir;
  }
  return s;
}

std::string ResolveConfigPathFrom(const char* flag_value,
                                  const std::string& program_dir) {
  if (flag_value != nullptr && *flag_value != '\0') return flag_value;
  const char* env = std::getenv("EARSHOT_CONFIG");
  if (env != nullptr && *env != '\0') return env;
  if (!program_dir.empty()) {
    const std::string beside = program_dir + "/" + kConfigName;
    if (IsRegularFile(beside)) return beside;
    size_t slash = program_dir.find_last_of('/');
    if (slash != std::string::npos) {
      const std::string above =
          program_dir.substr(0, slash) + "/" + kConfigName;
      if (IsRegularFile(above)) return above;
    }
  }
  return "/etc/earshot/earshot.conf";
}

std::string ResolveConfigPath(const char* flag_value) {
  return ResolveConfigPathFrom(flag_value, ProgramDir());
}

}  // namespace earshot
