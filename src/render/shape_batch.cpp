#include "render/shape_batch.hpp"

#include <algorithm>
#include <cstddef>

#include "hitl/gfx/gl_state.hpp"

namespace hitl {

Result<ShapeBatch> ShapeBatch::create(std::string label) {
  ShapeBatch batch;
  auto program = ShaderProgram::load("shape.vert", "shape.frag");
  if (!program) return program.error();
  batch.program_ = std::move(*program);
  batch.vertex_array_ = VertexArray::create(label + " vertex array");
  batch.vertex_buffer_ = Buffer::create(label + " vertices");

  const FloatAttribute attributes[] = {
      {0, 2, offsetof(Vertex, position)}, {1, 2, offsetof(Vertex, local)},
      {2, 4, offsetof(Vertex, shape)},    {3, 1, offsetof(Vertex, dash)},
      {4, 4, offsetof(Vertex, colour)},
  };
  batch.vertex_array_.set_float_attributes(batch.vertex_buffer_, sizeof(Vertex), attributes);
  if (Status errors = take_gl_errors("creating " + label); !errors) return errors.error();
  return batch;
}

void ShapeBatch::add_fill(const RectPx& rect, float corner_radius_px, Rgba colour, float opacity) {
  add(rect, corner_radius_px, 0, 0, colour, opacity);
}

void ShapeBatch::add_stroke(const RectPx& rect, float stroke_px, float dash_px, Rgba colour,
                            float opacity) {
  add(rect, 0, std::max(stroke_px, 0.5f), dash_px, colour, opacity);
}

void ShapeBatch::add(const RectPx& rect, float corner_radius_px, float stroke_px, float dash_px,
                     Rgba colour, float opacity) {
  if (!(rect.width >= 0) || !(rect.height >= 0) || opacity <= 0) return;
  const float alpha = colour.a * std::clamp(opacity, 0.0f, 1.0f);
  const float half_width = static_cast<float>(rect.width) * 0.5f;
  const float half_height = static_cast<float>(rect.height) * 0.5f;
  const float centre_x = static_cast<float>(rect.x) + half_width;
  const float centre_y = static_cast<float>(rect.y) + half_height;
  const float premultiplied[4] = {colour.r * alpha, colour.g * alpha, colour.b * alpha, alpha};
  // A quad from (x0, y0) to (x1, y1), in px relative to the rectangle's centre.
  const auto quad = [&](float x0, float y0, float x1, float y1) {
    const auto vertex = [&](float x, float y) {
      return Vertex{{centre_x + x, centre_y + y},
                    {x, y},
                    {half_width, half_height, corner_radius_px, stroke_px},
                    dash_px,
                    {premultiplied[0], premultiplied[1], premultiplied[2], premultiplied[3]}};
    };
    const Vertex top_left = vertex(x0, y0), top_right = vertex(x1, y0);
    const Vertex bottom_left = vertex(x0, y1), bottom_right = vertex(x1, y1);
    vertices_.insert(vertices_.end(),
                     {top_left, bottom_left, top_right, top_right, bottom_left, bottom_right});
  };
  // Cover the stroke's outer half and one pixel of anti-aliasing beyond it.
  const float band = stroke_px * 0.5f + 1.0f;
  const float outer_x = half_width + band, outer_y = half_height + band;
  const float inner_x = half_width - band, inner_y = half_height - band;
  if (stroke_px <= 0 || inner_x <= 0 || inner_y <= 0) {
    quad(-outer_x, -outer_y, outer_x, outer_y);
    return;
  }
  // A stroked rectangle is four bands along its sides: the inside, which the stroke does not
  // reach, is never shaded (a large box would otherwise cost its whole area in fragments).
  quad(-outer_x, -outer_y, outer_x, -inner_y);  // top, with the corners
  quad(-outer_x, inner_y, outer_x, outer_y);    // bottom, with the corners
  quad(-outer_x, -inner_y, -inner_x, inner_y);  // left
  quad(inner_x, -inner_y, outer_x, inner_y);    // right
}

Status ShapeBatch::draw(float viewport_width_px, float viewport_height_px) {
  if (vertices_.empty()) return Done{};
  vertex_buffer_.set_data(vertices_.data(), vertices_.size() * sizeof(Vertex), GL_STREAM_DRAW);
  program_.use();
  glUniform2f(program_.uniform_location("u_viewport_px"), viewport_width_px, viewport_height_px);
  vertex_array_.bind();
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices_.size()));
  return take_gl_errors("drawing shapes");
}

}  // namespace hitl
