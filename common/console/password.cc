#include "common/console/password.h"

#include <argon2.h>

#include <cstdint>

#include "common/auth/crypto.h"
#include "common/base/utf8.h"

namespace earshot::console {

namespace {

constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19456;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

}  // namespace

Status CheckNewPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return Status::Invalid("the password must have at least " +
                           std::to_string(kMinPasswordLength) + " characters");
  }
  if (password.size() > kMaxPasswordLength) {
    return Status::Invalid("the password must have at most " +
                           std::to_string(kMaxPasswordLength) + " bytes");
  }
  if (!IsValidUtf8(password)) {
    return Status::Invalid("the password is not valid UTF-8");
  }
  return Status::OK();
}

Status HashPassword(std::string_view password, std::string* encoded) {
  std::string salt;
  Status s = RandomBytes(kSaltBytes, &salt);
  if (!s.ok()) return s;
  size_t length = argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes,
                                    kHashBytes, Argon2_id);
  std::string out(length, '\0');
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(),
                                 password.size(), salt.data(), salt.size(),
                                 kHashBytes, out.data(), out.size());
  if (rc != ARGON2_OK) {
    return Status::Internal(std::string("argon2: ") + argon2_error_message(rc));
  }
  out.resize(out.find('\0') == std::string::npos ? out.size() : out.find('\0'));
  *encoded = std::move(out);
  return Status::OK();
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) ==
         ARGON2_OK;
}

void VerifyDummyPassword(std::string_view password) {
  // Made once per process, so the cost matches the current parameters.
  static const std::string dummy = [] {
    std::string encoded;
    if (!HashPassword("earshot-dummy-password", &encoded).ok()) encoded = "";
    return encoded;
  }();
  if (!dummy.empty()) (void)VerifyPassword(password, dummy);
}

}  // namespace earshot::console
