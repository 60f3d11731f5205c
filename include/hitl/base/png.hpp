// PNG encoding and whole-image decoding through libspng: for tests and their goldens, the
// benchmark fixture and stills. Masks from strangers go through decode_mask_png (data/), which
// decodes row by row with tighter limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hitl/base/result.hpp"

namespace hitl {

// An 8-bit RGBA image, rows top to bottom, no padding: rgba.size() == width_px * height_px * 4.
struct PngImage {
  int width_px = 0;
  int height_px = 0;
  std::vector<std::uint8_t> rgba;
};

// One entry of an indexed PNG's palette; alpha below 255 goes into the tRNS chunk.
struct PngPaletteEntry {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
};

// Which filter each row gets before compression.
enum class PngRowFilter {
  adaptive,  // libspng tries all five on every row and keeps the best: smallest, slowest
  none,
  sub,  // each byte minus the one a pixel before: runs of one colour become runs of zeros
};

struct PngEncodeOptions {
  bool interlaced = false;     // Adam7; browsers and MTurk never write it, tests do
  int compression_level = -1;  // zlib's 0 (none) to 9 (smallest); -1 lets libspng choose
  PngRowFilter row_filter = PngRowFilter::adaptive;
  // zlib's Z_RLE strategy: matches only repeats of the previous byte. With the sub filter, a mask
  // (runs of a few colours) compresses nearly as small, many times faster.
  bool run_length_only = false;
};

// Encodes 8-bit pixels as a PNG file in memory. `stride_bytes` is the distance between the starts
// of two rows (at least width_px times the bytes per pixel). The error names what was wrong with
// the arguments or libspng's reason.
Result<std::string> encode_png_rgba(const std::uint8_t* rgba, int width_px, int height_px,
                                    std::size_t stride_bytes, const PngEncodeOptions& options = {});
Result<std::string> encode_png_rgb(const std::uint8_t* rgb, int width_px, int height_px,
                                   std::size_t stride_bytes, const PngEncodeOptions& options = {});
Result<std::string> encode_png_gray(const std::uint8_t* gray, int width_px, int height_px,
                                    std::size_t stride_bytes, const PngEncodeOptions& options = {});
// An 8-bit indexed PNG: one palette index per pixel, palette of 1 to 256 entries.
Result<std::string> encode_png_indexed(const std::uint8_t* indices, int width_px, int height_px,
                                       std::size_t stride_bytes,
                                       std::span<const PngPaletteEntry> palette,
                                       const PngEncodeOptions& options = {});

// Decodes any PNG libspng reads (every colour type and bit depth, interlaced or not) to 8-bit
// RGBA with transparency applied. Images of more than max_pixels pixels are refused before any
// pixel memory is allocated.
Result<PngImage> decode_png_rgba(std::string_view bytes, std::uint64_t max_pixels);

}  // namespace hitl
