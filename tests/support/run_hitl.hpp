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

// Starts build/hitl with these arguments in the background, its stdout and stderr going to
// `log_path`, for tests that act on a running command (signals, files changed under it).
class RunningHitl {
 public:
  RunningHitl(const std::vector<std::string>& args, const std::string& log_path);
  ~RunningHitl();  // kills it (SIGKILL) if it is still running
  RunningHitl(const RunningHitl&) = delete;
  RunningHitl& operator=(const RunningHitl&) = delete;

  // Waits up to timeout_s for `text` to appear in the log; whether it did.
  bool wait_for_output(const std::string& text, double timeout_s) const;
  std::string output() const;
  void signal(int signal_number) const;
  // Waits for it to end: its exit status, or -1 when it did not exit normally.
  int wait();

 private:
  int pid_ = -1;
  std::string log_path_;
};

}  // namespace hitl::test
