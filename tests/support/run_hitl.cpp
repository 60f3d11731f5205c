// Running the hitl executable through popen, with every argument single-quoted.
#include "support/run_hitl.hpp"

#include <sys/wait.h>

#include <cstdio>

namespace hitl::test {

namespace {
std::string shell_quoted(const std::string& word) {
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}
}  // namespace

CommandResult run_hitl(const std::vector<std::string>& args) {
  std::string command = shell_quoted(HITL_EXECUTABLE);
  for (const auto& a : args) command += " " + shell_quoted(a);
  command += " 2>&1 </dev/null";
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace hitl::test
