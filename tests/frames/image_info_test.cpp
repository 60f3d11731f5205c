// Image headers: sizes read from real JPEG and PNG files without decoding them; damaged,
// truncated and foreign files refused with the file's name and what was expected.
#include "hitl/frames/image_info.hpp"

#include <spng.h>
#include <turbojpeg.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "support/test_images.hpp"

using hitl::ImageFormat;
using hitl::read_image_info;
using hitl::read_image_info_from_bytes;
using hitl::test::TempDir;

namespace {

std::string encode_png(std::uint32_t width, std::uint32_t height) {
  std::vector<unsigned char> rgba(static_cast<std::size_t>(width * height * 4), 0xff);
  spng_ctx* encoder = spng_ctx_new(SPNG_CTX_ENCODER);
  spng_set_option(encoder, SPNG_ENCODE_TO_BUFFER, 1);
  spng_ihdr ihdr = {width, height, 8, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 0, 0, 0};
  spng_set_ihdr(encoder, &ihdr);
  int status =
      spng_encode_image(encoder, rgba.data(), rgba.size(), SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
  std::size_t png_size = 0;
  void* png = status == 0 ? spng_get_png_buffer(encoder, &png_size, &status) : nullptr;
  std::string bytes;
  if (png != nullptr) bytes.assign(static_cast<const char*>(png), png_size);
  std::free(png);
  spng_ctx_free(encoder);
  if (bytes.empty()) throw std::runtime_error("spng_encode_image failed");
  return bytes;
}

// A JPEG with an APP1 segment of `payload_bytes` between SOI and the rest, as cameras write EXIF.
std::string with_app1_segment(const std::string& jpeg, std::size_t payload_bytes) {
  const std::size_t length = payload_bytes + 2;
  std::string segment = {'\xff', '\xe1', static_cast<char>(length >> 8),
                         static_cast<char>(length & 0xff)};
  segment += std::string(payload_bytes, 'x');
  return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

}  // namespace

TEST_CASE("A JPEG's size comes from its frame header", "[image]") {
  TempDir dir;
  const auto path = dir.write("mouse_0001.jpeg", hitl::test::make_jpeg(288, 192));
  const auto info = read_image_info(path.string());
  REQUIRE(info.ok());
  CHECK(info->format == ImageFormat::jpeg);
  CHECK(info->width_px == 288);
  CHECK(info->height_px == 192);
}

TEST_CASE("A PNG's size comes from its IHDR chunk", "[image]") {
  TempDir dir;
  const auto path = dir.write("mask.png", encode_png(5, 3));
  const auto info = read_image_info(path.string());
  REQUIRE(info.ok());
  CHECK(info->format == ImageFormat::png);
  CHECK(info->width_px == 5);
  CHECK(info->height_px == 3);
}

TEST_CASE("The format is taken from the bytes, not from the file name's extension", "[image]") {
  TempDir dir;
  const auto png_named_jpeg = read_image_info(dir.write("a.jpeg", encode_png(7, 2)).string());
  const auto jpeg_named_png =
      read_image_info(dir.write("b.png", hitl::test::make_jpeg(16, 8)).string());
  REQUIRE(png_named_jpeg.ok());
  REQUIRE(jpeg_named_png.ok());
  CHECK(png_named_jpeg->format == ImageFormat::png);
  CHECK(jpeg_named_png->format == ImageFormat::jpeg);
  CHECK(jpeg_named_png->width_px == 16);
}

TEST_CASE("A JPEG's metadata segments before the frame header are skipped", "[image]") {
  const std::string jpeg = with_app1_segment(hitl::test::make_jpeg(40, 30), 60000);
  const auto info = read_image_info_from_bytes(jpeg, "exif.jpg");
  REQUIRE(info.ok());
  CHECK(info->width_px == 40);
  CHECK(info->height_px == 30);

  // libjpeg-turbo, which will decode the frame, agrees.
  tjhandle decompressor = tjInitDecompress();
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  const int status = tjDecompressHeader3(
      decompressor, reinterpret_cast<const unsigned char*>(jpeg.data()),
      static_cast<unsigned long>(jpeg.size()), &width, &height, &subsampling, &colorspace);
  tjDestroy(decompressor);
  REQUIRE(status == 0);
  CHECK(width == info->width_px);
  CHECK(height == info->height_px);
}

TEST_CASE("Only the header is needed: the first kilobyte of a JPEG is enough", "[image]") {
  const std::string jpeg = hitl::test::make_jpeg(2880, 1920);
  REQUIRE(jpeg.size() > 1024);
  const auto info = read_image_info_from_bytes(std::string_view(jpeg).substr(0, 1024), "big.jpeg");
  REQUIRE(info.ok());
  CHECK(info->width_px == 2880);
  CHECK(info->height_px == 1920);
}

TEST_CASE("A JPEG cut before its frame header is refused as truncated", "[image][bad]") {
  const std::string jpeg = hitl::test::make_jpeg(16, 16);
  const auto info = read_image_info_from_bytes(jpeg.substr(0, 25), "cut.jpeg");
  REQUIRE_FALSE(info.ok());
  CHECK(info.error().to_string() ==
        "cut.jpeg: truncated JPEG header: the file ends after 25 bytes, before the frame header "
        "(SOF marker) that gives the image size");
}

TEST_CASE("A PNG cut inside its IHDR chunk is refused as truncated", "[image][bad]") {
  TempDir dir;
  const auto path = dir.write("cut.png", encode_png(4, 4).substr(0, 20));
  const auto info = read_image_info(path.string());
  REQUIRE_FALSE(info.ok());
  CHECK(info.error().file == path.string());
  CHECK(info.error().message ==
        "truncated PNG header: the file ends after 20 bytes; expected at least 33 (signature and "
        "IHDR chunk)");
}

TEST_CASE("A PNG whose IHDR checksum is wrong is refused as damaged", "[image][bad]") {
  std::string png = encode_png(4, 4);
  png[16 + 3] = 5;  // the low byte of the width: 4 -> 5, so the CRC no longer matches
  const auto info = read_image_info_from_bytes(png, "bad.png");
  REQUIRE_FALSE(info.ok());
  CHECK(info.error().to_string() ==
        "bad.png: damaged PNG: the IHDR chunk's checksum does not match its contents");
}

TEST_CASE("A PNG whose line ends were converted in transfer is recognised as damaged",
          "[image][bad]") {
  std::string png = encode_png(4, 4);
  png.erase(4, 1);  // "\r\n" -> "\n", what a text-mode copy does
  const auto info = read_image_info_from_bytes(png, "copied.png");
  REQUIRE_FALSE(info.ok());
  CHECK_THAT(info.error().message, Catch::Contains("damaged PNG signature (89 50 4e 47 0a 1a"));
  CHECK_THAT(info.error().message, Catch::Contains("converting its line ends"));
}

TEST_CASE("Text and other image formats are refused as not a JPEG or PNG file", "[image][bad]") {
  const auto text = read_image_info_from_bytes("hello, world", "notes.jpeg");
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().to_string() ==
        "notes.jpeg: not a JPEG or PNG file: it starts with bytes 68 65 6c 6c 6f 2c 20 77; "
        "expected ff d8 (JPEG) or 89 50 4e 47 (PNG)");

  const auto gif = read_image_info_from_bytes("GIF89a\x10\x00\x10\x00", "frame.gif");
  REQUIRE_FALSE(gif.ok());
  CHECK_THAT(gif.error().message, Catch::Contains("(a GIF image)"));
}

TEST_CASE("An empty file is refused as empty", "[image][bad]") {
  TempDir dir;
  const auto path = dir.write("empty.jpeg", "");
  const auto info = read_image_info(path.string());
  REQUIRE_FALSE(info.ok());
  CHECK(info.error().message == "is empty; expected a JPEG or PNG image");
}

TEST_CASE("A JPEG whose markers run into image data before a frame header is refused",
          "[image][bad]") {
  const std::string start_of_scan_first = "\xff\xd8\xff\xda";  // SOI, then SOS
  const auto info = read_image_info_from_bytes(start_of_scan_first, "odd.jpg");
  REQUIRE_FALSE(info.ok());
  CHECK(info.error().message ==
        "damaged JPEG: image data (marker 0xda) before any frame header; expected a SOF marker "
        "giving the image size");
}

TEST_CASE("A missing file and a folder are refused with the path", "[image][bad]") {
  TempDir dir;
  const auto missing = read_image_info(dir / "nowhere.jpeg");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().file == dir / "nowhere.jpeg");
  CHECK_THAT(missing.error().message, Catch::Contains("cannot open"));

  const auto folder = read_image_info(dir.path().string());
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error().message == "is a folder; expected a JPEG or PNG image");
}
