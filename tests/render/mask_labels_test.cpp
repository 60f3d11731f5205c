#include <catch2/catch.hpp>

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
