// Tools rather than tests, hidden from normal runs: debug images of typeset text to look at, and
// the timing of a survey card's layout. Run with
//   hitl_tests "[text-debug]"   (writes PNGs to $HITL_TEXT_DEBUG_DIR, default: the current folder)
//   hitl_tests "[text-bench]"
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "hitl/base/png.hpp"
#include "hitl/base/text.hpp"
#include "hitl/text/gray_render.hpp"
#include "hitl/text/layout_cache.hpp"
#include "text/text_fixture.hpp"

using namespace hitl::test;

namespace {

// The ten questions of the survey, shortened as a card shows them, with answers of the kinds the
// data holds: about 400 characters in all.
const std::vector<std::pair<std::string, std::string>> card_answers = {
    {"Age", "25-34"},
    {"Gender", "Woman"},
    {"Education", "Bachelor's degree (e.g. BA, BSc)"},
    {"City", "S\xC3\xA3o Paulo"},
    {"Time searching for tasks", "More than 2 hours a day"},
    {"Unpaid tasks", "About 10 hours a week on qualification tests and returned HITs"},
    {"Longest task", "3 hours"},
    {"Rejected without pay (last month)", "4"},
    {"Health issues from the work", "Back pain, eye strain, wrist pain"},
    {"Cost of my work set", "$1,200 (laptop, second screen, internet)"},
};

void write_debug_png(const hitl::GrayImage& image, const std::string& name) {
  const char* dir = std::getenv("HITL_TEXT_DEBUG_DIR");
  const std::filesystem::path path = std::filesystem::path(dir != nullptr ? dir : ".") / name;
  std::vector<std::uint8_t> dark_on_light(image.pixels.size());
  for (std::size_t i = 0; i < image.pixels.size(); ++i) {
    dark_on_light[i] = static_cast<std::uint8_t>(255 - image.pixels[i]);
  }
  const auto png = hitl::encode_png_gray(dark_on_light.data(), image.width_px, image.height_px,
                                         static_cast<std::size_t>(image.width_px));
  REQUIRE(png.ok());
  REQUIRE(hitl::write_file(path, *png).ok());
  std::cout << "wrote " << path.string() << "\n";
}

// The top-left corner of an image, each pixel made a zoom x zoom block: to judge crispness.
hitl::GrayImage zoomed(const hitl::GrayImage& image, int zoom, int width_px, int height_px) {
  width_px = std::min(width_px, image.width_px);
  height_px = std::min(height_px, image.height_px);
  hitl::GrayImage out{width_px * zoom, height_px * zoom, {}};
  out.pixels.resize(static_cast<std::size_t>(out.width_px) *
                    static_cast<std::size_t>(out.height_px));
  for (int y = 0; y < out.height_px; ++y) {
    for (int x = 0; x < out.width_px; ++x) {
      out.pixels[static_cast<std::size_t>(y * out.width_px + x)] = image.at(x / zoom, y / zoom);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("Debug images of Latin, accented and CJK text at 18 px and 54 px", "[.][text-debug]") {
  auto& fonts = test_fonts();
  hitl::GlyphAtlas atlas(fonts, 512, 512);
  const std::string sample =
      "Worker A1B2C3D4E5F6G7 \xE2\x80\x94 rejected, unpaid. \xE2\x80\x9CIt\xE2\x80\x99s "
      "fine\xE2\x80\x9D\n"
      "S\xC3\xA3o Paulo, \xC5\x81\xC3\xB3\x64\xC5\xBA, Z\xC3\xBCrich, Reykjav\xC3\xADk, "
      "\xE5\x8C\x97\xE4\xBA\xAC\xE5\xB8\x82\xE6\xB5\xB7\xE6\xB7\x80\xE5\x8C\xBA\n"
      "AV Ta To fi fl 0123456789 $0.15 \xE2\x80\xA6 broken:\xFF\xFE";
  for (const float size_px : {18.0f, 54.0f}) {
    for (const auto weight : {hitl::FontWeight::regular, hitl::FontWeight::semibold}) {
      const float width_px = size_px * 22;
      const auto layout = hitl::layout_text(fonts, sample, {size_px, weight}, width_px, 6);
      const auto image =
          hitl::render_layout_to_gray(layout, atlas, static_cast<int>(width_px) + 20,
                                      static_cast<int>(layout.height_px) + 20, 10, 10);
      const std::string name = "text_" + std::to_string(static_cast<int>(size_px)) + "px_" +
                               (weight == hitl::FontWeight::regular ? "regular" : "semibold");
      write_debug_png(image, name + ".png");
      if (size_px < 20) write_debug_png(zoomed(image, 4, 260, 90), name + "_zoom4.png");
    }
  }
  std::string card;
  for (const auto& [label, answer] : card_answers) card += label + ": " + answer + "\n";
  const auto layout = hitl::layout_text(fonts, card, {18}, 360, 14);
  write_debug_png(hitl::render_layout_to_gray(layout, atlas, 380,
                                              static_cast<int>(layout.height_px) + 20, 10, 10),
                  "text_card_18px.png");
}

TEST_CASE("Timing: laying out a ten-answer survey card, and the atlas hit rate on repeats",
          "[.][text-bench]") {
  auto& fonts = test_fonts();
  std::size_t characters = 0;
  for (const auto& [label, answer] : card_answers) characters += label.size() + answer.size();
  const hitl::TextStyle label_style{18, hitl::FontWeight::semibold};
  const hitl::TextStyle answer_style{18, hitl::FontWeight::regular};
  const auto lay_out_card = [&] {
    std::vector<hitl::TextLayout> layouts;
    for (const auto& [label, answer] : card_answers) {
      layouts.push_back(hitl::layout_text(fonts, label, label_style, 360, 1));
      layouts.push_back(hitl::layout_text(fonts, answer, answer_style, 360, 3));
    }
    return layouts;
  };
  for (int i = 0; i < 20; ++i) (void)lay_out_card();  // warm up the fonts' tables
  const int repeats = 2000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < repeats; ++i) (void)lay_out_card();
  const double card_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
      repeats;

  hitl::LayoutCache cache(fonts);
  const auto cached_start = std::chrono::steady_clock::now();
  for (int i = 0; i < repeats; ++i) {
    for (const auto& [label, answer] : card_answers) {
      (void)cache.get(label, label_style, 360, 1);
      (void)cache.get(answer, answer_style, 360, 3);
    }
  }
  const double cached_card_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - cached_start)
          .count() /
      repeats;

  hitl::GlyphAtlas atlas(fonts, 512, 512);
  const auto layouts = lay_out_card();
  for (int frame = 0; frame < 100; ++frame) {
    for (const auto& layout : layouts) {
      for (const auto& line : layout.lines) {
        for (const auto& glyph : line.glyphs) {
          (void)atlas.find_or_add({glyph.face_index, glyph.glyph_id, layout.size_26_6});
        }
      }
    }
  }
  const auto stats = atlas.stats();
  std::cout << "card of " << characters << " characters (20 layouts): " << card_us
            << " us per card laid out, " << cached_card_us << " us from a LayoutCache\n"
            << "atlas over 100 draws of the card: " << stats.lookups << " lookups, " << stats.hits
            << " hits ("
            << 100.0 * static_cast<double>(stats.hits) / static_cast<double>(stats.lookups)
            << "%), " << stats.glyphs << " glyphs, atlas " << atlas.width_px() << "x"
            << atlas.height_px() << "\n";
  CHECK(card_us > 0);
}
