// Frame pacing statistics: see frame_pacing.hpp.
#include "hitl/live/frame_pacing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hitl {

void DurationHistogram::add(double seconds) {
  const double clamped = std::max(seconds, 0.0);
  const auto bin = static_cast<int>(std::min(clamped / bin_s, static_cast<double>(bins)));
  ++counts_[static_cast<std::size_t>(bin)];
  ++count_;
  max_s_ = std::max(max_s_, clamped);
}

double DurationHistogram::percentile_s(double fraction) const {
  if (count_ == 0) return 0;
  // The rank of the sample asked for, 1-based: the smallest that has `fraction` at or below it.
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(std::clamp(fraction, 0.0, 1.0) * count_)));
  std::uint64_t seen = 0;
  for (int bin = 0; bin <= bins; ++bin) {
    seen += counts_[static_cast<std::size_t>(bin)];
    if (seen >= rank) return std::min(bin + 1, bins) * bin_s;
  }
  return bins * bin_s;
}

void DurationHistogram::clear() {
  counts_.fill(0);
  count_ = 0;
  max_s_ = 0;
}

void FramePacing::record_present(double interval_s, double work_s) {
  ++frames_;
  work_.add(work_s);
  if (interval_s < 0) return;
  intervals_.add(interval_s);
  // Half an interval of slack: a present that came one refresh late missed its vblank.
  if (interval_s > 1.5 * target_interval_s_) ++missed_;
}

FramePacingReport FramePacing::report() const {
  FramePacingReport report;
  report.frames = frames_;
  report.interval_p50_s = intervals_.percentile_s(0.5);
  report.interval_p99_s = intervals_.percentile_s(0.99);
  report.interval_max_s = intervals_.max_s();
  report.work_p50_s = work_.percentile_s(0.5);
  report.work_p99_s = work_.percentile_s(0.99);
  report.missed_deadlines = missed_;
  report.decode_misses = decode_misses_;
  report.target_interval_s = target_interval_s_;
  return report;
}

std::string FramePacingReport::to_string() const {
  char line[400];
  std::snprintf(line, sizeof line,
                "frames %llu; frame interval p50 %.1f ms, p99 %.1f ms, max %.1f ms (target %.1f "
                "ms); drawing p50 %.1f ms, p99 %.1f ms; missed deadlines %llu; decode misses %llu",
                static_cast<unsigned long long>(frames), interval_p50_s * 1e3, interval_p99_s * 1e3,
                interval_max_s * 1e3, target_interval_s * 1e3, work_p50_s * 1e3, work_p99_s * 1e3,
                static_cast<unsigned long long>(missed_deadlines),
                static_cast<unsigned long long>(decode_misses));
  return line;
}

}  // namespace hitl
