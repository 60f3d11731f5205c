// Plane geometry of closed outlines (polygons of source pixels, x right, y down), shared by the
// tracer of the ground truth and the simulated workers: area, simplification, resampling and a
// scanline fill.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

namespace hitl::sample {

using Point = std::pair<double, double>;
using Outline = std::vector<Point>;

// Shoelace area; positive when the outline runs clockwise on screen (y down).
double signed_area(std::span<const Point> outline);

// Douglas-Peucker on a closed outline: drops vertices while every dropped one stays within
// tolerance_px of the simplified outline. Keeps at least three vertices (returns the input when
// it has fewer, or when simplifying would leave fewer).
Outline simplify_closed(std::span<const Point> outline, double tolerance_px);

// `count` points evenly spaced along the closed outline's perimeter, starting at its first vertex.
Outline resample_closed(std::span<const Point> outline, int count);

double perimeter(std::span<const Point> outline);

// Calls span(y, x_first, x_last) for each run of pixels whose centre lies inside the outline
// (even-odd rule), clipped to a width_px x height_px image. Pixel (x, y) covers [x, x+1) x [y,
// y+1).
template <class SpanFn>
void for_each_filled_span(std::span<const Point> outline, int width_px, int height_px,
                          SpanFn&& span) {
  if (outline.size() < 3) return;
  double min_y = outline[0].second, max_y = outline[0].second;
  for (const auto& p : outline) {
    min_y = std::min(min_y, p.second);
    max_y = std::max(max_y, p.second);
  }
  const int y0 = std::max(0, static_cast<int>(std::floor(min_y)));
  const int y1 = std::min(height_px - 1, static_cast<int>(std::ceil(max_y)));
  std::vector<double> crossings;
  for (int y = y0; y <= y1; ++y) {
    const double yc = y + 0.5;
    crossings.clear();
    for (std::size_t i = 0; i < outline.size(); ++i) {
      const Point& a = outline[i];
      const Point& b = outline[(i + 1) % outline.size()];
      if ((a.second <= yc) == (b.second <= yc)) continue;
      crossings.push_back(a.first + (yc - a.second) / (b.second - a.second) * (b.first - a.first));
    }
    std::sort(crossings.begin(), crossings.end());
    for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
      // Pixel x is inside when its centre x + 0.5 lies in [left, right).
      const double left = std::clamp(crossings[i] - 0.5, -1.0, double(width_px));
      const double right = std::clamp(crossings[i + 1] - 0.5, -1.0, double(width_px));
      const int x_first = std::max(0, static_cast<int>(std::ceil(left)));
      const int x_last = std::min(width_px - 1, static_cast<int>(std::ceil(right)) - 1);
      if (x_first <= x_last) span(y, x_first, x_last);
    }
  }
}

}  // namespace hitl::sample
