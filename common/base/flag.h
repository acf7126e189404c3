// Flag: a program's `--name VALUE` or `--name=VALUE` option, for the
// handlers' and the console's mains, which take only a few and no
// positionals.
//
// Thread-safety: a pure function.

#ifndef EARSHOT_COMMON_BASE_FLAG_H_
#define EARSHOT_COMMON_BASE_FLAG_H_

namespace earshot {

// The value of `name` ("--config") in argv[1..argc), or null when absent.
const char* Flag(int argc, char** argv, const char* name);

}  // namespace earshot

#endif  // EARSHOT_COMMON_BASE_FLAG_H_
