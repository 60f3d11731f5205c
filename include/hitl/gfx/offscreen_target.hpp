// An offscreen image to draw into: what `still`, `export` and the tests render to, and what the
// window's picture can be drawn from.
//
// With samples > 1 drawing goes into a multisampled buffer, and resolve() averages it into the
// single-sample colour texture that is read back or sampled. With samples == 1 drawing goes into
// that texture directly and resolve() does nothing.
//
// Orientation: like every GL framebuffer, the target has its origin at the bottom left (NDC y = +1
// is its top row). read_rgba() (readback.hpp) returns rows top first; a shader sampling
// colour_texture() finds the picture's top at v = 1.
#pragma once

#include <string>

#include "hitl/base/result.hpp"
#include "hitl/gfx/gl_objects.hpp"

namespace hitl {

class OffscreenTarget {
 public:
  OffscreenTarget() = default;  // empty

  // An RGBA8 target of width_px x height_px. `samples` above what the driver offers
  // (GL_MAX_SAMPLES) is lowered to it, with a warning in the log. The error says what the driver
  // refused.
  static Result<OffscreenTarget> create(int width_px, int height_px, int samples = 1,
                                        std::string label = "offscreen target");

  // Binds the framebuffer to draw into (GL_FRAMEBUFFER) and sets the viewport to the whole target.
  void bind_for_drawing() const;

  // Averages the samples into colour_texture(); does nothing when not multisampled. Changes the
  // GL image, not this object, hence const. Restores the framebuffer bindings.
  void resolve() const;

  // The single-sample colour texture, valid after resolve().
  const Texture2D& colour_texture() const { return colour_; }
  // The framebuffer whose colour attachment is colour_texture(): what readback reads from.
  GLuint resolved_framebuffer() const { return resolved_.id(); }
  // The framebuffer drawn into: resolved_framebuffer() unless multisampled.
  GLuint drawing_framebuffer() const;

  int width_px() const { return colour_.width_px(); }
  int height_px() const { return colour_.height_px(); }
  int samples() const { return samples_; }
  bool empty() const { return colour_.empty(); }
  const std::string& label() const { return label_; }

 private:
  // Declared in the order of creation, so destroyed in reverse.
  Texture2D colour_;
  Framebuffer resolved_;
  Renderbuffer multisampled_colour_;
  Framebuffer multisampled_;
  int samples_ = 0;
  std::string label_;
};

}  // namespace hitl
