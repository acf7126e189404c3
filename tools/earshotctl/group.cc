// earshotctl group create, field add: external data groups and their
// fields. A group belongs to one target kind; each field has a label, a
// JSON Pointer into delivery bodies and a type.

#include <string>
#include <vector>

#include "common/base/json_pointer.h"
#include "common/base/names.h"
#include "common/store/identify.h"
#include "common/store/listener.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/query.h"

namespace earshot::ctl {

namespace {

constexpr size_t kMaxParamBytes = 1024;

Status CheckDataName(const std::string& name, const char* what) {
  if (IsValidDataName(name)) return Status::OK();
  return Status::Invalid(std::string("invalid ") + what + " '" + name +
                         "': expected a letter, then up to 63 letters, "
                         "digits or _");
}

Status CreateGroup(Context* ctx, const Args& args) {
  const std::string& name = args.positionals()[0];
  Status s = CheckDataName(name, "group name");
  if (!s.ok()) return s;
  const std::string* target_text = args.Get("target");
  if (target_text == nullptr) {
    return Status::Invalid(
        "group create needs --target users|feedback|"
        "projects");
  }
  TargetKind target;
  s = ParseTargetArg(*target_text, "users|feedback|projects", &target);
  if (!s.ok()) return s;
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  GroupRef existing;
  s = FindGroup(db, name, &existing);
  if (s.ok()) {
    return Status::Duplicate("a data group named '" + name +
                             "' already exists (for " +
                             TargetKindName(existing.target) + ")");
  }
  if (!s.IsNotFound()) return s;
  QueryResult r;
  s = RunConfigChange(
      db, "INSERT INTO data_groups (name, target) VALUES (?, ?)",
      {SqlParam::Text(name), SqlParam::Text(TargetKindName(target))},
      "a data group named '" + name + "' already exists", &r);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", static_cast<int64_t>(r.insert_id), alloc);
    Put(&doc, "name", name, alloc);
    Put(&doc, "target", TargetKindName(target), alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("data group '" + name + "' created for " +
                      TargetKindName(target) + "\n");
  }
  return Status::OK();
}

Status AddField(Context* ctx, const Args& args) {
  const std::string& group_name = args.positionals()[0];
  const std::string& label = args.positionals()[1];
  Status s = CheckDataName(label, "field label");
  if (!s.ok()) return s;
  const std::string* param = args.Get("param");
  const std::string* type_text = args.Get("type");
  if (param == nullptr) return Status::Invalid("field add needs --param");
  if (type_text == nullptr) return Status::Invalid("field add needs --type");
  if (!IsJsonPointer(*param) || param->size() > kMaxParamBytes) {
    return Status::Invalid("invalid --param '" + *param +
                           "': expected a JSON Pointer such as /issue/key");
  }
  FieldType type;
  if (!ParseFieldType(*type_text, &type)) {
    return Status::Invalid("invalid --type '" + *type_text +
                           "': expected boolean, datetime, integer or string");
  }
  Connection* db;
  s = ctx->Db(&db);
  if (!s.ok()) return s;
  GroupRef group;
  s = FindGroup(db, group_name, &group);
  if (!s.ok()) return s;
  QueryResult r;
  s = db->Run("SELECT 1 FROM data_fields WHERE group_id = ? AND label = ?",
              {SqlParam::Int(group.id), SqlParam::Text(label)}, &r);
  if (!s.ok()) return s;
  if (!r.rows.empty()) {
    return Status::Duplicate("data group '" + group_name +
                             "' already has a field '" + label + "'");
  }
  s = RunConfigChange(
      db,
      "INSERT INTO data_fields (group_id, label, param, type) "
      "VALUES (?, ?, ?, ?)",
      {SqlParam::Int(group.id), SqlParam::Text(label), SqlParam::Text(*param),
       SqlParam::Text(FieldTypeName(type))},
      "data group '" + group_name + "' already has a field '" + label + "'",
      &r);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", static_cast<int64_t>(r.insert_id), alloc);
    Put(&doc, "group", group_name, alloc);
    Put(&doc, "label", label, alloc);
    Put(&doc, "param", *param, alloc);
    Put(&doc, "type", FieldTypeName(type), alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("field " + group_name + "." + label + " (" +
                      FieldTypeName(type) + ", from " + *param + ") added\n");
  }
  return Status::OK();
}

}  // namespace

void AddGroupCommands(std::vector<Command>* commands) {
  commands->push_back({"group create", "NAME --target users|feedback|projects",
                       "create an external data group", "target", 1, 1,
                       CreateGroup});
  commands->push_back(
      {"field add",
       "GROUP LABEL --param /pointer --type boolean|datetime|integer|string",
       "add a field to a data group", "param type", 2, 2, AddField});
}

}  // namespace earshot::ctl
