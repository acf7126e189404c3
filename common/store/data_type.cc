// The data listener: stores typed values from the body in the fields of
// one external data group, on every target.

#include "common/base/checks.h"
#include "common/store/listener.h"
#include "common/store/listener_settings.h"
#include "common/store/listener_type.h"
#include "common/store/lookup.h"

namespace earshot {

namespace {

Status Validate(Connection* db, SettingNaming naming, ListenerSettings* l) {
  if (l->group_name.empty()) {
    return Status::Invalid(
        "data listeners need " +
        SettingNeeded(ListenerType::kData, "group", "GROUP", naming));
  }
  GroupRef group;
  Status s = FindGroup(db, l->group_name, &group);
  if (!s.ok()) return s;
  if (group.target != l->target) {
    return Status::Invalid("data group " + Quote(l->group_name) + " is for " +
                           TargetKindName(group.target) + ", not " +
                           TargetKindName(l->target));
  }
  l->group_id = group.id;
  return Status::OK();
}

// The group's fields, each with the JSON Pointer it reads.
Status Load(Connection* db, Listener* l) {
  QueryResult fields;
  Status s = db->Run(
      "SELECT id, label, param, type FROM data_fields WHERE group_id = ? "
      "ORDER BY id",
      {SqlParam::Int(l->group_id)}, &fields);
  if (!s.ok()) return s;
  for (const Row& f : fields.rows) {
    DataField field;
    field.id = f.Int(0);
    field.label = f.Text(1);
    field.param = f.Text(2);
    field.pointer = JsonPointer(field.param);
    if (!ParseFieldType(f.Text(3), &field.type)) {
      return Status::Invalid("unknown field type");
    }
    l->fields.push_back(std::move(field));
  }
  std::vector<std::string> params;
  for (const DataField& f : l->fields) params.push_back(f.param);
  l->field_pointers = JsonPointerSet(params);
  return Status::OK();
}

}  // namespace

const ListenerTypeSpec kDataType = {
    ListenerType::kData,
    "Store external data",
    "Stores values from the body, typed, in an external data group's fields "
    "on every target.",
    {TargetKind::kUsers, TargetKind::kFeedback, TargetKind::kProjects},
    {
        {"group", "Data group",
         "The external data group written to; each field names the JSON "
         "Pointer it reads.",
         SettingInput::kName, nullptr,
         [](const ListenerSettings& l) { return l.group_name; },
         [](const std::vector<std::string>& v, const std::string&,
            ListenerSettings* l) {
           l->group_name = v.back();
           return Status::OK();
         },
         nullptr},
    },
    {},
    Validate,
    Load,
};

}  // namespace earshot
