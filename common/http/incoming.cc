#include "common/http/incoming.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <utility>
#include <vector>

#include "common/base/names.h"
#include "common/base/utf8.h"
#include "common/http/delivery_id.h"

namespace earshot {

namespace {

constexpr size_t kMaxHeaderValueLogged = 1024;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// HTTP_X_HUB_SIGNATURE -> x-hub-signature; CONTENT_TYPE -> content-type.
std::string HeaderName(std::string_view cgi_name) {
  if (cgi_name.substr(0, 5) == "HTTP_") cgi_name.remove_prefix(5);
  std::string name = Lower(cgi_name);
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::string PathOf(const Request& r) {
  if (auto uri = r.Param("DOCUMENT_URI")) return *uri;
  std::string path =
      r.Param("SCRIPT_NAME").value_or("") + r.Param("PATH_INFO").value_or("");
  if (!path.empty()) return path;
  std::string uri = r.Param("REQUEST_URI").value_or("");
  return uri.substr(0, uri.find('?'));
}

using Params = std::vector<std::pair<std::string, std::string>>;

bool IsHeaderParam(std::string_view cgi) {
  return cgi.substr(0, 5) == "HTTP_" || cgi == "CONTENT_TYPE" ||
         cgi == "CONTENT_LENGTH";
}

// The request's header parameters, in the order the front end sent them.
// Taken once per delivery: each RequestHeader is a scan of every parameter
// (libfcgi's FCGX_GetParam), and nginx passes about 30.
Params HeaderParams(const Request& request) {
  Params params = request.AllParams();
  std::erase_if(params, [](const auto& p) { return !IsHeaderParam(p.first); });
  return params;
}

}  // namespace

bool IsSecretHeader(std::string_view name) {
  // Signatures are not secrets, but a logged one lets whoever reads the log
  // resend the signed bytes (with a fresh id where the id is not signed).
  // One pass over the name (it runs for every header of every delivery):
  // at each byte, only the words starting with that byte are compared.
  for (size_t i = 0; i < name.size(); ++i) {
    const std::string_view rest = name.substr(i);
    switch (name[i]) {
      case 'a':
        if (rest.starts_with("authorization") || rest.starts_with("api-key") ||
            rest.starts_with("apikey")) {
          return true;
        }
        break;
      case 't':
        if (rest.starts_with("token")) return true;
        break;
      case 's':
        if (rest.starts_with("secret") || rest.starts_with("signature")) {
          return true;
        }
        break;
      case 'p':
        if (rest.starts_with("password")) return true;
        break;
      case 'c':
        if (rest.starts_with("cookie")) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

namespace {

std::string LoggedHeadersOf(Params params, std::string_view query,
                            std::string_view secret_header) {
  const std::string extra_secret = HeaderName(secret_header);
  std::sort(params.begin(), params.end());
  // Room for a usual request's headers: the buffer is not grown and copied.
  rapidjson::StringBuffer buffer(nullptr, 2048);
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  // nginx passes Content-Type and Content-Length both as CONTENT_* and as
  // HTTP_CONTENT_*: sorted, the CGI names come first and the copies are
  // left out. The names written so far: a request's few are scanned (no
  // allocation per name); many, as a hostile sender may send, go in a set.
  constexpr size_t kScannedNames = 32;
  std::vector<std::string> written;
  std::set<std::string> written_set;
  if (params.size() <= kScannedNames) written.reserve(params.size());
  auto first_time = [&](const std::string& name) {
    if (params.size() > kScannedNames) return written_set.insert(name).second;
    if (std::find(written.begin(), written.end(), name) != written.end()) {
      return false;
    }
    written.push_back(name);
    return true;
  };
  w.StartObject();
  for (const auto& [cgi, value] : params) {
    std::string name = HeaderName(cgi);
    if (!first_time(name)) continue;
    // nginx drops such names itself; another front end might not.
    if (!IsValidUtf8(name)) continue;
    std::string_view shown =
        IsSecretHeader(name) || (!extra_secret.empty() && name == extra_secret)
            ? std::string_view("***")
            : std::string_view(value).substr(0, kMaxHeaderValueLogged);
    if (!IsValidUtf8(shown)) shown = "(not UTF-8)";
    w.Key(name.c_str());
    w.String(shown.data(), static_cast<rapidjson::SizeType>(shown.size()));
  }
  if (!query.empty()) {
    std::string masked = MaskQueryParam(query, "api_key");
    if (!IsValidUtf8(masked)) masked = "(not UTF-8)";
    w.Key("?query");
    w.String(masked.data(), static_cast<rapidjson::SizeType>(masked.size()));
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string LoggedHeaders(const Request& request, std::string_view query,
                          std::string_view secret_header) {
  return LoggedHeadersOf(HeaderParams(request), query, secret_header);
}

bool ListenerKeyFromPath(std::string_view path, ListenerType type,
                         std::string* key) {
  // Everything before "/listeners/TYPE/KEY" is where the site lives: a
  // subfolder, or a CGI script whose PATH_INFO is the listener path. The
  // web server has already chosen the program, so the prefix only has to
  // be a plain path: absolute, with no empty, "." or ".." segment and no
  // control bytes.
  const std::string suffix =
      std::string("/listeners/") + ListenerTypeName(type) + "/";
  size_t at = path.rfind(suffix);
  if (at == std::string_view::npos) return false;
  std::string_view rest = path.substr(at + suffix.size());
  if (!IsValidListenerKey(rest)) return false;
  std::string_view prefix = path.substr(0, at);
  while (!prefix.empty()) {
    if (prefix.front() != '/') return false;
    prefix.remove_prefix(1);
    std::string_view segment = prefix.substr(0, prefix.find('/'));
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    }
    prefix.remove_prefix(segment.size());
  }
  *key = std::string(rest);
  return true;
}

bool IsJsonContentType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  return Lower(type) == "application/json";
}

Status ReadIncoming(Request* request, size_t max_body_bytes, Incoming* in) {
  in->method = request->Param("REQUEST_METHOD").value_or("");
  in->path = PathOf(*request);
  in->query_string = request->Param("QUERY_STRING").value_or("");
  in->query = ParseQueryString(in->query_string);
  in->client_addr = request->Param("REMOTE_ADDR").value_or("");
  in->content_type = request->Param("CONTENT_TYPE");
  // The first parameter of that name, as RequestHeader (FCGX_GetParam)
  // finds it.
  Params params = HeaderParams(*request);
  auto headers = [&](std::string_view name) -> std::optional<std::string_view> {
    for (const auto& [n, value] : params) {
      if (IsCgiHeaderName(n, name)) return std::string_view(value);
    }
    return std::nullopt;
  };
  in->delivery_id = DeliveryId(SignatureScheme::kNone, "", headers);
  in->headers_json = LoggedHeadersOf(std::move(params), in->query_string, "");
  Status s = request->ReadBody(max_body_bytes, &in->body, &in->body_too_large);
  if (!s.ok()) return s;
  const std::string length = request->Param("CONTENT_LENGTH").value_or("");
  if (!in->body_too_large && !length.empty()) {
    in->body_short =
        std::strtoull(length.c_str(), nullptr, 10) > in->body.size();
  }
  return Status::OK();
}

}  // namespace earshot
