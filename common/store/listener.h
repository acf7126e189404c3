// Listener: everything one listener's deliveries need, loaded from the
// database in one go and then only read: its API key, identify, compiled
// filter, signature settings and its type's settings (a data group's
// fields, a comment's pointers, a macro).
//
// Config versions: every change an operator makes to listeners, API keys,
// data groups or macros bumps config_state.version in the same
// transaction. A Listener remembers the version it was loaded at; the
// delivery log refuses to record an event against an older version (see
// event_log.h), so a handler never commits on stale settings.
//
// Thread-safety: a loaded Listener is immutable and may be shared.

#ifndef EARSHOT_COMMON_STORE_LISTENER_H_
#define EARSHOT_COMMON_STORE_LISTENER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/cidr.h"
#include "common/auth/signature.h"
#include "common/base/domain.h"
#include "common/base/json_pointer.h"
#include "common/base/status.h"
#include "common/filter/filter.h"
#include "common/macro/macro.h"
#include "common/store/db.h"
#include "common/store/identify.h"

namespace earshot {

struct DataField {
  int64_t id = 0;
  std::string label;
  std::string param;    // JSON Pointer into the body
  JsonPointer pointer;  // `param`, parsed when the listener is loaded
  FieldType type = FieldType::kString;
};

struct Listener {
  int64_t id = 0;
  int64_t config_version = 0;
  std::string key;
  ListenerType type = ListenerType::kData;
  TargetKind target = TargetKind::kUsers;
  int64_t scope_project_id = 0;  // 0: community scope
  bool enabled = true;
  std::string name, description;

  // The one API key allowed to call this listener.
  int64_t api_key_id = 0;
  std::string api_key_name;
  std::string api_key_hash;  // SHA-256, raw bytes
  bool api_key_revoked = false;
  IpAllowList allowed_ips;
  // Emailed when the key is used from an address it was not used from
  // before (see key_notify.h); "" for none.
  std::string api_key_notify_email;
  // How long before the load the key's last_used_at was written, -1 for
  // never; with loaded_us (SteadyMicros() at the load), it spares a new
  // process writing it again within the minute.
  int64_t api_key_used_age_us = -1;
  int64_t loaded_us = 0;

  IdentifySpec identify;
  CompiledFilter filter;  // filter.normalized is the stored text
  SignatureSettings signature;

  // data: the group written to.
  int64_t group_id = 0;
  std::string group_name;
  std::vector<DataField> fields;
  // Pointer i is fields[i].param: every field read in one walk of a body.
  JsonPointerSet field_pointers;

  // comment
  std::string author_field;   // JSON Pointer, or empty with author_email
  std::string author_email;   // fixed author, for senders without emails
  std::string comment_field;  // JSON Pointer
  int popularity_weight = 1;

  // macro
  int64_t macro_id = 0;
  std::string macro_name;
  std::string macro_json;              // the stored actions document
  std::shared_ptr<const Macro> macro;  // macro_json, parsed when loaded

  bool project_scoped() const { return scope_project_id != 0; }
};

// Signing secrets are stored one per line: a secret may hold blanks
// (GitHub's documented example does), never a line break.
std::vector<std::string> SplitSecrets(const std::string& stored);
std::string JoinSecrets(const std::vector<std::string>& secrets);

// Loads the listener of `type` called `key`, compiling its filter and
// resolving its data fields. NotFound when there is none; Invalid when its
// stored settings no longer compile (message names the part). Ends the
// read with a rollback. REQUIRES: no transaction with writes is open on db.
Status LoadListener(Connection* db, ListenerType type, std::string_view key,
                    std::shared_ptr<const Listener>* listener);

// Same, by id, whatever the type: for replays and for earshotctl, which
// loads a listener it just wrote to check it. Does not end the transaction.
Status LoadListenerById(Connection* db, int64_t id,
                        std::shared_ptr<const Listener>* listener);

// The external data field GROUP.LABEL of a group whose target is `kind`.
// NotFound names it when there is none.
Status FindDataField(Connection* db, TargetKind kind, std::string_view group,
                     std::string_view label, DataFieldRef* field);

// Compiles `text` for listeners on `kind` (with project scope or not),
// resolving data fields in `db`.
Status CompileListenerFilter(Connection* db, TargetKind kind,
                             bool project_scope, std::string_view text,
                             CompiledFilter* filter);

// The current config version, and the bump every config change makes.
Status ReadConfigVersion(Connection* db, int64_t* version);
Status BumpConfigVersion(Connection* db);

}  // namespace earshot

#endif  // EARSHOT_COMMON_STORE_LISTENER_H_
