#include "common/macro/macro_run.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <map>

#include "common/base/json_pointer.h"
#include "common/base/text.h"
#include "common/outbox/outbox.h"
#include "common/store/comments.h"
#include "common/store/data_values.h"
#include "common/store/event_subjects.h"
#include "common/store/identify.h"
#include "common/store/sql_text.h"

namespace earshot {

namespace {

constexpr size_t kMaxSubjectBytes = 900;

std::vector<SqlParam> Ids(const std::vector<int64_t>& ids) {
  std::vector<SqlParam> params;
  for (int64_t id : ids) params.push_back(SqlParam::Int(id));
  return params;
}

std::string In(size_t n) {
  return "(" + Placeholders(static_cast<int>(n)) + ")";
}

// Control characters (CR and LF above all) become blanks: a filled
// subject or header must stay one line.
std::string OneLine(std::string text, size_t max_bytes) {
  for (char& c : text) {
    if (IsAsciiControl(c)) c = ' ';
  }
  if (text.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text.resize(cut);
  }
  return text;
}

std::string Fact(const TagValues& v, const char* name) {
  auto it = v.facts.find(name);
  return it == v.facts.end() ? "" : TagValueText(it->second);
}

class Runner {
 public:
  Runner(Connection* db, const Macro& macro, const MacroScope& scope,
         const std::vector<int64_t>& targets, std::vector<std::string>* authors)
      : db_(db),
        macro_(macro),
        scope_(scope),
        targets_(targets),
        authors_(authors) {}

  Status Run(bool* erased) {
    for (size_t i = 0; i < macro_.actions.size(); ++i) {
      Status s = Apply(macro_.actions[i]);
      if (!s.ok()) {
        // The writes before a refusal still run first, so that their own
        // failure answers, as when each went out at once.
        if (s.IsRefused()) {
          Status f = Flush();
          if (!f.ok()) return f;
        }
        return s;
      }
    }
    Status s = Flush();
    if (!s.ok()) return s;
    *erased = erased_;
    return Status::OK();
  }

 private:
  bool users() const { return scope_.kind == TargetKind::kUsers; }

  // Writes that read nothing (score, status) wait here, in order, and go
  // out together before the next read or other action, or at the end: one
  // compound statement, one round trip for the score + status macro's two.
  Status Write(std::string sql, std::vector<SqlParam> params) {
    pending_sql_.push_back(std::move(sql));
    if (pending_params_.empty()) {
      pending_params_ = std::move(params);
    } else {
      pending_params_.insert(pending_params_.end(),
                             std::make_move_iterator(params.begin()),
                             std::make_move_iterator(params.end()));
    }
    return Status::OK();
  }

  Status Flush() {
    if (pending_sql_.empty()) return Status::OK();
    std::string sql;
    if (pending_sql_.size() == 1) {
      sql = std::move(pending_sql_[0]);
    } else {
      size_t size = 20;
      for (const std::string& one : pending_sql_) size += one.size() + 2;
      sql.reserve(size);
      sql = "BEGIN NOT ATOMIC ";
      for (const std::string& one : pending_sql_) {
        sql += one;
        sql += "; ";
      }
      sql += "END";
    }
    std::vector<SqlParam> params = std::move(pending_params_);
    pending_sql_.clear();
    pending_params_.clear();
    return db_->Run(sql, params, nullptr);
  }

  // The values for targets_[i], read again after anything changed them.
  Status Values() {
    if (!stale_) return Status::OK();
    Status s = Flush();
    if (!s.ok()) return s;
    values_are_common_ = false;
    s = LoadTagValues(db_, scope_, macro_.data_fields, targets_, &values_);
    if (s.ok()) stale_ = false;
    return s;
  }

  // Values() when `t` uses a target's own values; otherwise only what is
  // the same for every target (the payload, the macro's name), with no
  // read: a status or value taken from the payload costs no round trip.
  Status ValuesFor(const Template& t) {
    if (t.UsesTargetValues()) return Values();
    if (values_are_common_ && values_.size() == targets_.size()) {
      return Status::OK();
    }
    TagValues common;
    common.payload = scope_.payload;
    common.facts["macro.name"] = TagValue::String(scope_.macro_name);
    values_.assign(targets_.size(), common);
    values_are_common_ = true;
    stale_ = true;  // not the targets' values: read them when needed
    return Status::OK();
  }

