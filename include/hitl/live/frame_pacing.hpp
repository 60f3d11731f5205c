// Frame pacing statistics for the live window (`play`, `kiosk`): how long frames took, how many
// were presented late, how many showed a picture that was not decoded in time.
//
// Durations go into a fixed histogram (0.1 ms bins up to 250 ms, one overflow bin), so the
// percentiles cost constant memory however long a kiosk runs, and are exact to 0.1 ms.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace hitl {

class DurationHistogram {
 public:
  void add(double seconds);
  std::uint64_t count() const { return count_; }
  // The duration below which `fraction` (0..1) of the samples fall, to the bin's upper edge;
  // 0 when empty. Durations past the last bin count as the last bin's edge (250 ms).
  double percentile_s(double fraction) const;
  double max_s() const { return max_s_; }
  void clear();

 private:
  static constexpr double bin_s = 1e-4;
  static constexpr int bins = 2500;
  std::array<std::uint32_t, bins + 1> counts_{};
  std::uint64_t count_ = 0;
  double max_s_ = 0;
};

struct FramePacingReport {
  std::uint64_t frames = 0;
  double interval_p50_s = 0, interval_p99_s = 0, interval_max_s = 0;  // present to present
  double work_p50_s = 0, work_p99_s = 0;  // drawing a frame, before presenting it
  std::uint64_t missed_deadlines = 0;     // presents later than 1.5 frame intervals
  std::uint64_t decode_misses = 0;        // frames drawn with a picture not decoded yet
  double target_interval_s = 0;
  // One line for the log: "frames 3600, interval p50 16.7 ms p99 18.2 ms, ...".
  std::string to_string() const;
};

class FramePacing {
 public:
  // `target_interval_s`: the display's refresh interval (or the paced rate without vsync).
  explicit FramePacing(double target_interval_s) : target_interval_s_(target_interval_s) {}

  // A frame was presented `interval_s` after the previous one, having taken `work_s` to draw.
  // The first present of a run has no interval: pass a negative one.
  void record_present(double interval_s, double work_s);
  // A frame was drawn while its picture was still being decoded (an older one was shown).
  void record_decode_miss() { ++decode_misses_; }

  double target_interval_s() const { return target_interval_s_; }
  FramePacingReport report() const;

 private:
  double target_interval_s_;
  DurationHistogram intervals_, work_;
  std::uint64_t frames_ = 0;
  std::uint64_t missed_ = 0;
  std::uint64_t decode_misses_ = 0;
};

}  // namespace hitl
