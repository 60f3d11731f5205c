// The heartbeat line and its pacing; see heartbeat.hpp.
#include "hitl/ops/heartbeat.hpp"

#include <cinttypes>
#include <cstdio>

#include "hitl/ops/memory_watch.hpp"

namespace hitl {

std::string format_uptime(std::chrono::steady_clock::duration uptime) {
  const auto total_s = std::chrono::duration_cast<std::chrono::seconds>(uptime).count();
  const auto days = total_s / 86400;
  const auto hours = total_s % 86400 / 3600;
  const auto minutes = total_s % 3600 / 60;
  const auto seconds = total_s % 60;
  char text[48];
  if (days > 0) {
    std::snprintf(text, sizeof text, "%lldd %02lld:%02lld:%02lld", static_cast<long long>(days),
                  static_cast<long long>(hours), static_cast<long long>(minutes),
                  static_cast<long long>(seconds));
  } else {
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", static_cast<long long>(hours),
                  static_cast<long long>(minutes), static_cast<long long>(seconds));
  }
  return text;
}

std::string format_heartbeat(const HeartbeatSample& previous, const HeartbeatSample& current) {
  const double interval_s = std::chrono::duration<double>(current.uptime - previous.uptime).count();
  const PlaybackCounters& now = current.totals;
  const PlaybackCounters& before = previous.totals;
  const std::uint64_t shown = now.frames_shown - before.frames_shown;
  const double fps = interval_s > 0 ? static_cast<double>(shown) / interval_s : 0.0;
  char text[512];
  std::snprintf(text, sizeof text,
                "heartbeat: up %s; last %.0f s: shown %" PRIu64 ", fps %.1f, dropped %" PRIu64
                ", decode failures %" PRIu64 "; since start: shown %" PRIu64 ", dropped %" PRIu64
                ", decode failures %" PRIu64 "; resident %s",
                format_uptime(current.uptime).c_str(), interval_s, shown, fps,
                now.frames_dropped - before.frames_dropped,
                now.decode_failures - before.decode_failures, now.frames_shown, now.frames_dropped,
                now.decode_failures, format_mebibytes(current.resident_bytes).c_str());
  return text;
}

std::optional<std::string> HeartbeatTimer::line_if_due(const HeartbeatSample& current) {
  if (current.uptime - previous_.uptime < interval_) return std::nullopt;
  std::string line = format_heartbeat(previous_, current);
  previous_ = current;
  return line;
}

}  // namespace hitl
