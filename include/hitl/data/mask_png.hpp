// The mask PNG of an MTurk semantic-segmentation answer, turned into one run-length mask per label.
//
// The PNG comes from strangers (base64 in a CSV cell), so its header is checked against the size
// the task reported and against limits before a single row is decoded. Labels are kept only for
// the labelled span of each row, so memory stays near one byte per labelled pixel plus, on the
// fast path, the inflated rows of one image (bounded by MaskPngLimits::max_inflated_bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

struct MaskPngLimits {
  std::uint64_t max_pixels = 64ull << 20;
  int max_side_px = 16384;
  std::size_t max_png_bytes = 64u << 20;
  // Masks whose inflated rows fit in this many bytes are inflated in one go, which is many times
  // faster on the long runs masks are made of (a 2880x1920 RGBA mask takes 22 MB); bigger ones,
  // and every mask when hitl is built without libdeflate, are decoded row by row by libspng.
  std::size_t max_inflated_bytes = 96u << 20;
};

// The pixels of one label: `label` is an index into the label_colors given to decode_mask_png.
struct LabelMask {
  int label = 0;
  MaskRle mask;
};

// Decodes a mask PNG of exactly expected_width_px x expected_height_px pixels. A pixel belongs to
// label k when its alpha is not zero and its RGB equals label_colors[k] exactly (the first such k
// when colours repeat); every other pixel (transparent, anti-aliased edges, other colours) is
// background. Returns one LabelMask per label that has at least one pixel, in label order, as
// COCO column-major RLE of the whole image.
//
// Any PNG colour type, bit depth and interlacing libspng reads is accepted (16-bit samples are
// compared after scaling to 8 bits). Errors carry no file or line, the caller knows where the
// PNG came from; their message says what was found and what was expected.
Result<std::vector<LabelMask>> decode_mask_png(std::string_view png_bytes, int expected_width_px,
                                               int expected_height_px,
                                               std::span<const Rgb8> label_colors,
                                               const MaskPngLimits& limits = {});

// Whether this build inflates whole masks with libdeflate (see max_inflated_bytes); without it
// every mask goes row by row through libspng, correct but many times slower.
bool mask_png_inflates_whole_images();

}  // namespace hitl
