// Batches of rectangles drawn by the shape shader (shaders/shape.*): filled panels with rounded
// corners and stroked, optionally dashed, box outlines. Built on the CPU each frame, uploaded in
// one buffer, drawn in one call. Internal to the renderer.
#pragma once

#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/gfx/gl_objects.hpp"
#include "hitl/scene/geometry.hpp"
#include "hitl/scene/scene.hpp"

namespace hitl {

class ShapeBatch {
 public:
  static Result<ShapeBatch> create(std::string label);

  void clear() { vertices_.clear(); }
  // A filled rectangle with rounded corners.
  void add_fill(const RectPx& rect, float corner_radius_px, Rgba colour, float opacity);
  // A line of stroke_px centred on the rectangle's outline; dashed when dash_px > 0.
  void add_stroke(const RectPx& rect, float stroke_px, float dash_px, Rgba colour, float opacity);
  bool empty() const { return vertices_.empty(); }

  // Draws the batch into the bound framebuffer of viewport_width x viewport_height, blending
  // premultiplied colour over what is there.
  Status draw(float viewport_width_px, float viewport_height_px);

 private:
  struct Vertex {
    float position[2];
    float local[2];
    float shape[4];  // half width, half height, corner radius, stroke
    float dash;
    float colour[4];  // premultiplied
  };
  void add(const RectPx& rect, float corner_radius_px, float stroke_px, float dash_px, Rgba colour,
           float opacity);

  ShaderProgram program_;
  VertexArray vertex_array_;
  Buffer vertex_buffer_;
  std::vector<Vertex> vertices_;
};

}  // namespace hitl
