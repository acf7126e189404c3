// TryRequest: the request of an operator's dry run (`TYPE.fcgi --try KEY`,
// see dry_run.h): a JSON POST of `body` to listener `key`, with an
// optional query string (for identify sources `query:NAME`), from no
// network address and with no headers: no API key, signature or delivery
// id, all of which a dry run does not check.
//
// Thread-safety: a TryRequest belongs to one thread.

#ifndef EARSHOT_COMMON_PIPELINE_TRY_REQUEST_H_
#define EARSHOT_COMMON_PIPELINE_TRY_REQUEST_H_

#include <string>
#include <utility>
#include <vector>

#include "common/base/domain.h"
#include "common/http/request.h"

namespace earshot {

class TryRequest : public Request {
 public:
  TryRequest(ListenerType type, const std::string& key, std::string query,
             std::string body);

  std::optional<std::string> Param(const char* name) const override;
  std::vector<std::pair<std::string, std::string>> AllParams() const override;
  Status ReadBody(size_t limit, std::string* body, bool* too_large) override;
  void Respond(const Answer& answer) override { answer_ = answer; }

  const Answer& answer() const { return answer_; }

 private:
  std::string path_, query_, body_;
  Answer answer_;
};

}  // namespace earshot

#endif  // EARSHOT_COMMON_PIPELINE_TRY_REQUEST_H_
