#include "common/base/api_error.h"

namespace earshot {

namespace {

struct Entry {
  const char* code;
  int http_status;
};

// Indexed by ApiError; keep in the enum's order.
constexpr Entry kTable[] = {
    {"invalid_json", 400},
    {"not_an_object", 400},
    {"too_deep", 400},
    {"invalid_utf8", 400},
    {"missing_api_key", 401},
    {"invalid_api_key", 401},
    {"bad_signature", 401},
    {"stale_signature", 401},
    {"key_not_allowed", 403},
    {"ip_not_allowed", 403},
    {"listener_disabled", 403},
    {"unknown_listener", 404},
    {"method_not_allowed", 405},
    {"body_too_large", 413},
    {"unsupported_media_type", 415},
    {"missing_identifier", 422},
    {"invalid_value", 422},
    {"author_not_allowed", 422},
    {"too_many_targets", 422},
    {"loop_detected", 508},
    {"rate_limited", 429},
    {"unavailable", 503},
    {"internal", 500},
};
static_assert(sizeof(kTable) / sizeof(kTable[0]) ==
              static_cast<int>(ApiError::kInternal) + 1);

}  // namespace

const char* ApiErrorCode(ApiError error) {
  return kTable[static_cast<int>(error)].code;
}

int ApiErrorHttpStatus(ApiError error) {
  return kTable[static_cast<int>(error)].http_status;
}

}  // namespace earshot
