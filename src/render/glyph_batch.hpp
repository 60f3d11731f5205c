// Text drawing: glyph quads that sample the glyph atlas (text/glyph_atlas.hpp) through the text
// shader (shaders/text.*). The atlas lives on the CPU; its texture here is brought up to date
// (only the changed rectangles) before each draw. Internal to the renderer.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/gfx/gl_objects.hpp"
#include "hitl/scene/scene.hpp"
#include "hitl/text/glyph_atlas.hpp"
#include "hitl/text/layout.hpp"

namespace hitl {

class GlyphBatch {
 public:
  // `atlas` must outlive the batch. Batches drawing from one atlas must share its texture
  // (`atlas_texture`, empty at first): whichever draws first uploads the atlas's changes into it,
  // for all of them, since the atlas hands each change out once.
  static Result<GlyphBatch> create(GlyphAtlas& atlas, std::shared_ptr<Texture2D> atlas_texture,
                                   std::string label);

  void clear();
  // The glyphs of a layout with its text box's top-left corner at (x_px, y_px) in output pixels
  // (rounded to whole pixels, like every glyph, so that hinted glyphs stay crisp).
  void add(const TextLayout& layout, float x_px, float y_px, Rgba colour, float opacity);
  // The same with each line centred on x = centre_x_px.
  void add_centred(const TextLayout& layout, float centre_x_px, float y_px, Rgba colour,
                   float opacity);
  // True when the atlas was cleared since clear(): the quads added before then point at glyphs
  // that have moved, and the caller must clear and add this frame's text again.
  bool atlas_cleared() const { return atlas_->generation() != generation_; }

  // Uploads what changed in the atlas and draws the quads into the bound framebuffer.
  Status draw(float viewport_width_px, float viewport_height_px);

 private:
  struct Vertex {
    float position[2];
    float atlas_uv[2];
    float colour[4];  // premultiplied
  };
  Status update_texture();
  void add_line(const TextLine& line, int size_26_6, float x_px, float y_px,
                const float premultiplied[4]);

  GlyphAtlas* atlas_ = nullptr;
  std::uint64_t generation_ = 0;
  ShaderProgram program_;
  VertexArray vertex_array_;
  Buffer vertex_buffer_;
  std::shared_ptr<Texture2D> atlas_texture_;
  std::vector<Vertex> vertices_;
  std::string label_;
};

}  // namespace hitl
