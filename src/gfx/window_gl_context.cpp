// The window context through SDL2. SDL picks the window system (X11, Wayland) and its GL
// interface (GLX or EGL); libepoxy finds the GL functions for whichever it picked.
#include "hitl/gfx/window_gl_context.hpp"

#include <SDL.h>
#include <dlfcn.h>
#include <epoxy/gl.h>
#include <link.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "hitl/base/log.hpp"

namespace hitl {

namespace {

Diagnostic sdl_failure(std::string_view doing) {
  return error_at("", 0, 0, "", std::string(doing) + " failed: " + SDL_GetError());
}

// Keeps every library loaded so far (the GL driver that SDL loaded for this context among them) in
// the process until it ends, as the headless context keeps its EGL display: SDL unloads the driver
// with the last window, and a driver unloaded while it still owns memory leaves LeakSanitizer
// stacks it can no longer read (and gains nothing: the next window loads it again).
void keep_loaded_libraries() {
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void*) {
        if (info->dlpi_name != nullptr && info->dlpi_name[0] != '\0') {
          // RTLD_NOLOAD: only what is loaded already; RTLD_NODELETE: never unloaded from now on.
          // The extra reference is meant to stay.
          (void)dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
        }
        return 0;
      },
      nullptr);
}

// Starts SDL's video subsystem (one reference, for SDL_QuitSubSystem to drop) on a real display.
Status start_video() {
  prefer_llvmpipe_ordinary_path();  // before SDL opens the display and Mesa starts llvmpipe
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
    return error_at("", 0, 0, "",
                    std::string("cannot open a window: SDL could not start its video subsystem: ") +
                        SDL_GetError() +
                        "; expected a display to show it on (is DISPLAY or WAYLAND_DISPLAY set?)");
  }
  // Without a display SDL falls back to drawing off screen, which is no window at all: refused,
  // unless that driver was asked for by name.
  const std::string driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
  const char* asked_for = std::getenv("SDL_VIDEODRIVER");
  if ((driver == "offscreen" || driver == "dummy") &&
      (asked_for == nullptr || driver != asked_for)) {
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return error_at("", 0, 0, "",
                    "cannot open a window: there is no display (SDL found only its '" + driver +
                        "' driver); expected a display to show it on (is DISPLAY or "
                        "WAYLAND_DISPLAY set?)");
  }
  return Done{};
}

}  // namespace

Result<int> WindowGlContext::display_count() {
  if (Status started = start_video(); !started) return started.error();
  const int count = SDL_GetNumVideoDisplays();
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
  if (count < 1) return sdl_failure("SDL_GetNumVideoDisplays");
  return count;
}

