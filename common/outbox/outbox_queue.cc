#include "common/outbox/outbox_queue.h"

#include <algorithm>
#include <functional>
#include <map>

#include "common/auth/crypto.h"
#include "common/store/purge_batch.h"

namespace earshot {

namespace {

// Rows given their target_host per statement, and hosts looked at per
// claim: probed one by one up to kHostProbes pending hosts, grouped past.
constexpr int kFillBatch = 500;
constexpr int kHostProbes = 16;
constexpr int kMaxDueHosts = 1000;

// Statements are prepared once per SQL text: lists are padded (with a
// repeat of their last item, which changes nothing) to a power of two, so
// a worker prepares a handful of texts, not one per batch size.
size_t Padded(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

std::string Marks(size_t n, const char* each = "?") {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += ", ";
    out += each;
  }
  return out;
}

std::string Repeat(size_t n, const std::string& each) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += each;
  return out;
}

// Gives rows queued without one (by a writer that does not know the
// column) their target_host.
Status FillHosts(Connection* db) {
  QueryResult r;
  Status s = db->Run(
      "SELECT id, kind, recipient FROM outbox WHERE state = 'pending' AND "
      "target_host = '' ORDER BY id LIMIT ?",
      {SqlParam::Int(kFillBatch)}, &r);
  if (!s.ok() || r.rows.empty()) return s;
  const size_t n = Padded(r.rows.size());
  std::vector<SqlParam> params;
  params.reserve(3 * n);
  for (size_t i = 0; i < n; ++i) {
    const Row& row = r.rows[std::min(i, r.rows.size() - 1)];
    params.push_back(SqlParam::Int(row.Int(0)));
    params.push_back(SqlParam::Text(OutboxHostKey(
        row.Text(1) == "webhook" ? OutboxKind::kWebhook : OutboxKind::kEmail,
        row.Text(2))));
  }
  for (size_t i = 0; i < n; ++i) params.push_back(params[2 * i]);
  s = db->Run("UPDATE outbox SET target_host = CASE id " +
                  Repeat(n, "WHEN ? THEN ? ") +
                  "END WHERE target_host = '' AND id IN (" + Marks(n) + ")",
              params, nullptr);
  if (s.ok()) s = db->Commit();
  return s;
}

// The hosts with due messages, the one waiting longest first, found one
// index entry per host: each probe reads the next pending host's earliest
// message from ix_outbox_host_due, so a claim costs the same with 20 or
// 20,000 messages waiting. (One GROUP BY gives the same answer, but by a
// loose index scan only when MariaDB's estimates favour it; otherwise it
// read every pending row per claim: 4.7 ms at 20,000 due to one host, a
// worker at a third of its speed.) Past kHostProbes pending hosts, the
// GROUP BY, which then has many groups to skip between.
Status DueHosts(Connection* db, std::vector<std::string>* hosts) {
  hosts->clear();
  std::vector<std::pair<int64_t, std::string>> due;  // (-waited us, host)
  std::string after;
  int probes = 0;
  for (; probes < kHostProbes; ++probes) {
    QueryResult r;
    // MIN()s over an index prefix are single index lookups (MariaDB reads
    // them while optimizing); the host's subquery is not correlated, so it
    // is one too. The first probe takes the host '' (rows waiting for
    // FillHosts).
    const std::string next_host =
        std::string(
            "(SELECT MIN(target_host) FROM outbox WHERE state = "
            "'pending' AND target_host ") +
        (probes == 0 ? ">=" : ">") + " ?)";
    Status s = db->Run("SELECT " + next_host +
                           ", MIN(next_attempt_at) <= NOW(6), "
                           "TIMESTAMPDIFF(MICROSECOND, NOW(6), "
                           "MIN(next_attempt_at)) FROM outbox WHERE state = "
                           "'pending' AND target_host = " +
                           next_host,
                       {SqlParam::Text(after), SqlParam::Text(after)}, &r);
    if (!s.ok()) return s;
    if (r.rows.empty() || r.rows[0].IsNull(0)) break;
    after = r.rows[0].Text(0);
    if (r.rows[0].Int(1) != 0) due.emplace_back(r.rows[0].Int(2), after);
  }
  if (probes == kHostProbes) {
    QueryResult r;
    Status s = db->Run(
        "SELECT target_host, MIN(next_attempt_at) AS due FROM outbox WHERE "
        "state = 'pending' AND next_attempt_at <= NOW(6) GROUP BY state, "
        "target_host ORDER BY due LIMIT ?",
        {SqlParam::Int(kMaxDueHosts)}, &r);
    for (const Row& row : r.rows) hosts->push_back(row.Text(0));
    return s;
  }
  std::sort(due.begin(), due.end());  // the longest waiting first
  for (auto& [at, host] : due) hosts->push_back(std::move(host));
  return Status::OK();
}

void ReadMessage(const Row& row, ClaimedMessage* m) {
  m->id = row.Int(0);
  m->kind =
      row.Text(1) == "webhook" ? OutboxKind::kWebhook : OutboxKind::kEmail;
  m->recipient = row.Text(2);
  m->subject = row.Text(3);
  m->body = row.Text(4);
  m->headers_json = row.Text(5);
  m->secret = row.Text(6);
  m->message_id = row.Text(7);
  m->origin = row.Text(8);
  m->attempts = static_cast<int>(row.Int(9)) + 1;
  m->hops = static_cast<int>(row.Int(10));
  m->host = row.Text(11);
}

Status ClaimIn(Connection* db, int lease_s, const std::string& worker,
               const HostSlots& slots, std::vector<ClaimedMessage>* claimed) {
  std::vector<std::string> hosts;
  Status s = DueHosts(db, &hosts);
  if (s.ok() && std::find(hosts.begin(), hosts.end(), "") != hosts.end()) {
    s = FillHosts(db);
    if (s.ok()) s = DueHosts(db, &hosts);
  }
  if (!s.ok()) return s;
  for (const auto& [host, n] : slots.Plan(hosts)) {
    QueryResult r;
    s = db->Run(
        "SELECT id, kind, recipient, subject, body, headers, secret, "
        "message_id, origin, attempts, hops, target_host FROM outbox WHERE "
        "state = 'pending' AND target_host = ? AND next_attempt_at <= "
        "NOW(6) ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
        {SqlParam::Text(host), SqlParam::Int(n)}, &r);
    if (!s.ok()) return s;
    for (const Row& row : r.rows) {
      claimed->emplace_back();
      ReadMessage(row, &claimed->back());
    }
  }
  if (claimed->empty()) return Status::NotFound("nothing is due");
  std::string token;
  s = RandomBytes(16, &token);
  if (!s.ok()) return s;
  token = HexEncode(token);
  const size_t n = Padded(claimed->size());
  std::vector<SqlParam> params = {SqlParam::Text(token),
                                  SqlParam::Text(worker.substr(0, 128)),
                                  SqlParam::Int(lease_s)};
  for (size_t i = 0; i < n; ++i) {
    params.push_back(
        SqlParam::Int((*claimed)[std::min(i, claimed->size() - 1)].id));
  }
  s = db->Run(
      "UPDATE outbox SET attempts = attempts + 1, lease_token = ?, "
      "leased_by = ?, next_attempt_at = NOW(6) + INTERVAL ? SECOND "
      "WHERE id IN (" +
          Marks(n) + ")",
      params, nullptr);
  if (s.ok()) s = db->Commit();
  for (ClaimedMessage& m : *claimed) m.lease_token = token;
  return s;
}

}  // namespace

