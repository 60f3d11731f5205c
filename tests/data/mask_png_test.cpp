// Mask PNGs to per-label COCO RLE: exact shapes, every PNG flavour, and hostile files refused
// from their header before any pixel is decoded.
#include <spng.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>

#include "hitl/base/png.hpp"
#include "hitl/data/mask_png.hpp"
#include "support/mturk_fixture.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using hitl::BoxPx;
using hitl::decode_mask_png;
using hitl::LabelMask;
using hitl::MaskRle;
using hitl::Rgb8;
using hitl::test::MaskCanvas;

namespace {

std::vector<Rgb8> mouse_colors() {
  std::vector<Rgb8> colors;
  for (const auto& c : hitl::mouse_categories()) colors.push_back(c.color);
  return colors;
}

const Rgb8 kBody = hitl::mouse_categories()[0].color;
const Rgb8 kCable = hitl::mouse_categories()[4].color;

// The specification, pixel by pixel: column-major runs of the pixels whose alpha is not zero and
// whose RGB is the colour.
MaskRle reference_rle(const MaskCanvas& canvas, Rgb8 color) {
  MaskRle rle{canvas.width_px(), canvas.height_px(), {}};
  bool in_run = false;
  std::uint32_t run = 0;
  for (int x = 0; x < canvas.width_px(); ++x) {
    for (int y = 0; y < canvas.height_px(); ++y) {
      const auto* p =
          &canvas.rgba()[(std::size_t(y) * std::size_t(canvas.width_px()) + std::size_t(x)) * 4];
      const bool set = p[3] != 0 && Rgb8{p[0], p[1], p[2]} == color;
      if (set != in_run) {
        rle.counts.push_back(run);
        run = 0;
        in_run = set;
      }
      ++run;
    }
  }
  rle.counts.push_back(run);
  return rle;
}

hitl::MaskPngLimits row_by_row() {
  hitl::MaskPngLimits limits;
  limits.max_inflated_bytes = 0;  // nothing inflated whole: every row through libspng
  return limits;
}

// Decodes a mask both ways (row by row through libspng, and the default, which inflates whole
// images when the build has libdeflate), requires the same answer, and returns the default one.
hitl::Result<std::vector<LabelMask>> decode_each_way(std::string_view png, int width_px,
                                                     int height_px, std::span<const Rgb8> colors) {
  auto rows = decode_mask_png(png, width_px, height_px, colors, row_by_row());
  auto whole = decode_mask_png(png, width_px, height_px, colors);
  REQUIRE(rows.ok() == whole.ok());
  if (rows.ok()) {
    REQUIRE(rows->size() == whole->size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
      CHECK((*rows)[i].label == (*whole)[i].label);
      CHECK((*rows)[i].mask == (*whole)[i].mask);
    }
  }
  return whole;
}

// A damaged PNG is refused both ways; `whole_image_message` is what the whole-image path says.
void require_refused_each_way(std::string_view png, int width_px, int height_px,
                              const std::string& whole_image_message) {
  std::vector<Rgb8> colors;
  for (const auto& c : hitl::mouse_categories()) colors.push_back(c.color);
  const auto rows = decode_mask_png(png, width_px, height_px, colors, row_by_row());
  REQUIRE_FALSE(rows.ok());
  CHECK_THAT(rows.error().message, Catch::Matchers::StartsWith("the mask PNG is damaged"));
  const auto whole = decode_mask_png(png, width_px, height_px, colors);
  REQUIRE_FALSE(whole.ok());
  if (hitl::mask_png_inflates_whole_images()) CHECK(whole.error().message == whole_image_message);
}

std::vector<int> labels_of(const std::vector<LabelMask>& masks) {
  std::vector<int> labels;
  for (const auto& m : masks) labels.push_back(m.label);
  return labels;
}

}  // namespace

