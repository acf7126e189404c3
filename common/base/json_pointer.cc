#include "common/base/json_pointer.h"

namespace earshot {

namespace {

using HeapPointer =
    rapidjson::GenericPointer<rapidjson::Value, rapidjson::CrtAllocator>;

}  // namespace

bool IsJsonPointer(std::string_view text) {
  if (text.empty() || text[0] != '/') return false;
  HeapPointer pointer(text.data(), text.size());
  return pointer.IsValid();
}

const rapidjson::Value* ResolvePointer(const rapidjson::Value& root,
                                       std::string_view pointer) {
  HeapPointer p(pointer.data(), pointer.size());
  if (!p.IsValid()) return nullptr;
  return p.Get(root);
}

JsonPointer::JsonPointer(std::string_view text) {
  auto compiled = std::make_shared<Compiled>(text.data(), text.size());
  if (compiled->IsValid()) compiled_ = std::move(compiled);
}

JsonPointerSet::JsonPointerSet(const std::vector<std::string>& texts) {
  auto impl = std::make_shared<Impl>();
  impl->size = texts.size();
  impl->nodes.push_back(Node{"", rapidjson::kPointerInvalidIndex, {}, {}});
  for (size_t i = 0; i < texts.size(); ++i) {
    HeapPointer pointer(texts[i].data(), texts[i].size());
    if (!pointer.IsValid()) continue;  // resolves to null
    int at = 0;
    for (size_t t = 0; t < pointer.GetTokenCount(); ++t) {
      const HeapPointer::Token& token = pointer.GetTokens()[t];
      std::string name(token.name, token.length);
      int next = -1;
      for (int child : impl->nodes[at].children) {
        if (impl->nodes[child].name == name) next = child;
      }
      if (next < 0) {
        next = static_cast<int>(impl->nodes.size());
        impl->nodes.push_back(Node{std::move(name), token.index, {}, {}});
        impl->nodes[at].children.push_back(next);
      }
      at = next;
    }
    impl->nodes[at].pointers.push_back(static_cast<int>(i));
  }
  impl_ = std::move(impl);
}

void JsonPointerSet::Resolve(
    const rapidjson::Value& root,
    std::vector<const rapidjson::Value*>* values) const {
  values->assign(size(), nullptr);
  if (impl_) Walk(impl_->nodes[0], root, values);
}

void JsonPointerSet::Walk(const Node& node, const rapidjson::Value& value,
                          std::vector<const rapidjson::Value*>* values) const {
  for (int p : node.pointers) (*values)[p] = &value;
  if (node.children.empty()) return;
  const std::vector<Node>& nodes = impl_->nodes;
  if (value.IsArray()) {
    for (int c : node.children) {
      const Node& child = nodes[c];
      if (child.index != rapidjson::kPointerInvalidIndex &&
          child.index < value.Size()) {
        Walk(child, value[child.index], values);
      }
    }
    return;
  }
  if (!value.IsObject()) return;
  if (node.children.size() == 1) {
    const Node& child = nodes[node.children[0]];
    auto m = value.FindMember(rapidjson::Value(rapidjson::StringRef(
        child.name.data(),
        static_cast<rapidjson::SizeType>(child.name.size()))));
    if (m != value.MemberEnd()) Walk(child, m->value, values);
    return;
  }
  // One pass over the members, each name compared with the children's
  // names of its length; a child takes the first member of its name.
  size_t left = node.children.size();
  std::vector<bool> found(left, false);
  for (auto m = value.MemberBegin(); m != value.MemberEnd() && left > 0; ++m) {
    const std::string_view name(m->name.GetString(), m->name.GetStringLength());
    for (size_t i = 0; i < node.children.size(); ++i) {
      const Node& child = nodes[node.children[i]];
      if (found[i] || child.name.size() != name.size() || child.name != name) {
        continue;
      }
      found[i] = true;
      --left;
      Walk(child, m->value, values);
      break;
    }
  }
}

}  // namespace earshot
