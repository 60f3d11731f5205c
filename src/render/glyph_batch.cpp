#include "render/glyph_batch.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "hitl/gfx/gl_state.hpp"

namespace hitl {

Result<GlyphBatch> GlyphBatch::create(GlyphAtlas& atlas, std::shared_ptr<Texture2D> atlas_texture,
                                      std::string label) {
  GlyphBatch batch;
  batch.atlas_ = &atlas;
  batch.atlas_texture_ = std::move(atlas_texture);
  batch.generation_ = atlas.generation();
  batch.label_ = label;
  auto program = ShaderProgram::load("text.vert", "text.frag");
  if (!program) return program.error();
  batch.program_ = std::move(*program);
  batch.vertex_array_ = VertexArray::create(label + " vertex array");
  batch.vertex_buffer_ = Buffer::create(label + " vertices");

  const FloatAttribute attributes[] = {
      {0, 2, offsetof(Vertex, position)},
      {1, 2, offsetof(Vertex, atlas_uv)},
      {2, 4, offsetof(Vertex, colour)},
  };
  batch.vertex_array_.set_float_attributes(batch.vertex_buffer_, sizeof(Vertex), attributes);
  if (Status errors = take_gl_errors("creating " + label); !errors) return errors.error();
  return batch;
}

void GlyphBatch::clear() {
  vertices_.clear();
  generation_ = atlas_->generation();
}

void GlyphBatch::add(const TextLayout& layout, float x_px, float y_px, Rgba colour, float opacity) {
  if (opacity <= 0) return;
  const float alpha = colour.a * std::clamp(opacity, 0.0f, 1.0f);
  const float premultiplied[4] = {colour.r * alpha, colour.g * alpha, colour.b * alpha, alpha};
  for (const TextLine& line : layout.lines) {
    add_line(line, layout.size_26_6, std::round(x_px), std::round(y_px), premultiplied);
  }
}

void GlyphBatch::add_centred(const TextLayout& layout, float centre_x_px, float y_px, Rgba colour,
                             float opacity) {
  if (opacity <= 0) return;
  const float alpha = colour.a * std::clamp(opacity, 0.0f, 1.0f);
  const float premultiplied[4] = {colour.r * alpha, colour.g * alpha, colour.b * alpha, alpha};
  for (const TextLine& line : layout.lines) {
    add_line(line, layout.size_26_6, std::round(centre_x_px - line.width_px / 2), std::round(y_px),
             premultiplied);
  }
}

// One line's glyph quads, its text box's top-left corner at (origin_x, origin_y), whole pixels.
void GlyphBatch::add_line(const TextLine& line, int size_26_6, float origin_x, float origin_y,
                          const float premultiplied[4]) {
  for (const PositionedGlyph& glyph : line.glyphs) {
    const auto entry = atlas_->find_or_add({glyph.face_index, glyph.glyph_id, size_26_6});
    if (!entry || entry->rect.empty()) continue;
    // Texture coordinates are filled in at draw time, when the atlas's size is final.
    const float left = origin_x + std::round(glyph.x_px) + static_cast<float>(entry->bearing_x_px);
    const float top = origin_y + std::round(glyph.y_px) - static_cast<float>(entry->bearing_y_px);
    const float right = left + static_cast<float>(entry->rect.width);
    const float bottom = top + static_cast<float>(entry->rect.height);
    const float u0 = static_cast<float>(entry->rect.x);
    const float v0 = static_cast<float>(entry->rect.y);
    const float u1 = u0 + static_cast<float>(entry->rect.width);
    const float v1 = v0 + static_cast<float>(entry->rect.height);
    const auto vertex = [&](float x, float y, float u, float v) {
      return Vertex{
          {x, y}, {u, v}, {premultiplied[0], premultiplied[1], premultiplied[2], premultiplied[3]}};
    };
    const Vertex a = vertex(left, top, u0, v0), b = vertex(right, top, u1, v0);
    const Vertex c = vertex(left, bottom, u0, v1), d = vertex(right, bottom, u1, v1);
    vertices_.insert(vertices_.end(), {a, c, b, b, c, d});
  }
}

Status GlyphBatch::update_texture() {
  std::vector<AtlasRect> dirty = atlas_->take_dirty_rects();
  const bool resized = atlas_texture_->empty() ||
                       atlas_texture_->width_px() != atlas_->width_px() ||
                       atlas_texture_->height_px() != atlas_->height_px();
  if (resized) {
    // Sampled texel for texel (glyphs sit on whole pixels), so nearest filtering is exact.
    auto texture = Texture2D::create(atlas_->width_px(), atlas_->height_px(), TextureFormat::r8,
                                     label_ + " atlas", TextureFilter::nearest);
    if (!texture) return texture.error();
    *atlas_texture_ = std::move(*texture);
    dirty = {AtlasRect{0, 0, atlas_->width_px(), atlas_->height_px()}};
  }
  const std::size_t stride = static_cast<std::size_t>(atlas_->width_px());
  for (const AtlasRect& rect : dirty) {
    if (rect.empty()) continue;
    const std::uint8_t* first = atlas_->pixels().data() +
                                static_cast<std::size_t>(rect.y) * stride +
                                static_cast<std::size_t>(rect.x);
    if (Status uploaded =
            atlas_texture_->upload(rect.x, rect.y, rect.width, rect.height, first, stride);
        !uploaded) {
      return uploaded;
    }
  }
  return Done{};
}

Status GlyphBatch::draw(float viewport_width_px, float viewport_height_px) {
  if (Status updated = update_texture(); !updated) return updated;
  if (vertices_.empty()) return Done{};
  // Atlas texel positions to texture coordinates, now that the atlas's size is known.
  const float inverse_width = 1.0f / static_cast<float>(atlas_texture_->width_px());
  const float inverse_height = 1.0f / static_cast<float>(atlas_texture_->height_px());
  std::vector<Vertex> scaled = vertices_;
  for (Vertex& vertex : scaled) {
    vertex.atlas_uv[0] *= inverse_width;
    vertex.atlas_uv[1] *= inverse_height;
  }
  vertex_buffer_.set_data(scaled.data(), scaled.size() * sizeof(Vertex), GL_STREAM_DRAW);
  program_.use();
  glUniform2f(program_.uniform_location("u_viewport_px"), viewport_width_px, viewport_height_px);
  glUniform1i(program_.uniform_location("u_atlas"), 0);
  SavedTextureBinding saved_texture;
  atlas_texture_->bind(0);
  vertex_array_.bind();
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(scaled.size()));
  return take_gl_errors("drawing text");
}

}  // namespace hitl
