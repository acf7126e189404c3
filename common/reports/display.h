// How a list or a report shows one external data value to people: by the
// field's type, a datetime in the viewer's time zone, a boolean as yes/no,
// and an unset value (never set, or cleared) as empty text.
//
// Time zones are "UTC", a fixed offset ("+01:00", "-05:30") or an IANA
// name ("Europe/Paris", from the system's /usr/share/zoneinfo); a
// datetime is shown as RFC 3339 with the zone's offset at that instant,
// to the second ("2026-11-27T10:00:00+01:00"; UTC ends with "Z").
//
// Thread-safety: DisplayZone is a value; Format with an IANA zone sets the
// process's TZ variable for the duration of the call (and puts it back),
// so call it from one thread at a time, as every earshot program is.

#ifndef EARSHOT_COMMON_REPORTS_DISPLAY_H_
#define EARSHOT_COMMON_REPORTS_DISPLAY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/domain.h"
#include "common/base/status.h"

namespace earshot {

// A value as read from data_values (or a target's own column), typed.
struct ReportValue {
  bool set = false;
  FieldType type = FieldType::kString;
  int64_t number = 0;  // boolean (0/1), integer, datetime (micros, UTC)
  std::string text;    // string
};

class DisplayZone {
 public:
  DisplayZone() = default;  // UTC

  // Invalid, naming what is accepted, for anything else.
  static Status Parse(std::string_view name, DisplayZone* zone);

  const std::string& name() const { return name_; }
  // The zone's offset from UTC at `micros`, in seconds.
  int64_t OffsetAt(int64_t micros) const;
  // RFC 3339 in this zone, to the second.
  std::string Format(int64_t micros) const;

 private:
  std::string name_ = "UTC";
  bool iana_ = false;
  int64_t fixed_offset_s_ = 0;
};

// `value` for people: "" when unset, "yes"/"no", the integer's digits, a
// datetime in `zone`, the string as it is.
std::string DisplayText(const ReportValue& value, const DisplayZone& zone);

}  // namespace earshot

#endif  // EARSHOT_COMMON_REPORTS_DISPLAY_H_
