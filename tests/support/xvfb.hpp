// A private X server for window tests: starts Xvfb on a free display, points DISPLAY at it for
// this process, and stops it again. Tests need no real display and never touch one.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hitl::test {

class Xvfb {
 public:
  // Starts `Xvfb -displayfd FD -screen 0 1280x720x24 -nolisten tcp -noreset` (one -screen per
  // element of `screens`, "WIDTHxHEIGHTxDEPTH"), waits (up to 10 s) until it says which display
  // it took, and sets DISPLAY to it. Throws std::runtime_error with the reason (Xvfb missing,
  // exited early, too slow) and Xvfb's own messages.
  explicit Xvfb(const std::vector<std::string>& screens = {"1280x720x24"});
  // Stops the server (SIGTERM, then SIGKILL after 5 s) and puts DISPLAY back as it was.
  ~Xvfb();
  Xvfb(const Xvfb&) = delete;
  Xvfb& operator=(const Xvfb&) = delete;

  const std::string& display() const { return display_; }  // ":99"
  // Screen `screen` of the display, for programs that take one (ImageMagick's import): ":99.1".
  std::string screen(int screen) const { return display_ + "." + std::to_string(screen); }

 private:
  pid_t pid_ = -1;
  std::string display_;
  std::optional<std::string> previous_display_;
  std::string log_path_;  // Xvfb's stderr, quoted in errors
};

// An Xvfb for a test that opens windows: the test fails, naming the reason, when none can start.
std::unique_ptr<Xvfb> start_xvfb(const std::vector<std::string>& screens = {"1280x720x24"});

}  // namespace hitl::test
