// A tiny logger: one line per message on stderr, "2024-05-01T12:34:56.789Z warn  message".
//
// For what a person running hitl should see as it happens (the GL driver's debug output, the
// device a context runs on, a fallback taken). Errors about inputs are not logged here: they are
// returned as Diagnostics. Every function may be called from any thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace hitl {

enum class LogLevel { debug, info, warn, error };

// "debug", "info", "warn" or "error".
std::string_view log_level_name(LogLevel level);

// Messages below the minimum level are dropped; the default is info.
void set_log_level(LogLevel minimum);
LogLevel log_level();

// Writes one line. Line breaks inside the message become " | " so that every message stays one
// line, whatever a driver puts in it.
void log(LogLevel level, std::string_view message);

// printf-style shorthands.
void log_debug(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char* format, ...) __attribute__((format(printf, 1, 2)));

// Receives every line that passes the minimum level, exactly as written to stderr (without the
// final line break), after it was written. For tests. The hook is called with the logger's lock
// held: it must not log.
using LogHook = std::function<void(LogLevel level, std::string_view line)>;

// Installs a hook (an empty one removes it) and returns the one it replaces.
LogHook set_log_hook(LogHook hook);

// When false, lines go only to the hook; for tests that provoke errors on purpose.
void set_log_to_stderr(bool enabled);

}  // namespace hitl
