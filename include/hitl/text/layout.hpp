// Paragraph layout: text shaped, wrapped into lines no wider than a box, cut with an ellipsis
// when it needs more lines than allowed, and placed on baselines that never let lines overlap.
//
// Coordinates are output pixels from the top-left corner of the text box, y down. Lines are
// left-aligned; a caller centres or right-aligns a line by shifting it by its width_px.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "hitl/text/font_set.hpp"

namespace hitl {

struct TextStyle {
  float size_px = 18;  // pixels per em, clamped to [min_font_size_px, max_font_size_px]
  FontWeight weight = FontWeight::regular;
  // Distance between baselines as a multiple of the primary face's ascender + descender. A line
  // holding taller fallback glyphs (CJK) grows to fit them: lines never overlap, even below 1.
  float line_height = 1.25f;
};

struct PositionedGlyph {
  int face_index = 0;
  std::uint32_t glyph_id = 0;
  float x_px = 0;           // the glyph's origin: pen position plus HarfBuzz's offset
  float y_px = 0;           // the line's baseline minus HarfBuzz's (upward) offset
  std::size_t cluster = 0;  // byte offset in the input; the ellipsis has its line's end_byte
};

struct TextLine {
  std::vector<PositionedGlyph> glyphs;
  // Advance width of what the line shows. Spaces at a wrap point belong to no line; spaces at the
  // end of a paragraph are not counted; spaces at its start are (they indent).
  float width_px = 0;
  float top_px = 0, height_px = 0;  // the line's box; the next line's box starts below it
  float baseline_px = 0;            // a whole pixel, so hinted glyphs stay crisp
  // The input bytes shown on the line, utf8.substr(begin_byte, end_byte - begin_byte), without
  // the spaces at wrap points and the text an ellipsis replaces.
  std::size_t begin_byte = 0, end_byte = 0;
  bool ends_with_ellipsis = false;
};

struct TextLayout {
  std::vector<TextLine> lines;
  float width_px = 0;      // the widest line
  float height_px = 0;     // the bottom of the last line box; 0 without lines
  bool truncated = false;  // some text is not shown (more lines than allowed, or too narrow a box)
  int missing_code_points = 0;  // characters no font has, shown as .notdef boxes
  int replaced_sequences = 0;   // invalid UTF-8 sequences, shown as U+FFFD
  int size_26_6 = 0;  // the size the glyphs were shaped at: with face and glyph id, the atlas key
};

inline constexpr int no_line_limit = std::numeric_limits<int>::max();

// Text beyond this many bytes is not laid out (the layout is then truncated): the bound on the
// work and memory one call may take, whatever a stranger typed.
inline constexpr std::size_t max_layout_bytes = 64 * 1024;

// Lays out UTF-8 text (invalid bytes shown as U+FFFD) in a box max_width_px wide:
// - "\n", "\r\n" and "\r" end a paragraph; each paragraph starts a line ("a\n" is two lines);
//   empty text is zero lines; whitespace-only text is lines with no glyphs;
// - lines break greedily after spaces, after a hyphen inside a word, and between CJK
//   characters (not before closing or after opening CJK punctuation); a word longer than a line
//   is broken between any two characters;
// - when the text needs more than max_lines lines, the last line ends in "…", and line and
//   ellipsis together stay within max_width_px;
// - a box narrower than one character shows what fits before it, and is truncated.
// Every line's width_px is at most max_width_px (glyph ink may overhang an advance by a pixel).
TextLayout layout_text(FontSet& fonts, std::string_view utf8, const TextStyle& style,
                       float max_width_px, int max_lines = no_line_limit);

// The width of the text set on one line without wrapping (line breaks read as spaces), as
// layout_text would measure that line.
float measure_text(FontSet& fonts, std::string_view utf8, const TextStyle& style);

// The height of one line box of text in this style holding only primary-face glyphs: what
// layout_text gives each line of Latin text.
float line_height_px(FontSet& fonts, const TextStyle& style);

}  // namespace hitl
