// earshotctl doctor: is this installation working? Checks, in order, that
// the config is readable, the database reachable and its schema current,
// each pool answering FastCGI (a unix socket, or HOST:PORT on TCP), an outbox
// worker seen recently (outbox_workers, sql/008), no dead and no long-overdue
// messages, and the clock agreeing with the database's.
//
// All fine: a summary on stdout, exit 0. Otherwise one line per problem
// on stderr, exit 1, and nothing on stdout. Changes nothing.

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "common/base/checks.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/migrations.h"

namespace earshot::ctl {

namespace {

constexpr const char* kDefaultPools[] = {"/run/earshot/data.sock",
                                         "/run/earshot/comment.sock",
                                         "/run/earshot/macro.sock"};
constexpr int64_t kDefaultWorkerAgeS = 60;
constexpr int64_t kDefaultMaxSkewMs = 2000;
// Pending messages due longer ago than this mean no worker is keeping up.
constexpr int64_t kOverdueS = 300;
constexpr int kProbeTimeoutMs = 3000;

// FastCGI (the 1.0 specification): a BEGIN_REQUEST record for a role no
// one implements. libfcgi drops such a connection as soon as a process
// accepts it, before the handler's code sees anything; another server
// would answer END_REQUEST with FCGI_UNKNOWN_ROLE. Either way nothing is
// recorded. (libfcgi does not answer FCGI_GET_VALUES before a request.)
constexpr unsigned char kFcgiBeginRequest = 1;
constexpr unsigned char kUnknownRole = 99;

// A pool given as HOST:PORT or [IPV6]:PORT (no '/'): on TCP. Anything
// else is a unix socket's path.
bool SplitTcpPool(const std::string& pool, std::string* host,
                  std::string* port) {
  if (pool.find('/') != std::string::npos) return false;
  size_t colon = pool.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == pool.size()) {
    return false;
  }
  *port = pool.substr(colon + 1);
  if (port->find_first_not_of("0123456789") != std::string::npos) return false;
  *host = pool.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  return true;
}

// A socket connected to `pool`, or -1 with *error set.
int ConnectPool(const std::string& pool, std::string* error) {
  std::string host, port;
  if (!SplitTcpPool(pool, &host, &port)) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (pool.size() >= sizeof(addr.sun_path)) {
      *error = "socket path too long";
      return -1;
    }
    std::memcpy(addr.sun_path, pool.data(), pool.size());
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 &&
        connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
      return fd;
    }
    *error = std::string("cannot connect: ") + std::strerror(errno);
    if (fd >= 0) close(fd);
    return -1;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    *error = std::string("cannot resolve: ") + gai_strerror(rc);
    return -1;
  }
  *error = "cannot connect: no address";
  int fd = -1;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    // A connect timeout too: a firewalled host never answers.
    timeval tv{kProbeTimeoutMs / 1000, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    *error = std::string("cannot connect: ") + std::strerror(errno);
    close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  return fd;
}

