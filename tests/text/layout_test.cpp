// Wrapping, ellipsis and line placement of text in a box.
#include <catch2/catch.hpp>

#include <string>

#include "hitl/text/layout.hpp"
#include "text/text_fixture.hpp"

using hitl::layout_text;
using hitl::measure_text;
using hitl::TextLayout;
using hitl::TextStyle;
using namespace hitl::test;
using Lines = std::vector<std::string>;

namespace {
const TextStyle style_18px{18, hitl::FontWeight::regular, 1.25f};

void check_lines_fit(const TextLayout& layout, float max_width_px) {
  for (const auto& line : layout.lines) CHECK(line.width_px <= max_width_px);
}
}  // namespace

TEST_CASE("A sentence wraps greedily at spaces", "[text]") {
  auto& fonts = test_fonts();
  const std::string text = "The quick brown fox jumps over the lazy dog";
  const float width_px = 180;
  // What makes these breaks the greedy ones, with a few pixels to spare either way.
  REQUIRE(measure_text(fonts, "The quick brown fox", style_18px) < width_px - 4);
  REQUIRE(measure_text(fonts, "The quick brown fox jumps", style_18px) > width_px + 4);
  REQUIRE(measure_text(fonts, "jumps over the lazy", style_18px) < width_px - 4);
  REQUIRE(measure_text(fonts, "jumps over the lazy dog", style_18px) > width_px + 4);

  const auto layout = layout_text(fonts, text, style_18px, width_px);
  CHECK(line_texts(text, layout) == Lines{"The quick brown fox", "jumps over the lazy", "dog"});
  CHECK_FALSE(layout.truncated);
  CHECK(layout.lines[0].width_px == Approx(measure_text(fonts, "The quick brown fox", style_18px)));
  CHECK(layout.width_px == layout.lines[0].width_px);
  check_lines_fit(layout, width_px);
}

TEST_CASE("Spaces at a wrap belong to neither line", "[text]") {
  const std::string text = "alpha     beta";
  const auto layout = layout_text(test_fonts(), text, style_18px,
                                  measure_text(test_fonts(), "alpha", style_18px) + 10);
  CHECK(line_texts(text, layout) == Lines{"alpha", "beta"});
  CHECK(layout.lines[1].glyphs.front().x_px == Approx(0).margin(2));
}

TEST_CASE("A word longer than the line is broken inside the word", "[text]") {
  const std::string word = "Supercalifragilisticexpialidocious";
  const auto layout = layout_text(test_fonts(), "to " + word, style_18px, 80);
  const auto lines = line_texts("to " + word, layout);
  REQUIRE(lines.size() >= 4);
  CHECK(lines[0] == "to");
  std::string joined;
  for (std::size_t i = 1; i < lines.size(); ++i) joined += lines[i];
  CHECK(joined == word);
  CHECK_FALSE(layout.truncated);
  check_lines_fit(layout, 80);
}

TEST_CASE("A line may break after a hyphen inside a word", "[text]") {
  auto& fonts = test_fonts();
  const std::string text = "self-employed";
  const float width_px = measure_text(fonts, "employed", style_18px) + 2;
  REQUIRE(measure_text(fonts, text, style_18px) > width_px);
  CHECK(line_texts(text, layout_text(fonts, text, style_18px, width_px)) ==
        Lines{"self-", "employed"});
}

TEST_CASE("CJK text breaks between any two characters", "[text]") {
  const std::string text = "\xE5\x8C\x97\xE4\xBA\xAC\xE4\xB8\x8A\xE6\xB5\xB7\xE5\xB9\xBF";  // 5
  auto& fonts = test_fonts();
  const float one_px = measure_text(fonts, "\xE5\x8C\x97", style_18px);
  const auto layout = layout_text(fonts, text, style_18px, 2 * one_px + 1);
  CHECK(line_texts(text, layout) ==
        Lines{"\xE5\x8C\x97\xE4\xBA\xAC", "\xE4\xB8\x8A\xE6\xB5\xB7", "\xE5\xB9\xBF"});
}

TEST_CASE("A CJK full stop never starts a line: the character before it moves down with it",
          "[text]") {
  const std::string text = "\xE5\x8C\x97\xE4\xBA\xAC\xE3\x80\x82";  // 北京。
  auto& fonts = test_fonts();
  const float two_px = measure_text(fonts, "\xE5\x8C\x97\xE4\xBA\xAC", style_18px);
  const auto layout = layout_text(fonts, text, style_18px, two_px + 1);
  CHECK(line_texts(text, layout) == Lines{"\xE5\x8C\x97", "\xE4\xBA\xAC\xE3\x80\x82"});
}

