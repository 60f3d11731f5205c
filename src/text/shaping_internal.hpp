// Shaping on decoded code points, shared by shape_line and the line layout (which shapes each
// paragraph once and breaks it into lines afterwards).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hitl/text/shaping.hpp"

namespace hitl {

// What a code point is shaped as: tabs and line breaks as a space (they have no glyph), other
// control characters as U+FFFD (visible, so broken input shows as broken), the rest as itself.
char32_t displayable_code_point(char32_t code_point);

// Shapes code points (already displayable) and appends the glyphs to `glyphs`, with `cluster`
// holding the index in `code_points` of the cluster's first code point. Returns the number of
// code points no face has.
int shape_code_points(FontSet& fonts, std::span<const std::uint32_t> code_points, FontWeight weight,
                      int size_26_6, std::vector<ShapedGlyph>& glyphs);

}  // namespace hitl
