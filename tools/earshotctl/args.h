// Args: an earshotctl command line split into positionals and options.
//
// Options are written `--name value` or `--name=value`; every option takes
// a value except the switches named when parsing (`--json`, `--help`,
// `--force`),
// which take none. An option's value is the next word whatever it looks
// like, so `--filter ""` and `--description --x` both work. `--` ends the
// options: every later word is a positional. `-h` is `--help`; any other
// word starting with a single '-' is refused, so a mistyped option is
// never taken for a positional.
//
// Which options a command accepts, and which may repeat, is checked
// separately (Check), once the command is known.
//
// Thread-safety: a value type.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_ARGS_H_
#define EARSHOT_TOOLS_EARSHOTCTL_ARGS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/status.h"

namespace earshot::ctl {

class Args {
 public:
  Args() = default;

  // Splits `words` (the command line without the program name). Invalid
  // on an option missing its value, a value given to a switch, or a
  // single-dash word.
  static Status Parse(const std::vector<std::string>& words,
                      const std::vector<std::string>& switches, Args* args);

  const std::vector<std::string>& positionals() const { return positionals_; }
  // The options in the order given, switches with an empty value.
  const std::vector<std::pair<std::string, std::string>>& options() const {
    return options_;
  }

  bool Has(std::string_view name) const;
  // The value of an option given at most once (see Check); null if absent.
  const std::string* Get(std::string_view name) const;
  // Every value of a repeatable option, in order.
  std::vector<std::string> GetAll(std::string_view name) const;

  // Refuses an option not named in `spec` and a second use of one not
  // marked repeatable. `spec` is space-separated option names without
  // dashes; a trailing '*' marks a repeatable one ("allow-ip* name").
  // `command` names the command in messages ("apikey create").
  Status Check(std::string_view spec, std::string_view command) const;

  // The same options, without the first `n` positionals (the command's
  // own words once it has been dispatched).
  Args DropPositionals(size_t n) const;

 private:
  std::vector<std::string> positionals_;
  std::vector<std::pair<std::string, std::string>> options_;
};

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_ARGS_H_
