// Loading the fonts and finding the assets folder they live in.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "hitl/text/assets_dir.hpp"
#include "support/temp_dir.hpp"
#include "text/text_fixture.hpp"

using hitl::FontFiles;
using hitl::FontSet;
using hitl::FontWeight;
using namespace hitl::test;

TEST_CASE("The default fonts load Inter first, then DejaVu Sans, Droid Sans Fallback and Lohit",
          "[text]") {
  FontSet& fonts = test_fonts();
  REQUIRE(fonts.face_count() == 7);
  CHECK(fonts.face_name(inter_regular) == "Inter Regular");
  CHECK(fonts.face_name(inter_semibold) == "Inter Semi Bold");
  CHECK(fonts.face_name(dejavu_sans) == "DejaVu Sans Book");
  CHECK(fonts.face_name(droid_sans_fallback) == "Droid Sans Fallback Regular");
  CHECK(fonts.face_path(droid_sans_fallback).filename() == "DroidSansFallbackFull.ttf");
  const auto regular = fonts.fallback_chain(FontWeight::regular);
  const auto semibold = fonts.fallback_chain(FontWeight::semibold);
  CHECK(fonts.face_path(4).filename() == "Lohit-Bengali.ttf");
  CHECK(fonts.face_path(5).filename() == "Lohit-Devanagari.ttf");
  CHECK(fonts.face_path(6).filename() == "Lohit-Tamil.ttf");
  CHECK(std::vector<int>(regular.begin(), regular.end()) == std::vector<int>{0, 2, 3, 4, 5, 6});
  CHECK(std::vector<int>(semibold.begin(), semibold.end()) == std::vector<int>{1, 2, 3, 4, 5, 6});
}

TEST_CASE("Bengali, Devanagari and Tamil answers are set in a font that has them", "[text]") {
  FontSet& fonts = test_fonts();
  // Dhaka, Mumbai and Chennai as a worker might type them.
  for (const char* city : {"\u09A2\u09BE\u0995\u09BE", "\u092E\u0941\u0902\u092C\u0908",
                           "\u0B9A\u0BC6\u0BA9\u0BCD\u0BA9\u0BC8"}) {
    INFO(city);
    const hitl::TextLayout layout = hitl::layout_text(fonts, city, {20}, 500);
    CHECK(layout.missing_code_points == 0);
    CHECK_FALSE(layout.lines.empty());
  }
}

TEST_CASE("A missing font file is refused with its path and FreeType's reason", "[text]") {
  const TempDir dir;
  const FontFiles files = FontFiles::in_folder(dir.path());
  const auto fonts = FontSet::load(files);
  REQUIRE_FALSE(fonts.ok());
  CHECK(fonts.error().to_string() ==
        (dir.path() / "Inter-Regular.otf").string() +
            ": cannot load the font: cannot open resource; expected a readable OpenType or "
            "TrueType font file");
}

TEST_CASE("A file that is not a font is refused with FreeType's reason", "[text]") {
  const TempDir dir;
  FontFiles files = FontFiles::in_folder(test_fonts().face_path(0).parent_path());
  files.fallbacks[1] = dir.write("not-a-font.ttf", "Droid Sans, but not really");
  const auto fonts = FontSet::load(files);
  REQUIRE_FALSE(fonts.ok());
  CHECK(fonts.error().to_string() == (dir.path() / "not-a-font.ttf").string() +
                                         ": cannot load the font: unknown file format; expected "
                                         "a readable OpenType or TrueType font file");
}

TEST_CASE("Font sizes become exact 26.6 values, clamped to the supported range", "[text]") {
  CHECK(hitl::font_size_26_6(18) == 18 * 64);
  CHECK(hitl::font_size_26_6(13.5f) == 864);
  CHECK(hitl::font_size_26_6(0) == 64);
  CHECK(hitl::font_size_26_6(-5) == 64);
  CHECK(hitl::font_size_26_6(std::numeric_limits<float>::quiet_NaN()) == 64);
  CHECK(hitl::font_size_26_6(1e9f) == 1024 * 64);
}

TEST_CASE("Face metrics scale with the size in pixels", "[text]") {
  const auto at_18 = test_fonts().metrics(inter_regular, 18);
  const auto at_54 = test_fonts().metrics(inter_regular, 54);
  CHECK(at_18.ascender_px > 0);
  CHECK(at_18.descender_px > 0);
  CHECK(at_54.ascender_px == Approx(3 * at_18.ascender_px));
  CHECK(at_54.descender_px == Approx(3 * at_18.descender_px));
}

TEST_CASE("The assets folder named by HITL_ASSETS_DIR comes first", "[text]") {
  const TempDir dir;
  dir.write("mine/fonts/Inter-Regular.otf", "x");
  dir.write("bin/assets/fonts/Inter-Regular.otf", "x");
  const auto found = hitl::find_assets_dir_from((dir / "mine").c_str(), dir.path() / "bin");
  REQUIRE(found.ok());
  CHECK(*found == dir.path() / "mine");
}

TEST_CASE("The assets folder is found beside, above or under share/ of the executable", "[text]") {
  const TempDir dir;
  dir.make_dir("bin");
  dir.write("share/hitl/assets/fonts/Inter-Regular.otf", "x");
  auto found = hitl::find_assets_dir_from(nullptr, dir.path() / "bin");
  REQUIRE(found.ok());
  CHECK(*found == dir.path() / "share/hitl/assets");

  dir.write("assets/fonts/Inter-Regular.otf", "x");
  found = hitl::find_assets_dir_from("", dir.path() / "bin");
  REQUIRE(found.ok());
  CHECK(*found == dir.path() / "assets");

  dir.write("bin/assets/fonts/Inter-Regular.otf", "x");
  found = hitl::find_assets_dir_from(nullptr, dir.path() / "bin");
  REQUIRE(found.ok());
  CHECK(*found == dir.path() / "bin/assets");
}

TEST_CASE("Without an assets folder the error lists every place looked in, in order", "[text]") {
  const TempDir dir;
  dir.make_dir("bin");
  const auto found = hitl::find_assets_dir_from((dir / "elsewhere").c_str(), dir.path() / "bin");
  REQUIRE_FALSE(found.ok());
  const std::string root = dir.path().string();
  CHECK(found.error().to_string() ==
        "cannot find hitl's assets folder (one that holds fonts/Inter-Regular.otf); looked in "
        "$HITL_ASSETS_DIR (" +
            root + "/elsewhere), " + root + "/bin/assets, " + root + "/assets, " + root +
            "/share/hitl/assets; expected one of these, or $HITL_ASSETS_DIR set to the folder "
            "holding fonts/");
}

TEST_CASE("The test executable finds the fonts the build copied beside it", "[text]") {
  const auto found = hitl::find_assets_dir();
  REQUIRE(found.ok());
  CHECK(std::filesystem::is_regular_file(*found / "fonts/DroidSansFallbackFull.ttf"));
}
