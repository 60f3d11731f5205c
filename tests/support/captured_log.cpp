// CapturedLog: a log hook that appends to a vector under a lock (lines may come from any thread).
#include "support/captured_log.hpp"

namespace hitl::test {

CapturedLog::CapturedLog(LogLevel minimum) : previous_level_(log_level()) {
  set_log_level(minimum);
  set_log_to_stderr(false);
  previous_hook_ = set_log_hook([this](LogLevel, std::string_view line) {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(line);
  });
}

CapturedLog::~CapturedLog() {
  set_log_hook(previous_hook_);
  set_log_to_stderr(true);
  set_log_level(previous_level_);
}

std::vector<std::string> CapturedLog::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

int CapturedLog::count_containing(const std::string& text) const {
  std::lock_guard lock(mutex_);
  int count = 0;
  for (const std::string& line : lines_) count += line.find(text) != std::string::npos ? 1 : 0;
  return count;
}

}  // namespace hitl::test