// Whether some process behind `pool` (a unix socket, or HOST:PORT) accepts
// and reads a FastCGI connection: "" when one did, else what went wrong.
// A pool whose processes are all dead (or all busy for kProbeTimeoutMs)
// still lets the kernel queue the connection, so the answer is what
// tells. A TCP pool that refuses this address (FCGI_WEB_SERVER_ADDRS)
// closes the connection once a process accepted it: that is answering.
std::string ProbePool(const std::string& pool) {
  std::string error;
  int fd = ConnectPool(pool, &error);
  if (fd < 0) return error;
  error.clear();
  timeval tv{kProbeTimeoutMs / 1000, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  const unsigned char record[16] = {1, kFcgiBeginRequest, 0, 1, 0, 8, 0, 0,
                                    0, kUnknownRole,      0, 0, 0, 0, 0, 0};
  // MSG_NOSIGNAL: a TCP pool may already have closed the connection.
  if (send(fd, record, sizeof(record), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(sizeof(record))) {
    error = std::string("cannot send: ") + std::strerror(errno);
  } else {
    char answer[64];
    ssize_t r = read(fd, answer, sizeof(answer));
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      error = "no handler process took a connection within " +
              std::to_string(kProbeTimeoutMs / 1000) + " s";
    } else if (r < 0 && errno != ECONNRESET) {
      error = std::string("cannot read: ") + std::strerror(errno);
    }
  }
  close(fd);
  return error;
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Report {
  std::vector<std::string> problems;
  std::string text;  // the summary, for people
  rapidjson::Document doc{rapidjson::kObjectType};

  void Ok(const std::string& line) { text += "ok  " + line + "\n"; }
};

// Schema, worker, outbox and clock: everything the database tells.
void CheckDatabase(Connection* db, int64_t worker_age_s, int64_t max_skew_ms,
                   Report* report) {
  auto& alloc = report->doc.GetAllocator();
  QueryResult r;
  Status s = db->Run("SELECT version FROM schema_migrations", &r);
  if (!s.ok()) {
    report->problems.push_back("database: cannot read schema_migrations (" +
                               s.message() +
                               "); has `earshotctl migrate` been run?");
    return;
  }
  std::set<int64_t> done;
  for (const Row& row : r.rows) done.insert(row.Int(0));
  std::string missing;
  int latest = 0;
  for (size_t i = 0; i < kEmbeddedMigrationCount; ++i) {
    const EmbeddedMigration& m = kEmbeddedMigrations[i];
    latest = std::max(latest, m.version);
    if (done.count(m.version) == 0) {
      char number[16];
      std::snprintf(number, sizeof(number), "%03d", m.version);
      missing += (missing.empty() ? "" : ", ") + std::string(number) + "_" +
                 m.name + ".sql";
    }
  }
  Put(&report->doc, "schema_version", latest, alloc);
  if (!missing.empty()) {
    report->problems.push_back("schema: not current, missing " + missing +
                               " (run earshotctl migrate)");
    return;  // the checks below may need tables that are not there yet
  }
  report->Ok("schema: current (" + std::to_string(latest) + ")");

  s = db->Run(
      "SELECT TIMESTAMPDIFF(SECOND, MAX(seen_at), UTC_TIMESTAMP(6)), "
      "COUNT(*) FROM outbox_workers WHERE seen_at > UTC_TIMESTAMP(6) - "
      "INTERVAL ? SECOND",
      {SqlParam::Int(worker_age_s)}, &r);
  if (!s.ok()) {
    report->problems.push_back("outbox worker: " + s.message());
  } else if (r.rows.empty() || r.rows[0].IsNull(0)) {
    report->problems.push_back("outbox worker: none seen in the last " +
                               std::to_string(worker_age_s) +
                               " s; is earshot-outbox running?");
  } else {
    Put(&report->doc, "workers", r.rows[0].Int(1), alloc);
    report->Ok("outbox worker: " + r.rows[0].Text(1) + " seen in the last " +
               std::to_string(worker_age_s) + " s");
  }

  s = db->Run(
      "SELECT SUM(state = 'pending'), SUM(state = 'dead'), "
      "SUM(state = 'pending' AND next_attempt_at < UTC_TIMESTAMP(6) - "
      "INTERVAL ? SECOND) FROM outbox",
      {SqlParam::Int(kOverdueS)}, &r);
  if (!s.ok()) {
    report->problems.push_back("outbox: " + s.message());
  } else {
    auto count = [&](size_t col) -> int64_t {
      return r.rows.empty() || r.rows[0].IsNull(col) ? 0 : r.rows[0].Int(col);
    };
    int64_t pending = count(0), dead = count(1), overdue = count(2);
    Put(&report->doc, "pending", pending, alloc);
    Put(&report->doc, "dead", dead, alloc);
    Put(&report->doc, "overdue", overdue, alloc);
    if (dead > 0) {
      report->problems.push_back(
          "outbox: " + std::to_string(dead) +
          " dead messages (earshotctl outbox list --state dead; outbox retry "
          "ID)");
    }
    if (overdue > 0) {
      report->problems.push_back("outbox: " + std::to_string(overdue) +
                                 " pending messages overdue by more than " +
                                 std::to_string(kOverdueS) + " s");
    }
    if (dead == 0 && overdue == 0) {
      report->Ok("outbox: " + std::to_string(pending) + " pending, 0 dead");
    }
  }

  const int64_t before = WallMs();
  s = db->Run("SELECT CAST(UNIX_TIMESTAMP(NOW(6)) * 1000 AS SIGNED)", &r);
  const int64_t after = WallMs();
  if (!s.ok() || r.rows.empty()) {
    report->problems.push_back("clock: cannot read the database's time");
  } else {
    const int64_t skew = r.rows[0].Int(0) - (before + after) / 2;
    Put(&report->doc, "clock_skew_ms", skew, alloc);
    if (std::llabs(skew) > max_skew_ms) {
      report->problems.push_back(
          "clock: this host and the database differ by " +
          std::to_string(skew) + " ms (more than " +
          std::to_string(max_skew_ms) +
          " ms): signature tolerances and retention depend on both");
    } else {
      report->Ok("clock: " + std::to_string(skew) + " ms from the database's");
    }
  }
}

Status Doctor(Context* ctx, const Args& args) {
  int64_t worker_age_s = kDefaultWorkerAgeS, max_skew_ms = kDefaultMaxSkewMs;
  if (const std::string* v = args.Get("worker-age")) {
    Status s = ParseInt(*v, "--worker-age", 1, 86400, &worker_age_s);
    if (!s.ok()) return s;
  }
  if (const std::string* v = args.Get("max-skew-ms")) {
    Status s = ParseInt(*v, "--max-skew-ms", 0, 3600000, &max_skew_ms);
    if (!s.ok()) return s;
  }
  std::vector<std::string> pools = args.GetAll("pool");
  if (pools.empty())
    pools.assign(std::begin(kDefaultPools), std::end(kDefaultPools));

  Report report;
  auto& alloc = report.doc.GetAllocator();
  const Config* config;
  Status s = ctx->GetConfig(&config);
  if (!s.ok()) {
    report.problems.push_back("config: " + ctx->config_path() + ": " +
                              s.message());
  } else {
    report.Ok("config: " + ctx->config_path() + " readable");
    Connection* db;
    s = ctx->Db(&db);
    if (!s.ok()) {
      report.problems.push_back("database: unreachable: " + s.message());
    } else {
      report.Ok("database: reachable");
      CheckDatabase(db, worker_age_s, max_skew_ms, &report);
    }
  }
  rapidjson::Value answering(rapidjson::kArrayType);
  for (const std::string& pool : pools) {
    std::string error = ProbePool(pool);
    if (error.empty()) {
      report.Ok("pool: " + pool + " answering");
      answering.PushBack(JsonString(pool, alloc), alloc);
    } else {
      report.problems.push_back("pool: " + pool + ": " + error);
    }
  }
  Put(&report.doc, "pools", std::move(answering), alloc);

  if (!report.problems.empty()) {
    // One line each; main prints the last, as every error, and exits 1.
    for (size_t i = 0; i + 1 < report.problems.size(); ++i) {
      std::fprintf(stderr, "earshotctl: %s\n",
                   Printable(report.problems[i]).c_str());
    }
    return Status::Unavailable(report.problems.back());
  }
  Put(&report.doc, "ok", true, alloc);
  if (ctx->json()) {
    ctx->out()->PrintJson(report.doc);
  } else {
    ctx->out()->Print(report.text);
  }
  return Status::OK();
}

}  // namespace

void AddDoctorCommands(std::vector<Command>* commands) {
  commands->push_back(
      {"doctor",
       "[--pool SOCKET|HOST:PORT]... [--worker-age S] [--max-skew-ms MS]",
       "check config, database, schema, pools, outbox worker and clock; one "
       "line per problem, exit 1",
       "pool* worker-age max-skew-ms", 0, 0, Doctor});
}

}  // namespace earshot::ctl
