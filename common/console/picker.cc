// The payload picker, for any form that asks for JSON Pointers: include
// console/templates/payload_picker.tpl as {{>PAYLOAD_PICKER}} inside the
// form, call PayloadPicker when rendering it, and when the form comes back
// with `pick` set, render the form again (with what was typed) instead of
// saving. Mark the inputs that take pointers with
// data-pointer-field="pointer" (or "source" for identify's
// ATTRIBUTE=SOURCE); console.js fills the one that last had focus when a
// value is clicked. Without script the list is there to copy from.
//
// The sample is parsed by ParseJsonBody, the parser deliveries go through,
// with the install's depth and size limits, so a body the picker refuses
// a listener refuses too; the list is capped (pointer_list.h). A recorded
// delivery is offered only when the log kept its whole body, and only
// the deliveries of the listeners the caller names (the listener being
// edited; a data group's listeners), which it has checked the account may
// see.

#include <algorithm>
#include <vector>

#include "common/base/api_error.h"
#include "common/base/checks.h"
#include "common/console/console.h"
#include "common/console/pointer_list.h"
#include "common/http/json_body.h"

namespace earshot::console {

namespace {

// Recorded deliveries offered: the most recent with whole bodies, among
// the last kScan of the listener.
constexpr int kOffered = 20;
constexpr int kScan = 200;

}  // namespace

Status Console::PayloadPicker(Exchange* x,
                              const std::vector<int64_t>& listener_ids,
                              Dict* dict) {
  Dict* p = dict->AddIncludeDictionary("PAYLOAD_PICKER");
  p->SetFilename("payload_picker.tpl");
  std::string sample = x->form.Get("sample_body");
  const std::string chosen = x->form.Get("sample_event");
  std::string error;

  // One indexed query per listener (a form has one; a data group a few),
  // rather than one over all of them that would sort their whole logs.
  std::vector<Row> offered;
  for (int64_t listener_id : listener_ids) {
    QueryResult r;
    Status s = db_->Run(
        "SELECT id, DATE_FORMAT(received_at, '%Y-%m-%d %H:%i:%s'), body_size "
        "FROM (SELECT id, received_at, body_size, LENGTH(body) AS kept "
        "FROM events WHERE listener_id = ? ORDER BY id DESC LIMIT ?) e "
        "WHERE kept = body_size AND body_size > 0 ORDER BY id DESC LIMIT ?",
        {SqlParam::Int(listener_id), SqlParam::Int(kScan),
         SqlParam::Int(kOffered)},
        &r);
    if (!s.ok()) return s;
    for (Row& row : r.rows) offered.push_back(std::move(row));
  }
  std::sort(offered.begin(), offered.end(),
            [](const Row& a, const Row& b) { return a.Int(0) > b.Int(0); });
  if (offered.size() > static_cast<size_t>(kOffered)) offered.resize(kOffered);
  if (!offered.empty()) p->ShowSection("HAS_EVENTS");
  for (const Row& row : offered) {
    Dict* e = p->AddSectionDictionary("EVENT");
    e->SetValue("EVENT_ID", row.Text(0));
    e->SetValue("EVENT_AT", row.Text(1));
    e->SetValue("EVENT_SIZE", row.Text(2));
    if (row.Text(0) == chosen) e->ShowSection("EVENT_SELECTED");
  }
  int64_t event_id = 0;
  if (!chosen.empty() && !ParseId(chosen, "delivery", &event_id).ok()) {
    error = "Choose a delivery from the list.";
  } else if (!chosen.empty()) {
    QueryResult r;
    Status s = db_->Run(
        "SELECT listener_id, body FROM events WHERE id = ? AND "
        "body_size > 0 AND LENGTH(body) = body_size",
        {SqlParam::Int(event_id)}, &r);
    if (!s.ok()) return s;
    if (r.rows.empty() || std::find(listener_ids.begin(), listener_ids.end(),
                                    r.rows[0].Int(0)) == listener_ids.end()) {
      error =
          "That delivery is not one of this form's listeners' with its "
          "whole body kept.";
    } else {
      sample = r.rows[0].Text(1);
    }
  }
  p->SetValue("SAMPLE_BODY", sample);
  if (!x->form.Has("pick") || !error.empty() || sample.empty()) {
    if (x->form.Has("pick") && error.empty()) {
      error = "Paste a sample body or choose a recorded delivery first.";
    }
    if (!error.empty())
      p->SetValueAndShowSection("PICK_ERROR_TEXT", error, "PICK_ERROR");
    return Status::OK();
  }
  JsonBody body;
  Status s;
  if (sample.size() > config_.max_body_bytes) {
    s = Status::Refused(ApiError::kBodyTooLarge,
                        "the sample is larger than max_body_bytes");
  } else {
    s = ParseJsonBody(sample, config_.max_depth, &body);
  }
  if (!s.ok()) {
    p->SetValueAndShowSection(
        "PICK_ERROR_TEXT",
        s.IsRefused()
            ? std::string(ApiErrorCode(s.api_error())) + ": " + s.message()
            : s.message(),
        "PICK_ERROR");
    return Status::OK();
  }
  PointerList list;
  PointerLimits limits;
  ListPointers(body, limits, &list);
  Dict* shown = p->AddSectionDictionary("POINTERS");
  shown->SetIntValue("POINTER_COUNT", static_cast<long>(list.entries.size()));
  if (list.left_out > 0) {
    Dict* more = shown->AddSectionDictionary("LEFT_OUT");
    more->SetIntValue("LEFT_OUT_COUNT", static_cast<long>(list.left_out));
    more->SetIntValue("CAP_CHILDREN", static_cast<long>(limits.max_children));
    more->SetIntValue("CAP_DEPTH", limits.max_depth);
    more->SetIntValue("CAP_ENTRIES", static_cast<long>(limits.max_entries));
  }
  for (const PointerEntry& e : list.entries) {
    Dict* d = shown->AddSectionDictionary("POINTER");
    d->SetValue("PTR", e.pointer);
    d->SetValue("VALUE", e.value);
    if (e.container) d->ShowSection("CONTAINER");
  }
  return Status::OK();
}

}  // namespace earshot::console
