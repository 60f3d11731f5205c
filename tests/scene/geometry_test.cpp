// Where the source picture goes in the output, and the map from source to output pixels.
#include <catch2/catch.hpp>

#include <cmath>

#include "hitl/scene/geometry.hpp"

using hitl::fit_picture;
using hitl::PictureTransform;
using hitl::RectPx;

TEST_CASE("The 3:2 mouse photos are pillarboxed, centred, in 16:9 outputs", "[geometry]") {
  CHECK(fit_picture(2880, 1920, 1920, 1080) == RectPx{150, 0, 1620, 1080});
  CHECK(fit_picture(2880, 1920, 1280, 720) == RectPx{100, 0, 1080, 720});
  CHECK(fit_picture(2880, 1920, 3840, 2160) == RectPx{300, 0, 3240, 2160});
}

TEST_CASE("A wide picture in a portrait output is letterboxed, centred", "[geometry]") {
  CHECK(fit_picture(2880, 1920, 1080, 1920) == RectPx{0, 600, 1080, 720});
}

TEST_CASE("A picture of the output's size fills it exactly", "[geometry]") {
  CHECK(fit_picture(1920, 1080, 1920, 1080) == RectPx{0, 0, 1920, 1080});
  CHECK(fit_picture(960, 540, 1920, 1080) == RectPx{0, 0, 1920, 1080});
}

TEST_CASE("A tall picture is pillarboxed and a wide one letterboxed", "[geometry]") {
  CHECK(fit_picture(1000, 4000, 1920, 1080) == RectPx{825, 0, 270, 1080});
  CHECK(fit_picture(4000, 1000, 1080, 1080) == RectPx{0, 405, 1080, 270});
}

TEST_CASE("Rounding keeps the edges on whole pixels and puts an odd pixel after the picture",
          "[geometry]") {
  // 100 * 1920 / 2880 = 66.67 rounds to 67; the 33 pixels left split into 16 above, 17 below.
  CHECK(fit_picture(2880, 1920, 100, 100) == RectPx{0, 16, 100, 67});
}

TEST_CASE("Tiny outputs still get a picture of at least one pixel", "[geometry]") {
  CHECK(fit_picture(2880, 1920, 3, 2) == RectPx{0, 0, 3, 2});
  CHECK(fit_picture(2880, 1920, 1, 1) == RectPx{0, 0, 1, 1});
  CHECK(fit_picture(1, 1000, 3, 2) == RectPx{1, 0, 1, 2});
  CHECK(fit_picture(1000, 1, 2, 3) == RectPx{0, 1, 2, 1});
}

TEST_CASE("Sizes that are zero or negative give an empty rectangle", "[geometry]") {
  CHECK(fit_picture(0, 1920, 1920, 1080) == RectPx{});
  CHECK(fit_picture(2880, -1, 1920, 1080) == RectPx{});
  CHECK(fit_picture(2880, 1920, 0, 1080) == RectPx{});
  CHECK(fit_picture(2880, 1920, 1920, -1080) == RectPx{});
}

TEST_CASE("The fitted picture lies inside the output and keeps the aspect ratio to a pixel",
          "[geometry]") {
  const int sizes[] = {1, 2, 3, 7, 100, 719, 1080, 1920, 2880, 4096};
  for (int source_w : sizes) {
    for (int source_h : sizes) {
      for (int output_w : sizes) {
        for (int output_h : sizes) {
          CAPTURE(source_w, source_h, output_w, output_h);
          const RectPx picture = fit_picture(source_w, source_h, output_w, output_h);
          REQUIRE(RectPx{0, 0, double(output_w), double(output_h)}.contains(picture));
          REQUIRE(picture.width >= 1);
          REQUIRE(picture.height >= 1);
          REQUIRE((picture.width == output_w || picture.height == output_h));
          // Centred to within the odd pixel.
          REQUIRE(std::abs((output_w - picture.right()) - picture.x) <= 1);
          REQUIRE(std::abs((output_h - picture.bottom()) - picture.y) <= 1);
          // The picture's height is the ideal one for its width, to within rounding (or the
          // one-pixel floor).
          const double ideal_height = picture.width * source_h / source_w;
          const double ideal_width = picture.height * source_w / source_h;
          REQUIRE((std::abs(picture.height - ideal_height) <= 0.5 ||
                   std::abs(picture.width - ideal_width) <= 0.5 || picture.width == 1 ||
                   picture.height == 1));
        }
      }
    }
  }
}

TEST_CASE("The picture transform maps the source's corners to the picture's corners",
          "[geometry]") {
  const auto transform = PictureTransform::make(2880, 1920, 1920, 1080);
  CHECK(transform.picture == RectPx{150, 0, 1620, 1080});
  CHECK(transform.scale_x == Approx(0.5625));
  CHECK(transform.scale_y == Approx(0.5625));
  const RectPx whole = transform.to_output(hitl::BoxPx{0, 0, 2880, 1920});
  CHECK(whole.x == 150);
  CHECK(whole.y == 0);
  CHECK(whole.right() == Approx(1770));
  CHECK(whole.bottom() == Approx(1080));
  const RectPx box = transform.to_output(hitl::BoxPx{1440, 960, 288, 192});
  CHECK(box.x == Approx(150 + 810));
  CHECK(box.y == Approx(540));
  CHECK(box.width == Approx(162));
  CHECK(box.height == Approx(108));
}

TEST_CASE("The picture transform of a letterboxed picture scales both axes alike", "[geometry]") {
  const auto transform = PictureTransform::make(2880, 1920, 1080, 1920);
  const RectPx whole = transform.to_output(hitl::BoxPx{0, 0, 2880, 1920});
  CHECK(whole.x == 0);
  CHECK(whole.y == 600);
  CHECK(whole.right() == Approx(1080));
  CHECK(whole.bottom() == Approx(1320));
  CHECK(transform.scale_x == Approx(transform.scale_y));
}

TEST_CASE("The picture transform of bad sizes maps everything to an empty rectangle",
          "[geometry]") {
  const auto transform = PictureTransform::make(0, 1920, 1920, 1080);
  CHECK(transform.picture == RectPx{});
  const RectPx box = transform.to_output(hitl::BoxPx{10, 20, 30, 40});
  CHECK(box.width == 0);
  CHECK(box.height == 0);
}
