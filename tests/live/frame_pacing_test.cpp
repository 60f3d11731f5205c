// Frame pacing statistics: percentiles from the fixed histogram, missed deadlines, the log line.
#include <catch2/catch.hpp>

#include "hitl/live/frame_pacing.hpp"

TEST_CASE("Duration percentiles are exact to the histogram's 0.1 ms bins", "[play]") {
  hitl::DurationHistogram histogram;
  CHECK(histogram.percentile_s(0.5) == 0);
  for (int i = 1; i <= 100; ++i) histogram.add(i * 1e-3);  // 1 ms .. 100 ms
  CHECK(histogram.count() == 100);
  CHECK(histogram.percentile_s(0.5) == Approx(50e-3).margin(1e-4));
  CHECK(histogram.percentile_s(0.99) == Approx(99e-3).margin(1e-4));
  CHECK(histogram.max_s() == Approx(100e-3));
  histogram.add(10.0);  // past the last bin: counted at its edge, the maximum kept
  CHECK(histogram.percentile_s(1.0) == Approx(0.25));
  CHECK(histogram.max_s() == Approx(10.0));
}

TEST_CASE("A present later than one and a half frame intervals is a missed deadline", "[play]") {
  hitl::FramePacing pacing(1.0 / 60);
  pacing.record_present(-1, 0.004);  // the first: no interval
  pacing.record_present(1.0 / 60, 0.005);
  pacing.record_present(0.024, 0.006);  // 1.44 intervals: still on time
  pacing.record_present(0.034, 0.030);  // two intervals: one vblank missed
  pacing.record_decode_miss();
  const hitl::FramePacingReport report = pacing.report();
  CHECK(report.frames == 4);
  CHECK(report.missed_deadlines == 1);
  CHECK(report.decode_misses == 1);
  CHECK(report.interval_p50_s == Approx(0.0241).margin(1.5e-4));
  CHECK(report.work_p99_s == Approx(0.0300).margin(1.5e-4));  // a bin's upper edge
  CHECK_THAT(report.to_string(), Catch::Contains("missed deadlines 1; decode misses 1"));
}
