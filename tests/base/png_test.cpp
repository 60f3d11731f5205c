// PNG encoding and whole-image decoding: round trips of every layout hitl writes, and bad
// arguments or data refused with a reason.
#include "hitl/base/png.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::StartsWith;

namespace {

// A small image whose every pixel differs, so that a swapped channel or row shows.
std::vector<std::uint8_t> gradient_rgba(int width_px, int height_px) {
  std::vector<std::uint8_t> rgba;
  for (int y = 0; y < height_px; ++y) {
    for (int x = 0; x < width_px; ++x) {
      rgba.insert(rgba.end(), {std::uint8_t(x * 20), std::uint8_t(y * 30), std::uint8_t(x * y),
                               std::uint8_t(255 - x - y)});
    }
  }
  return rgba;
}

}  // namespace

TEST_CASE("png RGBA round trip keeps every pixel", "[png]") {
  const auto rgba = gradient_rgba(7, 5);
  const auto png = hitl::encode_png_rgba(rgba.data(), 7, 5, 7 * 4);
  REQUIRE(png.ok());
  const auto image = hitl::decode_png_rgba(*png, 100);
  REQUIRE(image.ok());
  CHECK(image->width_px == 7);
  CHECK(image->height_px == 5);
  CHECK(image->rgba == rgba);
}

TEST_CASE("png rows are read with the stride given, padding left out", "[png]") {
  const auto rgba = gradient_rgba(3, 4);
  std::vector<std::uint8_t> padded;
  for (int y = 0; y < 4; ++y) {
    padded.insert(padded.end(), rgba.begin() + y * 12, rgba.begin() + (y + 1) * 12);
    padded.insert(padded.end(), 5, 0xEE);
  }
  const auto png = hitl::encode_png_rgba(padded.data(), 3, 4, 17);
  REQUIRE(png.ok());
  const auto image = hitl::decode_png_rgba(*png, 100);
  REQUIRE(image.ok());
  CHECK(image->rgba == rgba);
}

TEST_CASE("png RGB decodes to opaque RGBA", "[png]") {
  const std::vector<std::uint8_t> rgb = {1, 2, 3, 4, 5, 6};
  const auto png = hitl::encode_png_rgb(rgb.data(), 2, 1, 6);
  REQUIRE(png.ok());
  const auto image = hitl::decode_png_rgba(*png, 100);
  REQUIRE(image.ok());
  CHECK(image->rgba == std::vector<std::uint8_t>{1, 2, 3, 255, 4, 5, 6, 255});
}

TEST_CASE("png indexed images keep their palette and its transparency", "[png]") {
  const std::vector<hitl::PngPaletteEntry> palette = {{0, 0, 0, 0}, {10, 20, 30, 255}};
  const std::vector<std::uint8_t> indices = {0, 1, 1, 0};
  const auto png = hitl::encode_png_indexed(indices.data(), 2, 2, 2, palette);
  REQUIRE(png.ok());
  const auto image = hitl::decode_png_rgba(*png, 100);
  REQUIRE(image.ok());
  CHECK(image->rgba ==
        std::vector<std::uint8_t>{0, 0, 0, 0, 10, 20, 30, 255, 10, 20, 30, 255, 0, 0, 0, 0});
}

TEST_CASE("png interlaced and uncompressed encodings decode to the same pixels", "[png]") {
  const auto rgba = gradient_rgba(9, 11);
  hitl::PngEncodeOptions options;
  options.interlaced = true;
  options.compression_level = 0;
  const auto png = hitl::encode_png_rgba(rgba.data(), 9, 11, 9 * 4, options);
  REQUIRE(png.ok());
  const auto image = hitl::decode_png_rgba(*png, 1000);
  REQUIRE(image.ok());
  CHECK(image->rgba == rgba);
}

TEST_CASE("png row filters and run-length compression decode to the same pixels", "[png]") {
  const auto rgba = gradient_rgba(9, 11);
  for (const auto filter :
       {hitl::PngRowFilter::adaptive, hitl::PngRowFilter::none, hitl::PngRowFilter::sub}) {
    for (const bool run_length_only : {false, true}) {
      hitl::PngEncodeOptions options;
      options.row_filter = filter;
      options.run_length_only = run_length_only;
      const auto png = hitl::encode_png_rgba(rgba.data(), 9, 11, 9 * 4, options);
      REQUIRE(png.ok());
      const auto image = hitl::decode_png_rgba(*png, 1000);
      REQUIRE(image.ok());
      CHECK(image->rgba == rgba);
    }
  }
}

TEST_CASE("png encoding refuses a stride shorter than a row", "[png][bad]") {
  const auto rgba = gradient_rgba(4, 2);
  const auto png = hitl::encode_png_rgba(rgba.data(), 4, 2, 15);
  REQUIRE_FALSE(png.ok());
  CHECK(png.error().message ==
        "cannot encode a PNG with a row stride of 15 bytes; expected at least 16 bytes (the "
        "width times the pixel size)");
}

TEST_CASE("png encoding refuses an empty size", "[png][bad]") {
  const std::uint8_t pixel[4] = {};
  const auto png = hitl::encode_png_rgba(pixel, 0, 1, 4);
  REQUIRE_FALSE(png.ok());
  CHECK(png.error().message == "cannot encode a PNG of 0x1 pixels; expected a positive size");
}

TEST_CASE("png decoding refuses images over the pixel limit before decoding", "[png][bad]") {
  const auto rgba = gradient_rgba(10, 10);
  const auto png = hitl::encode_png_rgba(rgba.data(), 10, 10, 40);
  REQUIRE(png.ok());
  const auto image = hitl::decode_png_rgba(*png, 99);
  REQUIRE_FALSE(image.ok());
  CHECK(image.error().message == "the PNG is 10x10 pixels; the limit is 99 pixels");
}

TEST_CASE("png decoding refuses data that is not a PNG with libspng's reason", "[png][bad]") {
  const auto image = hitl::decode_png_rgba("GIF89a, not a PNG", 100);
  REQUIRE_FALSE(image.ok());
  CHECK_THAT(image.error().message, StartsWith("cannot read the PNG header: "));
}
