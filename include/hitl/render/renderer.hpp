// The renderer: draws one FrameState (timeline.hpp) into a framebuffer it is handed: the
// photograph, the workers' masks and boxes, their survey cards and the running totals. It never
// decides *what* to show, only *how*: the window, `still`, `export` and the tests differ only in
// the framebuffer.
//
// Layers, bottom to top: the picture (frame a blended towards frame b), masks, boxes, cards, HUD.
// Everything is placed in output pixels and every size in the scene is scaled by the output's
// height / 1080, so an output of any size shows the same composition, with text and lines set at
// their exact pixel size (never a scaled bitmap).
//
// Threads: create, use and destroy a Renderer on one thread, with its GL context current.
#pragma once

#include <epoxy/gl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"
#include "hitl/frames/frame_source.hpp"
#include "hitl/gfx/gl_context.hpp"
#include "hitl/render/card_view.hpp"
#include "hitl/scene/geometry.hpp"
#include "hitl/scene/scene.hpp"
#include "hitl/scene/timeline.hpp"

namespace hitl {

// The decoded pictures of a FrameState's frame_a and frame_b. Either may be null (not decoded yet,
// or its file is bad): the renderer then shows the other one alone, or, with neither, an empty
// picture area marked "frame N unavailable".
struct FramePictures {
  std::shared_ptr<const DecodedFrame> a;
  std::shared_ptr<const DecodedFrame> b;
};

struct RenderStats {
  std::uint64_t frames_drawn = 0;
  std::uint64_t picture_uploads = 0;  // source frames uploaded as textures
  std::uint64_t mask_builds = 0;      // submissions whose label image was made
  std::uint64_t glyph_atlas_clears = 0;
  int cards_not_placed = 0;  // in the last frame: cards that did not fit anywhere
};

class Renderer {
 public:
  // Compiles the shaders and loads the fonts (assets/fonts). `dataset` must outlive the renderer.
  static Result<std::unique_ptr<Renderer>> create(const Dataset& dataset, const Scene& scene);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Replaces the scene (style and layers; the timeline is the caller's).
  void set_scene(const Scene& scene);
  const Scene& scene() const;

  // Draws `state` into `framebuffer` (0: a window's default framebuffer), which is size_px large.
  // Binds the framebuffer and sets the viewport; leaves blending and the bindings as it found
  // them except the framebuffer, vertex array and program. The error names the GL failure.
  Status draw(const FrameState& state, const FramePictures& pictures, GLuint framebuffer,
              PixelSize size_px);

  // The cards of the last draw() and where they went.
  const std::vector<PlacedCard>& placed_cards() const;
  // Where the picture went in the last draw().
  RectPx picture_rect() const;
  RenderStats stats() const;

 private:
  struct Impl;
  explicit Renderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hitl