Result<std::unique_ptr<WindowGlContext>> WindowGlContext::create(const std::string& title,
                                                                 int width, int height,
                                                                 const WindowOptions& window,
                                                                 const GlContextOptions& options) {
  if (width <= 0 || height <= 0) {
    return error_at("", 0, 0, "",
                    "cannot open a window of " + std::to_string(width) + "x" +
                        std::to_string(height) + " points; expected a positive size");
  }
  if (Status started = start_video(); !started) return started.error();
  // From here on, the object's destructor undoes whatever was done.
  std::unique_ptr<WindowGlContext> created(new WindowGlContext());

  SDL_GL_ResetAttributes();
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, options.debug_output ? SDL_GL_CONTEXT_DEBUG_FLAG : 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_RED_SIZE, 8);
  SDL_GL_SetAttribute(SDL_GL_GREEN_SIZE, 8);
  SDL_GL_SetAttribute(SDL_GL_BLUE_SIZE, 8);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);  // the renderer draws in 2D, in painter's order
  SDL_GL_SetAttribute(SDL_GL_SHARE_WITH_CURRENT_CONTEXT, window.share_with_current ? 1 : 0);

  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
  const int display = window.display.value_or(0);
  int x = static_cast<int>(SDL_WINDOWPOS_CENTERED_DISPLAY(display));
  int y = x;
  if (window.fullscreen) {
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    // Placed on the display and as large as it, so that it fills it also where no window manager
    // makes it fullscreen (a bare X server).
    SDL_Rect bounds{};
    if (SDL_GetDisplayBounds(display, &bounds) == 0) {
      x = bounds.x;
      y = bounds.y;
      width = bounds.w;
      height = bounds.h;
    }
  }
  created->window_ = SDL_CreateWindow(title.c_str(), x, y, width, height, flags);
  if (created->window_ == nullptr) return sdl_failure("SDL_CreateWindow with OpenGL");
  created->gl_context_ = SDL_GL_CreateContext(created->window_);
  if (created->gl_context_ == nullptr) {
    return sdl_failure("SDL_GL_CreateContext for OpenGL 3.3 core");
  }
  if (SDL_GL_MakeCurrent(created->window_, created->gl_context_) != 0) {
    return sdl_failure("SDL_GL_MakeCurrent");
  }
  keep_loaded_libraries();
  created->vsync_ = window.vsync && SDL_GL_SetSwapInterval(1) == 0;
  if (!window.vsync) {
    SDL_GL_SetSwapInterval(0);
  } else if (!created->vsync_) {
    log_warn("the driver refused vsync (%s); frames are shown as soon as they are drawn",
             SDL_GetError());
  }

  const char* video_driver = SDL_GetCurrentVideoDriver();
  const Result<std::string> description = prepare_current_context(
      options, std::string("SDL2 ") + (video_driver != nullptr ? video_driver : "(unknown)"));
  if (!description) return description.error();
  created->description_ = *description;
  log_debug("window OpenGL context: %s", created->description_.c_str());
  return created;
}

WindowGlContext::~WindowGlContext() {
  if (gl_context_ != nullptr) {
    if (SDL_GL_GetCurrentContext() == gl_context_) SDL_GL_MakeCurrent(window_, nullptr);
    SDL_GL_DeleteContext(gl_context_);
  }
  if (window_ != nullptr) SDL_DestroyWindow(window_);
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
  // With nothing of SDL left in use, SDL_Quit also releases SDL's global state, D-Bus included.
  if (SDL_WasInit(SDL_INIT_EVERYTHING) == 0) SDL_Quit();
}

Status WindowGlContext::make_current() {
  if (SDL_GL_MakeCurrent(window_, gl_context_) != 0) {
    return sdl_failure("SDL_GL_MakeCurrent of the window's OpenGL context");
  }
  return Done{};
}

PixelSize WindowGlContext::drawable_size() const {
  PixelSize size;
  SDL_GL_GetDrawableSize(window_, &size.width_px, &size.height_px);
  return size;
}

void WindowGlContext::swap_buffers() {
  SDL_GL_SwapWindow(window_);
}

namespace {
double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

WindowGlContext::PresentTimes WindowGlContext::present_paced(std::optional<double> min_interval_s) {
  PresentTimes times;
  if (min_interval_s) glFinish();
  times.drawn_s = now_s();
  if (min_interval_s && last_swap_s_ >= 0) {
    const double deadline_s = last_swap_s_ + *min_interval_s;
    if (times.drawn_s < deadline_s) {
      std::this_thread::sleep_for(std::chrono::duration<double>(deadline_s - times.drawn_s));
    }
  }
  last_swap_s_ = now_s();
  swap_buffers();
  times.presented_s = now_s();
  if (last_present_s_ >= 0) times.since_last_present_s = times.presented_s - last_present_s_;
  last_present_s_ = times.presented_s;
  return times;
}

int WindowGlContext::display() const {
  return SDL_GetWindowDisplayIndex(window_);
}

double WindowGlContext::refresh_interval_s() const {
  SDL_DisplayMode mode{};
  const int display = SDL_GetWindowDisplayIndex(window_);
  if (display >= 0 && SDL_GetCurrentDisplayMode(display, &mode) == 0 && mode.refresh_rate > 0) {
    return 1.0 / mode.refresh_rate;
  }
  return 1.0 / 60;
}

}  // namespace hitl
