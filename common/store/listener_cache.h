// ListenerCache: the listeners one handler process has loaded, so that a
// delivery costs no lookup queries. Entries are trusted until the config
// version moves (event_log.h notices when it commits); then Clear().
//
// Thread-safety: not thread-safe; one per process (or per thread).

#ifndef EARSHOT_COMMON_STORE_LISTENER_CACHE_H_
#define EARSHOT_COMMON_STORE_LISTENER_CACHE_H_

#include <memory>
#include <string>
#include <unordered_map>

#include "common/store/db.h"
#include "common/store/listener.h"

namespace earshot {

class ListenerCache {
 public:
  // The listener of `type` called `key`, from the cache or the database.
  // NotFound when there is none (not cached: creating it must take effect
  // at once).
  Status Get(Connection* db, ListenerType type, const std::string& key,
             std::shared_ptr<const Listener>* listener);
  void Clear() { entries_.clear(); }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::unordered_map<std::string, std::shared_ptr<const Listener>> entries_;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_LISTENER_CACHE_H_
