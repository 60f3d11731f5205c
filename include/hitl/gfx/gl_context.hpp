// An OpenGL 3.3 core context that hitl draws with: a window's (WindowGlContext) or a headless one
// (HeadlessGlContext). The renderer only ever sees this interface and the framebuffer it is handed,
// so the window, `still`, `export` and the tests share one drawing path.
//
// Threads: a context is current on at most one thread at a time. Every GL call, including the
// destructors of the RAII objects in gl_objects.hpp, needs the context that created the object to
// be current on the calling thread.
#pragma once

#include <string>
#include <string_view>

#include "hitl/base/result.hpp"

namespace hitl {

#ifdef NDEBUG
inline constexpr bool kDebugBuild = false;
#else
inline constexpr bool kDebugBuild = true;
#endif

struct PixelSize {
  int width_px = 0;
  int height_px = 0;
  friend bool operator==(const PixelSize&, const PixelSize&) = default;
};

struct GlContextOptions {
  // The driver's KHR_debug messages (except notifications) go to the log, synchronously, so a
  // message comes from inside the GL call that caused it. Costs speed: on in debug builds only.
  bool debug_output = kDebugBuild;
};

class GlContext {
 public:
  virtual ~GlContext() = default;
  GlContext(const GlContext&) = delete;
  GlContext& operator=(const GlContext&) = delete;

  // Makes this context current on the calling thread. A new context is already current on the
  // thread that created it.
  virtual Status make_current() = 0;

  // The size of the default framebuffer in pixels (not in screen points: on a high-DPI screen it is
  // larger than the window). {0, 0} for a headless context, which has no default framebuffer.
  virtual PixelSize drawable_size() const = 0;

  // Shows the default framebuffer's back buffer; does nothing for a headless context.
  virtual void swap_buffers() = 0;

  // What the context runs on, for logs and reports: "OpenGL 4.5 (Core Profile) Mesa 22.3.6;
  // renderer llvmpipe (LLVM 15.0.6, 256 bits); vendor Mesa/X.org; via EGL surfaceless".
  const std::string& description() const { return description_; }

 protected:
  GlContext() = default;
  std::string description_;
};

// For the context implementations, with their new context current: checks that it is OpenGL 3.3
// core or later, installs the debug output when asked, and returns the description (GL_VERSION,
// GL_RENDERER, GL_VENDOR, then "via " + how_created).
Result<std::string> prepare_current_context(const GlContextOptions& options,
                                            std::string_view how_created);

// For the context implementations, before their first display: turns off llvmpipe's 8-bit
// "linear" path (LP_PERF=no_linear) unless LP_PERF is set already. llvmpipe takes it for draws
// whose shader only samples a texture, maybe times a constant (the picture when it does not
// cross-fade, text, ...), and on hitl's frames it costs more than its ordinary path: 14% more CPU
// over a picture-only export loop of the sample, 19% on the 1080p export at the scene's pace
// (BENCHMARKS.md). Mesa reads LP_PERF once, when llvmpipe starts; other drivers ignore it.
void prefer_llvmpipe_ordinary_path();

// Whether the current context rasterizes on the CPU (Mesa's llvmpipe or softpipe): its reads
// into a pixel buffer are done when they are issued, so a second buffer gains nothing. Told by
// GL_RENDERER's name: Zink over lavapipe names llvmpipe too and counts as software, another
// software renderer counts as a GPU. Only the speed and memory of a readback depend on it.
bool current_context_is_software();

// Whether the current context has KHR_debug (GL 4.3 or the extension): debug output and object
// labels.
bool current_context_has_khr_debug();

}  // namespace hitl
