// The tests' precompiled header (Makefile: TEST_PCH), forced into every
// test file by -include: GoogleTest, the standard library and RapidJSON
// parsed once per build instead of once per file, which was over half of a
// test file's compile time. Build speed only: every file still includes
// what it uses, and nothing here may change what a file means (system
// headers only, no macros of ours).
#ifndef EARSHOT_TESTS_PRECOMPILED_H_
#define EARSHOT_TESTS_PRECOMPILED_H_

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#endif  // EARSHOT_TESTS_PRECOMPILED_H_
