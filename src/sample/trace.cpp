// The ground truth's outlines: each part's largest 8-connected piece in a part image, traced
// along the cracks between pixels (so that filling the outline at pixel centres gives back exactly
// the piece's pixels, holes filled) and simplified to within about a pixel.
#include <array>
#include <cassert>
#include <cstddef>

#include "hitl/sample/crowd.hpp"
#include "sample/outline.hpp"

namespace hitl {

namespace {

constexpr int kPartCount = 5;
constexpr double kSimplifyTolerancePx = 1.0;

struct Piece {
  std::size_t pixels = 0;
  int x = 0, y = 0;  // its first pixel in raster order: the top row's leftmost
};

// The largest 8-connected piece of each part id 1..5 (pixels == 0 where a part is absent).
std::array<Piece, kPartCount + 1> largest_pieces(const std::vector<std::uint8_t>& parts,
                                                 int width_px, int height_px) {
  std::array<Piece, kPartCount + 1> largest{};
  std::vector<std::uint8_t> seen(parts.size(), 0);
  std::vector<std::size_t> stack;
  const auto w = static_cast<std::size_t>(width_px);
  for (int y = 0; y < height_px; ++y) {
    for (int x = 0; x < width_px; ++x) {
      const std::size_t start = static_cast<std::size_t>(y) * w + static_cast<std::size_t>(x);
      const std::uint8_t id = parts[start];
      if (id == 0 || id > kPartCount || seen[start]) continue;
      std::size_t count = 0;
      seen[start] = 1;
      stack.push_back(start);
      while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        ++count;
        const int px = static_cast<int>(i % w), py = static_cast<int>(i / w);
        for (int dy = -1; dy <= 1; ++dy) {
          for (int dx = -1; dx <= 1; ++dx) {
            const int nx = px + dx, ny = py + dy;
            if (nx < 0 || ny < 0 || nx >= width_px || ny >= height_px) continue;
            const std::size_t j = static_cast<std::size_t>(ny) * w + static_cast<std::size_t>(nx);
            if (parts[j] == id && !seen[j]) {
              seen[j] = 1;
              stack.push_back(j);
            }
          }
        }
      }
      // Ties keep the first piece found, so the result does not depend on anything but pixels.
      if (count > largest[id].pixels) largest[id] = {count, x, y};
    }
  }
  return largest;
}

// Follows the outer boundary of the 8-connected piece whose top-left pixel is (x0, y0), along
// pixel edges, clockwise on screen (the piece on the right hand), and returns the corners where
// it turns. Directions: 0 east, 1 south, 2 west, 3 north.
sample::Outline trace_piece(const std::vector<std::uint8_t>& parts, int width_px, int height_px,
                            std::uint8_t id, int x0, int y0) {
  const auto inside = [&](int x, int y) {
    return x >= 0 && y >= 0 && x < width_px && y < height_px &&
           parts[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px) +
                 static_cast<std::size_t>(x)] == id;
  };
  constexpr std::array<int, 4> kStepX = {1, 0, -1, 0}, kStepY = {0, 1, 0, -1};
  // The pixels ahead of a corner, on the left and on the right of the direction of travel.
  const auto ahead = [](int d, int cx, int cy, bool left) -> std::pair<int, int> {
    switch (d) {
      case 0:
        return left ? std::pair{cx, cy - 1} : std::pair{cx, cy};
      case 1:
        return left ? std::pair{cx, cy} : std::pair{cx - 1, cy};
      case 2:
        return left ? std::pair{cx - 1, cy} : std::pair{cx - 1, cy - 1};
      default:
        return left ? std::pair{cx - 1, cy - 1} : std::pair{cx, cy - 1};
    }
  };

  // The top-left corner of the top row's leftmost pixel has no other pixel of the piece around
  // it, so the boundary passes it once, arriving northwards and leaving eastwards.
  sample::Outline corners = {{x0, y0}};
  int cx = x0 + 1, cy = y0, d = 0;
  const std::size_t max_steps =
      4 * (static_cast<std::size_t>(width_px) + 1) * (static_cast<std::size_t>(height_px) + 1);
  for (std::size_t step = 0; step < max_steps && !(cx == x0 && cy == y0); ++step) {
    const auto [lx, ly] = ahead(d, cx, cy, true);
    const auto [rx, ry] = ahead(d, cx, cy, false);
    int turned = d;
    if (inside(lx, ly)) {
      turned = (d + 3) % 4;  // a diagonal neighbour counts as connected: keep to it
    } else if (!inside(rx, ry)) {
      turned = (d + 1) % 4;
    }
    if (turned != d) corners.emplace_back(cx, cy);
    d = turned;
    cx += kStepX[static_cast<std::size_t>(d)];
    cy += kStepY[static_cast<std::size_t>(d)];
  }
  return corners;
}

}  // namespace

FrameTruth trace_parts(int frame_number, const std::vector<std::uint8_t>& parts, int width_px,
                       int height_px) {
  assert(width_px >= 0 && height_px >= 0 &&
         parts.size() == static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px) &&
         "trace_parts: the part image must hold width_px * height_px ids");
  FrameTruth truth;
  truth.frame_number = frame_number;
  const auto pieces = largest_pieces(parts, width_px, height_px);
  for (int id = 1; id <= kPartCount; ++id) {
    const Piece& piece = pieces[static_cast<std::size_t>(id)];
    if (piece.pixels == 0) continue;
    const auto corners =
        trace_piece(parts, width_px, height_px, static_cast<std::uint8_t>(id), piece.x, piece.y);
    truth.parts.push_back({id, sample::simplify_closed(corners, kSimplifyTolerancePx)});
  }
  return truth;
}

}  // namespace hitl
