#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <utility>
#include <vector>

#include "hitl/data/coco_rle.hpp"
#include "hitl/render/mask_labels.hpp"
#include "support/render_fixture.hpp"

namespace {

// A dataset of one frame (8x6) with one submission whose masks are given as column-major runs.
hitl::Dataset one_submission(std::vector<std::pair<int, hitl::MaskRle>> masks) {
  hitl::DatasetParts parts;
  parts.categories = hitl::mouse_categories();
  parts.frames = {{1, "", 8, 6}};
  hitl::Submission submission;
  submission.worker_id = "A1B2C3D4E5F6G7";
  submission.frame_number = 1;
  for (auto& [category, mask] : masks) {
    hitl::Annotation annotation;
    annotation.id = static_cast<int>(parts.annotations.size()) + 1;
    annotation.category_id = category;
    annotation.bbox = mask.bounds().value_or(hitl::BoxPx{});
    annotation.mask = std::move(mask);
    submission.annotations.push_back(static_cast<int>(parts.annotations.size()));
    parts.annotations.push_back(std::move(annotation));
  }
  parts.submissions.push_back(std::move(submission));
  auto dataset = hitl::Dataset::create(std::move(parts), "test");
  REQUIRE(dataset.ok());
  return std::move(*dataset);
}

hitl::MaskRle rect_mask(int x, int y, int w, int h) {
  auto mask = hitl::rasterize_polygons({{double(x), double(y), double(x + w), double(y),
                                         double(x + w), double(y + h), double(x), double(y + h)}},
                                       8, 6);
  REQUIRE(mask.ok());
  return *mask;
}

std::string rows(const hitl::LabelImage& image) {
  std::string text;
  for (int y = 0; y < image.height_px; ++y) {
    for (int x = 0; x < image.width_px; ++x) text += static_cast<char>('0' + image.at(x, y));
    text += '\n';
  }
  return text;
}

}  // namespace

TEST_CASE("Masks are painted pixel for pixel at the source size", "[render][mask]") {
  const auto dataset = one_submission({{1, rect_mask(1, 1, 6, 4)}, {2, rect_mask(2, 2, 2, 1)}});
  const auto image = hitl::make_label_image(dataset, hitl::Scene::defaults(), 0, 8, 6);
  CHECK(image.parts == 2);
  CHECK(rows(image) ==
        "00000000\n"
        "01111110\n"
        "01221110\n"
        "01111110\n"
        "01111110\n"
        "00000000\n");
}

TEST_CASE("A later category is painted over an earlier one whatever the order drawn",
          "[render][mask]") {
  const auto dataset = one_submission({{2, rect_mask(2, 2, 2, 1)}, {1, rect_mask(1, 1, 6, 4)}});
  const auto image = hitl::make_label_image(dataset, hitl::Scene::defaults(), 0, 8, 6);
  CHECK(image.at(2, 2) == 2);
  CHECK(image.at(1, 1) == 1);
}

TEST_CASE("Masks are sampled at pixel centres when drawn smaller or larger", "[render][mask]") {
  const auto dataset = one_submission({{1, rect_mask(0, 0, 4, 6)}});
  const auto half = hitl::make_label_image(dataset, hitl::Scene::defaults(), 0, 4, 3);
  CHECK(rows(half) == "1100\n1100\n1100\n");
  const auto twice = hitl::make_label_image(dataset, hitl::Scene::defaults(), 0, 16, 12);
  for (int y = 0; y < 12; ++y) {
    CHECK(twice.at(7, y) == 1);
    CHECK(twice.at(8, y) == 0);
  }
}

TEST_CASE("Hidden classes are left out of the label image", "[render][mask]") {
  const auto dataset = one_submission({{1, rect_mask(1, 1, 6, 4)}, {2, rect_mask(2, 2, 2, 1)}});
  hitl::Scene scene = hitl::Scene::defaults();
  scene.style.hidden_classes = {1};
  const auto image = hitl::make_label_image(dataset, scene, 0, 8, 6);
  CHECK(image.parts == 1);
  CHECK(image.at(1, 1) == 0);
  CHECK(image.at(2, 2) == 2);
}

TEST_CASE("Outlines mark the pixels within the width of another part, not the picture's border",
          "[render][mask]") {
  const auto dataset = one_submission({{1, rect_mask(0, 0, 8, 6)}, {2, rect_mask(3, 2, 2, 2)}});
  auto image = hitl::make_label_image(dataset, hitl::Scene::defaults(), 0, 8, 6);
  hitl::mark_outlines(image, 1);
  std::string marks;
  for (int y = 0; y < 6; ++y) {
    for (int x = 0; x < 8; ++x) marks += (image.at(x, y) & hitl::outline_bit) ? '#' : '.';
    marks += '\n';
  }
  CHECK(marks ==
        "........\n"
        "...##...\n"
        "..####..\n"
        "..####..\n"
        "...##...\n"
        "........\n");
  // The class stays in the low bits.
  CHECK((image.at(2, 2) & 0x7f) == 1);
  CHECK((image.at(3, 2) & 0x7f) == 2);
}

TEST_CASE("A wider outline reaches further in, diagonals included", "[render][mask]") {
  const auto dataset = one_submission({{1, rect_mask(1, 1, 6, 4)}});
  auto image = hitl::make_label_image(dataset, hitl::Scene::defaults(), 0, 8, 6);
  hitl::mark_outlines(image, 2);
  int marked = 0;
  for (int y = 0; y < 6; ++y) {
    for (int x = 0; x < 8; ++x) marked += (image.at(x, y) & hitl::outline_bit) ? 1 : 0;
  }
  CHECK(marked == 24);  // all of the 6x4 part: no pixel is more than 2 px from its edge
}

