// The logger: formats a line with a UTC timestamp and writes it with a single call under a lock,
// so lines from different threads never interleave.
#include "hitl/base/log.hpp"

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <utility>

namespace hitl {

namespace {

struct LoggerState {
  std::mutex mutex;
  LogLevel minimum = LogLevel::info;
  bool to_stderr = true;
  LogHook hook;
};

LoggerState& logger() {
  static LoggerState state;
  return state;
}

// "2024-05-01T12:34:56.789Z"
std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto since_epoch_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(since_epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];  // room for any int the format could be given, as GCC checks
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(since_epoch_ms % 1000));
  return text;
}

std::string format_line(LogLevel level, std::string_view message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) {
    message.remove_suffix(1);
  }
  std::string line = utc_timestamp();
  line += ' ';
  const std::string_view name = log_level_name(level);
  line += name;
  line.append(6 - name.size(), ' ');  // aligns the messages of "info" and "debug"
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (c == '\r' && i + 1 < message.size() && message[i + 1] == '\n') continue;
    if (c == '\n' || c == '\r') {
      line += " | ";
    } else {
      line += c;
    }
  }
  return line;
}

__attribute__((format(printf, 2, 0))) void log_formatted(LogLevel level, const char* format,
                                                         std::va_list args) {
  if (level < log_level()) return;
  std::va_list measuring;
  va_copy(measuring, args);
  const int length = std::vsnprintf(nullptr, 0, format, measuring);
  va_end(measuring);
  if (length < 0) {
    log(level, format);
    return;
  }
  std::string message(static_cast<std::size_t>(length) + 1, '\0');
  std::vsnprintf(message.data(), message.size(), format, args);
  message.pop_back();
  log(level, message);
}

}  // namespace

std::string_view log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "error";
}

void set_log_level(LogLevel minimum) {
  std::lock_guard lock(logger().mutex);
  logger().minimum = minimum;
}

LogLevel log_level() {
  std::lock_guard lock(logger().mutex);
  return logger().minimum;
}

void log(LogLevel level, std::string_view message) {
  LoggerState& state = logger();
  std::lock_guard lock(state.mutex);
  if (level < state.minimum) return;
  std::string line = format_line(level, message);
  if (state.to_stderr) {
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    line.pop_back();
  }
  if (state.hook) state.hook(level, line);
}

void log_debug(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  log_formatted(LogLevel::debug, format, args);
  va_end(args);
}

void log_info(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  log_formatted(LogLevel::info, format, args);
  va_end(args);
}

void log_warn(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  log_formatted(LogLevel::warn, format, args);
  va_end(args);
}

void log_error(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  log_formatted(LogLevel::error, format, args);
  va_end(args);
}

LogHook set_log_hook(LogHook hook) {
  std::lock_guard lock(logger().mutex);
  return std::exchange(logger().hook, std::move(hook));
}

void set_log_to_stderr(bool enabled) {
  std::lock_guard lock(logger().mutex);
  logger().to_stderr = enabled;
}

}  // namespace hitl