TEST_CASE("mask a painted rectangle gives exactly its box, area and column-major runs", "[mask]") {
  MaskCanvas canvas(64, 48);
  canvas.fill_rect(10, 20, 30, 15, kBody);
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(canvas.png_rgba(), 64, 48, colors);
  REQUIRE(masks.ok());
  REQUIRE(masks->size() == 1);
  const MaskRle& rle = masks->front().mask;
  CHECK(masks->front().label == 0);
  CHECK(rle.width == 64);
  CHECK(rle.height == 48);
  CHECK(rle.bounds() == BoxPx{10, 20, 30, 15});
  CHECK(rle.area() == 450);
  REQUIRE(rle.counts.size() == 61);
  CHECK(rle.counts[0] == 10 * 48 + 20);  // ten empty columns, then 20 rows above the rectangle
  CHECK(rle.counts[1] == 15);
  CHECK(rle.counts[2] == 48 - 15);  // from the bottom of one column to the top of the next
  CHECK(rle.counts.back() == 64 * 48 - (500 + 30 * 15 + 29 * 33));
  CHECK(rle.is_consistent());
}

TEST_CASE("mask only the labels present come out, in label order", "[mask]") {
  MaskCanvas canvas(40, 30);
  canvas.fill_rect(0, 0, 3, 3, kCable);
  canvas.fill_rect(20, 10, 5, 5, kBody);
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(canvas.png_rgba(), 40, 30, colors);
  REQUIRE(masks.ok());
  CHECK(labels_of(*masks) == std::vector<int>{0, 4});
  CHECK((*masks)[1].mask.bounds() == BoxPx{0, 0, 3, 3});
  CHECK((*masks)[1].mask.counts.front() == 0);  // the mask starts with an empty run of zeros
}

TEST_CASE("mask painted mice at many angles match the pixel-by-pixel reference", "[mask]") {
  const auto colors = mouse_colors();
  for (int step = 0; step < 8; ++step) {
    MaskCanvas canvas(300 + step * 7, 200 + step * 3);
    const std::vector<int> parts = {0, 1, 2, 3, 4};
    hitl::test::paint_mouse(canvas, parts, step * 0.8, 1000u + unsigned(step));
    const auto masks =
        decode_each_way(canvas.png_rgba(), canvas.width_px(), canvas.height_px(), colors);
    REQUIRE(masks.ok());
    REQUIRE(labels_of(*masks) == std::vector<int>{0, 1, 2, 3, 4});
    for (const auto& m : *masks) {
      CHECK(m.mask == reference_rle(canvas, colors[std::size_t(m.label)]));
    }
  }
}

TEST_CASE("mask anti-aliased edge colours and transparent label colours are background", "[mask]") {
  MaskCanvas canvas(120, 80);
  const std::vector<int> body = {0};
  hitl::test::paint_mouse(canvas, body, 0.3, 5, /*soft_edges=*/true);
  canvas.fill_rect(0, 0, 10, 10, kCable, /*alpha=*/0);  // invisible paint is no paint
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(canvas.png_rgba(), 120, 80, colors);
  REQUIRE(masks.ok());
  REQUIRE(labels_of(*masks) == std::vector<int>{0});
  CHECK((*masks)[0].mask == reference_rle(canvas, kBody));
}

TEST_CASE("mask half-transparent pixels of a label colour belong to the label", "[mask]") {
  MaskCanvas canvas(20, 20);
  canvas.fill_rect(4, 5, 2, 3, kBody, /*alpha=*/1);
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(canvas.png_rgba(), 20, 20, colors);
  REQUIRE(masks.ok());
  REQUIRE(masks->size() == 1);
  CHECK((*masks)[0].mask.bounds() == BoxPx{4, 5, 2, 3});
}

TEST_CASE("mask a run down a whole column continues into the next column", "[mask]") {
  MaskCanvas canvas(6, 4);
  canvas.fill_rect(2, 0, 2, 4, kBody);  // columns 2 and 3, top to bottom: one run of 8
  canvas.fill_rect(5, 3, 1, 1, kBody);
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(canvas.png_rgba(), 6, 4, colors);
  REQUIRE(masks.ok());
  CHECK((*masks)[0].mask.counts == std::vector<std::uint32_t>{8, 8, 7, 1});
}

