#include "common/console/view.h"

#include <unistd.h>

#include "common/console/session.h"

namespace earshot::console {

Status SetTemplateRoot(const std::string& dir) {
  if (access((dir + "/header.tpl").c_str(), R_OK) != 0) {
    return Status::Internal("no console templates in " + dir +
                            " (header.tpl is missing)");
  }
  ctemplate::mutable_default_template_cache()->SetTemplateRootDirectory(dir);
  return Status::OK();
}

Status Render(const std::string& page, const std::string& title,
              const std::string& section, const Session* session, Dict* dict,
              Response* response) {
  dict->SetValue("PAGE_TITLE", title);
  Dict* header = dict->AddIncludeDictionary("HEADER");
  header->SetFilename("header.tpl");
  header->SetValue("TITLE", title);
  if (session != nullptr) {
    header->ShowSection("SIGNED_IN");
    header->SetValue("ACCOUNT_EMAIL", session->account.email);
    header->SetValue("ACCOUNT_ROLE", session->account.role);
    header->SetValue("CSRF", session->csrf_token);
    if (session->account.admin()) header->ShowSection("ADMIN");
    if (!section.empty()) header->ShowSection("CURRENT_" + section);
    if (session->account.admin()) header->ShowSection("ADMIN");
  }
  Dict* footer = dict->AddIncludeDictionary("FOOTER");
  footer->SetFilename("footer.tpl");
  std::string html;
  if (!ctemplate::ExpandTemplate(page, ctemplate::STRIP_BLANK_LINES, dict,
                                 &html)) {
    return Status::Internal("cannot render console template " + page);
  }
  response->body = std::move(html);
  return Status::OK();
}

}  // namespace earshot::console
