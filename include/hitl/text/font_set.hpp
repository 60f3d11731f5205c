// The fonts hitl sets text in: Inter (Regular and SemiBold) first, then DejaVu Sans and Droid Sans
// Fallback for the characters Inter lacks (Cyrillic and Greek extras, symbols, CJK), loaded once
// through FreeType and shaped through HarfBuzz.
//
// A FontSet serves every pixel size: glyphs are shaped and rasterized at the exact size asked for
// (18 px at 720p, 54 px at 4K), never scaled as bitmaps, so text stays crisp at any output size.
// It is not thread-safe: use it from one thread (the render thread), with the GlyphAtlas and the
// layouts made from it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hitl/base/result.hpp"

namespace hitl {

enum class FontWeight { regular, semibold };

// Sizes are in output pixels per em. Sizes outside this range are clamped to it: a glyph larger
// than max_font_size_px would not fit in a glyph atlas of the largest size.
inline constexpr float min_font_size_px = 1.0f;
inline constexpr float max_font_size_px = 1024.0f;

// A size in output pixels as FreeType's 26.6 fixed point (1/64 pixel), clamped to the range above:
// the form in which sizes are compared and used as keys.
int font_size_26_6(float size_px);

// The font files of a FontSet. Each weight's fallback chain is its own face, then the fallbacks
// in order.
struct FontFiles {
  std::filesystem::path regular;
  std::filesystem::path semibold;
  std::vector<std::filesystem::path> fallbacks;

  // Inter-Regular.otf, Inter-SemiBold.otf, then the fallbacks DejaVuSans.ttf,
  // DroidSansFallbackFull.ttf, Lohit-Bengali.ttf, Lohit-Devanagari.ttf, Lohit-Tamil.ttf in a
  // folder.
  static FontFiles in_folder(const std::filesystem::path& fonts_dir);
};

// Vertical metrics of a face at a size, in output pixels, unrounded.
struct FaceMetrics {
  float ascender_px = 0;   // from the baseline up to the top of the tallest letters
  float descender_px = 0;  // from the baseline down, positive
  float line_gap_px = 0;   // the face's recommended extra space between lines
};

// A glyph's coverage bitmap as FreeType rendered it: 8-bit, 0 = empty, 255 = fully covered.
// `rows` is valid until the next call that rasterizes a glyph.
struct GlyphBitmapView {
  int width_px = 0, height_px = 0;
  int bearing_x_px = 0;  // from the pen position right to the bitmap's left edge
  int bearing_y_px = 0;  // from the baseline up to the bitmap's top edge
  int pitch_bytes = 0;   // from one row to the next, top to bottom
  const std::uint8_t* rows = nullptr;
};

class FontSet {
 public:
  // Loads the faces. The error names the font file and FreeType's reason.
  static Result<FontSet> load(const FontFiles& files);
  // Loads the fonts in find_assets_dir()/fonts.
  static Result<FontSet> load_default();

  FontSet(FontSet&&) noexcept;
  FontSet& operator=(FontSet&&) noexcept;
  FontSet(const FontSet&) = delete;
  FontSet& operator=(const FontSet&) = delete;
  ~FontSet();

  // Faces are numbered in load order: 0 regular, 1 semibold, then the fallbacks.
  int face_count() const;
  const std::filesystem::path& face_path(int face_index) const;
  std::string face_name(int face_index) const;  // family and style, e.g. "Inter Semi Bold"
  // The faces tried, in order, for a character at this weight; the first is the primary face.
  std::span<const int> fallback_chain(FontWeight weight) const;
  int primary_face(FontWeight weight) const { return fallback_chain(weight).front(); }

  // The face's glyph for a character, or 0 (.notdef) when the face has none.
  std::uint32_t glyph_index(int face_index, char32_t code_point) const;
  FaceMetrics metrics(int face_index, float size_px) const;

  // Renders one glyph (grayscale anti-aliasing, light hinting that keeps the advance widths the
  // shaper computed) at a size in 26.6 pixels. nullopt when the face cannot render that glyph id.
  std::optional<GlyphBitmapView> rasterize_glyph(int face_index, std::uint32_t glyph_id,
                                                 int size_26_6);

  struct Impl;  // FreeType and HarfBuzz objects; defined in src/text/font_faces.hpp

 private:
  explicit FontSet(std::unique_ptr<Impl> impl);
  friend struct FontSetInternals;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hitl
