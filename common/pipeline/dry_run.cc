#include "common/pipeline/dry_run.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/base/utf8.h"
#include "common/store/sql_text.h"

namespace earshot {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr size_t kSummaryBytes = 200;

// The first `max` bytes of `text`, cut at a character boundary, with
// "..." when cut.
std::string Excerpt(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = 0;
  while (end < text.size()) {
    size_t n = Utf8SequenceLength(text, end);
    if (n == 0 || end + n > max) break;
    end += n;
  }
  return text.substr(0, end) + "...";
}

void Text(JsonWriter* w, std::string_view s) {
  w->String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void TextOrNull(JsonWriter* w, const std::optional<std::string>& s) {
  if (s) {
    Text(w, *s);
  } else {
    w->Null();
  }
}

std::optional<std::string> Cell(const Row& row, size_t col) {
  if (row.IsNull(col)) return std::nullopt;
  return row.Text(col);
}

// One watched query: its first column is the target id, the others are
// recorded under `prefix` + their name (`names`, in column order). A
// `key_column` > 0 adds that column's value to every name, for rows of
// which a target has several (participations, followers).
struct Watch {
  const char* sql;  // ends with "IN (" : the target ids are appended
  std::vector<const char*> names;
  const char* prefix = "";
  int key_column = 0;  // 0: none
};

const std::vector<Watch>& WatchesFor(TargetKind kind) {
  static const std::vector<Watch> users = {
      {"SELECT id, email, name, status, role, score, deleted_at FROM users "
       "WHERE id IN (",
       {"", "email", "name", "status", "role", "score", "deleted_at"}},
      {"SELECT user_id, project_id, status, score FROM participations WHERE "
       "user_id IN (",
       {"", "", "status", "score"},
       "project ",
       1},
  };
  static const std::vector<Watch> feedback = {
      {"SELECT id, project_id, author_id, kind, status, title, popularity "
       "FROM feedback WHERE id IN (",
       {"", "project", "author", "kind", "status", "title", "popularity"}},
      {"SELECT f.id, u.email, u.name, u.status, u.score, u.deleted_at FROM "
       "feedback f JOIN users u ON u.id = f.author_id WHERE f.id IN (",
       {"", "email", "name", "status", "score", "deleted_at"},
       "author "},
      {"SELECT f.id, p.status, p.score FROM feedback f JOIN participations p "
       "ON p.user_id = f.author_id AND p.project_id = f.project_id WHERE "
       "f.id IN (",
       {"", "status", "score"},
       "author in project: "},
      {"SELECT fo.feedback_id, COALESCE(u.email, CONCAT('user ', u.id)), "
       "'following' FROM followers fo JOIN users u ON u.id = fo.user_id "
       "WHERE fo.feedback_id IN (",
       {"", "", ""},
       "follower ",
       1},
  };
  static const std::vector<Watch> projects = {
      {"SELECT id, name, status FROM projects WHERE id IN (",
       {"", "name", "status"}},
  };
  switch (kind) {
    case TargetKind::kUsers:
      return users;
    case TargetKind::kFeedback:
      return feedback;
    case TargetKind::kProjects:
      return projects;
  }
  return users;
}

}  // namespace

void DryRun::Describe(const Listener& listener) {
  described_ = true;
  key_ = listener.key;
  type_ = ListenerTypeName(listener.type);
  target_ = TargetKindName(listener.target);
  kind_ = listener.target;
  enabled_ = listener.enabled;
}

Status DryRun::Snapshot(Connection* db, Cells* cells) const {
  cells->clear();
  if (targets_.empty()) return Status::OK();
  std::vector<SqlParam> ids;
  for (int64_t id : targets_) ids.push_back(SqlParam::Int(id));
  const std::string in = Placeholders(static_cast<int>(ids.size())) + ")";
  QueryResult r;
  for (const Watch& watch : WatchesFor(kind_)) {
    Status s = db->Run(std::string(watch.sql) + in, ids, &r);
    if (!s.ok()) return s;
    for (const Row& row : r.rows) {
      for (size_t c = 1; c < row.size() && c < watch.names.size(); ++c) {
        if (static_cast<int>(c) == watch.key_column) continue;
        std::string what = watch.prefix;
        if (watch.key_column > 0) what += row.Text(watch.key_column);
        if (watch.names[c][0] != '\0') {
          if (!what.empty() && what.back() != ' ') what += ' ';
          what += watch.names[c];
        }
        (*cells)[{row.Int(0), what}] = Cell(row, c);
      }
    }
  }
  // Data values of the target's kind, named as filters and templates name
  // them.
  std::vector<SqlParam> params = {SqlParam::Text(TargetKindName(kind_))};
  params.insert(params.end(), ids.begin(), ids.end());
  Status s = db->Run(
      "SELECT v.target_id, CONCAT('data.', g.name, '.', f.label), "
      "v.value_text FROM data_values v JOIN data_fields f ON f.id = "
      "v.field_id JOIN data_groups g ON g.id = f.group_id WHERE g.target = ? "
      "AND v.target_id IN (" +
          in,
      params, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    (*cells)[{row.Int(0), row.Text(1)}] = Cell(row, 2);
  }
  return Status::OK();
}

Status DryRun::Before(Connection* db, const std::vector<int64_t>& targets) {
  targets_ = targets;
  changes_.clear();
  comments_.clear();
  queued_.clear();
  QueryResult r;
  Status s = db->Run(
      "SELECT (SELECT COALESCE(MAX(id), 0) FROM comments), "
      "(SELECT COALESCE(MAX(id), 0) FROM outbox)",
      &r);
  if (!s.ok()) return s;
  comments_before_ = r.rows[0].Int(0);
  outbox_before_ = r.rows[0].Int(1);
  return Snapshot(db, &before_);
}

Status DryRun::After(Connection* db,
                     const std::vector<TargetOutcome>& outcomes) {
  outcomes_ = outcomes;
  Cells after;
  Status s = Snapshot(db, &after);
  if (!s.ok()) return s;
  auto note = [&](const std::pair<int64_t, std::string>& at,
                  const std::optional<std::string>& before,
                  const std::optional<std::string>& now) {
    if (before != now) changes_[at.first].push_back({at.second, before, now});
  };
  for (const auto& [at, value] : before_) {
    auto it = after.find(at);
    note(at, value, it == after.end() ? std::nullopt : it->second);
  }
  for (const auto& [at, value] : after) {
    if (before_.count(at) == 0) note(at, std::nullopt, value);
  }

  QueryResult r;
  s = db->Run(
      "SELECT COALESCE(c.user_id, c.feedback_id), "
      "COALESCE(u.email, CONCAT('user ', u.id)), c.body FROM comments c "
      "JOIN users u ON u.id = c.author_id WHERE c.id > ? ORDER BY c.id",
      {SqlParam::Int(comments_before_)}, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    comments_.push_back({row.Int(0), "comment", row.Text(1), "", row.Text(2)});
  }
  s = db->Run(
      "SELECT kind, recipient, subject, body FROM outbox WHERE id > ? "
      "ORDER BY id",
      {SqlParam::Int(outbox_before_)}, &r);
  if (!s.ok()) return s;
  for (const Row& row : r.rows) {
    queued_.push_back({0, row.Text(0), row.Text(1), row.Text(2),
                       Excerpt(row.Text(3), kSummaryBytes), !row.IsNull(2)});
  }
  return Status::OK();
}

std::string DryRun::ReportJson(const Answer& answer) const {
  rapidjson::Document parsed;
  parsed.Parse(answer.body.c_str(), answer.body.size());
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("dry_run");
  w.Bool(true);
  if (described_) {
    w.Key("listener");
    Text(&w, key_);
    w.Key("type");
    Text(&w, type_);
    w.Key("target");
    Text(&w, target_);
    w.Key("enabled");
    w.Bool(enabled_);
  }
  w.Key("status");
  w.Int(answer.status);
  w.Key("answer");
  if (parsed.HasParseError()) {
    w.Null();
  } else {
    parsed.Accept(w);
  }
  if (answer.status != 200) {
    w.Key("error");
    if (!parsed.HasParseError() && parsed.IsObject() &&
        parsed.HasMember("error")) {
      parsed["error"].Accept(w);
    } else {
      w.Null();
    }
  }
  w.Key("targets");
  w.StartArray();
  if (answer.status == 200) {
    for (const TargetOutcome& o : outcomes_) {
      w.StartObject();
      w.Key("id");
      if (o.id != 0) {
        w.Int64(o.id);
      } else {
        w.Null();
      }
      w.Key("identifier");
      Text(&w, o.identifier);
      w.Key("outcome");
      w.String(OutcomeName(o.outcome));
      const bool applied = o.outcome == Outcome::kApplied;
      w.Key("changes");
      w.StartArray();
      auto it = changes_.find(o.id);
      if (applied && it != changes_.end()) {
        for (const Change& c : it->second) {
          w.StartObject();
          w.Key("what");
          Text(&w, c.what);
          w.Key("before");
          TextOrNull(&w, c.before);
          w.Key("after");
          TextOrNull(&w, c.after);
          w.EndObject();
        }
      }
      w.EndArray();
      w.Key("comments");
      w.StartArray();
      for (const Added& c : comments_) {
        if (!applied || c.target != o.id) continue;
        w.StartObject();
        w.Key("author");
        Text(&w, c.to);
        w.Key("text");
        Text(&w, c.text);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
  }
  w.EndArray();
  w.Key("queued");
  w.StartArray();
  if (answer.status == 200) {
    for (const Added& q : queued_) {
      w.StartObject();
      w.Key("kind");
      Text(&w, q.kind);
      w.Key("to");
      Text(&w, q.to);
      w.Key("subject");
      if (q.has_subject) {
        Text(&w, q.subject);
      } else {
        w.Null();
      }
      w.Key("summary");
      Text(&w, q.text);
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace earshot
