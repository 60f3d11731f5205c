// A headless OpenGL context through EGL, with no window and no display: for `export`, `still` and
// the tests. It has no default framebuffer; everything is drawn into framebuffer objects
// (OffscreenTarget).
//
// Which EGL display it opens, in order of preference:
//   1. a hardware device through EGL_EXT_platform_device (NVIDIA's EGL, Mesa on a DRM device);
//   2. Mesa's surfaceless platform (EGL_MESA_platform_surfaceless: llvmpipe with no GPU);
//   3. any device through EGL_EXT_platform_device (Mesa's software device);
//   4. eglGetDisplay(EGL_DEFAULT_DISPLAY), the EGL 1.4 way.
// Hardware devices come first because with libglvnd Mesa's surfaceless platform is offered on
// NVIDIA machines too, where it would render in software.
//
// The EGL display is initialised once per process and never terminated (see the source for why):
// the first context costs the driver's loading (about 0.1 s on llvmpipe), later ones a few ms.
#pragma once

#include <memory>
#include <string>

#include "hitl/base/result.hpp"
#include "hitl/gfx/gl_context.hpp"

namespace hitl {

class HeadlessGlContext final : public GlContext {
 public:
  // Creates an OpenGL 3.3 core (or later) context and makes it current on the calling thread. The
  // error says which step failed and EGL's error name (EGL_NOT_INITIALIZED, EGL_BAD_MATCH...).
  static Result<std::unique_ptr<HeadlessGlContext>> create(const GlContextOptions& options = {});

  ~HeadlessGlContext() override;

  Status make_current() override;
  PixelSize drawable_size() const override { return {}; }
  void swap_buffers() override {}

  // The EGL display the context runs on: "EGL surfaceless", "EGL device 0 (EGL_NV_device_cuda
  // ...)" or "EGL default display".
  const std::string& platform() const { return platform_; }

 private:
  struct Egl;
  explicit HeadlessGlContext(std::unique_ptr<Egl> egl);

  std::unique_ptr<Egl> egl_;
  std::string platform_;
};

}  // namespace hitl