TEST_CASE("A label image built into a used one is the one built afresh, outlines included",
          "[render][mask]") {
  const auto large = one_submission({{1, rect_mask(0, 0, 8, 6)}, {2, rect_mask(3, 2, 2, 2)}});
  const auto small = one_submission({{1, rect_mask(5, 3, 2, 2)}});
  hitl::LabelImage reused;
  hitl::make_label_image(large, hitl::Scene::defaults(), 0, 8, 6, reused);
  hitl::mark_outlines(reused, 2);
  hitl::make_label_image(small, hitl::Scene::defaults(), 0, 8, 6, reused);
  hitl::mark_outlines(reused, 1);
  auto fresh = hitl::make_label_image(small, hitl::Scene::defaults(), 0, 8, 6);
  hitl::mark_outlines(fresh, 1);
  CHECK(reused.labels == fresh.labels);
  CHECK(reused.parts == 1);
  // The bounds hold exactly the labelled pixels, which the outlines are marked within.
  CHECK(std::vector<int>(reused.bounds, reused.bounds + 4) == std::vector<int>{5, 3, 2, 2});
  // A 2x2 part is all edge; nothing outside it is marked.
  CHECK(reused.at(5, 3) == (1 | hitl::outline_bit));
  CHECK(reused.at(6, 4) == (1 | hitl::outline_bit));
  CHECK(reused.at(4, 3) == 0);
}

TEST_CASE("Outlines of every width match the chamfer distance to the nearest edge, brute force",
          "[render][mask]") {
  // Blobs of a few labels with holes in them; every labelled pixel checked against the distance
  // worked out here from every seed (a labelled pixel with a differently labelled 4-neighbour
  // inside the image): 3 + 3 * max(|dx|, |dy|) + min(|dx|, |dy|) thirds of a pixel. Narrow
  // outlines are marked around the seeds, wide ones by a distance transform: both are checked.
  std::uint32_t state = 12345;
  const auto next = [&](std::uint32_t below) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % below;
  };
  for (int image_number = 0; image_number < 12; ++image_number) {
    hitl::LabelImage image;
    image.width_px = 30 + static_cast<int>(next(30));
    image.height_px = 20 + static_cast<int>(next(30));
    image.labels.assign(static_cast<std::size_t>(image.width_px * image.height_px), 0);
    int min_x = image.width_px, min_y = image.height_px, max_x = -1, max_y = -1;
    for (int blob = 0; blob < 4; ++blob) {
      const int x0 = static_cast<int>(next(static_cast<std::uint32_t>(image.width_px)));
      const int y0 = static_cast<int>(next(static_cast<std::uint32_t>(image.height_px)));
      const int width = 3 + static_cast<int>(next(20)), height = 3 + static_cast<int>(next(20));
      const auto label = static_cast<std::uint8_t>(1 + next(4));
      for (int y = y0; y < std::min(image.height_px, y0 + height); ++y) {
        for (int x = x0; x < std::min(image.width_px, x0 + width); ++x) {
          if (next(9) == 0) continue;  // a hole
          image.labels[static_cast<std::size_t>(y * image.width_px + x)] = label;
          min_x = std::min(min_x, x), max_x = std::max(max_x, x);
          min_y = std::min(min_y, y), max_y = std::max(max_y, y);
        }
      }
    }
    image.bounds[0] = min_x, image.bounds[1] = min_y;
    image.bounds[2] = max_x - min_x + 1, image.bounds[3] = max_y - min_y + 1;
    std::vector<std::pair<int, int>> seeds;
    for (int y = 0; y < image.height_px; ++y) {
      for (int x = 0; x < image.width_px; ++x) {
        const std::uint8_t label = image.at(x, y);
        if (label == 0) continue;
        if ((x > 0 && image.at(x - 1, y) != label) ||
            (x + 1 < image.width_px && image.at(x + 1, y) != label) ||
            (y > 0 && image.at(x, y - 1) != label) ||
            (y + 1 < image.height_px && image.at(x, y + 1) != label)) {
          seeds.emplace_back(x, y);
        }
      }
    }
    for (const float width_px : {0.5f, 1.0f, 1.6f, 2.0f, 3.4f, 6.0f, 15.0f}) {
      CAPTURE(image_number, width_px);
      hitl::LabelImage marked = image;
      hitl::mark_outlines(marked, width_px);
      const long limit = std::lround(width_px * 3.0f);
      for (int y = 0; y < image.height_px; ++y) {
        for (int x = 0; x < image.width_px; ++x) {
          const std::uint8_t label = image.at(x, y);
          if (label == 0) {
            CHECK(marked.at(x, y) == 0);
            continue;
          }
          long nearest = std::numeric_limits<long>::max();
          for (const auto& [sx, sy] : seeds) {
            const long dx = std::abs(sx - x), dy = std::abs(sy - y);
            nearest = std::min(nearest, 3 + 3 * std::max(dx, dy) + std::min(dx, dy));
          }
          const bool outline = nearest <= limit;
          CAPTURE(x, y);
          CHECK(marked.at(x, y) ==
                (outline ? static_cast<std::uint8_t>(label | hitl::outline_bit) : label));
        }
      }
    }
  }
}
