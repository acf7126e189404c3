// The macro listener: runs a stored macro (a document of actions: set a
// status, change data, add a comment, send an email or a webhook) on every
// target.

#include "common/base/checks.h"
#include "common/store/listener.h"
#include "common/store/listener_settings.h"
#include "common/store/listener_type.h"
#include "common/store/lookup.h"

namespace earshot {

namespace {

Status Validate(Connection* db, SettingNaming naming, ListenerSettings* l) {
  if (l->macro_name.empty()) {
    return Status::Invalid(
        "macro listeners need " +
        SettingNeeded(ListenerType::kMacro, "macro", "NAME", naming));
  }
  MacroRef macro;
  Status s = FindMacro(db, l->macro_name, &macro);
  if (!s.ok()) return s;
  if (macro.target != l->target) {
    return Status::Invalid("macro " + Quote(l->macro_name) + " is for " +
                           TargetKindName(macro.target) + ", not " +
                           TargetKindName(l->target));
  }
  l->macro_id = macro.id;
  return Status::OK();
}

// The stored document, parsed once per load with its data fields resolved.
Status Load(Connection* db, Listener* l) {
  auto macro = std::make_shared<Macro>();
  const TargetKind kind = l->target;
  Status lookup_error;
  Status s = ParseMacro(
      l->macro_json, kind,
      [&](std::string_view group, std::string_view label, DataFieldRef* out) {
        Status found = FindDataField(db, kind, group, label, out);
        if (!found.ok() && !found.IsNotFound()) lookup_error = found;
        return found.ok();
      },
      macro.get());
  // A database failure is not the macro's fault: report it as it is.
  if (!lookup_error.ok()) return lookup_error;
  if (!s.ok()) {
    return Status::Invalid("macro " + l->macro_name + ": " + s.message());
  }
  macro->name = l->macro_name;
  l->macro = std::move(macro);
  return Status::OK();
}

}  // namespace

const ListenerTypeSpec kMacroType = {
    ListenerType::kMacro,
    "Run a macro",
    "Runs a macro's actions (status, data, comment, email, webhook) on every "
    "target.",
    {TargetKind::kUsers, TargetKind::kFeedback},
    {
        {"macro", "Macro", "The macro run on every target.",
         SettingInput::kName, nullptr,
         [](const ListenerSettings& l) { return l.macro_name; },
         [](const std::vector<std::string>& v, const std::string&,
            ListenerSettings* l) {
           l->macro_name = v.back();
           return Status::OK();
         },
         nullptr},
    },
    {},
    Validate,
    Load,
};

}  // namespace earshot