TEST_CASE("mask a label covering the whole image is one run after an empty one", "[mask]") {
  MaskCanvas canvas(5, 3);
  canvas.fill_rect(0, 0, 5, 3, kBody);
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(canvas.png_rgba(), 5, 3, colors);
  REQUIRE(masks.ok());
  CHECK((*masks)[0].mask.counts == std::vector<std::uint32_t>{0, 15});
}

TEST_CASE("mask without any label colour gives no labels", "[mask]") {
  MaskCanvas canvas(16, 16);
  canvas.fill_rect(2, 2, 5, 5, Rgb8{1, 2, 3});
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(canvas.png_rgba(), 16, 16, colors);
  REQUIRE(masks.ok());
  CHECK(masks->empty());
}

TEST_CASE("mask when two labels share a colour the first one gets the pixels", "[mask]") {
  MaskCanvas canvas(8, 8);
  canvas.fill_rect(1, 1, 2, 2, kBody);
  const std::vector<Rgb8> colors = {Rgb8{9, 9, 9}, kBody, kBody};
  const auto masks = decode_each_way(canvas.png_rgba(), 8, 8, colors);
  REQUIRE(masks.ok());
  CHECK(labels_of(*masks) == std::vector<int>{1});
}

TEST_CASE("mask an RGB PNG without alpha works, its black background is no label", "[mask]") {
  MaskCanvas canvas(90, 60);
  const std::vector<int> parts = {0, 3, 4};
  hitl::test::paint_mouse(canvas, parts, 1.0, 77);
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(canvas.png_rgb(), 90, 60, colors);
  REQUIRE(masks.ok());
  REQUIRE(labels_of(*masks) == std::vector<int>{0, 3, 4});
  for (const auto& m : *masks) CHECK(m.mask == reference_rle(canvas, colors[std::size_t(m.label)]));
}

TEST_CASE("mask a palette PNG with a transparent entry gives the same masks as RGBA", "[mask]") {
  MaskCanvas canvas(70, 50);
  const std::vector<int> parts = {0, 1, 2};
  hitl::test::paint_mouse(canvas, parts, 2.0, 12);
  const auto& categories = hitl::mouse_categories();
  std::vector<hitl::PngPaletteEntry> palette = {{0, 0, 0, 0}};
  for (const auto& c : categories) palette.push_back({c.color.r, c.color.g, c.color.b, 255});
  std::vector<std::uint8_t> indices;
  for (std::size_t i = 0; i < canvas.rgba().size(); i += 4) {
    const auto* p = &canvas.rgba()[i];
    std::uint8_t index = 0;
    for (std::size_t k = 0; k < categories.size(); ++k) {
      if (p[3] != 0 && Rgb8{p[0], p[1], p[2]} == categories[k].color) {
        index = static_cast<std::uint8_t>(k + 1);
      }
    }
    indices.push_back(index);
  }
  const auto png = hitl::encode_png_indexed(indices.data(), 70, 50, 70, palette);
  REQUIRE(png.ok());
  const auto colors = mouse_colors();
  const auto from_palette = decode_each_way(*png, 70, 50, colors);
  const auto from_rgba = decode_each_way(canvas.png_rgba(), 70, 50, colors);
  REQUIRE(from_palette.ok());
  REQUIRE(from_rgba.ok());
  REQUIRE(from_palette->size() == 3);
  for (std::size_t i = 0; i < from_rgba->size(); ++i) {
    CHECK((*from_palette)[i].label == (*from_rgba)[i].label);
    CHECK((*from_palette)[i].mask == (*from_rgba)[i].mask);
  }
}

TEST_CASE("mask a grayscale PNG matches grey label colours", "[mask]") {
  std::vector<std::uint8_t> gray(12 * 10, 0);
  for (int y = 3; y < 6; ++y) {
    for (int x = 2; x < 9; ++x) gray[std::size_t(y * 12 + x)] = 0x80;
  }
  const auto png = hitl::encode_png_gray(gray.data(), 12, 10, 12);
  REQUIRE(png.ok());
  const std::vector<Rgb8> colors = {kBody, Rgb8{0x80, 0x80, 0x80}};
  const auto masks = decode_each_way(*png, 12, 10, colors);
  REQUIRE(masks.ok());
  REQUIRE(labels_of(*masks) == std::vector<int>{1});
  CHECK((*masks)[0].mask.bounds() == BoxPx{2, 3, 7, 3});
}