TEST_CASE("Text needing more lines than allowed ends in an ellipsis that fits", "[text]") {
  auto& fonts = test_fonts();
  const std::string text = "The quick brown fox jumps over the lazy dog";
  const float width_px = 180;
  const auto three = layout_text(fonts, text, style_18px, width_px, 3);
  CHECK(three.lines.size() == 3);
  CHECK_FALSE(three.truncated);
  for (const auto& line : three.lines) CHECK_FALSE(line.ends_with_ellipsis);

  const auto two = layout_text(fonts, text, style_18px, width_px, 2);
  REQUIRE(two.lines.size() == 2);
  CHECK(two.truncated);
  CHECK_FALSE(two.lines[0].ends_with_ellipsis);
  const auto& last = two.lines[1];
  CHECK(last.ends_with_ellipsis);
  CHECK(last.width_px <= width_px);
  CHECK(last.glyphs.back().glyph_id == fonts.glyph_index(inter_regular, U'\u2026'));
  CHECK(last.glyphs.back().face_index == inter_regular);
  // The last line is filled up to the ellipsis, cutting inside a word if need be.
  CHECK(line_texts(text, two)[1].rfind("jumps over the lazy", 0) == 0);
}

TEST_CASE("A single line too long for one allowed line is cut with an ellipsis", "[text]") {
  auto& fonts = test_fonts();
  const std::string text = "Applied Science and Technology";
  const auto layout = layout_text(fonts, text, style_18px, 120, 1);
  REQUIRE(layout.lines.size() == 1);
  CHECK(layout.truncated);
  CHECK(layout.lines[0].ends_with_ellipsis);
  CHECK(layout.lines[0].width_px <= 120);
  CHECK(layout.lines[0].width_px > 120 - 2 * measure_text(fonts, "W", style_18px));
}

TEST_CASE("More paragraphs than allowed lines end the last allowed one with an ellipsis",
          "[text]") {
  const auto layout = layout_text(test_fonts(), "one\ntwo\nthree", style_18px, 300, 2);
  REQUIRE(layout.lines.size() == 2);
  CHECK(layout.truncated);
  CHECK(line_texts("one\ntwo\nthree", layout) == Lines{"one", "two"});
  CHECK(layout.lines[1].ends_with_ellipsis);
}

TEST_CASE("Line breaks in the text start new lines, blank ones included", "[text]") {
  auto& fonts = test_fonts();
  CHECK(line_texts("a\nb", layout_text(fonts, "a\nb", style_18px, 300)) == Lines{"a", "b"});
  CHECK(line_texts("a\r\nb", layout_text(fonts, "a\r\nb", style_18px, 300)) == Lines{"a", "b"});
  CHECK(line_texts("a\rb", layout_text(fonts, "a\rb", style_18px, 300)) == Lines{"a", "b"});
  const auto blank = layout_text(fonts, "a\n\nb", style_18px, 300);
  CHECK(line_texts("a\n\nb", blank) == Lines{"a", "", "b"});
  CHECK(blank.lines[1].glyphs.empty());
  CHECK(blank.height_px == 3 * hitl::line_height_px(fonts, style_18px));
  CHECK(layout_text(fonts, "a\n", style_18px, 300).lines.size() == 2);
}

TEST_CASE("Empty text lays out as no lines and no height", "[text]") {
  const auto layout = layout_text(test_fonts(), "", style_18px, 300);
  CHECK(layout.lines.empty());
  CHECK(layout.width_px == 0);
  CHECK(layout.height_px == 0);
  CHECK_FALSE(layout.truncated);
}

TEST_CASE("Whitespace-only text is one line with nothing drawn and no width", "[text]") {
  const auto layout = layout_text(test_fonts(), "   \t ", style_18px, 300);
  REQUIRE(layout.lines.size() == 1);
  CHECK(layout.lines[0].glyphs.empty());
  CHECK(layout.width_px == 0);
  CHECK(layout.height_px == hitl::line_height_px(test_fonts(), style_18px));
}

