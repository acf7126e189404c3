// Pages: server-rendered HTML from the templates in console/templates
// (Google ctemplate). Every template starts with
// {{%AUTOESCAPE context="HTML"}}, so every value is escaped for where it
// lands (text, attribute, URL); no HTML is built by joining strings here.
//
// A page template begins with {{>HEADER}} and ends with {{>FOOTER}}; Render
// fills both (title, navigation, the signed-in account and the sign-out
// form's CSRF token).
//
// Thread-safety: SetTemplateRoot once at start; Render from one thread at
// a time (the console's process is single-threaded).

#ifndef EARSHOT_COMMON_CONSOLE_VIEW_H_
#define EARSHOT_COMMON_CONSOLE_VIEW_H_

#include <ctemplate/template.h>

#include <string>
#include <utility>
#include <vector>

#include "common/base/status.h"

namespace earshot::console {

struct Session;

using Dict = ctemplate::TemplateDictionary;

// What the console answers.
struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Internal when `dir` holds no readable header.tpl.
Status SetTemplateRoot(const std::string& dir);

// Renders `page` ("login.tpl") with `dict` into response->body.
// `section` names the navigation entry to mark current ("listeners",
// "deliveries", "audit"; "" for none). `session` is null when nobody is
// signed in.
Status Render(const std::string& page, const std::string& title,
              const std::string& section, const Session* session, Dict* dict,
              Response* response);

}  // namespace earshot::console

#endif  // EARSHOT_COMMON_CONSOLE_VIEW_H_