TEST_CASE("mask an interlaced PNG gives the same masks as a plain one", "[mask]") {
  MaskCanvas canvas(83, 61);  // odd sizes: the Adam7 passes do not divide them
  const std::vector<int> parts = {0, 1, 2, 3, 4};
  hitl::test::paint_mouse(canvas, parts, 0.5, 3);
  hitl::PngEncodeOptions interlaced;
  interlaced.interlaced = true;
  const auto png = hitl::encode_png_rgba(canvas.rgba().data(), 83, 61, 83 * 4, interlaced);
  REQUIRE(png.ok());
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(*png, 83, 61, colors);
  REQUIRE(masks.ok());
  REQUIRE(masks->size() == 5);
  for (const auto& m : *masks) CHECK(m.mask == reference_rle(canvas, colors[std::size_t(m.label)]));
}

TEST_CASE("mask a 16-bit RGBA PNG is compared after scaling to 8 bits", "[mask]") {
  constexpr int kWidth = 10, kHeight = 6;
  std::vector<std::uint16_t> pixels(kWidth * kHeight * 4, 0);
  for (int x = 3; x < 7; ++x) {
    auto* p = &pixels[std::size_t((2 * kWidth + x) * 4)];
    p[0] = std::uint16_t(kBody.r * 257);
    p[1] = std::uint16_t(kBody.g * 257);
    p[2] = std::uint16_t(kBody.b * 257);
    p[3] = 65535;
  }
  spng_ctx* ctx = spng_ctx_new(SPNG_CTX_ENCODER);
  REQUIRE(ctx != nullptr);
  spng_set_option(ctx, SPNG_ENCODE_TO_BUFFER, 1);
  spng_ihdr ihdr{kWidth, kHeight, 16, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 0, 0, 0};
  spng_set_ihdr(ctx, &ihdr);
  const int encoded =
      spng_encode_image(ctx, pixels.data(), pixels.size() * 2, SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
  std::size_t size = 0;
  int error = 0;
  void* buffer = spng_get_png_buffer(ctx, &size, &error);
  spng_ctx_free(ctx);
  REQUIRE(encoded == 0);
  REQUIRE(buffer != nullptr);
  const std::string png(static_cast<const char*>(buffer), size);
  std::free(buffer);

  const auto colors = mouse_colors();
  const auto masks = decode_each_way(png, kWidth, kHeight, colors);
  REQUIRE(masks.ok());
  REQUIRE(masks->size() == 1);
  CHECK((*masks)[0].mask.bounds() == BoxPx{3, 2, 4, 1});
}

TEST_CASE("mask rows under every PNG filter type decode to the same labels", "[mask]") {
  MaskCanvas canvas(61, 47);
  const std::vector<int> parts = {0, 1, 2, 3, 4};
  hitl::test::paint_mouse(canvas, parts, 0.7, 21, /*soft_edges=*/true);
  const std::vector<std::uint8_t> rgba = canvas.rgba();
  const auto colors = mouse_colors();
  for (const int filter : {0, 1, 2, 3, 4}) {
    const std::string png = hitl::test::png_with_filters(61, 47, 6, rgba, {filter, 2, filter});
    const auto masks = decode_each_way(png, 61, 47, colors);
    REQUIRE(masks.ok());
    REQUIRE(masks->size() == 5);
    for (const auto& m : *masks) {
      CHECK(m.mask == reference_rle(canvas, colors[std::size_t(m.label)]));
    }
  }
}

TEST_CASE("mask RGB rows under every filter type decode to the same labels", "[mask]") {
  MaskCanvas canvas(33, 29);
  const std::vector<int> parts = {0, 2, 4};
  hitl::test::paint_mouse(canvas, parts, 2.5, 4);
  std::vector<std::uint8_t> rgb;
  for (std::size_t i = 0; i < canvas.rgba().size(); i += 4) {
    for (std::size_t k = 0; k < 3; ++k) rgb.push_back(canvas.rgba()[i + k]);
  }
  const std::string png = hitl::test::png_with_filters(33, 29, 2, rgb, {0, 1, 2, 3, 4});
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(png, 33, 29, colors);
  REQUIRE(masks.ok());
  REQUIRE(labels_of(*masks) == std::vector<int>{0, 2, 4});
  for (const auto& m : *masks) CHECK(m.mask == reference_rle(canvas, colors[std::size_t(m.label)]));
}

TEST_CASE("mask an RGB PNG's tRNS colour is transparent, so it is no label", "[mask]") {
  std::vector<std::uint8_t> rgb(8 * 6 * 3, 0);
  const auto paint = [&](int x, int y, Rgb8 color) {
    const std::size_t at = std::size_t((y * 8 + x) * 3);
    rgb[at] = color.r;
    rgb[at + 1] = color.g;
    rgb[at + 2] = color.b;
  };
  for (int x = 1; x < 4; ++x) paint(x, 2, kBody);
  paint(6, 4, kCable);
  const std::string trns = hitl::test::png_chunk(
      "tRNS", std::string{0, static_cast<char>(kBody.r), 0, static_cast<char>(kBody.g), 0,
                          static_cast<char>(kBody.b)});
  const std::string png = hitl::test::png_with_filters(8, 6, 2, rgb, {1}, trns);
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(png, 8, 6, colors);
  REQUIRE(masks.ok());
  REQUIRE(labels_of(*masks) == std::vector<int>{4});
  CHECK((*masks)[0].mask.bounds() == BoxPx{6, 4, 1, 1});
}

TEST_CASE("mask a palette whose first entry is a label colour labels zero rows", "[mask]") {
  // Index 0 is the body here: rows of zeros (cheap to decode) must still be labelled.
  const std::string plte = hitl::test::png_chunk(
      "PLTE", std::string{static_cast<char>(kBody.r), static_cast<char>(kBody.g),
                          static_cast<char>(kBody.b), 0, 0, 0});
  std::vector<std::uint8_t> indices(5 * 4, 1);
  for (int x = 0; x < 5; ++x) indices[std::size_t(2 * 5 + x)] = 0;
  const std::string png = hitl::test::png_with_filters(5, 4, 3, indices, {0}, plte);
  const auto colors = mouse_colors();
  const auto masks = decode_each_way(png, 5, 4, colors);
  REQUIRE(masks.ok());
  REQUIRE(labels_of(*masks) == std::vector<int>{0});
  CHECK((*masks)[0].mask.bounds() == BoxPx{0, 2, 5, 1});
}

TEST_CASE("mask a pixel past the palette's end reads as opaque black, as libspng has it",
          "[mask]") {
  const std::string plte = hitl::test::png_chunk("PLTE", "\x10\x20\x30\x40\x50\x60");
  std::vector<std::uint8_t> indices(4 * 3, 1);
  indices[7] = 9;  // x 3, y 1
  const std::string png = hitl::test::png_with_filters(4, 3, 3, indices, {0}, plte);
  const std::vector<Rgb8> colors = {kBody, Rgb8{0, 0, 0}};
  const auto masks = decode_each_way(png, 4, 3, colors);
  REQUIRE(masks.ok());
  REQUIRE(labels_of(*masks) == std::vector<int>{1});
  CHECK((*masks)[0].mask.bounds() == BoxPx{3, 1, 1, 1});
  CHECK((*masks)[0].mask.area() == 1);
}

TEST_CASE("mask of the wrong size is refused naming both sizes", "[mask][bad]") {
  MaskCanvas canvas(50, 40);
  const auto colors = mouse_colors();
  const auto masks = decode_mask_png(canvas.png_rgba(), 96, 64, colors);
  REQUIRE_FALSE(masks.ok());
  CHECK(masks.error().message ==
        "the mask PNG is 50x40 pixels; expected 96x64 pixels, the size of the labelled image");
}

TEST_CASE("mask whose header claims 100000x100000 pixels is refused at once", "[mask][bad]") {
  const std::string png = hitl::test::png_header_only(100000, 100000);
  const auto colors = mouse_colors();
  const auto start = std::chrono::steady_clock::now();
  const auto masks = decode_mask_png(png, 2880, 1920, colors);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(masks.ok());
  CHECK(masks.error().message ==
        "the mask PNG is 100000x100000 pixels; expected 2880x1920 pixels, the size of the "
        "labelled image");
  CHECK(elapsed < std::chrono::milliseconds(100));
}

TEST_CASE("mask whose expected size is over the limits is refused before reading", "[mask][bad]") {
  const std::string png = hitl::test::png_header_only(100000, 100000);
  const auto colors = mouse_colors();
  const auto masks = decode_mask_png(png, 100000, 100000, colors);
  REQUIRE_FALSE(masks.ok());
  CHECK(masks.error().message ==
        "the image size 100000x100000 is over the mask limits (16384 pixels a side, 67108864 "
        "pixels in all)");
}

TEST_CASE("mask with a header but no image data is refused", "[mask][bad]") {
  const std::string png = hitl::test::png_header_only(20, 10);
  const auto colors = mouse_colors();
  const auto rows = decode_mask_png(png, 20, 10, colors, row_by_row());
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.error().message ==
        "the mask PNG is damaged or cut short before its first row: invalid chunk position");
  require_refused_each_way(png, 20, 10,
                           "the mask PNG is damaged or cut short: invalid chunk position");
}

