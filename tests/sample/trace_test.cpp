// Tracing the parts of a part image into outlines: exact on rectangles, within a pixel on curves,
// the largest piece of a split part, parts cut by the image border, absent parts.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "hitl/sample/crowd.hpp"
#include "sample/outline.hpp"

namespace {

struct Image {
  int width_px, height_px;
  std::vector<std::uint8_t> ids;

  Image(int w, int h) : width_px(w), height_px(h), ids(static_cast<std::size_t>(w * h), 0) {}
  std::uint8_t& at(int x, int y) { return ids[static_cast<std::size_t>(y * width_px + x)]; }
  void rect(int x0, int y0, int x1, int y1, std::uint8_t id) {  // x1, y1 exclusive
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) at(x, y) = id;
    }
  }
  void disc(double cx, double cy, double r, std::uint8_t id) {
    for (int y = 0; y < height_px; ++y) {
      for (int x = 0; x < width_px; ++x) {
        if (std::hypot(x + 0.5 - cx, y + 0.5 - cy) <= r) at(x, y) = id;
      }
    }
  }
};

// The pixels whose centres an outline covers.
std::vector<std::uint8_t> filled(const hitl::PartOutline& part, int width_px, int height_px) {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(width_px * height_px), 0);
  hitl::sample::for_each_filled_span(part.points, width_px, height_px, [&](int y, int x0, int x1) {
    for (int x = x0; x <= x1; ++x) out[static_cast<std::size_t>(y * width_px + x)] = 1;
  });
  return out;
}

const hitl::PartOutline* find_part(const hitl::FrameTruth& truth, int id) {
  for (const auto& part : truth.parts) {
    if (part.category_id == id) return &part;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("A rectangular part traces to its four corners on pixel edges", "[sample]") {
  Image image(20, 10);
  image.rect(3, 2, 9, 6, 1);
  const auto truth = hitl::trace_parts(7, image.ids, image.width_px, image.height_px);
  CHECK(truth.frame_number == 7);
  REQUIRE(truth.parts.size() == 1);
  CHECK(truth.parts[0].category_id == 1);
  using P = std::pair<double, double>;
  CHECK(truth.parts[0].points == std::vector<P>{{3, 2}, {9, 2}, {9, 6}, {3, 6}});
}

TEST_CASE("A disc's outline, filled again, gives back its pixels but for a few at its edge",
          "[sample]") {
  Image image(120, 100);
  image.disc(60, 50, 30, 2);
  const auto truth = hitl::trace_parts(1, image.ids, image.width_px, image.height_px);
  REQUIRE(truth.parts.size() == 1);
  const auto& part = truth.parts[0];
  CHECK(part.category_id == 2);
  // Simplified: far fewer vertices than the ~240 corners of the pixel staircase.
  CHECK(part.points.size() < 80);
  const auto again = filled(part, image.width_px, image.height_px);
  int same = 0, differ = 0;
  for (std::size_t i = 0; i < again.size(); ++i) {
    const bool in = image.ids[i] == 2;
    if (in && again[i]) ++same;
    if (in != (again[i] != 0)) ++differ;
  }
  // Within a pixel of the edge, at most about one pixel in three along the perimeter (188 px)
  // can change sides.
  CHECK(same > 2700);
  CHECK(differ < 70);
}

TEST_CASE("A part in two pieces keeps the larger; pieces touching at a corner are one",
          "[sample]") {
  Image image(40, 30);
  image.rect(2, 2, 6, 6, 3);      // 16 pixels
  image.rect(20, 10, 30, 20, 3);  // 100 pixels
  image.rect(30, 20, 33, 23, 3);  // touches the big one at its corner (30, 20): 9 more
  const auto truth = hitl::trace_parts(1, image.ids, image.width_px, image.height_px);
  const auto* part = find_part(truth, 3);
  REQUIRE(part != nullptr);
  double min_x = 1e9, max_x = -1e9, min_y = 1e9, max_y = -1e9;
  for (const auto& [x, y] : part->points) {
    min_x = std::min(min_x, x);
    max_x = std::max(max_x, x);
    min_y = std::min(min_y, y);
    max_y = std::max(max_y, y);
  }
  CHECK(min_x == 20);
  CHECK(min_y == 10);
  CHECK(max_x == 33);
  CHECK(max_y == 23);
  const auto again = filled(*part, image.width_px, image.height_px);
  int count = 0;
  for (const auto v : again) count += v;
  CHECK(count == 109);
}

TEST_CASE("A part cut by the image border is traced along the border", "[sample]") {
  Image image(30, 20);
  image.rect(0, 5, 30, 9, 5);   // a cable across the whole width
  image.rect(25, 0, 30, 3, 4);  // a wheel in the top-right corner
  const auto truth = hitl::trace_parts(1, image.ids, image.width_px, image.height_px);
  using P = std::pair<double, double>;
  const auto* cable = find_part(truth, 5);
  const auto* wheel = find_part(truth, 4);
  REQUIRE(cable != nullptr);
  REQUIRE(wheel != nullptr);
  CHECK(cable->points == std::vector<P>{{0, 5}, {30, 5}, {30, 9}, {0, 9}});
  CHECK(wheel->points == std::vector<P>{{25, 0}, {30, 0}, {30, 3}, {25, 3}});
}

TEST_CASE("Parts absent from the image have no outline, and ids above 5 are backdrop", "[sample]") {
  Image image(16, 16);
  CHECK(hitl::trace_parts(3, image.ids, 16, 16).parts.empty());
  image.rect(4, 4, 8, 8, 9);
  image.at(0, 0) = 1;  // one pixel
  const auto truth = hitl::trace_parts(3, image.ids, 16, 16);
  REQUIRE(truth.parts.size() == 1);
  CHECK(truth.parts[0].category_id == 1);
  CHECK(truth.parts[0].points.size() == 4);
  CHECK(hitl::trace_parts(1, {}, 0, 0).parts.empty());
}
