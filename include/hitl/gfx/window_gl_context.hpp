// A window with an OpenGL 3.3 core context, through SDL2: for `play` and `kiosk`. Resizable and
// high-DPI aware: drawable_size() is in pixels, which on a high-DPI screen is more than the
// window's size in screen points. Vsync is asked for; where the driver refuses, frames are shown
// as soon as they are ready and the log says so.
//
// SDL's video subsystem is initialised by create() and shut down with the last window; SDL wants
// all of this on the main thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "hitl/base/result.hpp"
#include "hitl/gfx/gl_context.hpp"

struct SDL_Window;

namespace hitl {

struct WindowOptions {
  // The display (0 for the first) the window opens on: centred on it, or filling it when
  // fullscreen. None: the first display.
  std::optional<int> display;
  bool fullscreen = false;
  // The new context shares textures and buffers with the context current when it is made (two
  // windows showing one picture); framebuffers and vertex arrays are never shared.
  bool share_with_current = false;
  bool vsync = true;
};

class WindowGlContext final : public GlContext {
 public:
  // Opens a window of width x height screen points (fullscreen: the desktop's size and mode) and
  // makes its context current. The error names SDL's reason (SDL_GetError), e.g. no display.
  static Result<std::unique_ptr<WindowGlContext>> create(const std::string& title, int width,
                                                         int height, const WindowOptions& window,
                                                         const GlContextOptions& options = {});
  static Result<std::unique_ptr<WindowGlContext>> create(const std::string& title, int width,
                                                         int height, bool fullscreen,
                                                         const GlContextOptions& options = {}) {
    WindowOptions window;
    window.fullscreen = fullscreen;
    return create(title, width, height, window, options);
  }
  // How many displays the window system has; the error says why none can be used (no display).
  static Result<int> display_count();

  ~WindowGlContext() override;

  Status make_current() override;
  PixelSize drawable_size() const override;
  void swap_buffers() override;

  // For event handling and the ImGui backends; owned by this object.
  SDL_Window* window() const { return window_; }
  void* sdl_gl_context() const { return gl_context_; }

  // Which display the window is on (0 for the first); -1 when SDL cannot tell.
  int display() const;
  // Whether the driver accepted vsync (false when it was not asked for).
  bool vsync() const { return vsync_; }
  // The refresh interval of the display the window is on; 1/60 s when SDL does not know it
  // (Xvfb says 0).
  double refresh_interval_s() const;

  // When a present_paced() call finished the drawing and presented it (steady-clock seconds), and
  // how long after the previous call's present (negative on the first).
  struct PresentTimes {
    double drawn_s = 0, presented_s = 0, since_last_present_s = -1;
  };
  // Presents the frame drawn. With `min_interval_s`, paced by the caller rather than (only) by
  // vsync: the drawing is finished first (llvmpipe, like a GPU, draws when asked to finish or
  // present, so waiting first would put all of it after the deadline), then the present waits
  // until min_interval_s after the previous one began, so that the present's own time does not
  // stretch every interval. Without it, presents at once.
  PresentTimes present_paced(std::optional<double> min_interval_s);

 private:
  WindowGlContext() = default;

  SDL_Window* window_ = nullptr;
  void* gl_context_ = nullptr;  // an SDL_GLContext
  bool vsync_ = false;
  double last_swap_s_ = -1;     // when the last present_paced() began its present
  double last_present_s_ = -1;  // when it returned
};

}  // namespace hitl
