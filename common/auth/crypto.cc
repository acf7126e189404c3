#include "common/auth/crypto.h"

// For SHA256_Init and friends (see Sha256): deprecated since OpenSSL 3.0,
// still in every 3.x.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "common/base/log.h"
#include "common/base/text.h"

namespace earshot {

namespace {

// libcrypto rejects some null pointers even with a zero length; empty
// string_views may carry one.
const unsigned char kEmpty[1] = {0};

const unsigned char* Bytes(std::string_view s) {
  return s.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

[[noreturn]] void Die(const char* what) {
  LogLine(LogLevel::kError,
          std::string("fatal: ") + what + " failed in libcrypto");
  std::abort();
}

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The 6-bit value of a standard-alphabet character, or -1.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string Base64(std::string_view bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16 |
                 static_cast<uint8_t>(bytes[i + 1]) << 8 |
                 static_cast<uint8_t>(bytes[i + 2]);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16 |
                 static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    if (pad) out += '=';
  }
  return out;
}

// SHA-256 for HMAC, fetched from the provider once per process: the
// implicit fetch behind EVP_sha256() on every call cost more than hashing.
const EVP_MD* Sha256Method() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) Die("EVP_MD_fetch(SHA256)");
  return md;
}

}  // namespace

// The low-level API, not EVP: the first EVP fetch of a process activates
// OpenSSL's default provider, which was a quarter of a plain-CGI request's
// instructions (~3M) and ~0.25 MB of every handler's memory; every
// request hashes its API key, so every request paid it.
std::string Sha256(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx;
  if (SHA256_Init(&ctx) != 1 ||
      SHA256_Update(&ctx, Bytes(data), data.size()) != 1 ||
      SHA256_Final(md, &ctx) != 1) {
    Die("SHA-256");
  }
  return std::string(reinterpret_cast<char*>(md), sizeof(md));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  if (key.size() > static_cast<size_t>(INT_MAX)) Die("HMAC-SHA256 (key size)");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(Sha256Method(), Bytes(key), static_cast<int>(key.size()),
           Bytes(data), data.size(), md, &len) == nullptr ||
      len != kSha256Bytes) {
    Die("HMAC-SHA256");
  }
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string HexEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    uint8_t b = static_cast<uint8_t>(c);
    out += kHexDigits[b >> 4];
    out += kHexDigits[b & 15];
  }
  return out;
}

bool HexDecode(std::string_view hex, std::string* bytes) {
  if (hex.size() % 2 != 0) return false;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexDigitValue(hex[i]);
    int lo = HexDigitValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi << 4 | lo);
  }
  *bytes = std::move(out);
  return true;
}

std::string Base64Encode(std::string_view bytes) {
  return Base64(bytes, kBase64Std, /*pad=*/true);
}

std::string Base64UrlEncode(std::string_view bytes) {
  return Base64(bytes, kBase64Url, /*pad=*/false);
}

bool Base64Decode(std::string_view text, std::string* bytes) {
  if (text.size() % 4 != 0) return false;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int a = Base64Value(text[i]);
    int b = Base64Value(text[i + 1]);
    if (a < 0 || b < 0) return false;
    if (text[i + 2] == '=') {
      // "xx==": one byte; the low 4 bits of b are unused and must be 0.
      if (!last || text[i + 3] != '=' || (b & 15) != 0) return false;
      out += static_cast<char>(a << 2 | b >> 4);
      break;
    }
    int c = Base64Value(text[i + 2]);
    if (c < 0) return false;
    if (text[i + 3] == '=') {
      // "xxx=": two bytes; the low 2 bits of c are unused and must be 0.
      if (!last || (c & 3) != 0) return false;
      out += static_cast<char>(a << 2 | b >> 4);
      out += static_cast<char>((b & 15) << 4 | c >> 2);
      break;
    }
    int d = Base64Value(text[i + 3]);
    if (d < 0) return false;
    out += static_cast<char>(a << 2 | b >> 4);
    out += static_cast<char>((b & 15) << 4 | c >> 2);
    out += static_cast<char>((c & 3) << 6 | d);
  }
  *bytes = std::move(out);
  return true;
}

Status RandomBytes(size_t n, std::string* out) {
  if (n > static_cast<size_t>(INT_MAX)) {
    return Status::Invalid("RandomBytes: too many bytes asked for");
  }
  std::string buf(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()),
                          static_cast<int>(n)) != 1) {
    char err[256];
    ERR_error_string_n(ERR_get_error(), err, sizeof(err));
    return Status::Internal(std::string("RAND_bytes failed: ") + err);
  }
  *out = std::move(buf);
  return Status::OK();
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Comparing fixed-size digests hides the lengths and the position of the
  // first difference from the comparison itself; CRYPTO_memcmp then does
  // not stop early. The digests are not secret-keyed, but they need not
  // be: CRYPTO_memcmp's time does not depend on the bytes at all, and
  // SHA-256 collisions are out of reach.
  std::string da = Sha256(a);
  std::string db = Sha256(b);
  return CRYPTO_memcmp(da.data(), db.data(), kSha256Bytes) == 0;
}

bool DigestsEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace earshot