TEST_CASE("Spaces at the start of a paragraph indent it; spaces at its end are not counted",
          "[text]") {
  auto& fonts = test_fonts();
  const auto layout = layout_text(fonts, "  a  ", style_18px, 300);
  REQUIRE(layout.lines.size() == 1);
  CHECK(layout.lines[0].width_px == Approx(measure_text(fonts, "  a", style_18px)));
  CHECK(layout.lines[0].glyphs.size() == 3);
  CHECK(line_texts("  a  ", layout) == Lines{"  a"});
}

TEST_CASE("Lines stack without overlapping, taller when they hold CJK glyphs", "[text]") {
  auto& fonts = test_fonts();
  const TextStyle tight{18, hitl::FontWeight::regular, 0.8f};
  const auto layout = layout_text(fonts, "Latin\n\xE5\x8C\x97\xE4\xBA\xAC\nLatin", tight, 300);
  REQUIRE(layout.lines.size() == 3);
  float top_px = 0;
  for (const auto& line : layout.lines) {
    CHECK(line.top_px == top_px);
    CHECK(line.baseline_px == std::floor(line.baseline_px));
    const auto face = line.glyphs.front().face_index;
    const auto metrics = fonts.metrics(face, 18);
    CHECK(line.baseline_px - metrics.ascender_px >= line.top_px);
    CHECK(line.baseline_px + metrics.descender_px <= line.top_px + line.height_px);
    top_px += line.height_px;
  }
  CHECK(layout.height_px == top_px);
  CHECK(layout.lines[1].height_px >= layout.lines[0].height_px);
}

TEST_CASE("Baselines are one line height apart for Latin text", "[text]") {
  auto& fonts = test_fonts();
  const auto layout = layout_text(fonts, "one\ntwo", style_18px, 300);
  REQUIRE(layout.lines.size() == 2);
  CHECK(layout.lines[1].baseline_px - layout.lines[0].baseline_px ==
        hitl::line_height_px(fonts, style_18px));
  CHECK(hitl::line_height_px(fonts, style_18px) ==
        std::round(1.25f * (fonts.metrics(inter_regular, 18).ascender_px +
                            fonts.metrics(inter_regular, 18).descender_px)));
}

TEST_CASE("A box narrower than one character shows nothing and says it is truncated", "[text]") {
  const auto layout = layout_text(test_fonts(), "Wide", style_18px, 3);
  CHECK(layout.lines.empty());
  CHECK(layout.truncated);
}

TEST_CASE("No width or no lines allowed lays out nothing, truncated", "[text]") {
  CHECK(layout_text(test_fonts(), "x", style_18px, 0).truncated);
  CHECK(layout_text(test_fonts(), "x", style_18px, -1).lines.empty());
  CHECK(layout_text(test_fonts(), "x", style_18px, 300, 0).truncated);
}

TEST_CASE("Text past max_layout_bytes is not laid out, and the layout ends in an ellipsis",
          "[text]") {
  const std::string text(hitl::max_layout_bytes + 100, 'x');
  const auto layout = layout_text(test_fonts(), text, style_18px, 10000);
  CHECK(layout.truncated);
  REQUIRE_FALSE(layout.lines.empty());
  CHECK(layout.lines.back().ends_with_ellipsis);
  CHECK(layout.lines.back().end_byte <= hitl::max_layout_bytes);
}

TEST_CASE("Non-ASCII answers lay out with no missing glyphs", "[text]") {
  const std::string text =
      "S\xC3\xA3o Paulo, \xC5\x81\xC3\xB3\x64\xC5\xBA, \xE5\x8C\x97\xE4\xBA\xAC "
      "\xE2\x80\x9Cquoted\xE2\x80\x9D it\xE2\x80\x99s";
  const auto layout = layout_text(test_fonts(), text, style_18px, 120);
  CHECK(layout.missing_code_points == 0);
  for (const auto& line : layout.lines) {
    for (const auto& glyph : line.glyphs) CHECK(glyph.glyph_id != 0);
  }
}

TEST_CASE("Measuring reads line breaks as spaces and ignores trailing spaces", "[text]") {
  auto& fonts = test_fonts();
  CHECK(measure_text(fonts, "a\nb", style_18px) == Approx(measure_text(fonts, "a b", style_18px)));
  CHECK(measure_text(fonts, "ab   ", style_18px) == measure_text(fonts, "ab", style_18px));
  CHECK(measure_text(fonts, "", style_18px) == 0);
}