  Status Apply(const MacroAction& a) {
    if (targets_.empty()) return Status::OK();
    Status s;
    if (a.type != MacroActionType::kScore &&
        a.type != MacroActionType::kStatus) {
      s = Flush();
      if (!s.ok()) return s;
    }
    switch (a.type) {
      case MacroActionType::kScore:
        s = Score(a);
        break;
      case MacroActionType::kStatus:
        s = SetStatus(a);
        break;
      case MacroActionType::kEmail:
        return Email(a);
      case MacroActionType::kWebhook:
        return Webhook(a);
      case MacroActionType::kSetData:
        s = SetData(a);
        break;
      case MacroActionType::kComment:
        s = Comment(a);
        break;
      case MacroActionType::kDeleteUser:
        s = DeleteUsers();
        break;
    }
    stale_ = true;
    return s;
  }

  Status Score(const MacroAction& a) {
    std::vector<SqlParam> params = {SqlParam::Int(a.points)};
    if (users()) {
      std::vector<SqlParam> ids = Ids(targets_);
      if (scope_.project_id == 0) {
        params.insert(params.end(), ids.begin(), ids.end());
        return Write("UPDATE users SET score = score + ? WHERE id IN " +
                         In(targets_.size()),
                     params);
      }
      params.push_back(SqlParam::Int(scope_.project_id));
      params.insert(params.end(), ids.begin(), ids.end());
      return Write(
          "UPDATE participations SET score = score + ? WHERE project_id = ? "
          "AND user_id IN " +
              In(targets_.size()),
          params);
    }
    if (scope_.target_authors != nullptr &&
        scope_.target_authors->size() == targets_.size()) {
      // The authors came with the targets: no ticket to read again.
      if (targets_.size() == 1) {
        if ((*scope_.target_authors)[0] == 0) return Status::OK();
        params.push_back(SqlParam::Int((*scope_.target_authors)[0]));
        return Write("UPDATE users SET score = score + ? WHERE id = ?",
                     std::move(params));
      }
      std::map<int64_t, int64_t> tickets_by_author;
      for (int64_t author : *scope_.target_authors) {
        if (author != 0) ++tickets_by_author[author];
      }
      if (tickets_by_author.empty()) return Status::OK();
      // Each author once, in id order (the locks the grouped statement
      // below takes); several tickets of one author leave it to that.
      const int64_t tickets = tickets_by_author.begin()->second;
      std::vector<int64_t> authors;
      for (const auto& [author, count] : tickets_by_author) {
        if (count == tickets) authors.push_back(author);
      }
      if (authors.size() == tickets_by_author.size()) {
        params[0] = SqlParam::Int(a.points * tickets);
        for (int64_t author : authors) params.push_back(SqlParam::Int(author));
        return Write("UPDATE users SET score = score + ? WHERE id IN " +
                         In(authors.size()),
                     std::move(params));
      }
    }
    if (targets_.size() == 1) {
      // One ticket: its author by primary keys, without the grouped
      // derived table below (a temporary table per delivery).
      params.push_back(SqlParam::Int(targets_[0]));
      return Write(
          "UPDATE users SET score = score + ? WHERE id = "
          "(SELECT author_id FROM feedback WHERE id = ?)",
          params);
    }
    // Each ticket scores its author once: two tickets by one author, twice.
    // One statement, without reading the tickets first: the grouped
    // authors drive the join, each looked up by its primary key.
    std::vector<SqlParam> ids = Ids(targets_);
    params.insert(params.end(), ids.begin(), ids.end());
    return Write(
        "UPDATE (SELECT author_id, COUNT(*) * ? AS points FROM feedback "
        "WHERE id IN " +
            In(targets_.size()) +
            " GROUP BY author_id) f STRAIGHT_JOIN users u "
            "ON u.id = f.author_id SET u.score = u.score + f.points",
        params);
  }

