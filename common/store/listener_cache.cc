#include "common/store/listener_cache.h"

namespace earshot {

Status ListenerCache::Get(Connection* db, ListenerType type,
                          const std::string& key,
                          std::shared_ptr<const Listener>* listener) {
  // Keys are unique across types; the type is checked on load.
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second->type == type) {
    *listener = it->second;
    return Status::OK();
  }
  std::shared_ptr<const Listener> loaded;
  Status s = LoadListener(db, type, key, &loaded);
  if (!s.ok()) return s;
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[key] = loaded;
  *listener = std::move(loaded);
  return Status::OK();
}

}  // namespace earshot
