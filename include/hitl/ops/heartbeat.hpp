// The kiosk's heartbeat: once a minute (configurable), one log line that says the show is alive
// and how it is doing, so that weeks of journal can be read at a glance and compared by tools:
//
//   heartbeat: up 1d 02:03:04; last 60 s: shown 1800, fps 30.0, dropped 2, decode failures 0;
//   since start: shown 3024000, dropped 15, decode failures 1; resident 412.3 MiB
//
// (one line in the log). The counters are kept by the player; this only formats and paces.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace hitl {

// Totals since the kiosk started.
struct PlaybackCounters {
  std::uint64_t frames_shown = 0;     // frames presented on the display
  std::uint64_t frames_dropped = 0;   // display frames that missed their deadline
  std::uint64_t decode_failures = 0;  // source frames that could not be read or decoded
};

struct HeartbeatSample {
  std::chrono::steady_clock::duration uptime{};  // since the kiosk started
  PlaybackCounters totals;
  std::uint64_t resident_bytes = 0;  // read_resident_bytes() (memory_watch.hpp)
};

// "02:03:04" under a day, "1d 02:03:04" from then on; whole seconds, rounded down.
std::string format_uptime(std::chrono::steady_clock::duration uptime);

// The heartbeat line for the interval from `previous` to `current` (fps over that interval; 0.0
// when it is empty).
std::string format_heartbeat(const HeartbeatSample& previous, const HeartbeatSample& current);

// Says when the next heartbeat is due, measured on the samples' uptime.
class HeartbeatTimer {
 public:
  HeartbeatTimer(std::chrono::steady_clock::duration interval, const HeartbeatSample& start)
      : interval_(interval), previous_(start) {}

  // The line to log when `interval` has passed since the previous line (or the start), else
  // nullopt. Call it every frame with the current sample; it keeps the sample of each line.
  std::optional<std::string> line_if_due(const HeartbeatSample& current);

 private:
  std::chrono::steady_clock::duration interval_;
  HeartbeatSample previous_;
};

}  // namespace hitl
