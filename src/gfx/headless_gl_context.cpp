// The headless context: finds an EGL display that needs no window system, creates an OpenGL 3.3
// core context on it and makes it current without a surface where EGL allows it.
#include "hitl/gfx/headless_gl_context.hpp"

#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include <cstring>
#include <mutex>
#include <set>
#include <vector>

#include "hitl/base/log.hpp"

namespace hitl {

struct HeadlessGlContext::Egl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  // A 1x1 pbuffer, only on displays without EGL_KHR_surfaceless_context: a context needs some
  // surface to become current there. Never drawn to.
  EGLSurface surface = EGL_NO_SURFACE;
};

namespace {

Diagnostic context_error(std::string message) {
  return error_at("", 0, 0, "", std::move(message));
}

std::string egl_error_name(EGLint code) {
  switch (code) {
    case EGL_SUCCESS:
      return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED:
      return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS:
      return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC:
      return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE:
      return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG:
      return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT:
      return "EGL_BAD_CONTEXT";
    case EGL_BAD_CURRENT_SURFACE:
      return "EGL_BAD_CURRENT_SURFACE";
    case EGL_BAD_DISPLAY:
      return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH:
      return "EGL_BAD_MATCH";
    case EGL_BAD_NATIVE_PIXMAP:
      return "EGL_BAD_NATIVE_PIXMAP";
    case EGL_BAD_NATIVE_WINDOW:
      return "EGL_BAD_NATIVE_WINDOW";
    case EGL_BAD_PARAMETER:
      return "EGL_BAD_PARAMETER";
    case EGL_BAD_SURFACE:
      return "EGL_BAD_SURFACE";
    case EGL_CONTEXT_LOST:
      return "EGL_CONTEXT_LOST";
    default:
      return "EGL error " + std::to_string(code);
  }
}

// "<doing> failed with EGL_BAD_MATCH", reading (and so clearing) EGL's error.
std::string egl_failure(std::string_view doing) {
  return std::string(doing) + " failed with " + egl_error_name(eglGetError());
}

bool has_word(const char* list, std::string_view word) {
  if (list == nullptr) return false;
  std::string_view rest(list);
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    if (rest.substr(0, space) == word) return true;
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return false;
}

// EGL displays are process-wide: every context on the same platform and device shares one. Each
// is initialised once and kept until the process ends, never terminated: eglTerminate would end it
// for every context at once, and Mesa unloads its driver there, so the next context would pay to
// load it again (and the unloaded driver's thread-local storage crashes LeakSanitizer's exit scan).
std::mutex initialised_displays_mutex;
std::set<EGLDisplay> initialised_displays;

bool initialise_display(EGLDisplay display) {
  std::lock_guard lock(initialised_displays_mutex);
  if (initialised_displays.contains(display)) return true;
  EGLint major = 0;
  EGLint minor = 0;
  if (eglInitialize(display, &major, &minor) == EGL_FALSE) return false;
  initialised_displays.insert(display);
  return true;
}

struct DisplayCandidate {
  EGLDisplay display = EGL_NO_DISPLAY;
  std::string name;  // for the description and error messages
};

std::string describe_device(EGLDeviceEXT device, int index, int count, bool can_query) {
  std::string name = "EGL device " + std::to_string(index) + " of " + std::to_string(count);
  if (!can_query) return name;
  const char* extensions = eglQueryDeviceStringEXT(device, EGL_EXTENSIONS);
  if (has_word(extensions, "EGL_EXT_device_drm")) {
    const char* file = eglQueryDeviceStringEXT(device, EGL_DRM_DEVICE_FILE_EXT);
    if (file != nullptr) return name + " (" + file + ")";
  }
  if (has_word(extensions, "EGL_MESA_device_software")) return name + " (software)";
  return name;
}

// The displays to try, best first (see the header for the order and why).
std::vector<DisplayCandidate> display_candidates(std::string& problems) {
  const char* client_extensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (client_extensions == nullptr) eglGetError();  // no EGL_EXT_client_extensions: not an error
  const bool platform_base = has_word(client_extensions, "EGL_EXT_platform_base");
  const bool can_enumerate = platform_base &&
                             has_word(client_extensions, "EGL_EXT_platform_device") &&
                             (has_word(client_extensions, "EGL_EXT_device_enumeration") ||
                              has_word(client_extensions, "EGL_EXT_device_base"));
  const bool can_query = has_word(client_extensions, "EGL_EXT_device_query") ||
                         has_word(client_extensions, "EGL_EXT_device_base");

  std::vector<DisplayCandidate> hardware;
  std::vector<DisplayCandidate> software;
  if (can_enumerate) {
    EGLint count = 0;
    if (eglQueryDevicesEXT(0, nullptr, &count) == EGL_TRUE && count > 0) {
      std::vector<EGLDeviceEXT> devices(static_cast<std::size_t>(count));
      eglQueryDevicesEXT(count, devices.data(), &count);
      for (EGLint i = 0; i < count; ++i) {
        EGLDeviceEXT device = devices[static_cast<std::size_t>(i)];
        const bool is_software =
            can_query &&
            has_word(eglQueryDeviceStringEXT(device, EGL_EXTENSIONS), "EGL_MESA_device_software");
        EGLDisplay display = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, device, nullptr);
        if (display == EGL_NO_DISPLAY) {
          problems += "; " + egl_failure("eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT)");
          continue;
        }
        (is_software ? software : hardware)
            .push_back({display, describe_device(device, i, count, can_query)});
      }
    } else {
      problems += "; " + egl_failure("eglQueryDevicesEXT");
    }
  }

