// A part image of a mouse-like arrangement of ellipses and a wavy strip (body, two buttons, a
// scroll wheel, a cable leaving the front), turned about the image centre: ground truth for the
// crowd tests without the GL renderer.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "hitl/sample/crowd.hpp"

namespace sample_test {

// Ids as MouseFrame::parts has them: 0 backdrop, 1 Body ... 5 Cable. Later parts cover earlier.
inline std::vector<std::uint8_t> synthetic_mouse_parts(int width_px, int height_px,
                                                       double angle_rad) {
  std::vector<std::uint8_t> parts(static_cast<std::size_t>(width_px) *
                                  static_cast<std::size_t>(height_px));
  const double size = std::min(width_px, height_px), c = std::cos(angle_rad),
               s = std::sin(angle_rad);
  const auto in_ellipse = [](double u, double v, double cu, double cv, double ru, double rv) {
    const double a = (u - cu) / ru, b = (v - cv) / rv;
    return a * a + b * b <= 1;
  };
  for (int y = 0; y < height_px; ++y) {
    for (int x = 0; x < width_px; ++x) {
      const double dx = x + 0.5 - width_px / 2.0, dy = y + 0.5 - height_px / 2.0;
      // The mouse's own frame, in units of the image's shorter side: u to its right, v to its back.
      const double u = (dx * c + dy * s) / size, v = (dy * c - dx * s) / size;
      std::uint8_t id = 0;
      if (in_ellipse(u, v, 0, 0.05, 0.19, 0.30)) id = 1;
      if (in_ellipse(u, v, -0.085, -0.16, 0.065, 0.075)) id = 2;
      if (in_ellipse(u, v, 0.085, -0.16, 0.065, 0.075)) id = 3;
      if (in_ellipse(u, v, 0, -0.17, 0.018, 0.04)) id = 4;
      if (v < -0.23 && v > -0.7 && std::abs(u - 0.03 * std::sin(9 * (-0.245 - v) / 0.23)) < 0.012) {
        id = 5;
      }
      parts[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px) +
            static_cast<std::size_t>(x)] = id;
    }
  }
  return parts;
}

// Frames 1..count of one full turn, traced.
inline std::vector<hitl::FrameTruth> synthetic_frames(int count, int width_px, int height_px) {
  std::vector<hitl::FrameTruth> frames;
  for (int i = 0; i < count; ++i) {
    const double angle = 2 * std::numbers::pi * i / count;
    frames.push_back(hitl::trace_parts(i + 1, synthetic_mouse_parts(width_px, height_px, angle),
                                       width_px, height_px));
  }
  return frames;
}

}  // namespace sample_test
