// The offscreen target: a colour texture with its framebuffer, and optionally a multisampled
// framebuffer that is resolved into it.
#include "hitl/gfx/offscreen_target.hpp"

#include <cassert>

#include "hitl/base/log.hpp"
#include "hitl/gfx/gl_state.hpp"

namespace hitl {

Result<OffscreenTarget> OffscreenTarget::create(int width_px, int height_px, int samples,
                                                std::string label) {
  if (samples < 1) {
    return error_at("", 0, 0, "",
                    "cannot create offscreen target \"" + label + "\" with " +
                        std::to_string(samples) + " samples per pixel; expected 1 or more");
  }
  GLint max_samples = 1;
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  if (samples > max_samples) {
    log_warn(
        "offscreen target \"%s\": %d samples per pixel asked for, the driver offers %d; "
        "using %d",
        label.c_str(), samples, max_samples, max_samples);
    samples = max_samples;
  }

  OffscreenTarget target;
  target.label_ = std::move(label);
  Result<Texture2D> colour = Texture2D::create(width_px, height_px, TextureFormat::rgba8,
                                               target.label_ + " colour", TextureFilter::linear);
  if (!colour) return colour.error();
  target.colour_ = std::move(*colour);
  Result<Framebuffer> resolved = Framebuffer::create_with_colour(target.colour_, target.label_);
  if (!resolved) return resolved.error();
  target.resolved_ = std::move(*resolved);
  target.samples_ = 1;

  if (samples > 1) {
    Result<Renderbuffer> multisampled_colour = Renderbuffer::create_rgba8(
        width_px, height_px, samples, target.label_ + " multisampled colour");
    if (!multisampled_colour) return multisampled_colour.error();
    target.multisampled_colour_ = std::move(*multisampled_colour);
    Result<Framebuffer> multisampled = Framebuffer::create_with_colour(
        target.multisampled_colour_, target.label_ + " multisampled");
    if (!multisampled) return multisampled.error();
    target.multisampled_ = std::move(*multisampled);
    target.samples_ = target.multisampled_colour_.samples();
  }
  return target;
}

GLuint OffscreenTarget::drawing_framebuffer() const {
  return multisampled_.empty() ? resolved_.id() : multisampled_.id();
}

void OffscreenTarget::bind_for_drawing() const {
  assert(!empty() && "OffscreenTarget::bind_for_drawing on an empty target: create() it first");
  glBindFramebuffer(GL_FRAMEBUFFER, drawing_framebuffer());
  glViewport(0, 0, width_px(), height_px());
}

void OffscreenTarget::resolve() const {
  if (multisampled_.empty()) return;
  SavedFramebufferBindings saved;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, multisampled_.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolved_.id());
  // A scissor test or colour mask would also apply to the blit: make sure neither does.
  const GLboolean scissor_was_on = glIsEnabled(GL_SCISSOR_TEST);
  GLboolean colour_mask[4] = {GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE};
  glGetBooleanv(GL_COLOR_WRITEMASK, colour_mask);
  glDisable(GL_SCISSOR_TEST);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glBlitFramebuffer(0, 0, width_px(), height_px(), 0, 0, width_px(), height_px(),
                    GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glColorMask(colour_mask[0], colour_mask[1], colour_mask[2], colour_mask[3]);
  if (scissor_was_on == GL_TRUE) glEnable(GL_SCISSOR_TEST);
}

}  // namespace hitl