TEST_CASE("mask a PNG cut short in its image data is refused", "[mask][bad]") {
  // Big enough for libspng to write several IDAT chunks, so that the cut falls between rows.
  MaskCanvas canvas(2000, 1000);
  const std::vector<int> parts = {0, 1, 2, 3, 4};
  hitl::test::paint_mouse(canvas, parts, 0, 1);
  hitl::PngEncodeOptions uncompressed;
  uncompressed.compression_level = 0;
  const auto png = hitl::encode_png_rgba(canvas.rgba().data(), 2000, 1000, 2000 * 4, uncompressed);
  REQUIRE(png.ok());
  const auto cut = std::string_view(*png).substr(0, png->size() / 2);
  const auto colors = mouse_colors();
  const auto rows = decode_mask_png(cut, 2000, 1000, colors, row_by_row());
  REQUIRE_FALSE(rows.ok());
  CHECK_THAT(rows.error().message, StartsWith("the mask PNG is damaged or cut short after "));
  CHECK_THAT(rows.error().message, Contains(" of 1000 rows: "));
  require_refused_each_way(cut, 2000, 1000,
                           "the mask PNG is damaged or cut short: its \"IDAT\" chunk at byte "
                           "offset 4003585 claims 8192 bytes, but only 3308 follow");
}

