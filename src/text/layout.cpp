// Greedy line breaking over shaped paragraphs. Each paragraph is shaped once, as a whole, and cut
// into lines at cluster boundaries afterwards, so kerning and ligatures inside a line are those of
// the whole text.
#include "hitl/text/layout.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "hitl/text/utf8.hpp"
#include "shaping_internal.hpp"

namespace hitl {

namespace {

// Spaces a line may break after; they hang at a line's end and vanish at a wrap. The no-break
// space and the figure space are not among them.
bool is_breaking_space(char32_t c) {
  return c == U' ' || c == 0x1680 || (c >= 0x2000 && c <= 0x2006) || (c >= 0x2008 && c <= 0x200B) ||
         c == 0x205F || c == 0x3000;
}

bool is_hyphen(char32_t c) {
  return c == U'-' || c == 0x2010 || c == 0x2013;
}

// Scripts written without spaces between words, where a line may break between any two
// characters: CJK ideographs, kana, Hangul, Yi, CJK symbols and full-width forms.
bool is_ideographic(char32_t c) {
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x2FFF) ||
         (c >= 0x3001 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

// Characters that must not start a line (closing punctuation, small kana, the prolonged sound
// mark) or end one (opening brackets): the basic rules of CJK line breaking (kinsoku).
bool no_break_before(char32_t c) {
  switch (c) {
    case U')':
    case U']':
    case U'}':
    case U',':
    case U'.':
    case U'!':
    case U'?':
    case U':':
    case U';':
    case 0x2019:
    case 0x201D:
    case 0x3001:
    case 0x3002:
    case 0x3005:
    case 0x3009:
    case 0x300B:
    case 0x300D:
    case 0x300F:
    case 0x3011:
    case 0x3015:
    case 0x3017:
    case 0x3019:
    case 0x301B:
    case 0x3041:
    case 0x3043:
    case 0x3045:
    case 0x3047:
    case 0x3049:
    case 0x3063:
    case 0x3083:
    case 0x3085:
    case 0x3087:
    case 0x308E:
    case 0x309D:
    case 0x309E:
    case 0x30A1:
    case 0x30A3:
    case 0x30A5:
    case 0x30A7:
    case 0x30A9:
    case 0x30C3:
    case 0x30E3:
    case 0x30E5:
    case 0x30E7:
    case 0x30EE:
    case 0x30F5:
    case 0x30F6:
    case 0x30FC:
    case 0x30FD:
    case 0x30FE:
    case 0xFF01:
    case 0xFF09:
    case 0xFF0C:
    case 0xFF0E:
    case 0xFF1A:
    case 0xFF1B:
    case 0xFF1F:
    case 0xFF3D:
    case 0xFF5D:
      return true;
    default:
      return false;
  }
}

bool no_break_after(char32_t c) {
  switch (c) {
    case U'(':
    case U'[':
    case U'{':
    case 0x2018:
    case 0x201C:
    case 0x3008:
    case 0x300A:
    case 0x300C:
    case 0x300E:
    case 0x3010:
    case 0x3014:
    case 0x3016:
    case 0x3018:
    case 0x301A:
    case 0xFF08:
    case 0xFF3B:
    case 0xFF5B:
      return true;
    default:
      return false;
  }
}

bool is_paragraph_break(char32_t c) {
  return c == U'\n' || c == U'\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

// The smallest piece a line is cut into: one HarfBuzz cluster (a character with its marks, or a
// ligature), never split between lines.
struct Unit {
  std::size_t glyph_begin = 0, glyph_end = 0;  // in the paragraph's glyphs
  std::size_t code_point_begin = 0, code_point_end = 0;
  float advance_px = 0;
  bool space = false;         // made of breaking spaces only
  bool break_before = false;  // a line may start here
};

struct ShapedParagraph {
  std::vector<ShapedGlyph> glyphs;  // cluster: index in the paragraph's code points
  std::vector<Unit> units;
  std::vector<std::size_t> byte_offsets;  // of each code point in the input, and of the end
  int missing_code_points = 0;
};

ShapedParagraph shape_paragraph(FontSet& fonts, std::span<const DecodedCodePoint> decoded,
                                std::size_t end_byte, const TextStyle& style, int size_26_6) {
  ShapedParagraph paragraph;
  std::vector<std::uint32_t> code_points;
  code_points.reserve(decoded.size());
  paragraph.byte_offsets.reserve(decoded.size() + 1);
  for (const auto& c : decoded) {
    code_points.push_back(displayable_code_point(c.code_point));
    paragraph.byte_offsets.push_back(c.byte_offset);
  }
  paragraph.byte_offsets.push_back(end_byte);
  paragraph.missing_code_points =
      shape_code_points(fonts, code_points, style.weight, size_26_6, paragraph.glyphs);

  auto& units = paragraph.units;
  for (std::size_t k = 0; k < paragraph.glyphs.size(); ++k) {
    const ShapedGlyph& glyph = paragraph.glyphs[k];
    // Left-to-right clusters only grow; a glyph whose cluster does not is kept with the unit
    // before it rather than trusted to start one.
    if (units.empty() || glyph.cluster > units.back().code_point_begin) {
      if (!units.empty()) units.back().code_point_end = glyph.cluster;
      Unit unit;
      unit.glyph_begin = k;
      unit.code_point_begin = units.empty() ? 0 : glyph.cluster;
      units.push_back(unit);
    }
    units.back().glyph_end = k + 1;
    units.back().advance_px += glyph.x_advance_px;
  }
  if (!units.empty()) units.back().code_point_end = code_points.size();

  for (std::size_t u = 0; u < units.size(); ++u) {
    Unit& unit = units[u];
    unit.space =
        std::all_of(code_points.begin() + static_cast<std::ptrdiff_t>(unit.code_point_begin),
                    code_points.begin() + static_cast<std::ptrdiff_t>(unit.code_point_end),
                    [](std::uint32_t c) { return is_breaking_space(c); });
    if (u == 0 || unit.space) continue;
    const Unit& previous = units[u - 1];
    const char32_t before = code_points[previous.code_point_end - 1];
    const char32_t first = code_points[unit.code_point_begin];
    if (previous.space) {
      unit.break_before = true;
    } else if (is_hyphen(before)) {
      unit.break_before = u >= 2 && !units[u - 2].space;  // "self-employed", not "a -1"
    } else if (is_ideographic(before) || is_ideographic(first)) {
      unit.break_before = !no_break_before(first) && !no_break_after(before);
    }
  }
  return paragraph;
}

// "…" as shaped in the style's weight and size.
struct Ellipsis {
  std::vector<ShapedGlyph> glyphs;
  float advance_px = 0;
};

// Builds the lines of a layout, paragraph by paragraph, until the text ends or the line budget
// is spent. Glyph y positions hold only HarfBuzz's offsets until place_lines_vertically.
class LineBreaker {
 public:
  LineBreaker(FontSet& fonts, const TextStyle& style, int size_26_6, float max_width_px,
              int max_lines, TextLayout& layout)
      : fonts_(fonts),
        style_(style),
        size_26_6_(size_26_6),
        max_width_px_(max_width_px),
        max_lines_(max_lines),
        layout_(layout) {}

  // Returns false when no more lines can be added: the layout is then truncated. `text_cut`
  // says that the input went on past max_layout_bytes after this (last) paragraph.
  bool add_paragraph(const ShapedParagraph& paragraph, bool more_paragraphs, bool text_cut) {
    const std::size_t n = paragraph.units.size();
    bool first_line = true;
    std::size_t i = 0;
    while (true) {
      if (!first_line) {
        while (i < n && paragraph.units[i].space) ++i;
        if (i == n) return true;
      }
      const bool last_allowed = static_cast<long long>(layout_.lines.size()) + 1 >= max_lines_;
      const std::size_t end = greedy_line_end(paragraph, i);
      const bool rest_fits = end == n && !more_paragraphs && !text_cut;
      if ((last_allowed && !rest_fits) || (end == i && i < n) || (end == n && text_cut)) {
        add_truncated_line(paragraph, i);
        return false;
      }
      add_line(paragraph, i, end);
      if (end == n) return true;
      i = end;
      first_line = false;
    }
  }

 private:
  // Where a line starting at unit i ends: after as many units as fit, cut at the last break
  // opportunity, or inside a word when the word alone is wider than the line. Spaces hang: they
  // never push a line over the width. Equal to i when not even one unit fits.
  std::size_t greedy_line_end(const ShapedParagraph& paragraph, std::size_t i) const {
    const auto& units = paragraph.units;
    float width_px = 0;
    std::optional<std::size_t> last_break;
    std::size_t j = i;
    for (; j < units.size(); ++j) {
      if (j > i && units[j].break_before) last_break = j;
      if (units[j].space) {
        width_px += units[j].advance_px;
        continue;
      }
      if (width_px + units[j].advance_px > max_width_px_) break;
      width_px += units[j].advance_px;
    }
    if (j == units.size()) return j;
    return last_break.value_or(j);
  }

  // Adds units [begin, end), without trailing spaces, as a line.
  TextLine& add_line(const ShapedParagraph& paragraph, std::size_t begin, std::size_t end) {
    const auto& units = paragraph.units;
    while (end > begin && units[end - 1].space) --end;
    TextLine& line = layout_.lines.emplace_back();
    if (begin < end) {
      line.begin_byte = paragraph.byte_offsets[units[begin].code_point_begin];
      line.end_byte = paragraph.byte_offsets[units[end - 1].code_point_end];
    } else {
      const std::size_t at =
          begin < units.size() ? units[begin].code_point_begin : paragraph.byte_offsets.size() - 1;
      line.begin_byte = line.end_byte = paragraph.byte_offsets[at];
    }
    float pen_px = 0;
    for (std::size_t u = begin; u < end; ++u) {
      float glyph_pen_px = pen_px;
      for (std::size_t g = units[u].glyph_begin; g < units[u].glyph_end; ++g) {
        const ShapedGlyph& glyph = paragraph.glyphs[g];
        line.glyphs.push_back({glyph.face_index, glyph.glyph_id, glyph_pen_px + glyph.x_offset_px,
                               -glyph.y_offset_px, paragraph.byte_offsets[glyph.cluster]});
        glyph_pen_px += glyph.x_advance_px;
      }
      pen_px += units[u].advance_px;  // the sum greedy_line_end compared with the width
    }
    line.width_px = pen_px;
    return line;
  }

  // The last line that fits: as many units from `begin` as leave room for "…" (cutting inside a
  // word if need be), then the ellipsis. No line at all when not even "…" fits.
  void add_truncated_line(const ShapedParagraph& paragraph, std::size_t begin) {
    layout_.truncated = true;
    const Ellipsis& ellipsis = this->ellipsis();
    if (ellipsis.advance_px > max_width_px_) return;
    const auto& units = paragraph.units;
    float width_px = 0;
    std::size_t fit_end = begin;
    for (std::size_t j = begin; j < units.size(); ++j) {
      if (units[j].space) {
        width_px += units[j].advance_px;
        continue;
      }
      if (width_px + units[j].advance_px + ellipsis.advance_px > max_width_px_) break;
      width_px += units[j].advance_px;
      fit_end = j + 1;
    }
    TextLine& line = add_line(paragraph, begin, fit_end);
    float pen_px = line.width_px;
    for (const ShapedGlyph& glyph : ellipsis.glyphs) {
      line.glyphs.push_back({glyph.face_index, glyph.glyph_id, pen_px + glyph.x_offset_px,
                             -glyph.y_offset_px, line.end_byte});
      pen_px += glyph.x_advance_px;
    }
    line.width_px += ellipsis.advance_px;
    line.ends_with_ellipsis = true;
  }

  const Ellipsis& ellipsis() {
    if (!ellipsis_) {
      ellipsis_.emplace();
      const std::uint32_t horizontal_ellipsis = 0x2026;
      shape_code_points(fonts_, {&horizontal_ellipsis, 1}, style_.weight, size_26_6_,
                        ellipsis_->glyphs);
      for (const auto& glyph : ellipsis_->glyphs) ellipsis_->advance_px += glyph.x_advance_px;
    }
    return *ellipsis_;
  }

  FontSet& fonts_;
  const TextStyle& style_;
  int size_26_6_;
  float max_width_px_;
  int max_lines_;
  TextLayout& layout_;
  std::optional<Ellipsis> ellipsis_;
};

struct LineMetrics {
  float primary_ascender_px, primary_descender_px, pitch_px;
};

LineMetrics line_metrics(FontSet& fonts, const TextStyle& style) {
  const float size_px = static_cast<float>(font_size_26_6(style.size_px)) / 64.0f;
  const FaceMetrics primary = fonts.metrics(fonts.primary_face(style.weight), size_px);
  const float factor = style.line_height > 0 ? std::min(style.line_height, 10.0f) : 1.0f;
  const float ascender_px = std::ceil(primary.ascender_px);
  const float descender_px = std::ceil(primary.descender_px);
  return {ascender_px, descender_px,
          std::round(factor * (primary.ascender_px + primary.descender_px))};
}

// Stacks the lines: each line box is the style's pitch tall, or taller when its faces reach
// higher or lower, with the baseline on a whole pixel and the spare height split above and below.
void place_lines_vertically(FontSet& fonts, const TextStyle& style, TextLayout& layout) {
  const LineMetrics metrics = line_metrics(fonts, style);
  const float size_px = static_cast<float>(layout.size_26_6) / 64.0f;
  std::vector<std::optional<FaceMetrics>> face_metrics(
      static_cast<std::size_t>(fonts.face_count()));
  float top_px = 0;
  for (TextLine& line : layout.lines) {
    float ascender_px = metrics.primary_ascender_px;
    float descender_px = metrics.primary_descender_px;
    for (const PositionedGlyph& glyph : line.glyphs) {
      auto& face = face_metrics[static_cast<std::size_t>(glyph.face_index)];
      if (!face) face = fonts.metrics(glyph.face_index, size_px);
      ascender_px = std::max(ascender_px, std::ceil(face->ascender_px));
      descender_px = std::max(descender_px, std::ceil(face->descender_px));
    }
    const float content_px = ascender_px + descender_px;
    line.top_px = top_px;
    line.height_px = std::max(metrics.pitch_px, content_px);
    line.baseline_px = top_px + std::floor((line.height_px - content_px) / 2) + ascender_px;
    for (PositionedGlyph& glyph : line.glyphs) glyph.y_px += line.baseline_px;
    top_px += line.height_px;
    layout.width_px = std::max(layout.width_px, line.width_px);
  }
  layout.height_px = top_px;
}

// The input up to max_bytes, cut at a code point boundary.
std::string_view bounded(std::string_view utf8, std::size_t max_bytes, bool& cut) {
  cut = utf8.size() > max_bytes;
  if (!cut) return utf8;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
  return utf8.substr(0, end);
}

}  // namespace

TextLayout layout_text(FontSet& fonts, std::string_view utf8, const TextStyle& style,
                       float max_width_px, int max_lines) {
  TextLayout layout;
  layout.size_26_6 = font_size_26_6(style.size_px);
  if (utf8.empty()) return layout;
  if (!(max_width_px > 0) || max_lines <= 0) {  // NaN included
    layout.truncated = true;
    return layout;
  }
  bool cut = false;
  utf8 = bounded(utf8, max_layout_bytes, cut);
  const DecodedText decoded = decode_utf8_lossy(utf8);
  layout.replaced_sequences = decoded.replaced_sequences;
  const auto& code_points = decoded.code_points;

  LineBreaker breaker(fonts, style, layout.size_26_6, max_width_px, max_lines, layout);
  std::size_t begin = 0;
  while (true) {
    std::size_t end = begin;
    while (end < code_points.size() && !is_paragraph_break(code_points[end].code_point)) ++end;
    std::size_t next = end;
    if (end < code_points.size()) {
      next = end + 1;
      if (code_points[end].code_point == U'\r' && next < code_points.size() &&
          code_points[next].code_point == U'\n') {
        ++next;
      }
    }
    const std::size_t end_byte =
        end < code_points.size() ? code_points[end].byte_offset : utf8.size();
    const bool last_paragraph = end == code_points.size();
    const ShapedParagraph paragraph =
        shape_paragraph(fonts, std::span(code_points).subspan(begin, end - begin), end_byte, style,
                        layout.size_26_6);
    layout.missing_code_points += paragraph.missing_code_points;
    if (!breaker.add_paragraph(paragraph, !last_paragraph, last_paragraph && cut)) break;
    if (last_paragraph) break;
    begin = next;
  }
  place_lines_vertically(fonts, style, layout);
  return layout;
}

float measure_text(FontSet& fonts, std::string_view utf8, const TextStyle& style) {
  bool cut = false;
  utf8 = bounded(utf8, max_layout_bytes, cut);
  const DecodedText decoded = decode_utf8_lossy(utf8);
  const ShapedParagraph paragraph = shape_paragraph(fonts, decoded.code_points, utf8.size(), style,
                                                    font_size_26_6(style.size_px));
  float width_px = 0, width_to_last_non_space_px = 0;
  for (const Unit& unit : paragraph.units) {
    width_px += unit.advance_px;
    if (!unit.space) width_to_last_non_space_px = width_px;
  }
  return width_to_last_non_space_px;
}

float line_height_px(FontSet& fonts, const TextStyle& style) {
  const LineMetrics metrics = line_metrics(fonts, style);
  return std::max(metrics.pitch_px, metrics.primary_ascender_px + metrics.primary_descender_px);
}

}  // namespace hitl
