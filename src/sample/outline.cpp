// Closed-outline geometry for the sample: see outline.hpp.
#include "sample/outline.hpp"

#include <cstddef>

namespace hitl::sample {

namespace {

// Distance from p to the segment a-b.
double distance_to_segment(const Point& p, const Point& a, const Point& b) {
  const double dx = b.first - a.first, dy = b.second - a.second;
  const double length2 = dx * dx + dy * dy;
  double t = 0;
  if (length2 > 0) {
    t = std::clamp(((p.first - a.first) * dx + (p.second - a.second) * dy) / length2, 0.0, 1.0);
  }
  const double ex = a.first + t * dx - p.first, ey = a.second + t * dy - p.second;
  return std::sqrt(ex * ex + ey * ey);
}

// Marks the vertices to keep between first and last (indices into points, last inclusive).
void douglas_peucker(std::span<const Point> points, std::size_t first, std::size_t last,
                     double tolerance_px, std::vector<bool>& keep) {
  std::vector<std::pair<std::size_t, std::size_t>> pending = {{first, last}};
  while (!pending.empty()) {
    const auto [a, b] = pending.back();
    pending.pop_back();
    double farthest = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double d = distance_to_segment(points[i], points[a], points[b % points.size()]);
      if (d > farthest) {
        farthest = d;
        at = i;
      }
    }
    if (farthest > tolerance_px) {
      keep[at] = true;
      pending.push_back({a, at});
      pending.push_back({at, b});
    }
  }
}

}  // namespace

double signed_area(std::span<const Point> outline) {
  double twice = 0;
  for (std::size_t i = 0; i < outline.size(); ++i) {
    const Point& a = outline[i];
    const Point& b = outline[(i + 1) % outline.size()];
    twice += a.first * b.second - b.first * a.second;
  }
  return twice / 2;
}

double perimeter(std::span<const Point> outline) {
  double total = 0;
  for (std::size_t i = 0; i < outline.size(); ++i) {
    const Point& a = outline[i];
    const Point& b = outline[(i + 1) % outline.size()];
    total += std::hypot(b.first - a.first, b.second - a.second);
  }
  return total;
}

Outline simplify_closed(std::span<const Point> outline, double tolerance_px) {
  const std::size_t n = outline.size();
  if (n <= 3) return Outline(outline.begin(), outline.end());
  // A closed outline has no natural ends: split it at its first vertex and the vertex farthest
  // from it, and simplify the two halves as open lines (index n stands for vertex 0 again).
  std::size_t far = 0;
  double far_d2 = -1;
  for (std::size_t i = 1; i < n; ++i) {
    const double dx = outline[i].first - outline[0].first;
    const double dy = outline[i].second - outline[0].second;
    if (dx * dx + dy * dy > far_d2) {
      far_d2 = dx * dx + dy * dy;
      far = i;
    }
  }
  std::vector<bool> keep(n, false);
  keep[0] = keep[far] = true;
  douglas_peucker(outline, 0, far, tolerance_px, keep);
  douglas_peucker(outline, far, n, tolerance_px, keep);
  Outline out;
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) out.push_back(outline[i]);
  }
  if (out.size() < 3) return Outline(outline.begin(), outline.end());
  return out;
}

Outline resample_closed(std::span<const Point> outline, int count) {
  Outline out;
  if (outline.empty() || count <= 0) return out;
  const double total = perimeter(outline);
  if (total <= 0) return Outline(static_cast<std::size_t>(count), outline[0]);
  const double step = total / count;
  std::size_t edge = 0;
  double edge_start = 0;  // arc length where the current edge begins
  for (int k = 0; k < count; ++k) {
    const double s = k * step;
    for (;;) {
      const Point& a = outline[edge];
      const Point& b = outline[(edge + 1) % outline.size()];
      const double length = std::hypot(b.first - a.first, b.second - a.second);
      if (s <= edge_start + length || edge + 1 == outline.size()) {
        const double t = length > 0 ? std::clamp((s - edge_start) / length, 0.0, 1.0) : 0.0;
        out.emplace_back(a.first + t * (b.first - a.first), a.second + t * (b.second - a.second));
        break;
      }
      edge_start += length;
      ++edge;
    }
  }
  return out;
}

}  // namespace hitl::sample
