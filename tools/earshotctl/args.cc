#include "tools/earshotctl/args.h"

#include <algorithm>

namespace earshot::ctl {

namespace {

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

Status Args::Parse(const std::vector<std::string>& words,
                   const std::vector<std::string>& switches, Args* args) {
  Args result;
  bool options_ended = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (options_ended || word.size() < 2 || word[0] != '-') {
      result.positionals_.push_back(word);
      continue;
    }
    if (word == "--") {
      options_ended = true;
      continue;
    }
    if (word == "-h") {
      result.options_.emplace_back("help", "");
      continue;
    }
    if (word[1] != '-') {
      return Status::Invalid("unknown option " + word +
                             " (options are written --name)");
    }
    std::string name = word.substr(2);
    std::string value;
    bool has_value = false;
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      has_value = true;
    }
    if (name.empty()) return Status::Invalid("unknown option " + word);
    if (Contains(switches, name)) {
      if (has_value) return Status::Invalid("--" + name + " takes no value");
      result.options_.emplace_back(name, "");
      continue;
    }
    if (!has_value) {
      if (i + 1 == words.size()) {
        return Status::Invalid("--" + name + " needs a value");
      }
      value = words[++i];
    }
    result.options_.emplace_back(std::move(name), std::move(value));
  }
  *args = std::move(result);
  return Status::OK();
}

bool Args::Has(std::string_view name) const {
  for (const auto& option : options_) {
    if (option.first == name) return true;
  }
  return false;
}

const std::string* Args::Get(std::string_view name) const {
  const std::string* value = nullptr;
  for (const auto& option : options_) {
    if (option.first == name) value = &option.second;
  }
  return value;
}

std::vector<std::string> Args::GetAll(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& option : options_) {
    if (option.first == name) values.push_back(option.second);
  }
  return values;
}

Status Args::Check(std::string_view spec, std::string_view command) const {
  std::vector<std::string> single, repeatable;
  size_t pos = 0;
  while (pos < spec.size()) {
    size_t end = spec.find(' ', pos);
    if (end == std::string_view::npos) end = spec.size();
    std::string_view name = spec.substr(pos, end - pos);
    pos = end + 1;
    if (name.empty()) continue;
    if (name.back() == '*') {
      repeatable.emplace_back(name.substr(0, name.size() - 1));
    } else {
      single.emplace_back(name);
    }
  }
  std::vector<std::string> seen;
  for (const auto& [name, value] : options_) {
    if (Contains(repeatable, name)) continue;
    if (!Contains(single, name)) {
      return Status::Invalid("unknown option --" + name + " for '" +
                             std::string(command) + "' (see earshotctl help)");
    }
    if (Contains(seen, name)) {
      return Status::Invalid("--" + name + " given more than once");
    }
    seen.push_back(name);
  }
  return Status::OK();
}

Args Args::DropPositionals(size_t n) const {
  Args result = *this;
  n = std::min(n, result.positionals_.size());
  result.positionals_.erase(result.positionals_.begin(),
                            result.positionals_.begin() + n);
  return result;
}

}  // namespace earshot::ctl
