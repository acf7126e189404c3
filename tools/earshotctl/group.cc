// earshotctl group create | delete, field add | update | delete: external
// data groups and their fields. A group belongs to one target kind; each
// field has a label, a JSON Pointer into delivery bodies and a type. The checks
// and the changes are common/store/data_groups.h's, shared with the console.

#include <string>
#include <vector>

#include "common/base/checks.h"
#include "common/store/data_groups.h"
#include "common/store/lookup.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"
#include "tools/earshotctl/query.h"

namespace earshot::ctl {

namespace {

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
  int64_t id = 0;
  s = CreateDataGroup(db, name, target, &id);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", id, alloc);
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
  s = CheckFieldParam(*param);
  FieldType type;
  if (s.ok()) s = ParseFieldTypeText(*type_text, &type);
  Connection* db;
  if (s.ok()) s = ctx->Db(&db);
  int64_t id = 0;
  if (s.ok()) s = AddDataField(db, group_name, label, *param, *type_text, &id);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "id", id, alloc);
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

// A field's Parameter and type change; a flag left out keeps its value.
Status UpdateField(Context* ctx, const Args& args) {
  const std::string& group = args.positionals()[0];
  const std::string& label = args.positionals()[1];
  const std::string* param = args.Get("param");
  const std::string* type_text = args.Get("type");
  if (param == nullptr && type_text == nullptr) {
    return Status::Invalid("field update needs --param, --type or both");
  }
  Connection* db;
  Status s = ctx->Db(&db);
  GroupRef ref;
  if (s.ok()) s = FindGroup(db, group, &ref);
  QueryResult r;
  if (s.ok()) {
    s = QueryOne(db,
                 "SELECT param, type FROM data_fields WHERE group_id = ? AND "
                 "label = ?",
                 {SqlParam::Int(ref.id), SqlParam::Text(label)},
                 "data group '" + group + "' has no field '" + label + "'", &r);
  }
  if (!s.ok()) return s;
  const std::string new_param = param != nullptr ? *param : r.rows[0].Text(0);
  const std::string new_type =
      type_text != nullptr ? *type_text : r.rows[0].Text(1);
  bool changed = false;
  s = UpdateDataField(db, group, label, new_param, new_type, &changed);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "group", group, alloc);
    Put(&doc, "label", label, alloc);
    Put(&doc, "param", new_param, alloc);
    Put(&doc, "type", new_type, alloc);
    Put(&doc, "changed", changed, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print(
        "field " + group + "." + label +
        (changed ? " updated (" + new_type + ", from " + new_param + ")\n"
                 : " unchanged\n"));
  }
  return Status::OK();
}

Status DeleteField(Context* ctx, const Args& args) {
  const std::string& group = args.positionals()[0];
  const std::string& label = args.positionals()[1];
  Connection* db;
  Status s = ctx->Db(&db);
  if (s.ok()) s = DeleteDataField(db, group, label);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    Put(&doc, "deleted", group + "." + label, doc.GetAllocator());
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("field " + group + "." + label + " deleted\n");
  }
  return Status::OK();
}

Status DeleteGroup(Context* ctx, const Args& args) {
  const std::string& group = args.positionals()[0];
  Connection* db;
  Status s = ctx->Db(&db);
  if (s.ok()) s = DeleteDataGroup(db, group);
  if (!s.ok()) return s;
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    Put(&doc, "deleted", group, doc.GetAllocator());
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("data group '" + group + "' deleted\n");
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
  commands->push_back(
      {"field update", "GROUP LABEL [--param /pointer] [--type TYPE]",
       "change a field's Parameter or type (a type only while it holds no "
       "value and nothing uses it)",
       "param type", 2, 2, UpdateField});
  commands->push_back({"field delete", "GROUP LABEL",
                       "delete a field that holds no value and nothing uses",
                       "", 2, 2, DeleteField});
  commands->push_back({"group delete", "NAME",
                       "delete a data group nothing uses, with its empty "
                       "fields",
                       "", 1, 1, DeleteGroup});
}

}  // namespace earshot::ctl
