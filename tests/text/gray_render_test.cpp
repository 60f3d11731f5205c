// The CPU reference rasterizer: glyphs land where the layout says, crisp at any size.
#include <catch2/catch.hpp>

#include "hitl/text/gray_render.hpp"
#include "text/text_fixture.hpp"

using hitl::GlyphAtlas;
using hitl::layout_text;
using hitl::render_layout_to_gray;
using hitl::TextStyle;
using namespace hitl::test;

namespace {
struct InkBox {
  int left = 1 << 30, top = 1 << 30, right = -1, bottom = -1;  // inclusive
};

InkBox ink_box(const hitl::GrayImage& image) {
  InkBox box;
  for (int y = 0; y < image.height_px; ++y) {
    for (int x = 0; x < image.width_px; ++x) {
      if (image.at(x, y) == 0) continue;
      box.left = std::min(box.left, x);
      box.right = std::max(box.right, x);
      box.top = std::min(box.top, y);
      box.bottom = std::max(box.bottom, y);
    }
  }
  return box;
}
}  // namespace

TEST_CASE("An H at 54 px has crisp stems: whole columns fully covered from top to baseline",
          "[text]") {
  auto& fonts = test_fonts();
  GlyphAtlas atlas(fonts, 256, 256);
  const auto layout = layout_text(fonts, "H", TextStyle{54}, 500);
  const auto image = render_layout_to_gray(layout, atlas, 80, 80);
  const InkBox box = ink_box(image);
  REQUIRE(box.right > box.left);
  // The stems end on the baseline: hinting snaps the bottom edge to a pixel boundary.
  CHECK(box.bottom == static_cast<int>(layout.lines[0].baseline_px) - 1);
  int solid_columns = 0;
  for (int x = box.left; x <= box.right; ++x) {
    bool solid = true;
    for (int y = box.top + 1; y < box.bottom; ++y) solid = solid && image.at(x, y) == 255;
    if (solid) ++solid_columns;
  }
  // Two stems, each about 0.08 em (4 px) wide at 54 px: at least 3 solid columns each.
  CHECK(solid_columns >= 6);
}

TEST_CASE("Glyphs are drawn at the layout's positions, shifted by the origin", "[text]") {
  auto& fonts = test_fonts();
  GlyphAtlas atlas(fonts, 256, 256);
  const auto layout = layout_text(fonts, "I", TextStyle{18}, 500);
  const auto at_origin = ink_box(render_layout_to_gray(layout, atlas, 60, 60));
  const auto shifted = ink_box(render_layout_to_gray(layout, atlas, 60, 60, 7, 11));
  CHECK(at_origin.bottom == static_cast<int>(layout.lines[0].baseline_px) - 1);
  CHECK(shifted.left == at_origin.left + 7);
  CHECK(shifted.top == at_origin.top + 11);
}

TEST_CASE("Wrapped text stays inside its box, CJK and accents included", "[text]") {
  auto& fonts = test_fonts();
  GlyphAtlas atlas(fonts, 256, 256);
  const float width_px = 150;
  const auto layout = layout_text(fonts,
                                  "S\xC3\xA3o Paulo, \xC5\x81\xC3\xB3\x64\xC5\xBA and "
                                  "\xE5\x8C\x97\xE4\xBA\xAC\xE4\xB8\x8A\xE6\xB5\xB7",
                                  TextStyle{18}, width_px);
  const auto image = render_layout_to_gray(layout, atlas, 200, 200);
  const auto box = ink_box(image);
  CHECK(box.left >= 0);
  CHECK(box.right < static_cast<int>(width_px) + 2);  // ink may overhang an advance by a pixel
  CHECK(box.bottom < static_cast<int>(layout.height_px));
}

TEST_CASE("Clipped glyphs at the image's edges are cut, never written outside it", "[text]") {
  auto& fonts = test_fonts();
  GlyphAtlas atlas(fonts, 256, 256);
  const auto layout = layout_text(fonts, "Clipped", TextStyle{54}, 1000);
  const auto image = render_layout_to_gray(layout, atlas, 30, 20, -10, -15);
  CHECK(image.pixels.size() == 30u * 20u);
  CHECK(ink_box(image).right >= 0);
}
