// Shaping: one line of UTF-8 text turned into positioned glyphs by HarfBuzz (kerning and
// ligatures on), each character set in the first face of the weight's fallback chain that has it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hitl/text/font_set.hpp"

namespace hitl {

// Positions are in output pixels (HarfBuzz's 26.6 values divided by 64); y points up, as in
// HarfBuzz and FreeType.
struct ShapedGlyph {
  int face_index = 0;
  std::uint32_t glyph_id = 0;  // 0 is the face's .notdef
  float x_offset_px = 0, y_offset_px = 0;
  float x_advance_px = 0, y_advance_px = 0;
  std::size_t cluster = 0;  // byte offset in the input of the first byte of the glyph's cluster
};

struct ShapedRun {
  std::vector<ShapedGlyph> glyphs;  // left to right
  float advance_px = 0;             // sum of the x advances
  int missing_code_points = 0;      // characters no face has, drawn as the primary's .notdef
  int replaced_sequences = 0;       // invalid UTF-8 sequences, shaped as U+FFFD
  bool cut = false;                 // the input was longer than max_shaped_line_bytes
};

// A line longer than this is shaped up to here: nothing can show a longer one.
inline constexpr std::size_t max_shaped_line_bytes = std::size_t{1} << 20;

// Shapes one line. Invalid UTF-8 is shaped as U+FFFD; tabs and line breaks as spaces; other
// control characters as U+FFFD. Text is set left to right: right-to-left scripts are not
// reordered.
ShapedRun shape_line(FontSet& fonts, std::string_view utf8, FontWeight weight, float size_px);

}  // namespace hitl
