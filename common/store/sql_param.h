// SqlParam: one value bound to a `?` placeholder of a prepared statement.
// Values never reach SQL as text; every module that builds SQL (the filter
// compiler, the target finder, the handlers) hands its values over as these.
//
// Thread-safety: a value type.

#ifndef EARSHOT_COMMON_STORE_SQL_PARAM_H_
#define EARSHOT_COMMON_STORE_SQL_PARAM_H_

#include <cstdint>
#include <string>
#include <utility>

namespace earshot {

struct SqlParam {
  enum class Kind { kNull, kInt, kDouble, kText, kBlob };

  Kind kind = Kind::kNull;
  int64_t i = 0;
  double d = 0;
  std::string s;  // kText (UTF-8 text) or kBlob (any bytes)

  static SqlParam Null() { return {}; }
  static SqlParam Int(int64_t v) {
    SqlParam p;
    p.kind = Kind::kInt;
    p.i = v;
    return p;
  }
  static SqlParam Double(double v) {
    SqlParam p;
    p.kind = Kind::kDouble;
    p.d = v;
    return p;
  }
  static SqlParam Text(std::string v) {
    SqlParam p;
    p.kind = Kind::kText;
    p.s = std::move(v);
    return p;
  }

  // Bytes for a BINARY or BLOB column; never converted or validated.
  static SqlParam Blob(std::string v) {
    SqlParam p;
    p.kind = Kind::kBlob;
    p.s = std::move(v);
    return p;
  }

  bool operator==(const SqlParam& o) const {
    return kind == o.kind && i == o.i && d == o.d && s == o.s;
  }
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_SQL_PARAM_H_
