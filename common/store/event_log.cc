#include "common/store/event_log.h"

#include "common/auth/crypto.h"
#include "common/base/datetime.h"
#include "common/store/event_subjects.h"

namespace earshot {

namespace {

#define EARSHOT_EVENT_COLUMNS                                               \
  "INSERT INTO events (listener_id, received_at, http_status, error_code, " \
  "error_message, delivery_id, dedup_key, duplicate_of, replay_of, "        \
  "client_addr, duration_us, outcomes, headers, body, body_size, "          \
  "key_passed, signature_passed, forced_by) "
constexpr char kInsertValues[] = EARSHOT_EVENT_COLUMNS
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kInsertChecking[] = EARSHOT_EVENT_COLUMNS
    "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
    "FROM config_state WHERE id = 1 AND version = ?";
#undef EARSHOT_EVENT_COLUMNS

SqlParam TextOrNull(const std::string& s) {
  return s.empty() ? SqlParam::Null() : SqlParam::Text(s);
}
SqlParam IdOrNull(int64_t id) {
  return id == 0 ? SqlParam::Null() : SqlParam::Int(id);
}

Status Insert(Connection* db, const EventRecord& e, int64_t config_version,
              ConfigCheck check, QueryResult* r) {
  // Moved in one by one: an initializer list would copy every value again
  // (the body, up to its logged size, and the headers).
  std::vector<SqlParam> params;
  params.reserve(19);
  params.push_back(SqlParam::Int(e.listener_id));
  params.push_back(SqlParam::Text(SqlDatetime(e.received_micros)));
  params.push_back(SqlParam::Int(e.http_status));
  params.push_back(TextOrNull(e.error_code));
  params.push_back(TextOrNull(e.error_message.substr(0, 1024)));
  params.push_back(TextOrNull(e.delivery_id.substr(0, 255)));
  params.push_back(e.claim_delivery && !e.delivery_id.empty()
                       ? SqlParam::Blob(DeliveryKey(e.delivery_id))
                       : SqlParam::Null());
  params.push_back(IdOrNull(e.duplicate_of));
  params.push_back(IdOrNull(e.replay_of));
  params.push_back(SqlParam::Text(e.client_addr.substr(0, 64)));
  params.push_back(SqlParam::Int(e.duration_us));
  params.push_back(TextOrNull(e.outcomes_json));
  params.push_back(TextOrNull(e.headers_json));
  params.push_back(e.body.empty() && e.body_size > 0 ? SqlParam::Null()
                                                     : SqlParam::Blob(e.body));
  params.push_back(SqlParam::Int(static_cast<int64_t>(e.body_size)));
  params.push_back(SqlParam::Int(e.key_passed ? 1 : 0));
  params.push_back(SqlParam::Int(e.signature_passed ? 1 : 0));
  params.push_back(TextOrNull(e.forced_by.substr(0, 255)));
  // A plain VALUES row when the transaction checked the version already:
  // the INSERT ... SELECT form cost MariaDB ~100 us more per event.
  if (check == ConfigCheck::kChecked) return db->Run(kInsertValues, params, r);
  params.push_back(SqlParam::Int(config_version));
  return db->Run(kInsertChecking, params, r);
}

}  // namespace

std::string DeliveryKey(const std::string& delivery_id) {
  return Sha256(delivery_id);
}

Status RecordEvent(Connection* db, const EventRecord& e, int64_t config_version,
                   ConfigCheck check, int retention_days, int64_t* event_id,
                   bool* config_changed) {
  *config_changed = false;
  QueryResult r;
  Status s = Insert(db, e, config_version, check, &r);
  if (s.IsDuplicate()) {
    // Release a claim older than the retention, then try once more.
    QueryResult released;
    Status u = db->Run(
        "UPDATE events SET dedup_key = NULL WHERE listener_id = ? AND "
        "dedup_key = ? AND received_at < NOW(6) - INTERVAL ? DAY",
        {SqlParam::Int(e.listener_id),
         SqlParam::Blob(DeliveryKey(e.delivery_id)),
         SqlParam::Int(retention_days)},
        &released);
    if (!u.ok()) return u;
    if (released.affected_rows == 0) return s;
    s = Insert(db, e, config_version, check, &r);
  }
  if (!s.ok()) return s;
  if (r.affected_rows == 0) {
    *config_changed = true;
    return Status::OK();
  }
  *event_id = static_cast<int64_t>(r.insert_id);
  if (e.link_outbox) {
    s = db->Run(
        "UPDATE outbox SET event_id = ?, queued_by = NULL "
        "WHERE queued_by = CONNECTION_ID()",
        {SqlParam::Int(*event_id)}, nullptr);
    if (!s.ok()) return s;
  }
  std::vector<std::string> subjects =
      SubjectKeys(e.subject_users, e.subject_emails);
  if (subjects.empty()) return Status::OK();
  return RecordSubjects(db, *event_id, subjects);
}

Status FindClaimingEvent(Connection* db, int64_t listener_id,
                         const std::string& delivery_id, int64_t* event_id,
                         std::string* outcomes_json) {
  QueryResult r;
  Status s = db->Run(
      "SELECT id, outcomes FROM events WHERE listener_id = ? AND "
      "dedup_key = ?",
      {SqlParam::Int(listener_id), SqlParam::Blob(DeliveryKey(delivery_id))},
      &r);
  if (!s.ok()) return s;
  if (r.rows.empty()) return Status::NotFound("no event claimed it");
  *event_id = r.rows[0].Int(0);
  *outcomes_json = r.rows[0].Text(1);
  return Status::OK();
}

}  // namespace earshot
