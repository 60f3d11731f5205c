// Runs the built hitl executable as a user would, for end-to-end tests of the commands.
#pragma once

#include <string>
#include <vector>

namespace hitl::test {

struct CommandResult {
  int exit_code = -1;  // the process's exit status; -1 when it did not exit normally
  std::string output;  // stdout and stderr together, in order
};

// Runs build/hitl with these arguments (each passed as one word, never through a shell's
// word splitting) and collects what it prints.
CommandResult run_hitl(const std::vector<std::string>& args);

}  // namespace hitl::test
