// The inside of a FontSet, shared by the files of src/text that talk to FreeType and HarfBuzz
// directly. Nothing outside src/text includes this.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hitl/text/font_set.hpp"

namespace hitl {

struct LoadedFace {
  std::filesystem::path path;
  FT_Face ft_face = nullptr;
  // Shapes with HarfBuzz's own OpenType functions over the same font tables FreeType reads, so
  // positions do not depend on FreeType's current size or hinting.
  hb_font_t* hb_font = nullptr;
  int hb_scale_26_6 = 0;  // the size hb_font was last scaled to
  int ft_size_26_6 = 0;   // the size ft_face was last set to
};

struct FontSet::Impl {
  FT_Library library = nullptr;
  std::vector<LoadedFace> faces;
  std::array<std::vector<int>, 2> chains;  // by FontWeight
  hb_buffer_t* buffer = nullptr;           // reused by every shaping call

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();

  // The HarfBuzz font of a face, scaled so that its positions come out in 26.6 pixels.
  hb_font_t* harfbuzz_font(int face_index, int size_26_6);
};

struct FontSetInternals {
  static FontSet::Impl& of(FontSet& fonts) { return *fonts.impl_; }
};

// FreeType's message for an error code, e.g. "cannot open resource".
std::string freetype_error_text(FT_Error error);

}  // namespace hitl
