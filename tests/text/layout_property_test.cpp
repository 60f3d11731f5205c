// Layout properties over many random texts: lines fit, the line budget holds, no text is lost
// or repeated, nothing crashes, whatever the bytes.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>

#include "hitl/base/text.hpp"
#include "hitl/text/gray_render.hpp"
#include "hitl/text/layout.hpp"
#include "text/text_fixture.hpp"

using namespace hitl::test;

namespace {

// Pieces random texts are made of: ASCII words, accented and Polish letters, CJK, curly quotes,
// a combining accent, an emoji no font has, whitespace, line breaks and invalid bytes.
const std::vector<std::string> pieces = {"a",
                                         "Worker",
                                         "unpaid",
                                         "supercalifragilisticexpialidocious",
                                         "S\xC3\xA3o",
                                         "\xC5\x81\xC3\xB3\x64\xC5\xBA",
                                         "\xE5\x8C\x97",
                                         "\xE4\xBA\xAC",
                                         "\xE3\x80\x82",
                                         "\xE2\x80\x9C",
                                         "\xE2\x80\x9D",
                                         "\xE2\x80\x99",
                                         "e\xCC\x81",
                                         "\xF0\x9F\x99\x82",
                                         "-",
                                         "12",
                                         " ",
                                         " ",
                                         " ",
                                         "  ",
                                         "\t",
                                         "\n",
                                         "\r\n",
                                         "\xFF",
                                         "\xC3",
                                         "\xE5\x8C",
                                         "\xED\xA0\x80",
                                         "\xC2\xA0"};

std::string random_text(std::mt19937& random) {
  std::uniform_int_distribution<int> count(0, 40);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::string text;
  for (int n = count(random); n > 0; --n) text += pieces[pick(random)];
  return text;
}

std::string without_whitespace(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("500 random texts at random widths: lines fit, stay within max_lines, lose nothing",
          "[text]") {
  auto& fonts = test_fonts();
  hitl::GlyphAtlas atlas(fonts, 256, 256, 1024, 1024);
  std::mt19937 random(20240611);
  std::uniform_real_distribution<float> width(1.0f, 400.0f);
  std::uniform_real_distribution<float> size(6.0f, 60.0f);
  std::uniform_int_distribution<int> lines(0, 8);  // 0: no limit
  for (int i = 0; i < 500; ++i) {
    const std::string text = random_text(random);
    const float max_width_px = width(random);
    const int max_lines = lines(random) == 0 ? hitl::no_line_limit : lines(random) + 1;
    const hitl::TextStyle style{
        size(random), i % 3 == 0 ? hitl::FontWeight::semibold : hitl::FontWeight::regular};
    INFO("text #" << i << ": " << hitl::quoted(text, 200) << " width " << max_width_px
                  << " max_lines " << max_lines << " size " << style.size_px);
    const auto layout = hitl::layout_text(fonts, text, style, max_width_px, max_lines);

    REQUIRE(static_cast<long long>(layout.lines.size()) <= max_lines);
    float top_px = 0;
    std::size_t previous_end = 0;
    std::string shown;
    for (const auto& line : layout.lines) {
      REQUIRE(line.width_px <= max_width_px);
      REQUIRE(line.width_px >= 0);
      REQUIRE(line.top_px == top_px);
      REQUIRE(line.height_px > 0);
      top_px += line.height_px;
      REQUIRE(line.begin_byte >= previous_end);
      REQUIRE(line.begin_byte <= line.end_byte);
      REQUIRE(line.end_byte <= text.size());
      previous_end = line.end_byte;
      shown += text.substr(line.begin_byte, line.end_byte - line.begin_byte);
      for (const auto& glyph : line.glyphs) {
        REQUIRE(std::isfinite(glyph.x_px));
        REQUIRE(std::isfinite(glyph.y_px));
        REQUIRE(glyph.x_px >= -1.0f);
      }
      if (&line != &layout.lines.back()) REQUIRE_FALSE(line.ends_with_ellipsis);
    }
    // A truncated layout ends in an ellipsis, unless even "…" is wider than the box.
    const bool ends_with_ellipsis = !layout.lines.empty() && layout.lines.back().ends_with_ellipsis;
    REQUIRE(ends_with_ellipsis ==
            (layout.truncated && hitl::measure_text(fonts, "\xE2\x80\xA6", style) <= max_width_px));
    REQUIRE(layout.height_px == top_px);
    const std::string expected = without_whitespace(text);
    if (layout.truncated) {
      REQUIRE(expected.rfind(without_whitespace(shown), 0) == 0);  // a prefix
    } else {
      REQUIRE(without_whitespace(shown) == expected);
      REQUIRE(layout.lines.size() >= (text.empty() ? 0u : 1u));
    }
    if (i % 25 == 0) {
      const auto image = hitl::render_layout_to_gray(layout, atlas, 420, 300);
      REQUIRE(image.pixels.size() == 420u * 300u);
    }
  }
}
