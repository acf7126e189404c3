// Status: the outcome of an operation that can fail, passed across module
// borders instead of exceptions. An OK status is a null pointer and costs
// nothing; an error carries a code, a message and, for errors the sender of
// a delivery caused, the contract's error code (see api_error.h).
//
// Thread-safety: a Status is a value; distinct objects may be used from
// distinct threads without synchronisation.

#ifndef EARSHOT_COMMON_BASE_STATUS_H_
#define EARSHOT_COMMON_BASE_STATUS_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/base/api_error.h"

namespace earshot {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,     // the thing asked for does not exist
    kInvalid,      // bad input from an operator or a config file
    kRefused,      // bad input from a sender: see api_error()
    kUnavailable,  // the database cannot be reached; try again later
    kRetry,        // deadlock or lock wait timeout: re-run the transaction
    kDuplicate,    // a unique key already holds this value
    kInternal,     // a bug or an unexpected failure
  };

  Status() = default;
  Status(const Status& other) { *this = other; }
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status OK() { return Status(); }
  static Status NotFound(std::string_view msg) { return {Code::kNotFound, msg}; }
  static Status Invalid(std::string_view msg) { return {Code::kInvalid, msg}; }
  static Status Unavailable(std::string_view msg) {
    return {Code::kUnavailable, msg};
  }
  static Status Retry(std::string_view msg) { return {Code::kRetry, msg}; }
  static Status Duplicate(std::string_view msg) {
    return {Code::kDuplicate, msg};
  }
  static Status Internal(std::string_view msg) {
    return {Code::kInternal, msg};
  }
  // A delivery the sender got wrong; answered with `error`'s HTTP status.
  static Status Refused(ApiError error, std::string_view msg);

  bool ok() const { return state_ == nullptr; }
  Code code() const { return state_ ? state_->code : Code::kOk; }
  bool IsNotFound() const { return code() == Code::kNotFound; }
  bool IsInvalid() const { return code() == Code::kInvalid; }
  bool IsRefused() const { return code() == Code::kRefused; }
  bool IsUnavailable() const { return code() == Code::kUnavailable; }
  bool IsRetry() const { return code() == Code::kRetry; }
  bool IsDuplicate() const { return code() == Code::kDuplicate; }

  // REQUIRES: IsRefused().
  ApiError api_error() const { return state_->api_error; }
  // Empty for OK.
  const std::string& message() const;
  // "code: message", for logs and operators.
  std::string ToString() const;

 private:
  struct State {
    Code code;
    ApiError api_error;
    std::string message;
  };
  Status(Code code, std::string_view msg)
      : state_(new State{code, ApiError::kInternal, std::string(msg)}) {}

  std::unique_ptr<State> state_;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_STATUS_H_
