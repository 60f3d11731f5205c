// Captures hitl's log for the duration of a test: the lines go to the test instead of stderr.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "hitl/base/log.hpp"

namespace hitl::test {

class CapturedLog {
 public:
  // Lowers (or raises) the minimum level to `minimum` while it lives.
  explicit CapturedLog(LogLevel minimum = LogLevel::debug);
  // Puts back the previous hook, level and stderr output.
  ~CapturedLog();
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  // The lines so far, as they would have been written to stderr.
  std::vector<std::string> lines() const;
  // How many lines so far contain `text`.
  int count_containing(const std::string& text) const;

 private:
  LogLevel previous_level_;
  LogHook previous_hook_;
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace hitl::test
