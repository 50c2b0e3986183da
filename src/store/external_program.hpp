#pragma once
// Running a helper program of the database (pg_dump, pg_restore) to completion and keeping
// what it printed, without a shell (arguments are never re-parsed).

#include <map>
#include <string>
#include <vector>

namespace keyward::store {

struct ProgramResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up on PATH) with the environment of this process plus
// `extra_env`. Throws std::runtime_error when the program cannot be started.
ProgramResult run_program(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& extra_env = {});

}  // namespace keyward::store
