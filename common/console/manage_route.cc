// Routes for the pages that manage what listeners share: external data
// groups and fields (/admin/data), macros (/admin/macros, /admin/new-macro)
// and the outbox (/admin/outbox).
//
// Admins only: groups and macros are community-wide (a project manager
// changing one would change other projects' listeners), and outbox
// messages carry addresses and bodies with personal data. A manager gets
// the same 404 as for a page that does not exist, and no navigation entry.

#include <vector>

#include "common/base/checks.h"
#include "common/console/console.h"

namespace earshot::console {

namespace {

// `path` after `prefix`, split at '/'; false when it does not start so.
bool Segments(const std::string& path, const std::string& prefix,
              std::vector<std::string>* parts) {
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  parts->clear();
  std::string rest = path.substr(prefix.size());
  size_t start = 0;
  while (true) {
    size_t slash = rest.find('/', start);
    parts->push_back(rest.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

}  // namespace

Status Console::RouteManage(Exchange* x, bool post, bool* routed) {
  const std::string& path = x->in.path;
  std::vector<std::string> p;
  const bool data = path == "/admin/data" || Segments(path, "/admin/data/", &p);
  const bool macros = path == "/admin/macros" || path == "/admin/new-macro" ||
                      Segments(path, "/admin/macros/", &p);
  const bool outbox =
      path == "/admin/outbox" || Segments(path, "/admin/outbox/", &p);
  *routed = data || macros || outbox;
  if (!*routed) return Status::OK();
  if (!x->session.account.admin()) return NotFound(x);

  if (path == "/admin/data") return post ? CreateGroup(x) : DataPage(x, "");
  if (data) {
    const std::string& group = p[0];
    if (p.size() == 1) return post ? NotFound(x) : GroupPage(x, group, "");
    if (p.size() == 2 && p[1] == "fields" && post) return AddField(x, group);
    if (p.size() == 2 && p[1] == "delete" && post) return DeleteGroup(x, group);
    if (p.size() == 3 && p[1] == "fields") {
      return post ? UpdateField(x, group, p[2]) : FieldPage(x, group, p[2], "");
    }
    if (p.size() == 4 && p[1] == "fields" && p[3] == "delete" && post) {
      return DeleteField(x, group, p[2]);
    }
    return NotFound(x);
  }

  if (path == "/admin/macros") return post ? NotFound(x) : MacrosPage(x);
  if (path == "/admin/new-macro") {
    return post ? SaveMacroForm(x, "") : MacroPage(x, "", "");
  }
  if (macros) {
    if (p.size() == 1 && !p[0].empty()) {
      return post ? SaveMacroForm(x, p[0]) : MacroPage(x, p[0], "");
    }
    if (p.size() == 2 && p[1] == "delete" && post) {
      return DeleteMacroForm(x, p[0]);
    }
    return NotFound(x);
  }

  if (path == "/admin/outbox") return post ? NotFound(x) : OutboxPage(x);
  int64_t id = 0;
  if (!ParseId(p[0], "message id", &id).ok()) return NotFound(x);
  if (p.size() == 1) return post ? NotFound(x) : OutboxMessagePage(x, id, "");
  if (p.size() == 2 && p[1] == "retry") {
    return post ? RetryOutbox(x, id) : OutboxMessagePage(x, id, "");
  }
  return NotFound(x);
}

}  // namespace earshot::console
