// Fuzzes macro templates: the input is parsed as a text template
// ("Hi {{user.name}}") for each target kind and, when it is JSON, as a JSON
// template (a webhook's json_body). Both are filled with awkward values; a
// filled JSON template is valid JSON in valid UTF-8.

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/utf8.h"
#include "common/http/json_body.h"
#include "common/macro/template.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_tags.h"

namespace earshot {
namespace {

constexpr int kMaxDepth = 16;

}  // namespace
}  // namespace earshot

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  rapidjson::Document json;
  bool is_json = ParseJsonBody(text, kMaxDepth, &json).ok();

  for (TargetKind kind :
       {TargetKind::kUsers, TargetKind::kFeedback, TargetKind::kProjects}) {
    const TagValues values = Values(kind);
    Template t;
    if (Template::Parse(text, Catalog(kind), &t).ok()) {
      std::string filled = t.FillText(values);
      if (const Tag* sole = t.SoleTag()) {
        FUZZ_CHECK(t.tags().size() == 1 && t.tags()[0] == sole);
      }
      // A template without tags fills to its own text.
      if (t.tags().empty()) FUZZ_CHECK(filled == text || t.empty());
    }
    if (!is_json) continue;
    JsonTemplate jt;
    if (!JsonTemplate::Parse(json, Catalog(kind), kMaxDepth, &jt).ok()) {
      continue;
    }
    std::string out;
    Status s = jt.Fill(values, &out);
    if (!s.ok()) {
      FUZZ_CHECK(s.IsInvalid());
      continue;
    }
    FUZZ_CHECK(IsValidUtf8(out));
    rapidjson::Document filled;
    filled.Parse<rapidjson::kParseIterativeFlag>(out.data(), out.size());
    FUZZ_CHECK(!filled.HasParseError());
    FUZZ_CHECK(filled.GetType() == json.GetType());
  }
  return 0;
}
