// Shared by the libFuzzer harnesses: FUZZ_CHECK, an assertion that stops
// the fuzzer with a crash (and so saves the input) when an invariant the
// code promises does not hold, and Fields, which cuts one fuzz input into
// several strings.
//
// Thread-safety: libFuzzer runs a harness on one thread.

#ifndef EARSHOT_TESTS_FUZZ_FUZZ_CHECK_H_
#define EARSHOT_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <string_view>
#include <vector>

// Prints what broke, so a crash report says which invariant failed.
#define FUZZ_CHECK(cond)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, \
                   __LINE__, #cond);                                  \
      __builtin_trap();                                               \
    }                                                                 \
  } while (0)

namespace earshot {

// `input` cut at each `separator`; exactly `count` fields
// (missing ones empty), the last one holding the rest of the input.
inline std::vector<std::string_view> Fields(std::string_view input,
                                            char separator, size_t count) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < count) {
    size_t at = input.find(separator);
    if (at == std::string_view::npos) break;
    fields.push_back(input.substr(0, at));
    input.remove_prefix(at + 1);
  }
  fields.push_back(input);
  while (fields.size() < count) fields.emplace_back();
  return fields;
}

}  // namespace earshot

#endif  // EARSHOT_TESTS_FUZZ_FUZZ_CHECK_H_
