// Font fallback by cluster, then HarfBuzz shaping of each run of clusters that share a face.
#include "hitl/text/shaping.hpp"

#include "font_faces.hpp"
#include "hitl/text/utf8.hpp"
#include "shaping_internal.hpp"

namespace hitl {

namespace {

// Characters that draw nothing and need no glyph (HarfBuzz hides them): joiners, directional
// marks, variation selectors, the byte order mark, the soft hyphen, tags.
bool is_default_ignorable(char32_t c) {
  return c == 0x00AD || c == 0x034F || c == 0x061C || (c >= 0x115F && c <= 0x1160) ||
         (c >= 0x17B4 && c <= 0x17B5) || (c >= 0x180B && c <= 0x180F) ||
         (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) ||
         c == 0xFEFF || c == 0xFFA0 || (c >= 0x1BCA0 && c <= 0x1BCA3) ||
         (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);
}

bool is_space_character(char32_t c) {
  return c == U' ' || c == 0x3000 || c == 0x00A0;
}

// Whether `c` belongs to the cluster of the character before it: combining marks, joiners and
// what a joiner joins, variation selectors, emoji skin tones. A cluster is set in one face.
bool extends_cluster(char32_t c, char32_t previous) {
  if (previous == 0x200D || c == 0x200D) return true;
  if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) return true;
  if (c >= 0x1F3FB && c <= 0x1F3FF) return true;
  switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), c)) {
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
      return true;
    default:
      return false;
  }
}

bool face_has_all(const FontSet& fonts, int face, std::span<const std::uint32_t> cluster) {
  for (const std::uint32_t c : cluster) {
    if (!is_default_ignorable(c) && fonts.glyph_index(face, c) == 0) return false;
  }
  return true;
}

// The face a cluster is set in: the first of the chain that has all its characters, else the
// first that has its base character, else the primary face (whose .notdef then shows). Spaces
// stay in the face before them, so that a space between two CJK words does not split the run.
int choose_face(const FontSet& fonts, std::span<const int> chain,
                std::span<const std::uint32_t> cluster, int previous_face, int& missing) {
  bool all_ignorable = true, all_spaces = true;
  for (const std::uint32_t c : cluster) {
    if (!is_default_ignorable(c)) all_ignorable = false;
    if (!is_space_character(c) && !is_default_ignorable(c)) all_spaces = false;
  }
  if (all_ignorable) return previous_face >= 0 ? previous_face : chain.front();
  if (all_spaces && previous_face >= 0 && face_has_all(fonts, previous_face, cluster)) {
    return previous_face;
  }
  for (const int face : chain) {
    if (face_has_all(fonts, face, cluster)) return face;
  }
  for (const std::uint32_t c : cluster) {
    if (is_default_ignorable(c)) continue;
    bool found = false;
    for (const int face : chain) found = found || fonts.glyph_index(face, c) != 0;
    if (!found) ++missing;
  }
  const std::uint32_t base = cluster.front();
  for (const int face : chain) {
    if (fonts.glyph_index(face, base) != 0) return face;
  }
  return chain.front();
}

}  // namespace

char32_t displayable_code_point(char32_t c) {
  if (c == U'\t' || c == U'\n' || c == U'\v' || c == U'\f' || c == U'\r' || c == 0x85 ||
      c == 0x2028 || c == 0x2029) {
    return U' ';
  }
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return replacement_character;
  return c;
}

int shape_code_points(FontSet& fonts, std::span<const std::uint32_t> code_points, FontWeight weight,
                      int size_26_6, std::vector<ShapedGlyph>& glyphs) {
  const std::size_t n = code_points.size();
  if (n == 0) return 0;
  const std::span<const int> chain = fonts.fallback_chain(weight);
  int missing = 0;

  std::vector<int> face_of(n);
  int previous_face = -1;
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && extends_cluster(code_points[end], code_points[end - 1])) ++end;
    const int face =
        choose_face(fonts, chain, code_points.subspan(begin, end - begin), previous_face, missing);
    for (std::size_t k = begin; k < end; ++k) face_of[k] = face;
    previous_face = face;
    begin = end;
  }

  FontSet::Impl& impl = FontSetInternals::of(fonts);
  hb_buffer_t* buffer = impl.buffer;
  const float px_per_unit = 1.0f / 64.0f;
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && face_of[end] == face_of[begin]) ++end;
    hb_buffer_clear_contents(buffer);
    // The whole text goes in as context, so that shaping at a face boundary sees its neighbours.
    hb_buffer_add_codepoints(buffer, code_points.data(), static_cast<int>(n),
                             static_cast<unsigned>(begin), static_cast<int>(end - begin));
    hb_buffer_set_direction(buffer, HB_DIRECTION_LTR);
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(impl.harfbuzz_font(face_of[begin], size_26_6), buffer, nullptr, 0);

    unsigned count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
    for (unsigned k = 0; k < count; ++k) {
      ShapedGlyph glyph;
      glyph.face_index = face_of[begin];
      glyph.glyph_id = infos[k].codepoint;
      glyph.x_offset_px = static_cast<float>(positions[k].x_offset) * px_per_unit;
      glyph.y_offset_px = static_cast<float>(positions[k].y_offset) * px_per_unit;
      glyph.x_advance_px = static_cast<float>(positions[k].x_advance) * px_per_unit;
      glyph.y_advance_px = static_cast<float>(positions[k].y_advance) * px_per_unit;
      glyph.cluster = infos[k].cluster;
      glyphs.push_back(glyph);
    }
    begin = end;
  }
  return missing;
}

ShapedRun shape_line(FontSet& fonts, std::string_view utf8, FontWeight weight, float size_px) {
  ShapedRun run;
  if (utf8.size() > max_shaped_line_bytes) {
    std::size_t cut = max_shaped_line_bytes;
    while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) --cut;
    utf8 = utf8.substr(0, cut);
    run.cut = true;
  }
  const DecodedText decoded = decode_utf8_lossy(utf8);
  run.replaced_sequences = decoded.replaced_sequences;
  std::vector<std::uint32_t> code_points;
  code_points.reserve(decoded.code_points.size());
  for (const auto& c : decoded.code_points) {
    code_points.push_back(displayable_code_point(c.code_point));
  }
  run.missing_code_points =
      shape_code_points(fonts, code_points, weight, font_size_26_6(size_px), run.glyphs);
  for (auto& glyph : run.glyphs) {
    glyph.cluster = decoded.code_points[glyph.cluster].byte_offset;
    run.advance_px += glyph.x_advance_px;
  }
  return run;
}

}  // namespace hitl
