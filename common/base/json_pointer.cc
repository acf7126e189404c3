#include "common/base/json_pointer.h"

#include <algorithm>
#include <functional>
#include <tuple>
#include <unordered_map>

namespace earshot {

namespace {

using HeapPointer =
    rapidjson::GenericPointer<rapidjson::Value, rapidjson::CrtAllocator>;

// One token of a JsonPointerSet's pointers: a trie over their tokens.
struct Node {
  std::string name;           // the token leading here, unescaped
  rapidjson::SizeType index;  // its array index, or kPointerInvalidIndex
  std::vector<int> pointers;  // the pointers that end here
  std::vector<int> children;  // nodes one token further, shortest first
  // Children with names of length L: children[by_length[L]] up to
  // children[by_length[L + 1]] (L up to the longest name).
  std::vector<uint32_t> by_length;
};

}  // namespace

struct JsonPointerSet::Impl {
  size_t size = 0;
  std::vector<Node> nodes;  // nodes[0]: the root
};

namespace {

void Walk(const std::vector<Node>& nodes, const Node& node,
          const rapidjson::Value& value,
          std::vector<const rapidjson::Value*>* values) {
  for (int p : node.pointers) (*values)[p] = &value;
  if (node.children.empty()) return;
  if (value.IsArray()) {
    for (int c : node.children) {
      const Node& child = nodes[c];
      if (child.index != rapidjson::kPointerInvalidIndex &&
          child.index < value.Size()) {
        Walk(nodes, child, value[child.index], values);
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
    if (m != value.MemberEnd()) Walk(nodes, child, m->value, values);
    return;
  }
  // One pass over the members, each name compared with the children's
  // names of its length; a child takes the first member of its name.
  size_t left = node.children.size();
  std::vector<char> found(left, 0);
  const size_t longest = node.by_length.size() - 2;
  for (auto m = value.MemberBegin(); m != value.MemberEnd() && left > 0; ++m) {
    const size_t length = m->name.GetStringLength();
    if (length > longest) continue;
    const std::string_view name(m->name.GetString(), length);
    for (uint32_t i = node.by_length[length]; i < node.by_length[length + 1];
         ++i) {
      const Node& child = nodes[node.children[i]];
      if (found[i] || child.name != name) continue;
      found[i] = 1;
      --left;
      Walk(nodes, child, m->value, values);
      break;
    }
  }
}

}  // namespace

bool IsJsonPointer(std::string_view text) {
  if (text.empty() || text[0] != '/') return false;
  HeapPointer pointer(text.data(), text.size());
  return pointer.IsValid();
}

namespace {

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>()(s);
  }
};

}  // namespace

const rapidjson::Value* ResolvePointer(const rapidjson::Value& root,
                                       std::string_view pointer) {
  // Parsed once per thread and text: a handler resolves the same few
  // pointers (its listeners' settings, read from its configuration, never
  // from a body) on every delivery; parsing cost ~1,300 instructions each.
  constexpr size_t kMaxParsed = 256;
  thread_local std::unordered_map<std::string, HeapPointer, TextHash,
                                  std::equal_to<>>
      parsed;
  auto it = parsed.find(pointer);
  if (it == parsed.end()) {
    if (parsed.size() >= kMaxParsed) parsed.clear();
    it = parsed
             .emplace(std::piecewise_construct, std::forward_as_tuple(pointer),
                      std::forward_as_tuple(pointer.data(), pointer.size()))
             .first;
  }
  if (!it->second.IsValid()) return nullptr;
  return it->second.Get(root);
}

JsonPointer::JsonPointer(std::string_view text) {
  auto compiled = std::make_shared<Compiled>(text.data(), text.size());
  if (compiled->IsValid()) compiled_ = std::move(compiled);
}

JsonPointerSet::JsonPointerSet(const std::vector<std::string>& texts) {
  auto impl = std::make_shared<Impl>();
  impl->size = texts.size();
  impl->nodes.push_back(Node{"", rapidjson::kPointerInvalidIndex, {}, {}, {}});
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
        impl->nodes.push_back(Node{std::move(name), token.index, {}, {}, {}});
        impl->nodes[at].children.push_back(next);
      }
      at = next;
    }
    impl->nodes[at].pointers.push_back(static_cast<int>(i));
  }
  std::vector<Node>& nodes = impl->nodes;
  for (Node& node : nodes) {
    std::stable_sort(node.children.begin(), node.children.end(),
                     [&nodes](int a, int b) {
                       return nodes[a].name.size() < nodes[b].name.size();
                     });
    size_t longest =
        node.children.empty() ? 0 : nodes[node.children.back()].name.size();
    node.by_length.assign(longest + 2, 0);
    for (size_t length = 0, c = 0; length <= longest + 1; ++length) {
      while (c < node.children.size() &&
             nodes[node.children[c]].name.size() < length) {
        ++c;
      }
      node.by_length[length] = static_cast<uint32_t>(c);
    }
  }
  impl_ = std::move(impl);
}

void JsonPointerSet::Resolve(
    const rapidjson::Value& root,
    std::vector<const rapidjson::Value*>* values) const {
  values->assign(size(), nullptr);
  if (impl_) Walk(impl_->nodes, impl_->nodes[0], root, values);
}

size_t JsonPointerSet::size() const { return impl_ ? impl_->size : 0; }

}  // namespace earshot
