#include "common/base/status.h"

namespace earshot {

Status& Status::operator=(const Status& other) {
  if (this != &other) {
    state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  }
  return *this;
}

Status Status::Refused(ApiError error, std::string_view msg) {
  Status s(Code::kRefused, msg);
  s.state_->api_error = error;
  return s;
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  const char* name = "internal";
  switch (state_->code) {
    case Code::kOk: name = "ok"; break;
    case Code::kNotFound: name = "not found"; break;
    case Code::kInvalid: name = "invalid"; break;
    case Code::kRefused: name = ApiErrorCode(state_->api_error); break;
    case Code::kUnavailable: name = "unavailable"; break;
    case Code::kRetry: name = "retry"; break;
    case Code::kDuplicate: name = "duplicate"; break;
    case Code::kInternal: name = "internal"; break;
  }
  return std::string(name) + ": " + state_->message;
}

}  // namespace earshot
