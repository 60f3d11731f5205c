// Loading fonts through FreeType and preparing HarfBuzz fonts over them.
#include <hb-ft.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "font_faces.hpp"
#include "hitl/text/assets_dir.hpp"

namespace hitl {

namespace {

// FreeType's own list of error messages, made into a switch the way fterrors.h documents.
const char* freetype_error_list_text(FT_Error error_code) {
  // clang-format off
#undef FTERRORS_H_
#define FT_ERROR_START_LIST switch (error_code) {
#define FT_ERRORDEF(e, v, s) case v: return s;
#define FT_ERROR_END_LIST }
#include FT_ERRORS_H
  // clang-format on
  return nullptr;
}

}  // namespace

std::string freetype_error_text(FT_Error error) {
  // FT_Error_String answers only when FreeType was built with its error strings (Debian's is not).
  if (const char* text = FT_Error_String(error)) return text;
  if (const char* text = freetype_error_list_text(error)) return text;
  char unknown[48];
  std::snprintf(unknown, sizeof unknown, "FreeType error 0x%02x", static_cast<unsigned>(error));
  return unknown;
}

int font_size_26_6(float size_px) {
  if (!(size_px >= min_font_size_px)) size_px = min_font_size_px;  // NaN included
  size_px = std::min(size_px, max_font_size_px);
  return static_cast<int>(std::lround(size_px * 64.0f));
}

FontFiles FontFiles::in_folder(const std::filesystem::path& fonts_dir) {
  return FontFiles{fonts_dir / "Inter-Regular.otf",
                   fonts_dir / "Inter-SemiBold.otf",
                   {fonts_dir / "DejaVuSans.ttf", fonts_dir / "DroidSansFallbackFull.ttf",
                    // Scripts workers in India and Bangladesh may answer in, which neither
                    // DejaVu nor Droid covers.
                    fonts_dir / "Lohit-Bengali.ttf", fonts_dir / "Lohit-Devanagari.ttf",
                    fonts_dir / "Lohit-Tamil.ttf"}};
}

FontSet::Impl::~Impl() {
  if (buffer != nullptr) hb_buffer_destroy(buffer);
  // HarfBuzz's faces hold references to the FreeType faces, so they go first.
  for (auto& face : faces) {
    if (face.hb_font != nullptr) hb_font_destroy(face.hb_font);
  }
  for (auto& face : faces) {
    if (face.ft_face != nullptr) FT_Done_Face(face.ft_face);
  }
  if (library != nullptr) FT_Done_FreeType(library);
}

hb_font_t* FontSet::Impl::harfbuzz_font(int face_index, int size_26_6) {
  auto& face = faces[static_cast<std::size_t>(face_index)];
  if (face.hb_scale_26_6 != size_26_6) {
    hb_font_set_scale(face.hb_font, size_26_6, size_26_6);
    face.hb_scale_26_6 = size_26_6;
  }
  return face.hb_font;
}

namespace {

Status load_face(FT_Library library, const std::filesystem::path& path, LoadedFace& face) {
  face.path = path;
  const FT_Error error = FT_New_Face(library, path.c_str(), 0, &face.ft_face);
  if (error != 0) {
    face.ft_face = nullptr;
    return error_at(path.string(), 0, 0, "",
                    "cannot load the font: " + freetype_error_text(error) +
                        "; expected a readable OpenType or TrueType font file");
  }
  if (!FT_IS_SCALABLE(face.ft_face)) {
    return error_at(path.string(), 0, 0, "",
                    "the font has only fixed-size bitmaps; expected a scalable (outline) font");
  }
  if (FT_Select_Charmap(face.ft_face, FT_ENCODING_UNICODE) != 0) {
    return error_at(path.string(), 0, 0, "",
                    "the font has no Unicode character map; expected a font for Unicode text");
  }
  hb_face_t* hb_face = hb_ft_face_create_referenced(face.ft_face);
  face.hb_font = hb_font_create(hb_face);
  hb_face_destroy(hb_face);  // the font holds its own reference
  return Done{};
}

}  // namespace

Result<FontSet> FontSet::load(const FontFiles& files) {
  auto impl = std::make_unique<Impl>();
  if (const FT_Error error = FT_Init_FreeType(&impl->library); error != 0) {
    impl->library = nullptr;
    return error_at("", 0, 0, "", "FreeType could not start: " + freetype_error_text(error));
  }
  std::vector<std::filesystem::path> paths{files.regular, files.semibold};
  paths.insert(paths.end(), files.fallbacks.begin(), files.fallbacks.end());
  impl->faces.resize(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (auto loaded = load_face(impl->library, paths[i], impl->faces[i]); !loaded) {
      return loaded.error();
    }
  }
  for (const int primary : {0, 1}) {
    auto& chain = impl->chains[static_cast<std::size_t>(primary)];
    chain.push_back(primary);
    for (std::size_t i = 2; i < paths.size(); ++i) chain.push_back(static_cast<int>(i));
  }
  impl->buffer = hb_buffer_create();
  return FontSet(std::move(impl));
}

Result<FontSet> FontSet::load_default() {
  auto assets = find_assets_dir();
  if (!assets) return assets.error();
  return load(FontFiles::in_folder(*assets / "fonts"));
}

FontSet::FontSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FontSet::FontSet(FontSet&&) noexcept = default;
FontSet& FontSet::operator=(FontSet&&) noexcept = default;
FontSet::~FontSet() = default;

int FontSet::face_count() const {
  return static_cast<int>(impl_->faces.size());
}

const std::filesystem::path& FontSet::face_path(int face_index) const {
  return impl_->faces.at(static_cast<std::size_t>(face_index)).path;
}

std::string FontSet::face_name(int face_index) const {
  const FT_Face face = impl_->faces.at(static_cast<std::size_t>(face_index)).ft_face;
  std::string name = face->family_name != nullptr ? face->family_name : "(unnamed)";
  if (face->style_name != nullptr) name += std::string(" ") + face->style_name;
  return name;
}

std::span<const int> FontSet::fallback_chain(FontWeight weight) const {
  return impl_->chains[weight == FontWeight::semibold ? 1 : 0];
}

std::uint32_t FontSet::glyph_index(int face_index, char32_t code_point) const {
  return FT_Get_Char_Index(impl_->faces.at(static_cast<std::size_t>(face_index)).ft_face,
                           code_point);
}

FaceMetrics FontSet::metrics(int face_index, float size_px) const {
  const FT_Face face = impl_->faces.at(static_cast<std::size_t>(face_index)).ft_face;
  const float px_per_unit =
      static_cast<float>(font_size_26_6(size_px)) / 64.0f / static_cast<float>(face->units_per_EM);
  FaceMetrics metrics;
  metrics.ascender_px = static_cast<float>(face->ascender) * px_per_unit;
  metrics.descender_px = -static_cast<float>(face->descender) * px_per_unit;
  metrics.line_gap_px = std::max(
      0.0f, static_cast<float>(face->height - face->ascender + face->descender) * px_per_unit);
  return metrics;
}

std::optional<GlyphBitmapView> FontSet::rasterize_glyph(int face_index, std::uint32_t glyph_id,
                                                        int size_26_6) {
  if (face_index < 0 || face_index >= face_count()) return std::nullopt;
  auto& face = impl_->faces[static_cast<std::size_t>(face_index)];
  if (glyph_id >= static_cast<std::uint32_t>(face.ft_face->num_glyphs)) return std::nullopt;
  size_26_6 =
      std::clamp(size_26_6, font_size_26_6(min_font_size_px), font_size_26_6(max_font_size_px));
  if (face.ft_size_26_6 != size_26_6) {
    if (FT_Set_Char_Size(face.ft_face, 0, size_26_6, 72, 72) != 0) return std::nullopt;
    face.ft_size_26_6 = size_26_6;
  }
  // Light hinting snaps only vertically (baselines, x-height), so a glyph's width and advance stay
  // those HarfBuzz positioned it with; outlines only, never a font's embedded bitmaps.
  if (FT_Load_Glyph(face.ft_face, glyph_id, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) != 0) {
    return std::nullopt;
  }
  FT_GlyphSlot slot = face.ft_face->glyph;
  if (slot->format != FT_GLYPH_FORMAT_BITMAP && FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) {
    return std::nullopt;
  }
  const FT_Bitmap& bitmap = slot->bitmap;
  GlyphBitmapView view;
  view.bearing_x_px = slot->bitmap_left;
  view.bearing_y_px = slot->bitmap_top;
  if (bitmap.rows == 0 || bitmap.width == 0 || bitmap.buffer == nullptr) return view;  // blank
  if (bitmap.pixel_mode != FT_PIXEL_MODE_GRAY || bitmap.num_grays != 256) return std::nullopt;
  view.width_px = static_cast<int>(bitmap.width);
  view.height_px = static_cast<int>(bitmap.rows);
  view.pitch_bytes = bitmap.pitch;
  // A negative pitch means the rows are stored bottom up: start from the top row.
  view.rows = bitmap.pitch >= 0
                  ? bitmap.buffer
                  : bitmap.buffer + static_cast<std::ptrdiff_t>(bitmap.rows - 1) * -bitmap.pitch;
  return view;
}

}  // namespace hitl
