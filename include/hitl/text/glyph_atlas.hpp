// The glyph atlas: one 8-bit coverage image (R8) holding every glyph drawn so far, each
// rasterized once by FreeType at its exact pixel size and packed on shelves, for the renderer to
// upload as a texture and sample.
//
// Memory is bounded: the atlas starts small and doubles (height, then width) up to its maximum
// size; when a glyph no longer fits at the maximum, the atlas is cleared and refilled from the
// glyphs asked for next. Growth keeps every entry where it was; a clear moves them all, and
// generation() counts clears so a renderer can tell that entries it holds are stale (it then asks
// again for the glyphs of the frame it is drawing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "hitl/text/font_set.hpp"

namespace hitl {

// A rectangle in atlas pixels, y down from the atlas's first row.
struct AtlasRect {
  int x = 0, y = 0, width = 0, height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
  friend bool operator==(const AtlasRect&, const AtlasRect&) = default;
};

struct GlyphKey {
  int face_index = 0;
  std::uint32_t glyph_id = 0;
  int size_26_6 = 0;  // font_size_26_6 of the size in output pixels
  friend bool operator==(const GlyphKey&, const GlyphKey&) = default;
};

struct AtlasGlyph {
  AtlasRect rect;        // the glyph's coverage; empty for a blank glyph (a space)
  int bearing_x_px = 0;  // from the pen position right to the rect's left edge
  int bearing_y_px = 0;  // from the baseline up to the rect's top edge
};

struct AtlasStats {
  std::uint64_t lookups = 0;
  std::uint64_t hits = 0;  // lookups answered without rasterizing
  int glyphs = 0;          // entries held now
  int grows = 0;
  int clears = 0;  // clears because the atlas was full at its maximum size
};

class GlyphAtlas {
 public:
  static constexpr int padding_px = 1;  // empty pixels around every glyph: no bleeding when sampled
  static constexpr int default_max_side_px = 4096;
  // Blank glyphs take no pixels but an entry each; past this many entries the atlas is cleared.
  static constexpr std::size_t max_entries = 65536;

  // `fonts` rasterizes the glyphs and must outlive the atlas (and stay where it is). Sides are
  // clamped to [16, max]; the maximum to [16, 16384].
  GlyphAtlas(FontSet& fonts, int width_px, int height_px, int max_width_px = default_max_side_px,
             int max_height_px = default_max_side_px);

  // The entry for a glyph, rasterizing and packing it on first use. nullopt only for a glyph
  // larger than the atlas's maximum size. May grow or clear the atlas (see above).
  std::optional<AtlasGlyph> find_or_add(const GlyphKey& key);

  int width_px() const { return width_px_; }
  int height_px() const { return height_px_; }
  int max_width_px() const { return max_width_px_; }
  int max_height_px() const { return max_height_px_; }
  // The coverage, rows top to bottom, width_px() bytes per row.
  std::span<const std::uint8_t> pixels() const { return pixels_; }
  std::uint8_t coverage_at(int x, int y) const {
    return pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px_) +
                   static_cast<std::size_t>(x)];
  }

  // The parts of pixels() changed since the last call (the whole atlas after a grow or a clear:
  // the texture must then be reallocated at the new size), for incremental texture updates.
  std::vector<AtlasRect> take_dirty_rects();

  std::uint64_t generation() const { return generation_; }
  AtlasStats stats() const;

  // Forgets every glyph (a renderer may do this when the output size changes).
  void clear();

 private:
  struct Shelf {
    int y = 0, height = 0, next_x = 0;
  };
  struct KeyHash {
    std::size_t operator()(const GlyphKey& key) const;
  };

  std::optional<AtlasRect> place(int width, int height);
  bool grow();
  void mark_dirty(const AtlasRect& rect);
  void mark_all_dirty();

  FontSet* fonts_;
  int width_px_, height_px_, max_width_px_, max_height_px_;
  std::vector<std::uint8_t> pixels_;
  std::vector<Shelf> shelves_;
  int next_shelf_y_ = padding_px;
  std::unordered_map<GlyphKey, AtlasGlyph, KeyHash> entries_;
  std::vector<AtlasRect> dirty_;
  std::uint64_t generation_ = 0;
  AtlasStats stats_;
};

}  // namespace hitl