Status ClaimBatch(Connection* db, int lease_s, const std::string& worker,
                  const HostSlots& slots,
                  std::vector<ClaimedMessage>* claimed) {
  std::vector<ClaimedMessage> batch;
  Status s = ClaimIn(db, lease_s, worker, slots, &batch);
  if (!s.ok()) {
    if (!db->broken()) db->Rollback();
    return s;
  }
  *claimed = std::move(batch);
  return Status::OK();
}

Status SettleBatch(Connection* db, const std::vector<SendOutcome>& outcomes,
                   const std::string& worker, std::vector<Settled>* settled) {
  settled->assign(outcomes.size(), Settled::kLeaseLost);
  if (outcomes.empty()) return Status::OK();
  const size_t n = Padded(outcomes.size());
  auto at = [&](size_t i) -> const SendOutcome& {
    return outcomes[std::min(i, outcomes.size() - 1)];
  };
  std::vector<SqlParam> ids;
  for (size_t i = 0; i < n; ++i)
    ids.push_back(SqlParam::Int(at(i).message->id));
  QueryResult r;
  Status s = db->Run("SELECT id, lease_token FROM outbox WHERE id IN (" +
                         Marks(n) + ") AND state = 'pending' FOR UPDATE",
                     ids, &r);
  if (!s.ok()) {
    if (!db->broken()) db->Rollback();
    return s;
  }
  std::map<int64_t, std::string> tokens;
  for (const Row& row : r.rows) tokens[row.Int(0)] = row.Text(1);
  std::vector<size_t> sent, failed;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const SendOutcome& o = outcomes[i];
    auto it = tokens.find(o.message->id);
    if (it == tokens.end() || it->second != o.message->lease_token) continue;
    if (o.error.empty()) {
      (*settled)[i] = Settled::kSent;
      sent.push_back(i);
    } else {
      (*settled)[i] = o.message->attempts >= o.max_attempts ? Settled::kDead
                                                            : Settled::kRetry;
      failed.push_back(i);
    }
  }
  if (!sent.empty()) {
    const size_t m = Padded(sent.size());
    std::vector<SqlParam> params;
    for (size_t i = 0; i < m; ++i) {
      params.push_back(SqlParam::Int(
          outcomes[sent[std::min(i, sent.size() - 1)]].message->id));
    }
    s = db->Run(
        "UPDATE outbox SET state = 'sent', sent_at = NOW(6), last_error = "
        "NULL, lease_token = NULL WHERE id IN (" +
            Marks(m) + ")",
        params, nullptr);
  }
  if (s.ok() && !failed.empty()) {
    // A dead message's next_attempt_at is now: it has none.
    const size_t m = Padded(failed.size());
    std::vector<SqlParam> params;
    auto each = [&](const std::function<void(size_t)>& add) {
      for (size_t i = 0; i < m; ++i)
        add(failed[std::min(i, failed.size() - 1)]);
    };
    each([&](size_t i) {
      params.push_back(SqlParam::Int(outcomes[i].message->id));
      params.push_back(
          SqlParam::Text((*settled)[i] == Settled::kDead ? "dead" : "pending"));
    });
    each([&](size_t i) {
      params.push_back(SqlParam::Int(outcomes[i].message->id));
      params.push_back(SqlParam::Text(outcomes[i].error));
    });
    each([&](size_t i) {
      params.push_back(SqlParam::Int(outcomes[i].message->id));
      params.push_back(SqlParam::Int((*settled)[i] == Settled::kDead
                                         ? 0
                                         : outcomes[i].retry_delay_ms * 1000));
    });
    each([&](size_t i) {
      params.push_back(SqlParam::Int(outcomes[i].message->id));
    });
    s = db->Run("UPDATE outbox SET state = CASE id " +
                    Repeat(m, "WHEN ? THEN ? ") + "END, last_error = CASE id " +
                    Repeat(m, "WHEN ? THEN ? ") +
                    "END, next_attempt_at = CASE id " +
                    Repeat(m, "WHEN ? THEN NOW(6) + INTERVAL ? MICROSECOND ") +
                    "END, lease_token = NULL WHERE id IN (" + Marks(m) + ")",
                params, nullptr);
  }
  // Every attempt is kept, a lost lease's too: it did send. In chunks of
  // powers of two, for the same reason as Padded.
  for (size_t done = 0; s.ok() && done < outcomes.size();) {
    size_t chunk = 1;
    while (chunk * 2 <= outcomes.size() - done) chunk *= 2;
    std::vector<SqlParam> params;
    for (size_t i = done; i < done + chunk; ++i) {
      const SendOutcome& o = outcomes[i];
      params.push_back(SqlParam::Int(o.message->id));
      params.push_back(SqlParam::Int(o.duration_ms));
      params.push_back(SqlParam::Text(worker.substr(0, 128)));
      params.push_back(o.error.empty() ? SqlParam::Null()
                                       : SqlParam::Text(o.error));
    }
    s = db->Run(
        "INSERT INTO outbox_attempts (outbox_id, duration_ms, worker, error) "
        "VALUES " +
            Marks(chunk, "(?, ?, ?, ?)"),
        params, nullptr);
    done += chunk;
  }
  if (s.ok()) s = db->Commit();
  if (!s.ok() && !db->broken()) db->Rollback();
  return s;
}

Status PurgeSent(Connection* db, int retention_days, int batch,
                 int64_t* deleted) {
  return PurgeBatch(
      db,
      "SELECT id FROM outbox WHERE state = 'sent' AND "
      "sent_at < NOW(6) - INTERVAL ? DAY ORDER BY id LIMIT ? FOR UPDATE "
      "SKIP LOCKED",
      {SqlParam::Int(retention_days), SqlParam::Int(batch)},
      {"outbox", "outbox_attempts", "outbox_id"}, deleted);
}

}  // namespace earshot