TEST_CASE("mask a small PNG cut short is refused", "[mask][bad]") {
  MaskCanvas canvas(200, 100);
  const std::vector<int> parts = {0, 1, 2, 3, 4};
  hitl::test::paint_mouse(canvas, parts, 0, 1);
  const std::string png = canvas.png_rgba();
  const auto cut = std::string_view(png).substr(0, png.size() / 2);
  const auto colors = mouse_colors();
  const auto rows = decode_mask_png(cut, 200, 100, colors, row_by_row());
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.error().message ==
        "the mask PNG is damaged or cut short before its first row: end of stream");
  const auto whole = decode_mask_png(cut, 200, 100, colors);
  REQUIRE_FALSE(whole.ok());
  CHECK_THAT(whole.error().message, StartsWith("the mask PNG is damaged or cut short"));
}

TEST_CASE("mask with a corrupted image chunk is refused by its checksum", "[mask][bad]") {
  MaskCanvas canvas(64, 64);
  canvas.fill_rect(5, 5, 50, 50, kBody);
  std::string png = canvas.png_rgba();
  png[png.size() - 20] = static_cast<char>(png[png.size() - 20] ^ 0x55);  // in the IDAT chunk
  require_refused_each_way(png, 64, 64,
                           "the mask PNG is damaged or cut short: the checksum (CRC) of its IDAT "
                           "chunk at byte offset 33 does not match its contents");
}