  std::vector<DisplayCandidate> candidates = std::move(hardware);
  if (platform_base && has_word(client_extensions, "EGL_MESA_platform_surfaceless")) {
    EGLDisplay display =
        eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display != EGL_NO_DISPLAY) {
      candidates.push_back({display, "EGL surfaceless"});
    } else {
      problems += "; " + egl_failure("eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA)");
    }
  }
  candidates.insert(candidates.end(), software.begin(), software.end());
  if (candidates.empty()) {
    EGLDisplay display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
    if (display != EGL_NO_DISPLAY) {
      candidates.push_back({display, "EGL default display"});
    } else {
      problems += "; " + egl_failure("eglGetDisplay(EGL_DEFAULT_DISPLAY)");
    }
  }
  return candidates;
}

// Tries the whole set-up on one display. On failure, the caller destroys what it made (tear_down).
Status set_up_context(EGLDisplay display, bool debug, EGLContext& context, EGLSurface& surface) {
  if (!initialise_display(display)) return context_error(egl_failure("eglInitialize"));
  if (eglBindAPI(EGL_OPENGL_API) == EGL_FALSE) {
    return context_error(egl_failure("eglBindAPI(EGL_OPENGL_API)"));
  }

  const char* display_extensions = eglQueryString(display, EGL_EXTENSIONS);
  const bool surfaceless = has_word(display_extensions, "EGL_KHR_surfaceless_context");

  // RGBA8 is all the context needs for itself; framebuffer objects carry the real formats.
  const EGLint with_pbuffer[] = {EGL_SURFACE_TYPE,
                                 EGL_PBUFFER_BIT,
                                 EGL_RENDERABLE_TYPE,
                                 EGL_OPENGL_BIT,
                                 EGL_RED_SIZE,
                                 8,
                                 EGL_GREEN_SIZE,
                                 8,
                                 EGL_BLUE_SIZE,
                                 8,
                                 EGL_NONE};
  const EGLint any_surface[] = {EGL_SURFACE_TYPE, 0, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
  EGLConfig config = nullptr;
  EGLint config_count = 0;
  if (eglChooseConfig(display, with_pbuffer, &config, 1, &config_count) == EGL_FALSE ||
      config_count == 0) {
    eglGetError();
    if (!surfaceless ||
        eglChooseConfig(display, any_surface, &config, 1, &config_count) == EGL_FALSE ||
        config_count == 0) {
      return context_error("eglChooseConfig found no configuration for desktop OpenGL (" +
                           egl_error_name(eglGetError()) + ")");
    }
  }

  // Asking for 3.3 core gives the highest version compatible with it (4.5 on llvmpipe).
  const EGLint debug_attributes[] = {EGL_CONTEXT_MAJOR_VERSION_KHR,
                                     3,
                                     EGL_CONTEXT_MINOR_VERSION_KHR,
                                     3,
                                     EGL_CONTEXT_OPENGL_PROFILE_MASK_KHR,
                                     EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT_KHR,
                                     EGL_CONTEXT_FLAGS_KHR,
                                     EGL_CONTEXT_OPENGL_DEBUG_BIT_KHR,
                                     EGL_NONE};
  const EGLint plain_attributes[] = {EGL_CONTEXT_MAJOR_VERSION_KHR,
                                     3,
                                     EGL_CONTEXT_MINOR_VERSION_KHR,
                                     3,
                                     EGL_CONTEXT_OPENGL_PROFILE_MASK_KHR,
                                     EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT_KHR,
                                     EGL_NONE};
  if (debug) {
    context = eglCreateContext(display, config, EGL_NO_CONTEXT, debug_attributes);
    if (context == EGL_NO_CONTEXT) eglGetError();  // a debug context is a nicety: go on without
  }
  if (context == EGL_NO_CONTEXT) {
    context = eglCreateContext(display, config, EGL_NO_CONTEXT, plain_attributes);
  }
  if (context == EGL_NO_CONTEXT) {
    return context_error(egl_failure("eglCreateContext for OpenGL 3.3 core"));
  }

  if (!surfaceless) {
    const EGLint size[] = {EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE};
    surface = eglCreatePbufferSurface(display, config, size);
    if (surface == EGL_NO_SURFACE) {
      return context_error(
          egl_failure("eglCreatePbufferSurface (the display lacks EGL_KHR_surfaceless_context)"));
    }
  }
  if (eglMakeCurrent(display, surface, surface, context) == EGL_FALSE) {
    return context_error(egl_failure("eglMakeCurrent"));
  }
  return Done{};
}

void tear_down(EGLDisplay display, EGLContext context, EGLSurface surface) {
  if (display == EGL_NO_DISPLAY) return;
  if (context != EGL_NO_CONTEXT) {
    if (eglGetCurrentContext() == context) {
      eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    }
    eglDestroyContext(display, context);
  }
  if (surface != EGL_NO_SURFACE) eglDestroySurface(display, surface);
}

}  // namespace

