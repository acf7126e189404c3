#include "common/pipeline/replay.h"

#include <algorithm>

namespace earshot {

namespace {

// "HTTP_X_HUB_SIGNATURE" -> "x-hub-signature"; "CONTENT_TYPE" likewise.
std::string LoggedName(std::string_view cgi) {
  if (cgi.substr(0, 5) == "HTTP_") cgi.remove_prefix(5);
  std::string name(cgi);
  for (char& c : name) {
    c = c == '_' ? '-' : static_cast<char>(std::tolower(c));
  }
  return name;
}

}  // namespace

std::optional<std::string> ReplayRequest::Param(const char* name) const {
  std::string_view n(name);
  if (n == "REQUEST_METHOD") return std::string("POST");
  if (n == "DOCUMENT_URI") return path_;
  if (n == "QUERY_STRING") return query_;
  if (n == "REMOTE_ADDR") return std::string("replay");
  if (n.substr(0, 5) != "HTTP_" && n != "CONTENT_TYPE") return std::nullopt;
  std::string logged = LoggedName(n);
  if (!headers_.IsObject() || !headers_.HasMember(logged.c_str())) {
    return std::nullopt;
  }
  const rapidjson::Value& v = headers_[logged.c_str()];
  if (!v.IsString()) return std::nullopt;
  return std::string(v.GetString(), v.GetStringLength());
}

std::vector<std::pair<std::string, std::string>> ReplayRequest::AllParams()
    const {
  std::vector<std::pair<std::string, std::string>> params;
  if (!headers_.IsObject()) return params;
  for (const auto& m : headers_.GetObject()) {
    std::string name = m.name.GetString();
    if (name.empty() || name[0] == '?' || !m.value.IsString()) continue;
    std::replace(name.begin(), name.end(), '-', '_');
    for (char& c : name) c = static_cast<char>(std::toupper(c));
    if (name != "CONTENT_TYPE" && name != "CONTENT_LENGTH") name = "HTTP_" + name;
    params.emplace_back(name, m.value.GetString());
  }
  return params;
}

Status ReplayRequest::ReadBody(size_t limit, std::string* body,
                               bool* too_large) {
  *too_large = body_.size() > limit;
  *body = body_.substr(0, limit);
  return Status::OK();
}

Status LoadReplayRequest(Connection* db, int64_t event_id, ListenerType type,
                         const std::string& forced_by,
                         std::unique_ptr<ReplayRequest>* request) {
  QueryResult r;
  Status s = db->Run(
      "SELECT l.type, l.listener_key, e.headers, e.body, e.body_size, "
      "LENGTH(e.body), e.key_passed, e.signature_passed, e.http_status, "
      "e.error_code FROM events e JOIN listeners l ON l.id = e.listener_id "
      "WHERE e.id = ?",
      {SqlParam::Int(event_id)}, &r);
  db->Rollback();
  if (!s.ok()) return s;
  if (r.rows.empty()) {
    return Status::Invalid("no event " + std::to_string(event_id) +
                           " of a listener that still exists");
  }
  const Row& row = r.rows[0];
  if (row.Text(0) != ListenerTypeName(type)) {
    return Status::Invalid("event " + std::to_string(event_id) +
                           " belongs to a " + row.Text(0) + " listener");
  }
  const bool authenticated = row.Int(6) != 0 && row.Int(7) != 0;
  if (!authenticated && forced_by.empty()) {
    std::string why = row.Text(8) + (row.IsNull(9) ? "" : " " + row.Text(9));
    return Status::Invalid(
        "event " + std::to_string(event_id) + " (" + why +
        ") did not pass the API key and signature checks: replaying it would "
        "apply what no one authenticated; add --force to replay it anyway");
  }
  // Deliveries refused before their API key, and those scrubbed by an
  // erasure, keep no body at all.
  if (row.IsNull(3)) {
    return Status::Invalid("event " + std::to_string(event_id) +
                           " kept no body (refused before its API key was "
                           "accepted, or erased); it cannot be replayed");
  }
  if (row.Int(4) != row.Int(5)) {
    return Status::Invalid("event " + std::to_string(event_id) +
                           " kept only the first " + row.Text(5) + " of " +
                           row.Text(4) + " bytes of its body; it cannot be "
                           "replayed");
  }
  auto replay = std::make_unique<ReplayRequest>();
  replay->origin_.event_id = event_id;
  replay->origin_.key_passed = row.Int(6) != 0;
  replay->origin_.signature_passed = row.Int(7) != 0;
  if (!authenticated) replay->origin_.forced_by = forced_by;
  replay->path_ =
      std::string("/listeners/") + ListenerTypeName(type) + "/" + row.Text(1);
  replay->headers_.Parse(row.Text(2).c_str());
  if (replay->headers_.IsObject() && replay->headers_.HasMember("?query") &&
      replay->headers_["?query"].IsString()) {
    replay->query_ = replay->headers_["?query"].GetString();
  }
  replay->body_ = row.Text(3);
  *request = std::move(replay);
  return Status::OK();
}

}  // namespace earshot
