#include "common/pipeline/try_request.h"

namespace earshot {

namespace {
constexpr char kJson[] = "application/json";
}  // namespace

TryRequest::TryRequest(ListenerType type, const std::string& key,
                       std::string query, std::string body)
    : path_(std::string("/listeners/") + ListenerTypeName(type) + "/" + key),
      query_(std::move(query)),
      body_(std::move(body)) {}

std::optional<std::string> TryRequest::Param(const char* name) const {
  std::string_view n(name);
  if (n == "REQUEST_METHOD") return std::string("POST");
  if (n == "DOCUMENT_URI") return path_;
  if (n == "QUERY_STRING") return query_;
  if (n == "REMOTE_ADDR") return std::string("try");
  if (n == "CONTENT_TYPE") return std::string(kJson);
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> TryRequest::AllParams() const {
  return {{"CONTENT_TYPE", kJson}};
}

Status TryRequest::ReadBody(size_t limit, std::string* body, bool* too_large) {
  *too_large = body_.size() > limit;
  *body = body_.substr(0, limit);
  return Status::OK();
}

}  // namespace earshot
