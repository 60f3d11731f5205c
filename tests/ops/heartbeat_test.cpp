// The heartbeat line: exact text from known counters, and one line per interval.
#include <catch2/catch.hpp>

#include "hitl/ops/heartbeat.hpp"

using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t mebibyte = std::uint64_t{1} << 20;

}  // namespace

TEST_CASE("Uptime reads as hours, minutes and seconds, with days once there are some", "[ops]") {
  CHECK(hitl::format_uptime(0s) == "00:00:00");
  CHECK(hitl::format_uptime(59s + 999ms) == "00:00:59");
  CHECK(hitl::format_uptime(2h + 3min + 4s) == "02:03:04");
  CHECK(hitl::format_uptime(24h) == "1d 00:00:00");
  CHECK(hitl::format_uptime(21 * 24h + 23h + 59min + 59s) == "21d 23:59:59");
}

TEST_CASE("The heartbeat line gives the interval's counts and fps, the totals and memory",
          "[ops]") {
  const hitl::HeartbeatSample previous{
      .uptime = 1 * 24h + 2h + 2min + 4s,
      .totals = {.frames_shown = 3022200, .frames_dropped = 13, .decode_failures = 1},
      .resident_bytes = 400 * mebibyte};
  const hitl::HeartbeatSample current{
      .uptime = 1 * 24h + 2h + 3min + 4s,
      .totals = {.frames_shown = 3024000, .frames_dropped = 15, .decode_failures = 1},
      .resident_bytes = 412 * mebibyte + 3 * mebibyte / 10};
  CHECK(hitl::format_heartbeat(previous, current) ==
        "heartbeat: up 1d 02:03:04; last 60 s: shown 1800, fps 30.0, dropped 2, decode failures "
        "0; since start: shown 3024000, dropped 15, decode failures 1; resident 412.3 MiB");
}

TEST_CASE("A heartbeat over an empty interval shows 0.0 fps", "[ops]") {
  const hitl::HeartbeatSample sample{.uptime = 5s, .totals = {}, .resident_bytes = 0};
  CHECK(hitl::format_heartbeat(sample, sample) ==
        "heartbeat: up 00:00:05; last 0 s: shown 0, fps 0.0, dropped 0, decode failures 0; "
        "since start: shown 0, dropped 0, decode failures 0; resident 0.0 MiB");
}

TEST_CASE("The heartbeat timer gives one line per interval, measured from the last line", "[ops]") {
  hitl::HeartbeatTimer timer(60s, hitl::HeartbeatSample{});
  auto sample_at = [](std::chrono::steady_clock::duration uptime, std::uint64_t shown) {
    return hitl::HeartbeatSample{
        .uptime = uptime, .totals = {.frames_shown = shown}, .resident_bytes = 100 * mebibyte};
  };
  CHECK_FALSE(timer.line_if_due(sample_at(59s, 1770)));
  const auto first = timer.line_if_due(sample_at(60s + 300ms, 1809));
  REQUIRE(first);
  CHECK_THAT(*first, Catch::StartsWith("heartbeat: up 00:01:00; last 60 s: shown 1809, fps 30.0,"));
  CHECK_FALSE(timer.line_if_due(sample_at(120s, 3600)));
  const auto second = timer.line_if_due(sample_at(120s + 300ms, 3609));
  REQUIRE(second);
  CHECK_THAT(*second,
             Catch::StartsWith("heartbeat: up 00:02:00; last 60 s: shown 1800, fps 30.0,"));
}