TEST_CASE("mask with image data that is not deflate data is refused", "[mask][bad]") {
  std::string ihdr = std::string("\0\0\0\x08\0\0\0\x04", 8) + std::string{8, 6, 0, 0, 0};
  const std::string png =
      std::string("\x89PNG\r\n\x1A\n", 8) + hitl::test::png_chunk("IHDR", ihdr) +
      hitl::test::png_chunk("IDAT", "this is not zlib data") + hitl::test::png_chunk("IEND", "");
  require_refused_each_way(png, 8, 4,
                           "the mask PNG is damaged or cut short: its compressed image data is "
                           "invalid or incomplete");
}

TEST_CASE("mask with fewer rows of image data than its header says is refused", "[mask][bad]") {
  const std::vector<std::uint8_t> pixels(10 * 10 * 4, 0);
  std::string png = hitl::test::png_with_filters(10, 10, 6, pixels, {0});
  // The same data under a header that claims twice the rows.
  const std::string ihdr = std::string("\0\0\0\x0A\0\0\0\x14", 8) + std::string{8, 6, 0, 0, 0};
  png.replace(8, 25, hitl::test::png_chunk("IHDR", ihdr));
  require_refused_each_way(png, 10, 20,
                           "the mask PNG is damaged or cut short: its image data ends after 10 "
                           "of 20 rows");
}

TEST_CASE("mask with more image data than its header says is refused", "[mask][bad]") {
  const std::vector<std::uint8_t> pixels(10 * 10 * 4, 0);
  std::string png = hitl::test::png_with_filters(10, 10, 6, pixels, {0});
  const std::string ihdr = std::string("\0\0\0\x0A\0\0\0\x05", 8) + std::string{8, 6, 0, 0, 0};
  png.replace(8, 25, hitl::test::png_chunk("IHDR", ihdr));
  const auto colors = mouse_colors();
  if (!hitl::mask_png_inflates_whole_images()) return;  // libspng stops reading at the last row
  const auto whole = decode_mask_png(png, 10, 5, colors);
  REQUIRE_FALSE(whole.ok());
  CHECK(whole.error().message ==
        "the mask PNG is damaged or cut short: it holds more image data than 10x5 pixels need");
}

TEST_CASE("mask a row with an unknown filter type is refused", "[mask][bad]") {
  const std::vector<std::uint8_t> pixels(6 * 5 * 4, 0);
  const std::string png = hitl::test::png_with_filters(6, 5, 6, pixels, {0, 1, 7});
  require_refused_each_way(png, 6, 5,
                           "the mask PNG is damaged or cut short: row 3 has filter type 7; "
                           "expected 0 to 4");
}

TEST_CASE("mask data that is not a PNG is refused showing its first bytes", "[mask][bad]") {
  const auto colors = mouse_colors();
  const auto masks = decode_mask_png(std::string_view("GIF89a\x01\x00\x01\x00", 10), 1, 1, colors);
  REQUIRE_FALSE(masks.ok());
  CHECK(masks.error().message ==
        "the mask is not a PNG: it starts with bytes 47 49 46 38 39 61 01 00; expected the PNG "
        "signature 89 50 4E 47 0D 0A 1A 0A");
}

TEST_CASE("mask an empty PNG is refused", "[mask][bad]") {
  const auto colors = mouse_colors();
  const auto masks = decode_mask_png("", 4, 4, colors);
  REQUIRE_FALSE(masks.ok());
  CHECK_THAT(masks.error().message, Contains("it starts with bytes (none)"));
}

TEST_CASE("mask a PNG over the byte limit is refused before decoding", "[mask][bad]") {
  MaskCanvas canvas(32, 32);
  const auto colors = mouse_colors();
  hitl::MaskPngLimits limits;
  limits.max_png_bytes = 20;
  const std::string png = canvas.png_rgba();
  const auto masks = decode_mask_png(png, 32, 32, colors, limits);
  REQUIRE_FALSE(masks.ok());
  CHECK(masks.error().message ==
        "the mask PNG is " + std::to_string(png.size()) + " bytes; the limit is 20 bytes");
}
