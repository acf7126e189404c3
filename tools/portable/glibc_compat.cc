// glibc compatibility for `make portable`: definitions linked into the
// portable programs in place of glibc functions newer than the glibc they
// should run on. A definition here wins over glibc's at link time, so the
// program needs no glibc symbol version for it.
//
// arc4random (glibc 2.36) is called by the static libstdc++'s
// std::random_device; getrandom has been in glibc since 2.25.
//
// Thread-safety: as the functions they replace.

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

extern "C" uint32_t arc4random(void) {
  uint32_t value = 0;
  char* p = reinterpret_cast<char*>(&value);
  size_t left = sizeof(value);
  while (left > 0) {
    ssize_t n = getrandom(p, left, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();  // as glibc's does when no randomness can be had
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return value;
}
