#include "common/pipeline/health.h"

#include <string>

#include "common/base/log.h"
#include "common/pipeline/pipeline.h"

namespace earshot {

namespace {

// Health answers are about now: no proxy or client may keep one.
void NoStore(Answer* answer) {
  answer->headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace

bool IsHealthPath(std::string_view path, ListenerType type) {
  return path ==
         std::string("/listeners/") + ListenerTypeName(type) + "/_health";
}

Answer HealthyAnswer() {
  Answer a;
  a.status = 200;
  a.body = "{\"status\":\"ok\"}\n";
  NoStore(&a);
  return a;
}

Answer UnhealthyAnswer(int retry_after_s) {
  Answer a =
      ErrorAnswer(ApiError::kUnavailable, "the database is unavailable", 0);
  a.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  NoStore(&a);
  return a;
}

Answer HealthMethodAnswer() {
  Answer a = ErrorAnswer(ApiError::kMethodNotAllowed,
                         "the health check answers GET and HEAD", 0);
  for (auto& [name, value] : a.headers) {
    if (name == "Allow") value = "GET, HEAD";
  }
  NoStore(&a);
  return a;
}

// One SELECT 1 on the connection deliveries use (reopened once when it
// died with a database restart, as a delivery would), outside any
// transaction the pipeline keeps open: it runs between requests.
Answer Pipeline::Health(const Incoming& in) {
  if (in.method != "GET" && in.method != "HEAD") return HealthMethodAnswer();
  bool fresh = false;
  Status s = Connect(&fresh);
  if (s.ok()) s = db_->Run("SELECT 1", nullptr);
  if (!s.ok() && !fresh && s.IsUnavailable() && db_) {
    db_.reset();
    s = Connect(&fresh);
    if (s.ok()) s = db_->Run("SELECT 1", nullptr);
  }
  if (s.ok()) return HealthyAnswer();
  LogLine(LogLevel::kWarning, "health check: " + s.ToString());
  return UnhealthyAnswer(config_.retry_after_s);
}

}  // namespace earshot
