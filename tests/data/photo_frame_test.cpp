// The fixture's photo-like frames: real JPEGs of the asked size, the mouse where the masks put
// it, and the same bytes every time.
#include <turbojpeg.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "support/mturk_fixture.hpp"

namespace {

struct DecodedRgb {
  int width_px = 0, height_px = 0;
  std::vector<unsigned char> rgb;
};

DecodedRgb decode(const std::string& jpeg) {
  DecodedRgb out;
  tjhandle decompressor = tjInitDecompress();
  REQUIRE(decompressor != nullptr);
  int subsampling = 0, colorspace = 0;
  auto* bytes = reinterpret_cast<const unsigned char*>(jpeg.data());
  const auto size = static_cast<unsigned long>(jpeg.size());
  int status = tjDecompressHeader3(decompressor, bytes, size, &out.width_px, &out.height_px,
                                   &subsampling, &colorspace);
  if (status == 0) {
    out.rgb.resize(std::size_t(out.width_px) * std::size_t(out.height_px) * 3);
    status = tjDecompress2(decompressor, bytes, size, out.rgb.data(), out.width_px, 0,
                           out.height_px, TJPF_RGB, 0);
  }
  tjDestroy(decompressor);
  REQUIRE(status == 0);
  return out;
}

}  // namespace

TEST_CASE("a photo frame decodes at the asked size", "[fixture]") {
  // Sizes that are no multiple of the 16-pixel blocks of 4:2:0 JPEG as well as ones that are.
  for (const auto& [width_px, height_px] : {std::pair{576, 384}, std::pair{577, 385}}) {
    const DecodedRgb frame = decode(hitl::test::make_photo_frame_jpeg(width_px, height_px, 0.4));
    CHECK(frame.width_px == width_px);
    CHECK(frame.height_px == height_px);
  }
}

TEST_CASE("a photo frame's mouse lies under the body mask of the same angle", "[fixture]") {
  constexpr int kWidthPx = 720, kHeightPx = 480;
  for (const double angle_rad : {0.0, 1.3, 4.0}) {
    INFO("angle " << angle_rad);
    const DecodedRgb frame =
        decode(hitl::test::make_photo_frame_jpeg(kWidthPx, kHeightPx, angle_rad));
    // The body alone, and all parts: what is outside every part is backdrop (but for the cable's
    // run past its mask, a few pixels of the many).
    hitl::test::MaskCanvas body(kWidthPx, kHeightPx), mouse(kWidthPx, kHeightPx);
    const int body_part[] = {0}, all_parts[] = {0, 1, 2, 3, 4};
    hitl::test::paint_mouse(body, body_part, angle_rad, 0);
    hitl::test::paint_mouse(mouse, all_parts, angle_rad, 0);
    double body_sum = 0, backdrop_sum = 0;
    int body_count = 0, backdrop_count = 0, body_dark = 0;
    for (std::size_t i = 0; i < std::size_t(kWidthPx) * kHeightPx; ++i) {
      const double luma =
          0.299 * frame.rgb[i * 3] + 0.587 * frame.rgb[i * 3 + 1] + 0.114 * frame.rgb[i * 3 + 2];
      if (body.rgba()[i * 4 + 3] != 0) {
        body_sum += luma;
        ++body_count;
        body_dark += luma < 128;
      } else if (mouse.rgba()[i * 4 + 3] == 0) {
        backdrop_sum += luma;
        ++backdrop_count;
      }
    }
    REQUIRE(body_count > 10'000);
    REQUIRE(backdrop_count > 100'000);
    const double body_mean = body_sum / body_count, backdrop_mean = backdrop_sum / backdrop_count;
    CHECK(body_mean < 0.5 * backdrop_mean);
    CHECK(backdrop_mean > 170);
    // Nearly all of the mask is on the mouse: only the softened edge pixels are lighter. A frame
    // turned by 0.3 rad from its mask leaves about 7% of the mask on the backdrop.
    CHECK(double(body_dark) / body_count > 0.99);
  }
}

TEST_CASE("a photo frame is the same bytes for the same inputs", "[fixture]") {
  const std::string first = hitl::test::make_photo_frame_jpeg(480, 320, 2.0);
  CHECK(hitl::test::make_photo_frame_jpeg(480, 320, 2.0) == first);
  CHECK(hitl::test::make_photo_frame_jpeg(480, 320, 2.0, 75) != first);
  CHECK(hitl::test::make_photo_frame_jpeg(480, 320, 2.1) != first);
}
