// Packing glyphs into the atlas: no overlaps, bounded size, cached lookups, dirty rectangles.
#include <catch2/catch.hpp>

#include <cstring>

#include "hitl/text/glyph_atlas.hpp"
#include "text/text_fixture.hpp"

using hitl::AtlasGlyph;
using hitl::AtlasRect;
using hitl::GlyphAtlas;
using hitl::GlyphKey;
using namespace hitl::test;

namespace {
const int size_16px = hitl::font_size_26_6(16);

// CJK ideographs of Droid Sans Fallback: thousands of distinct, similar-sized glyphs.
GlyphKey cjk_glyph(int i) {
  const char32_t code_point = U'\u4E00' + static_cast<char32_t>(i);
  return {droid_sans_fallback, test_fonts().glyph_index(droid_sans_fallback, code_point),
          size_16px};
}

// Every rect inside the atlas, none overlapping another, each with a padding_px ring of pixels
// that no other rect uses.
void check_packed_without_overlap(const std::vector<AtlasRect>& rects, int width, int height) {
  std::vector<int> owner(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), -1);
  int overlaps = 0, outside = 0, touching = 0;
  for (std::size_t i = 0; i < rects.size(); ++i) {
    const auto& r = rects[i];
    if (r.x < 0 || r.y < 0 || r.x + r.width > width || r.y + r.height > height) {
      ++outside;
      continue;
    }
    for (int y = r.y; y < r.y + r.height; ++y) {
      for (int x = r.x; x < r.x + r.width; ++x) {
        int& o = owner[static_cast<std::size_t>(y * width + x)];
        if (o != -1) ++overlaps;
        o = static_cast<int>(i);
      }
    }
  }
  const int pad = GlyphAtlas::padding_px;
  for (std::size_t i = 0; i < rects.size(); ++i) {
    const auto& r = rects[i];
    for (int y = std::max(0, r.y - pad); y < std::min(height, r.y + r.height + pad); ++y) {
      for (int x = std::max(0, r.x - pad); x < std::min(width, r.x + r.width + pad); ++x) {
        const int o = owner[static_cast<std::size_t>(y * width + x)];
        if (o != -1 && o != static_cast<int>(i)) ++touching;
      }
    }
  }
  CHECK(outside == 0);
  CHECK(overlaps == 0);
  CHECK(touching == 0);
}
}  // namespace

TEST_CASE("The atlas packs 2000 glyphs without overlap, growing within its maximum", "[text]") {
  GlyphAtlas atlas(test_fonts(), 128, 128, 1024, 1024);
  std::vector<AtlasRect> rects;
  for (int i = 0; i < 2000; ++i) {
    const auto entry = atlas.find_or_add(cjk_glyph(i));
    REQUIRE(entry.has_value());
    CHECK(atlas.width_px() <= 1024);
    CHECK(atlas.height_px() <= 1024);
    if (!entry->rect.empty()) rects.push_back(entry->rect);
  }
  const auto stats = atlas.stats();
  REQUIRE(stats.clears == 0);  // otherwise earlier rects would be stale
  CHECK(stats.grows > 0);
  CHECK(stats.glyphs == 2000);
  CHECK(rects.size() == 2000);
  check_packed_without_overlap(rects, atlas.width_px(), atlas.height_px());
}

TEST_CASE("An atlas entry holds exactly the glyph's coverage, still there after growing",
          "[text]") {
  GlyphAtlas atlas(test_fonts(), 64, 64, 1024, 1024);
  const GlyphKey key{inter_regular, test_fonts().glyph_index(inter_regular, U'g'), size_16px};
  const AtlasGlyph entry = *atlas.find_or_add(key);
  for (int i = 0; i < 300; ++i) (void)atlas.find_or_add(cjk_glyph(i));
  REQUIRE(atlas.stats().grows > 0);
  REQUIRE(atlas.stats().clears == 0);
  CHECK(atlas.find_or_add(key)->rect == entry.rect);

  const auto bitmap = test_fonts().rasterize_glyph(key.face_index, key.glyph_id, key.size_26_6);
  REQUIRE(bitmap.has_value());
  REQUIRE(bitmap->width_px == entry.rect.width);
  REQUIRE(bitmap->height_px == entry.rect.height);
  CHECK(entry.bearing_x_px == bitmap->bearing_x_px);
  CHECK(entry.bearing_y_px == bitmap->bearing_y_px);
  int differing = 0;
  for (int y = 0; y < bitmap->height_px; ++y) {
    for (int x = 0; x < bitmap->width_px; ++x) {
      const auto expected = bitmap->rows[y * bitmap->pitch_bytes + x];
      if (atlas.coverage_at(entry.rect.x + x, entry.rect.y + y) != expected) ++differing;
    }
  }
  CHECK(differing == 0);
}

