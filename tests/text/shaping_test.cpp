// Shaping with HarfBuzz and falling back to other faces for the characters Inter lacks.
#include <catch2/catch.hpp>

#include "hitl/text/shaping.hpp"
#include "text/text_fixture.hpp"

using hitl::FontWeight;
using hitl::shape_line;
using namespace hitl::test;

namespace {
// Every glyph is a real one (no .notdef) from the given face.
void check_all_from_face(const hitl::ShapedRun& run, int face) {
  for (const auto& glyph : run.glyphs) {
    CHECK(glyph.glyph_id != 0);
    CHECK(glyph.face_index == face);
  }
  CHECK(run.missing_code_points == 0);
}
}  // namespace

TEST_CASE("Kerning sets AV tighter than A and V shaped apart", "[text]") {
  auto& fonts = test_fonts();
  const float together = shape_line(fonts, "AV", FontWeight::regular, 18).advance_px;
  const float apart = shape_line(fonts, "A", FontWeight::regular, 18).advance_px +
                      shape_line(fonts, "V", FontWeight::regular, 18).advance_px;
  CHECK(together < apart - 0.5f);
}

TEST_CASE("Accented Latin, Polish letters and curly quotes are all in Inter", "[text]") {
  auto& fonts = test_fonts();
  check_all_from_face(shape_line(fonts, "S\xC3\xA3o Paulo", FontWeight::regular, 18),
                      inter_regular);
  check_all_from_face(shape_line(fonts, "\xC5\x81\xC3\xB3\x64\xC5\xBA", FontWeight::regular, 18),
                      inter_regular);
  check_all_from_face(
      shape_line(fonts, "\xE2\x80\x99 \xE2\x80\x9C\xE2\x80\x9D", FontWeight::regular, 18),
      inter_regular);
  check_all_from_face(shape_line(fonts, "S\xC3\xA3o Paulo", FontWeight::semibold, 18),
                      inter_semibold);
}

TEST_CASE("CJK characters fall back to Droid Sans Fallback, Latin stays in Inter", "[text]") {
  auto& fonts = test_fonts();
  const auto beijing = shape_line(fonts, "\xE5\x8C\x97\xE4\xBA\xAC", FontWeight::regular, 18);
  REQUIRE(beijing.glyphs.size() == 2);
  check_all_from_face(beijing, droid_sans_fallback);

  const auto mixed = shape_line(fonts, "Beijing \xE5\x8C\x97\xE4\xBA\xAC", FontWeight::regular, 18);
  REQUIRE(mixed.glyphs.size() == 10);
  CHECK(mixed.missing_code_points == 0);
  for (std::size_t i = 0; i < 8; ++i) CHECK(mixed.glyphs[i].face_index == inter_regular);
  CHECK(mixed.glyphs[8].face_index == droid_sans_fallback);
  CHECK(mixed.glyphs[9].face_index == droid_sans_fallback);
}

TEST_CASE("Characters Inter lacks but DejaVu Sans has are set in DejaVu Sans", "[text]") {
  auto& fonts = test_fonts();
  REQUIRE(fonts.glyph_index(inter_regular, U'\u2603') == 0);  // snowman
  const auto run = shape_line(fonts, "\xE2\x98\x83", FontWeight::regular, 18);
  REQUIRE(run.glyphs.size() == 1);
  check_all_from_face(run, dejavu_sans);
}

TEST_CASE("Each glyph carries the byte offset of its character in the input", "[text]") {
  const auto run = shape_line(test_fonts(), "a\xC3\xA9\xE5\x8C\x97z", FontWeight::regular, 18);
  REQUIRE(run.glyphs.size() == 4);
  CHECK(run.glyphs[0].cluster == 0);
  CHECK(run.glyphs[1].cluster == 1);
  CHECK(run.glyphs[2].cluster == 3);
  CHECK(run.glyphs[3].cluster == 6);
}

TEST_CASE("Invalid UTF-8 is shaped as U+FFFD, never crashes, and is counted", "[text]") {
  auto& fonts = test_fonts();
  const auto run = shape_line(fonts,
                              "a\xFF"
                              "b\xE5\x8C",
                              FontWeight::regular, 18);
  REQUIRE(run.glyphs.size() == 4);
  CHECK(run.replaced_sequences == 2);
  CHECK(run.missing_code_points == 0);
  for (const std::size_t i : {1, 3}) {
    const auto& glyph = run.glyphs[i];
    CHECK(glyph.glyph_id != 0);
    CHECK(glyph.glyph_id == fonts.glyph_index(glyph.face_index, U'\uFFFD'));
  }
  CHECK(run.glyphs[1].cluster == 1);
  CHECK(run.glyphs[3].cluster == 3);
}

TEST_CASE("A character no face has is the primary face's .notdef, and is counted", "[text]") {
  const auto run = shape_line(test_fonts(), "x\xF4\x8F\xBF\xBDy", FontWeight::regular, 18);
  REQUIRE(run.glyphs.size() == 3);
  CHECK(run.missing_code_points == 1);
  CHECK(run.glyphs[1].face_index == inter_regular);
  CHECK(run.glyphs[1].glyph_id == 0);
  CHECK(run.glyphs[1].x_advance_px > 0);
}

TEST_CASE("Tabs and line breaks are shaped as spaces, other controls as U+FFFD", "[text]") {
  auto& fonts = test_fonts();
  const auto space = shape_line(fonts, " ", FontWeight::regular, 18).glyphs.at(0);
  const auto run = shape_line(fonts, "\t\n\x01", FontWeight::regular, 18);
  REQUIRE(run.glyphs.size() == 3);
  CHECK(run.glyphs[0].glyph_id == space.glyph_id);
  CHECK(run.glyphs[1].glyph_id == space.glyph_id);
  CHECK(run.glyphs[2].glyph_id == fonts.glyph_index(run.glyphs[2].face_index, U'\uFFFD'));
  CHECK(run.replaced_sequences == 0);
}

TEST_CASE("Positions scale with the size: 54 px is three times 18 px, to 1/64 px a glyph",
          "[text]") {
  auto& fonts = test_fonts();
  const auto small = shape_line(fonts, "Rejected, unpaid", FontWeight::regular, 18);
  const auto large = shape_line(fonts, "Rejected, unpaid", FontWeight::regular, 54);
  // HarfBuzz rounds each advance to 1/64 px, at each size.
  const double rounding_px = static_cast<double>(small.glyphs.size()) * 4.0 / 64.0;
  CHECK(large.advance_px == Approx(3 * small.advance_px).margin(rounding_px));
}

TEST_CASE("A combining accent stays in the face and cluster of its letter", "[text]") {
  const auto run = shape_line(test_fonts(), "e\xCC\x81x", FontWeight::regular, 18);
  CHECK(run.missing_code_points == 0);
  REQUIRE(!run.glyphs.empty());
  for (const auto& glyph : run.glyphs) CHECK(glyph.glyph_id != 0);
  CHECK(run.glyphs.front().cluster == 0);
  CHECK(run.glyphs.back().cluster == 3);
}

TEST_CASE("Empty text shapes to no glyphs", "[text]") {
  const auto run = shape_line(test_fonts(), "", FontWeight::regular, 18);
  CHECK(run.glyphs.empty());
  CHECK(run.advance_px == 0);
}
