#include "common/answer.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>


namespace earshot {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

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

void String(JsonWriter* w, std::string_view s) {
  w->String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace

std::string OutcomesJson(const std::vector<TargetOutcome>& outcomes) {
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
    w.Key("identifier");
    String(&w, o.identifier);
    w.Key("outcome");
    w.String(OutcomeName(o.outcome));
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
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

Answer ErrorAnswer(ApiError error, std::string_view message,
                   int64_t event_id) {
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
  if (error == ApiError::kMethodNotAllowed) a.headers.emplace_back("Allow", "POST");
  return a;
}

}  // namespace earshot