TEST_CASE("An atlas full at its maximum size is cleared, never grown past it", "[text]") {
  GlyphAtlas atlas(test_fonts(), 64, 64, 128, 128);
  for (int i = 0; i < 2000; ++i) {
    REQUIRE(atlas.find_or_add(cjk_glyph(i)).has_value());
    REQUIRE(atlas.width_px() <= 128);
    REQUIRE(atlas.height_px() <= 128);
  }
  const auto stats = atlas.stats();
  CHECK(stats.clears > 0);
  CHECK(atlas.generation() == static_cast<std::uint64_t>(stats.clears));
  CHECK(stats.glyphs < 2000);
  CHECK(atlas.width_px() == 128);
  CHECK(atlas.height_px() == 128);
}

TEST_CASE("A glyph asked for again is found without rasterizing it again", "[text]") {
  GlyphAtlas atlas(test_fonts(), 256, 256);
  const auto first = atlas.find_or_add(cjk_glyph(0));
  const auto second = atlas.find_or_add(cjk_glyph(0));
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(first->rect == second->rect);
  CHECK(atlas.stats().lookups == 2);
  CHECK(atlas.stats().hits == 1);
  CHECK(atlas.stats().glyphs == 1);
}

TEST_CASE("The same glyph at two sizes gets two entries", "[text]") {
  GlyphAtlas atlas(test_fonts(), 256, 256);
  GlyphKey key = cjk_glyph(0);
  const auto small = atlas.find_or_add(key);
  key.size_26_6 = hitl::font_size_26_6(32);
  const auto large = atlas.find_or_add(key);
  REQUIRE(small.has_value());
  REQUIRE(large.has_value());
  CHECK(large->rect.width > small->rect.width);
  CHECK(atlas.stats().glyphs == 2);
}

TEST_CASE("A blank glyph takes no atlas pixels", "[text]") {
  GlyphAtlas atlas(test_fonts(), 256, 256);
  const auto space =
      atlas.find_or_add({inter_regular, test_fonts().glyph_index(inter_regular, U' '), size_16px});
  REQUIRE(space.has_value());
  CHECK(space->rect.empty());
}

TEST_CASE("Dirty rectangles cover each new glyph once, and everything after growing", "[text]") {
  GlyphAtlas atlas(test_fonts(), 256, 256, 1024, 1024);
  CHECK(atlas.take_dirty_rects() == std::vector<AtlasRect>{{0, 0, 256, 256}});
  CHECK(atlas.take_dirty_rects().empty());

  const auto entry = atlas.find_or_add(cjk_glyph(0));
  REQUIRE(entry.has_value());
  CHECK(atlas.take_dirty_rects() == std::vector<AtlasRect>{entry->rect});
  (void)atlas.find_or_add(cjk_glyph(0));
  CHECK(atlas.take_dirty_rects().empty());

  for (int i = 1; i < 400 && atlas.stats().grows == 0; ++i) (void)atlas.find_or_add(cjk_glyph(i));
  REQUIRE(atlas.stats().grows == 1);
  CHECK(atlas.take_dirty_rects() ==
        std::vector<AtlasRect>{{0, 0, atlas.width_px(), atlas.height_px()}});
}

TEST_CASE("Glyphs packed along one shelf make one dirty rectangle", "[text]") {
  GlyphAtlas atlas(test_fonts(), 512, 512);
  (void)atlas.take_dirty_rects();
  auto& fonts = test_fonts();
  // Two capitals: the same height, so the same shelf.
  const auto a =
      atlas.find_or_add({inter_regular, fonts.glyph_index(inter_regular, U'H'), size_16px});
  const auto b =
      atlas.find_or_add({inter_regular, fonts.glyph_index(inter_regular, U'N'), size_16px});
  REQUIRE(a->rect.y == b->rect.y);
  const auto dirty = atlas.take_dirty_rects();
  REQUIRE(dirty.size() == 1);
  CHECK(dirty[0].x == a->rect.x);
  CHECK(dirty[0].x + dirty[0].width == b->rect.x + b->rect.width);
}

TEST_CASE("An unknown glyph id draws nothing and does not break the atlas", "[text]") {
  GlyphAtlas atlas(test_fonts(), 64, 64);
  const auto entry = atlas.find_or_add({inter_regular, 0xFFFFFF, size_16px});
  REQUIRE(entry.has_value());
  CHECK(entry->rect.empty());
  const auto bad_face = atlas.find_or_add({99, 1, size_16px});
  REQUIRE(bad_face.has_value());
  CHECK(bad_face->rect.empty());
}
