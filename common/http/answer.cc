#include "common/http/answer.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace earshot {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void String(JsonWriter* w, std::string_view s) {
  w->String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// Identifiers longer than this are cut when the whole list does not fit.
constexpr size_t kCutIdentifierBytes = 48;

// `s` cut to at most `max` bytes on a UTF-8 character boundary.
std::string_view CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

enum class Identifiers { kWhole, kCut, kNone };

std::string WriteOutcomes(const std::vector<TargetOutcome>& outcomes,
                          Identifiers identifiers) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartArray();
  for (const TargetOutcome& o : outcomes) {
    w.StartObject();
    w.Key("id");
    if (o.id != 0) {
      w.Int64(o.id);
    } else {
      w.Null();
    }
    if (identifiers == Identifiers::kWhole) {
      w.Key("identifier");
      String(&w, o.identifier);
    } else if (identifiers == Identifiers::kCut) {
      w.Key("identifier");
      std::string_view cut = CutUtf8(o.identifier, kCutIdentifierBytes);
      String(&w, cut.size() == o.identifier.size() ? o.identifier
                                                   : std::string(cut) + "...");
    }
    w.Key("outcome");
    w.String(OutcomeName(o.outcome));
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kApplied:
      return "applied";
    case Outcome::kFiltered:
      return "filtered";
    case Outcome::kNotFound:
      return "not_found";
  }
  return "applied";
}

std::string StoredOutcomesJson(const std::vector<TargetOutcome>& outcomes,
                               size_t max_bytes) {
  std::string json = WriteOutcomes(outcomes, Identifiers::kWhole);
  if (json.size() <= max_bytes) return json;
  json = WriteOutcomes(outcomes, Identifiers::kCut);
  if (json.size() <= max_bytes) return json;
  return WriteOutcomes(outcomes, Identifiers::kNone);
}

std::string OutcomesJson(const std::vector<TargetOutcome>& outcomes) {
  return WriteOutcomes(outcomes, Identifiers::kWhole);
}

Answer SuccessAnswer(int64_t event_id, bool duplicate,
                     std::string_view outcomes_json) {
  Answer a;
  a.status = 200;
  a.body = "{\"ok\":true,\"event\":" + std::to_string(event_id) +
           ",\"duplicate\":" + (duplicate ? "true" : "false") +
           ",\"targets\":" + std::string(outcomes_json) + "}";
  return a;
}

Answer ErrorAnswer(ApiError error, std::string_view message, int64_t event_id) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("ok");
  w.Bool(false);
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.String(ApiErrorCode(error));
  w.Key("message");
  String(&w, message);
  w.EndObject();
  if (event_id != 0) {
    w.Key("event");
    w.Int64(event_id);
  }
  w.EndObject();
  Answer a;
  a.status = ApiErrorHttpStatus(error);
  a.body.assign(buffer.GetString(), buffer.GetSize());
  if (error == ApiError::kMethodNotAllowed)
    a.headers.emplace_back("Allow", "POST");
  return a;
}

}  // namespace earshot