HeadlessGlContext::HeadlessGlContext(std::unique_ptr<Egl> egl) : egl_(std::move(egl)) {}

HeadlessGlContext::~HeadlessGlContext() {
  tear_down(egl_->display, egl_->context, egl_->surface);
}

Result<std::unique_ptr<HeadlessGlContext>> HeadlessGlContext::create(
    const GlContextOptions& options) {
  if (!epoxy_has_egl()) {
    return context_error(
        "cannot create a headless OpenGL context: libEGL could not be loaded; expected EGL with a "
        "vendor library (Debian: libegl1 with libegl-mesa0, or NVIDIA's driver)");
  }
  prefer_llvmpipe_ordinary_path();
  std::string problems;
  const std::vector<DisplayCandidate> candidates = display_candidates(problems);
  for (const DisplayCandidate& candidate : candidates) {
    EGLContext context = EGL_NO_CONTEXT;
    EGLSurface surface = EGL_NO_SURFACE;
    const Status made = set_up_context(candidate.display, options.debug_output, context, surface);
    if (!made) {
      tear_down(candidate.display, context, surface);
      problems += "; " + candidate.name + ": " + made.error().message;
      continue;
    }
    auto egl = std::make_unique<Egl>();
    egl->display = candidate.display;
    egl->context = context;
    egl->surface = surface;
    std::unique_ptr<HeadlessGlContext> created(new HeadlessGlContext(std::move(egl)));
    created->platform_ = candidate.name;
    const Result<std::string> description = prepare_current_context(options, candidate.name);
    if (!description) {
      problems += "; " + candidate.name + ": " + description.error().message;
      continue;  // `created` destroys its context on the way out
    }
    created->description_ = *description;
    log_debug("headless OpenGL context: %s", created->description_.c_str());
    return created;
  }
  if (problems.empty()) problems = "; EGL offers no display";
  return context_error(
      "cannot create a headless OpenGL 3.3 core context:" + problems.substr(1) +
      "; expected an EGL driver with a surfaceless or device platform (Mesa's libegl-mesa0 or "
      "NVIDIA's EGL)");
}

Status HeadlessGlContext::make_current() {
  if (eglMakeCurrent(egl_->display, egl_->surface, egl_->surface, egl_->context) == EGL_FALSE) {
    return context_error(egl_failure("eglMakeCurrent of the headless OpenGL context"));
  }
  return Done{};
}

}  // namespace hitl
