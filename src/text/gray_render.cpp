// Composing glyph coverage from the atlas into a gray image.
#include "hitl/text/gray_render.hpp"

#include <algorithm>
#include <cmath>

namespace hitl {

GrayImage render_layout_to_gray(const TextLayout& layout, GlyphAtlas& atlas, int width_px,
                                int height_px, int origin_x_px, int origin_y_px) {
  GrayImage image;
  image.width_px = std::clamp(width_px, 0, 16384);
  image.height_px = std::clamp(height_px, 0, 16384);
  image.pixels.assign(
      static_cast<std::size_t>(image.width_px) * static_cast<std::size_t>(image.height_px), 0);
  for (const TextLine& line : layout.lines) {
    for (const PositionedGlyph& glyph : line.glyphs) {
      const auto entry = atlas.find_or_add({glyph.face_index, glyph.glyph_id, layout.size_26_6});
      if (!entry || entry->rect.empty()) continue;
      // Copied from the atlas right away: a later lookup may clear the atlas.
      const int left =
          origin_x_px + static_cast<int>(std::lround(glyph.x_px)) + entry->bearing_x_px;
      const int top = origin_y_px + static_cast<int>(std::lround(glyph.y_px)) - entry->bearing_y_px;
      for (int row = 0; row < entry->rect.height; ++row) {
        const int y = top + row;
        if (y < 0 || y >= image.height_px) continue;
        for (int column = 0; column < entry->rect.width; ++column) {
          const int x = left + column;
          if (x < 0 || x >= image.width_px) continue;
          const int source = atlas.coverage_at(entry->rect.x + column, entry->rect.y + row);
          std::uint8_t& target =
              image.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width_px) +
                           static_cast<std::size_t>(x)];
          target = static_cast<std::uint8_t>(source + target - (source * target + 127) / 255);
        }
      }
    }
  }
  return image;
}

}  // namespace hitl
