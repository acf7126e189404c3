#include "tools/earshotctl/outcomes.h"

#include <map>

namespace earshot::ctl {

namespace {

constexpr const char* kOutcomeOrder[] = {"applied", "filtered", "not_found"};

}  // namespace

rapidjson::Value OutcomeCounts(const rapidjson::Value& outcomes,
                               JsonAlloc& alloc) {
  std::map<std::string, int64_t> counts;
  if (outcomes.IsArray()) {
    for (const rapidjson::Value& item : outcomes.GetArray()) {
      if (!item.IsObject()) continue;
      auto it = item.FindMember("outcome");
      if (it == item.MemberEnd() || !it->value.IsString()) continue;
      ++counts[it->value.GetString()];
    }
  }
  rapidjson::Value result(rapidjson::kObjectType);
  for (const char* name : kOutcomeOrder) {
    auto it = counts.find(name);
    if (it == counts.end()) continue;
    Put(&result, name, it->second, alloc);
    counts.erase(it);
  }
  for (const auto& [name, count] : counts) Put(&result, name, count, alloc);
  return result;
}

std::string OutcomeSummary(const rapidjson::Value& counts) {
  std::string out;
  if (counts.IsObject()) {
    for (const auto& m : counts.GetObject()) {
      if (!m.value.IsInt64()) continue;
      std::string name = m.name.GetString();
      if (name == "not_found") name = "not found";
      out += (out.empty() ? "" : ", ") + std::to_string(m.value.GetInt64()) +
             " " + name;
    }
  }
  return out.empty() ? "-" : out;
}

}  // namespace earshot::ctl
