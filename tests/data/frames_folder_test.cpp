// Frames folders: numbered images found and sized from their headers; gaps and oddities reported.
#include <catch2/catch.hpp>

#include "hitl/data/frames_folder.hpp"
#include "support/temp_dir.hpp"
#include "support/test_images.hpp"

using hitl::scan_frames_folder;
using hitl::test::make_jpeg;
using hitl::test::make_png;
using hitl::test::TempDir;

TEST_CASE("Frames folder lists numbered images in order with their sizes", "[frames-folder]") {
  TempDir dir;
  dir.write("mouse_0002.jpeg", make_jpeg(48, 32));
  dir.write("mouse_0001.jpg", make_jpeg(48, 32));
  dir.write("mouse_0003.png", make_png(48, 32));
  dir.write("notes.txt", "not a frame");
  dir.write("cover.jpeg", make_jpeg(8, 8));  // no number: not part of the loop
  hitl::Warnings warnings;
  const auto folder = scan_frames_folder(dir.path().string(), warnings);
  REQUIRE(folder.ok());
  REQUIRE(folder->frames.size() == 3);
  CHECK(folder->frames[0].number == 1);
  CHECK(folder->frames[0].file == "mouse_0001.jpg");
  CHECK(folder->frames[2].file == "mouse_0003.png");
  CHECK(folder->frames[1].width_px == 48);
  CHECK(folder->frames[1].height_px == 32);
  CHECK(warnings.empty());
}

TEST_CASE("Frames folder reports gaps in the numbering as one warning with ranges",
          "[frames-folder]") {
  TempDir dir;
  for (const int n : {1, 2, 5, 7, 8}) {
    dir.write("mouse_000" + std::to_string(n) + ".jpeg", make_jpeg(16, 16));
  }
  hitl::Warnings warnings;
  const auto folder = scan_frames_folder(dir.path().string(), warnings);
  REQUIRE(folder.ok());
  CHECK(folder->frames.size() == 5);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].to_string() ==
        dir.path().string() + ": warning: 3 frame(s) missing from the numbering: 3-4, 6");
}

TEST_CASE("Frames folder skips an unreadable image with a warning and keeps the rest",
          "[frames-folder]") {
  TempDir dir;
  dir.write("mouse_0001.jpeg", make_jpeg(16, 16));
  dir.write("mouse_0002.jpeg", "this is not a JPEG");
  hitl::Warnings warnings;
  const auto folder = scan_frames_folder(dir.path().string(), warnings);
  REQUIRE(folder.ok());
  CHECK(folder->frames.size() == 1);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].severity == hitl::Severity::warning);
  CHECK_THAT(warnings[0].to_string(),
             Catch::Contains("mouse_0002.jpeg") && Catch::Contains("frame 2 skipped"));
}

TEST_CASE("Frames folder warns about two files with one number and about differing sizes",
          "[frames-folder]") {
  TempDir dir;
  dir.write("mouse_0001.jpeg", make_jpeg(32, 16));
  dir.write("mouse_0001_A2YFFC90MO0MW8.jpeg", make_jpeg(32, 16));
  dir.write("mouse_0002.jpeg", make_jpeg(64, 16));
  hitl::Warnings warnings;
  const auto folder = scan_frames_folder(dir.path().string(), warnings);
  REQUIRE(folder.ok());
  REQUIRE(warnings.size() == 2);
  CHECK_THAT(warnings[0].message,
             Catch::Equals("frame 1 also comes from mouse_0001.jpeg; keeping mouse_0001.jpeg"));
  CHECK_THAT(warnings[1].message, Catch::StartsWith("is 64x16, but mouse_0001.jpeg is 32x16"));
}

TEST_CASE("Frames folder without numbered images is refused", "[frames-folder][bad]") {
  TempDir dir;
  dir.write("readme.txt", "hello");
  hitl::Warnings warnings;
  const auto folder = scan_frames_folder(dir.path().string(), warnings);
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error().to_string() ==
        dir.path().string() +
            ": holds no numbered frame images; expected files named like mouse_0001.jpeg (.jpg "
            "and .png also work)");
}

TEST_CASE("Frames folder that does not exist is refused", "[frames-folder][bad]") {
  hitl::Warnings warnings;
  const auto folder = scan_frames_folder("/nonexistent/frames", warnings);
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error().to_string() ==
        "/nonexistent/frames: does not exist; expected a folder of frame images");
}