  Status SetStatus(const MacroAction& a) {
    Status s = ValuesFor(a.value);
    if (!s.ok()) return s;
    std::map<std::string, std::vector<int64_t>> targets_by_value;
    for (size_t i = 0; i < targets_.size(); ++i) {
      std::string value = a.value.FillText(values_[i]);
      if (!IsValidStatusValue(value)) {
        return Status::Refused(ApiError::kInvalidValue,
                               "macro " + macro_.name +
                                   ": the status must be 1 to 64 characters "
                                   "without control characters");
      }
      if (users() && value == "deleted") {
        return Status::Refused(ApiError::kInvalidValue,
                               "macro " + macro_.name +
                                   ": the status \"deleted\" is set by "
                                   "delete_user only");
      }
      targets_by_value[value].push_back(targets_[i]);
    }
    for (const auto& [value, ids] : targets_by_value) {
      std::vector<SqlParam> params = {SqlParam::Text(value)};
      std::string sql;
      if (!users()) {
        sql = "UPDATE feedback SET status = ? WHERE id IN " + In(ids.size());
      } else if (scope_.project_id == 0) {
        sql = "UPDATE users SET status = ? WHERE id IN " + In(ids.size());
      } else {
        sql =
            "UPDATE participations SET status = ? WHERE project_id = ? AND "
            "user_id IN " +
            In(ids.size());
        params.push_back(SqlParam::Int(scope_.project_id));
      }
      for (int64_t id : ids) params.push_back(SqlParam::Int(id));
      Write(std::move(sql), std::move(params));
    }
    return Status::OK();
  }

  Status Email(const MacroAction& a) {
    Status s = Values();
    if (!s.ok()) return s;
    std::map<int64_t, std::vector<std::string>> followers;
    if (a.to == EmailTo::kFollowers) {
      s = LoadFollowerEmails(db_, targets_, &followers);
      if (!s.ok()) return s;
    }
    std::vector<OutboxMessage> messages;
    for (size_t i = 0; i < targets_.size(); ++i) {
      std::vector<std::string> to;
      switch (a.to) {
        case EmailTo::kTarget:
        case EmailTo::kAuthor:
          to.push_back(
              Fact(values_[i], users() ? "user.email" : "author.email"));
          break;
        case EmailTo::kFollowers:
          to = followers[targets_[i]];
          break;
        case EmailTo::kAddress:
          to.push_back(a.address);
          break;
      }
      std::string subject =
          OneLine(a.subject.FillText(values_[i]), kMaxSubjectBytes);
      std::string body = a.text.FillText(values_[i]);
      for (const std::string& address : to) {
        if (address.empty()) continue;  // an erased user has no address
        OutboxMessage m;
        m.kind = OutboxKind::kEmail;
        m.recipient = address;
        m.subject = subject;
        m.body = body;
        m.origin = "macro " + macro_.name;
        messages.push_back(std::move(m));
      }
    }
    return EnqueueMessages(db_, messages);
  }

  Status Webhook(const MacroAction& a) {
    Status s = Values();
    if (!s.ok()) return s;
    std::vector<OutboxMessage> messages;
    for (size_t i = 0; i < targets_.size(); ++i) {
      OutboxMessage m;
      m.kind = OutboxKind::kWebhook;
      m.recipient = a.url;
      s = a.json_body.Fill(values_[i], &m.body);
      if (!s.ok()) {
        return Status::Refused(
            ApiError::kInvalidValue,
            "macro " + macro_.name + ": webhook body: " + s.message());
      }
      if (!a.headers.empty()) {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        writer.StartObject();
        for (const auto& [name, value] : a.headers) {
          std::string filled = OneLine(value.FillText(values_[i]), 8192);
          writer.Key(name.c_str());
          writer.String(filled.c_str(),
                        static_cast<rapidjson::SizeType>(filled.size()));
        }
        writer.EndObject();
        m.headers_json.assign(buffer.GetString(), buffer.GetSize());
      }
      m.secret = macro_.webhook_secret;
      m.hops = scope_.hops + 1;
      m.origin = "macro " + macro_.name;
      messages.push_back(std::move(m));
    }
    return EnqueueMessages(db_, messages);
  }

  Status SetData(const MacroAction& a) {
    Status s = Values();
    if (!s.ok()) return s;
    const Tag* sole = a.value.SoleTag();
    for (size_t i = 0; i < targets_.size(); ++i) {
      DataUpdate update;
      update.field_id = a.field_ref.field_id;
      if (a.clear) {
        // nullopt clears
      } else if (a.constant) {
        update.value = *a.constant;
      } else {
        rapidjson::Value text_value;
        std::string text;
        const rapidjson::Value* v = nullptr;
        if (sole != nullptr && sole->source == Tag::Source::kPayload) {
          v = sole->pointer.empty() ? scope_.payload
                                    : sole->compiled.Resolve(*scope_.payload);
          if (v == nullptr) continue;  // absent: left as it was
        } else {
          text = a.value.FillText(values_[i]);
          text_value.SetString(rapidjson::StringRef(text.data(), text.size()));
          v = &text_value;
        }
        if (!v->IsNull()) {
          TypedValue typed;
          s = CoerceValue(a.field_ref.type, *v, &typed);
          if (!s.ok()) {
            return Status::Refused(
                ApiError::kInvalidValue,
                "macro " + macro_.name + ": field " + a.field + " (" +
                    FieldTypeName(a.field_ref.type) + "): " + s.message());
          }
          update.value = std::move(typed);
        }
      }
      s = WriteDataUpdates(db_, {targets_[i]}, {update});
      if (!s.ok()) return s;
    }
    return Status::OK();
  }

