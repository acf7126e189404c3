// The contract's error codes, each with its HTTP status. One table, used by
// every handler's answers and by the event log.
//
// Thread-safety: constant data; safe from any thread.

#ifndef EARSHOT_COMMON_BASE_API_ERROR_H_
#define EARSHOT_COMMON_BASE_API_ERROR_H_

namespace earshot {

enum class ApiError {
  kInvalidJson,
  kNotAnObject,
  kTooDeep,
  kInvalidUtf8,
  kMissingApiKey,
  kInvalidApiKey,
  kBadSignature,
  kStaleSignature,
  kKeyNotAllowed,
  kIpNotAllowed,
  kListenerDisabled,
  kUnknownListener,
  kMethodNotAllowed,
  kBodyTooLarge,
  kUnsupportedMediaType,
  kMissingIdentifier,
  kInvalidValue,
  kAuthorNotAllowed,
  kTooManyTargets,
  kLoopDetected,
  kRateLimited,
  kUnavailable,
  kInternal,
};

// The snake_case code the contract names, e.g. "invalid_json".
const char* ApiErrorCode(ApiError error);
// 400, 401, ... 503; kInternal is 500.
int ApiErrorHttpStatus(ApiError error);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_API_ERROR_H_
