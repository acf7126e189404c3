// Properties over many generated filters (fixed seeds, so runs repeat):
// every compiled filter round-trips through its normalised form, binds one
// param per placeholder and holds no quotes; every failure is a
// "column N: ..." error with N inside the text.

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "common/filter/filter.h"
#include "tests/unit/filter_test_util.h"

namespace earshot {
namespace {

using filter_test::Users;

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  // A well-typed filter from the grammar, within the limits.
  std::string Expr(int depth) {
    std::string out = Term(depth);
    while (Chance(depth > 0 ? 25 : 0)) {
      out += Pick({" or ", " OR ", " or  "}) + Term(depth - 1);
    }
    return out;
  }

  // Tokens drawn at random: mostly nonsense.
  std::string Soup() {
    // Separated by spaces; no token holds one.
    static const std::vector<std::string> kTokens = Split(
        "id name score created project email nope data.Usage.Active "
        "data.Usage.Plan data.X and or not ( ) = != < >= in is null contains "
        ", 1 -2.5 \"x\" \"2026-01-01\" true FALSE \"a\\\"b\" é \"日本\" ! - \" "
        "\\ ' ;");
    const int count = static_cast<int>(kTokens.size());
    std::string out;
    const int n = Uniform(1, 12);
    for (int i = 0; i < n; ++i) {
      out += kTokens[Uniform(0, count - 1)];
      if (Chance(70)) out += ' ';
    }
    return out;
  }

 private:
  std::string Term(int depth) {
    std::string out = Fact(depth);
    while (Chance(depth > 0 ? 25 : 0)) {
      out += Pick({" and ", " AND ", "  and "}) + Fact(depth - 1);
    }
    return out;
  }

  std::string Fact(int depth) {
    if (depth > 0 && Chance(10)) return "not " + Fact(depth - 1);
    if (depth > 0 && Chance(5)) return "NOT(" + Expr(depth - 1) + ")";
    if (depth > 0 && Chance(20)) return "(" + Expr(depth - 1) + ")";
    return Comparison();
  }

  std::string Comparison() {
    struct Field {
      const char* name;
      std::vector<std::string> values;
      bool ordered;
      bool text;
    };
    static const std::vector<Field> kFields = {
        {"id", {"1", "-7", "2.50", "0"}, true, false},
        {"score", {"3", "-0.5", "9223372036854775807"}, true, false},
        {"name", {"\"Ann\"", "\"\"", "\"q\\\"x\\\\\"", "\"é\""}, true, true},
        {"created",
         {"\"2026-01-01\"", "\"2026-11-27T10:00:00+01:00\""},
         true,
         false},
        {"project", {"1", "22"}, false, false},
        {"data.Usage.Active", {"true", "FALSE"}, false, false},
        {"data.Usage.Plan", {"\"pro\"", "\"'; --\""}, true, true},
        {"data.Usage.Sessions", {"5", "1.5"}, true, false},
        {"data.Usage.LastSeen", {"\"2026-01-01T00:00:00Z\""}, true, false},
    };
    const Field& f = kFields[Uniform(0, static_cast<int>(kFields.size()) - 1)];
    auto value = [&] {
      return f.values[Uniform(0, static_cast<int>(f.values.size()) - 1)];
    };
    std::string out = f.name;
    switch (Uniform(0, 4)) {
      case 0:
        return out + Pick({" is null", " IS NOT NULL", " is not null"});
      case 1: {
        out += Pick({" in (", " IN("});
        const int n = Uniform(1, 4);
        for (int i = 0; i < n; ++i) out += (i ? ", " : "") + value();
        return out + ")";
      }
      case 2:
        if (f.text) return out + " contains " + value();
        [[fallthrough]];
      default:
        if (f.ordered) {
          return out + Pick({" = ", "!=", " < ", "<=", " > ", ">="}) + value();
        }
        return out + Pick({" = ", " != "}) + value();
    }
  }

  bool Chance(int percent) { return Uniform(0, 99) < percent; }
  int Uniform(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_);
  }
  std::string Pick(std::initializer_list<const char*> options) {
    return *(options.begin() +
             Uniform(0, static_cast<int>(options.size()) - 1));
  }

  std::mt19937 rng_;
};

int Chars(const std::string& s) {
  int n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Checks the properties for `text`; returns whether it compiled.
bool Check(const std::string& text) {
  SCOPED_TRACE(text);
  const FilterContext context = Users();
  CompiledFilter f;
  Status s = CompileFilter(text, context, &f);
  if (!s.ok()) {
    EXPECT_TRUE(s.IsInvalid());
    int column = 0;
    EXPECT_EQ(std::sscanf(s.message().c_str(), "column %d: ", &column), 1)
        << s.message();
    EXPECT_GE(column, 1);
    EXPECT_LE(column, Chars(text) + 1);
    return false;
  }
  size_t marks = 0;
  for (char c : f.sql) marks += c == '?';
  EXPECT_EQ(marks, f.params.size());
  EXPECT_EQ(f.sql.find_first_of("'\"`;\\#"), std::string::npos) << f.sql;
  CompiledFilter again;
  EXPECT_TRUE(CompileFilter(f.normalized, context, &again).ok());
  EXPECT_EQ(again.sql, f.sql);
  EXPECT_EQ(again.params, f.params);
  EXPECT_EQ(again.normalized, f.normalized);
  return true;
}

TEST(FilterPropertyTest, GeneratedFiltersRoundTrip) {
  Generator gen(20261127);
  int compiled = 0;
  for (int i = 0; i < 3000; ++i) compiled += Check(gen.Expr(4));
  // The generator writes well-typed filters within the limits.
  EXPECT_EQ(compiled, 3000);
}

TEST(FilterPropertyTest, TokenSoupFailsCleanly) {
  Generator gen(42);
  int compiled = 0;
  for (int i = 0; i < 20000; ++i) compiled += Check(gen.Soup());
  // Nearly all soup is refused; what is not must still hold up.
  EXPECT_LT(compiled, 200);
}

}  // namespace
}  // namespace earshot
