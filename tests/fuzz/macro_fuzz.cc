// Fuzzes macro documents (ParseMacro) for each target kind. The input is
// the document. A macro that parses has 1 to kMaxMacroActions actions
// whose templates fill without harm, and whose JSON bodies fill to valid
// JSON in valid UTF-8.

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/utf8.h"
#include "common/macro/macro.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_tags.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace earshot;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  for (TargetKind kind :
       {TargetKind::kUsers, TargetKind::kFeedback, TargetKind::kProjects}) {
    Macro macro;
    Status s = ParseMacro(json, kind, FuzzDataFields(), &macro);
    if (!s.ok()) {
      FUZZ_CHECK(s.IsInvalid());
      continue;
    }
    FUZZ_CHECK(kind != TargetKind::kProjects);
    FUZZ_CHECK(!macro.actions.empty());
    FUZZ_CHECK(macro.actions.size() <= static_cast<size_t>(kMaxMacroActions));
    FUZZ_CHECK(macro.target == kind);
    const TagValues values = Values(kind);
    bool webhooks = false;
    for (const MacroAction& a : macro.actions) {
      a.value.FillText(values);
      a.subject.FillText(values);
      a.text.FillText(values);
      a.author.FillText(values);
      for (const auto& [name, value] : a.headers) value.FillText(values);
      if (a.type == MacroActionType::kEmail && a.to == EmailTo::kAddress) {
        FUZZ_CHECK(IsPlausibleEmail(a.address));
      }
      if (a.type != MacroActionType::kWebhook) continue;
      webhooks = true;
      FUZZ_CHECK(IsWebhookUrl(a.url));
      if (a.json_body.empty()) continue;
      std::string out;
      if (!a.json_body.Fill(values, &out).ok()) continue;
      FUZZ_CHECK(IsValidUtf8(out));
      rapidjson::Document filled;
      filled.Parse<rapidjson::kParseIterativeFlag>(out.data(), out.size());
      FUZZ_CHECK(!filled.HasParseError());
    }
    FUZZ_CHECK(macro.has_webhooks == webhooks);
  }
  return 0;
}
