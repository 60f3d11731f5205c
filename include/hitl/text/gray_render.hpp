// A reference rasterizer on the CPU: a text layout composed into an 8-bit coverage image from the
// glyph atlas, the way the renderer's text shader composes it on the GPU. For tests (crispness,
// positions) and debug images; not for drawing frames.
#pragma once

#include <cstdint>
#include <vector>

#include "hitl/text/glyph_atlas.hpp"
#include "hitl/text/layout.hpp"

namespace hitl {

struct GrayImage {
  int width_px = 0, height_px = 0;
  std::vector<std::uint8_t> pixels;  // rows top to bottom, width_px bytes per row; 0 = no ink
  std::uint8_t at(int x, int y) const {
    return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px) +
                  static_cast<std::size_t>(x)];
  }
};

// Draws the layout with its top-left corner at (origin_x_px, origin_y_px) of an image of the
// given size (clamped to [0, 16384] per side), clipping what falls outside. Each glyph's origin is
// rounded to a whole pixel, as the renderer places it; overlapping coverage composes as "over".
GrayImage render_layout_to_gray(const TextLayout& layout, GlyphAtlas& atlas, int width_px,
                                int height_px, int origin_x_px = 0, int origin_y_px = 0);

}  // namespace hitl