  Status Comment(const MacroAction& a) {
    Status s = Values();
    if (!s.ok()) return s;
    CommentPlacement placement{scope_.kind, users() ? scope_.project_id : 0, 1};
    std::map<std::string, int64_t> authors;
    for (size_t i = 0; i < targets_.size(); ++i) {
      std::string email = a.author.FillText(values_[i]);
      if (authors_ != nullptr) authors_->push_back(email);
      auto it = authors.find(email);
      if (it == authors.end()) {
        int64_t id = 0;
        s = FindCommentAuthor(db_, email, &id);
        if (!s.ok()) return s;
        it = authors.emplace(email, id).first;
      }
      std::string text = a.text.FillText(values_[i]);
      if (text.empty() || text.size() > kMaxCommentBytes) {
        return Status::Refused(
            ApiError::kInvalidValue,
            "macro " + macro_.name + ": the comment must be 1 to 65535 bytes");
      }
      s = AddComments(db_, placement, {targets_[i]}, it->second, text);
      if (!s.ok()) return s;
    }
    return Status::OK();
  }

  Status DeleteUsers() {
    const std::string in = In(targets_.size());
    const std::vector<SqlParam> ids = Ids(targets_);
    QueryResult r;
    Status s =
        db_->Run("SELECT id, email FROM users WHERE id IN " + in, ids, &r);
    if (!s.ok()) return s;
    s = db_->Run(
        "UPDATE users SET email = NULL, name = '', status = 'deleted', "
        "deleted_at = NOW(6) WHERE id IN " +
            in,
        ids, nullptr);
    if (s.ok()) {
      s = db_->Run(
          "DELETE v FROM data_values v JOIN data_fields f ON f.id = v.field_id "
          "JOIN data_groups g ON g.id = f.group_id WHERE g.target = 'users' "
          "AND v.target_id IN " +
              in,
          ids, nullptr);
    }
    if (s.ok()) {
      s = db_->Run("DELETE FROM followers WHERE user_id IN " + in, ids,
                   nullptr);
    }
    // Earlier deliveries that named the user (as a target, by address or
    // as a comment author) keep no copy of what they carried: found
    // through the log's erasure index, so the work follows this user's
    // deliveries, not the size of the log.
    std::vector<int64_t> user_ids;
    std::vector<std::string> emails;
    for (const Row& row : r.rows) {
      user_ids.push_back(row.Int(0));
      if (!row.IsNull(1)) emails.push_back(row.Text(1));
    }
    if (s.ok()) s = ScrubSubjects(db_, SubjectKeys(user_ids, emails));
    for (size_t i = 0; s.ok() && i < emails.size(); ++i) {
      s = ScrubLegacyEvents(db_, emails[i]);
    }
    if (s.ok()) erased_ = true;
    return s;
  }

  Connection* const db_;
  const Macro& macro_;
  const MacroScope& scope_;
  const std::vector<int64_t>& targets_;
  std::vector<std::string>* const authors_;  // may be null
  std::vector<TagValues> values_;
  std::vector<std::string> pending_sql_;  // Write()s not yet sent
  std::vector<SqlParam> pending_params_;
  bool stale_ = true;
  bool values_are_common_ = false;  // values_ hold the payload's alone
  bool erased_ = false;
};

}  // namespace

Status RunMacro(Connection* db, const Macro& macro, const MacroScope& scope,
                const std::vector<int64_t>& targets, bool* erased_personal_data,
                std::vector<std::string>* comment_authors) {
  *erased_personal_data = false;
  Runner runner(db, macro, scope, targets, comment_authors);
  return runner.Run(erased_personal_data);
}

}  // namespace earshot
