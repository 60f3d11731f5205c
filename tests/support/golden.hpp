// Golden images: a rendered picture compared with a reviewed PNG in tests/golden/.
//
// Set HITL_UPDATE_GOLDENS=1 to (re)write the goldens from what is rendered now; review every
// changed PNG by eye before committing it. On a mismatch the rendered image and a difference image
// are written next to the test's working folder (golden-failures/) for review.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hitl::test {

struct GoldenTolerance {
  // A pixel matches when no channel differs by more than this many levels (of 255).
  int max_channel_difference = 2;
  // The share of pixels (0..1) that may fail that test.
  double max_mismatched_share = 0.005;
};

struct GoldenResult {
  bool matches = false;
  std::string message;  // why not, with the paths of the failure images
};

// Compares RGBA pixels (rows top first) with tests/golden/<name>.png.
GoldenResult compare_with_golden(const std::string& name, const std::vector<std::uint8_t>& rgba,
                                 int width_px, int height_px,
                                 const GoldenTolerance& tolerance = {});

}  // namespace hitl::test
