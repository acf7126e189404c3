#include "common/reports/display.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "common/base/datetime.h"

namespace earshot {

namespace {

constexpr const char* kZoneInfo = "/usr/share/zoneinfo/";

const char* kZoneHelp =
    "; expected UTC, an offset such as +01:00, or a time zone name such as "
    "Europe/Paris";

bool IsZoneNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' || c == '/';
}

// "+01:00" or "-05:30" as seconds.
bool ParseOffset(std::string_view text, int64_t* seconds) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') ||
      text[3] != ':') {
    return false;
  }
  auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (!digit(1) || !digit(2) || !digit(4) || !digit(5)) return false;
  const int hours = (text[1] - '0') * 10 + (text[2] - '0');
  const int minutes = (text[4] - '0') * 10 + (text[5] - '0');
  if (hours > 14 || minutes > 59) return false;
  *seconds = (hours * 3600 + minutes * 60) * (text[0] == '-' ? -1 : 1);
  return true;
}

// Sets TZ for the life of the object and puts the old value back.
class ScopedTz {
 public:
  explicit ScopedTz(const std::string& name) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", (":" + name).c_str(), 1);
    tzset();
  }
  ~ScopedTz() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

Status DisplayZone::Parse(std::string_view name, DisplayZone* zone) {
  DisplayZone z;
  if (name == "UTC" || name == "Z" || name == "utc") {
    *zone = z;
    return Status::OK();
  }
  int64_t offset;
  if (ParseOffset(name, &offset)) {
    z.name_ = std::string(name);
    z.fixed_offset_s_ = offset;
    *zone = z;
    return Status::OK();
  }
  bool ok = !name.empty() && name.size() <= 64 && name[0] != '/' &&
            name.find("..") == std::string_view::npos;
  for (char c : name) ok = ok && IsZoneNameChar(c);
  struct stat st;
  if (!ok || stat((kZoneInfo + std::string(name)).c_str(), &st) != 0 ||
      !S_ISREG(st.st_mode)) {
    return Status::Invalid("unknown time zone '" + std::string(name) + "'" +
                           kZoneHelp);
  }
  z.name_ = std::string(name);
  z.iana_ = true;
  *zone = z;
  return Status::OK();
}

int64_t DisplayZone::OffsetAt(int64_t micros) const {
  if (!iana_) return fixed_offset_s_;
  ScopedTz tz(name_);
  const time_t t = static_cast<time_t>(FloorDiv(micros, 1000000));
  struct tm local;
  if (localtime_r(&t, &local) == nullptr) return 0;
  return local.tm_gmtoff;
}

std::string DisplayZone::Format(int64_t micros) const {
  const int64_t offset = OffsetAt(micros);
  const int64_t seconds = FloorDiv(micros, 1000000) + offset;
  // Rfc3339Utc of the shifted instant gives the wall clock; its "Z" (and
  // any fraction) is replaced by the offset.
  std::string text = Rfc3339Utc(seconds * 1000000);
  text.pop_back();  // "Z"
  if (offset == 0 && !iana_ && name_ == "UTC") return text + "Z";
  char buf[8];
  const int64_t a = offset < 0 ? -offset : offset;
  std::snprintf(buf, sizeof(buf), "%c%02d:%02d", offset < 0 ? '-' : '+',
                static_cast<int>(a / 3600), static_cast<int>(a / 60 % 60));
  return text + buf;
}

std::string DisplayText(const ReportValue& value, const DisplayZone& zone) {
  if (!value.set) return "";
  switch (value.type) {
    case FieldType::kBoolean:
      return value.number != 0 ? "yes" : "no";
    case FieldType::kInteger:
      return std::to_string(value.number);
    case FieldType::kDatetime:
      return zone.Format(value.number);
    case FieldType::kString:
      break;
  }
  return value.text;
}

}  // namespace earshot
