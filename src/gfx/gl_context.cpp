// What both context implementations do once their context is current: check the version, route
// the driver's debug output to the log, and describe the context.
#include "hitl/gfx/gl_context.hpp"

#include <epoxy/gl.h>

#include <cstdlib>
#include <string>

#include "hitl/base/log.hpp"

namespace hitl {

namespace {

std::string gl_string(GLenum name) {
  const auto* text = reinterpret_cast<const char*>(glGetString(name));
  return text != nullptr ? std::string(text) : std::string("(unknown)");
}

std::string_view debug_source_name(GLenum source) {
  switch (source) {
    case GL_DEBUG_SOURCE_API:
      return "api";
    case GL_DEBUG_SOURCE_WINDOW_SYSTEM:
      return "window system";
    case GL_DEBUG_SOURCE_SHADER_COMPILER:
      return "shader compiler";
    case GL_DEBUG_SOURCE_THIRD_PARTY:
      return "third party";
    case GL_DEBUG_SOURCE_APPLICATION:
      return "application";
    default:
      return "other source";
  }
}

std::string_view debug_type_name(GLenum type) {
  switch (type) {
    case GL_DEBUG_TYPE_ERROR:
      return "error";
    case GL_DEBUG_TYPE_DEPRECATED_BEHAVIOR:
      return "deprecated behaviour";
    case GL_DEBUG_TYPE_UNDEFINED_BEHAVIOR:
      return "undefined behaviour";
    case GL_DEBUG_TYPE_PORTABILITY:
      return "portability";
    case GL_DEBUG_TYPE_PERFORMANCE:
      return "performance";
    case GL_DEBUG_TYPE_MARKER:
      return "marker";
    case GL_DEBUG_TYPE_PUSH_GROUP:
      return "push group";
    case GL_DEBUG_TYPE_POP_GROUP:
      return "pop group";
    default:
      return "other";
  }
}

// Called by the driver, synchronously (GL_DEBUG_OUTPUT_SYNCHRONOUS), on the thread whose GL call
// caused the message.
void GLAPIENTRY log_debug_message(GLenum source, GLenum type, GLuint id, GLenum severity,
                                  GLsizei length, const GLchar* message, const void* /*user*/) {
  LogLevel level = LogLevel::info;
  if (severity == GL_DEBUG_SEVERITY_HIGH) {
    level = LogLevel::error;
  } else if (severity == GL_DEBUG_SEVERITY_MEDIUM) {
    level = LogLevel::warn;
  } else if (severity == GL_DEBUG_SEVERITY_NOTIFICATION) {
    return;
  }
  const std::string_view text = length >= 0
                                    ? std::string_view(message, static_cast<std::size_t>(length))
                                    : std::string_view(message);
  std::string line = "GL ";
  line += debug_source_name(source);
  line += ' ';
  line += debug_type_name(type);
  line += ' ' + std::to_string(id) + ": ";
  line += text;
  log(level, line);
}

void install_debug_output() {
  glEnable(GL_DEBUG_OUTPUT);
  glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
  glDebugMessageCallback(log_debug_message, nullptr);
  glDebugMessageControl(GL_DONT_CARE, GL_DONT_CARE, GL_DONT_CARE, 0, nullptr, GL_TRUE);
  glDebugMessageControl(GL_DONT_CARE, GL_DONT_CARE, GL_DEBUG_SEVERITY_NOTIFICATION, 0, nullptr,
                        GL_FALSE);
}

}  // namespace

bool current_context_has_khr_debug() {
  return epoxy_gl_version() >= 43 || epoxy_has_gl_extension("GL_KHR_debug");
}

bool current_context_is_software() {
  const std::string renderer = gl_string(GL_RENDERER);
  for (const char* name : {"llvmpipe", "softpipe"}) {
    if (renderer.find(name) != std::string::npos) return true;
  }
  return false;
}

void prefer_llvmpipe_ordinary_path() {
  ::setenv("LP_PERF", "no_linear", /*overwrite=*/0);
}

Result<std::string> prepare_current_context(const GlContextOptions& options,
                                            std::string_view how_created) {
  const std::string version = gl_string(GL_VERSION);
  const std::string description = version + "; renderer " + gl_string(GL_RENDERER) + "; vendor " +
                                  gl_string(GL_VENDOR) + "; via " + std::string(how_created);
  if (!epoxy_is_desktop_gl() || epoxy_gl_version() < 33) {
    return error_at("", 0, 0, "",
                    "the OpenGL context is " + version + "; expected OpenGL 3.3 or later (" +
                        description + ")");
  }
  GLint profile_mask = 0;
  glGetIntegerv(GL_CONTEXT_PROFILE_MASK, &profile_mask);
  if ((profile_mask & GL_CONTEXT_CORE_PROFILE_BIT) == 0) {
    return error_at("", 0, 0, "",
                    "the OpenGL context is not a core profile context; expected the core "
                    "profile that was asked for (" +
                        description + ")");
  }
  if (options.debug_output) {
    if (current_context_has_khr_debug()) {
      install_debug_output();
    } else {
      log_warn("GL debug output was asked for but the context lacks KHR_debug (%s)",
               description.c_str());
    }
  }
  return description;
}

}  // namespace hitl
