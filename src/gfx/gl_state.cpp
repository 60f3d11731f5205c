// GL error names, labels and the saved-binding classes.
#include "hitl/gfx/gl_state.hpp"

#include "hitl/base/log.hpp"
#include "hitl/gfx/gl_context.hpp"

namespace hitl {

namespace {

GLenum buffer_binding_query(GLenum target) {
  switch (target) {
    case GL_ARRAY_BUFFER:
      return GL_ARRAY_BUFFER_BINDING;
    case GL_ELEMENT_ARRAY_BUFFER:
      return GL_ELEMENT_ARRAY_BUFFER_BINDING;
    case GL_PIXEL_PACK_BUFFER:
      return GL_PIXEL_PACK_BUFFER_BINDING;
    case GL_PIXEL_UNPACK_BUFFER:
      return GL_PIXEL_UNPACK_BUFFER_BINDING;
    case GL_COPY_READ_BUFFER:
      return GL_COPY_READ_BUFFER_BINDING;
    case GL_COPY_WRITE_BUFFER:
      return GL_COPY_WRITE_BUFFER_BINDING;
    case GL_UNIFORM_BUFFER:
      return GL_UNIFORM_BUFFER_BINDING;
    default:
      return 0;
  }
}

GLint get_integer(GLenum name) {
  GLint value = 0;
  glGetIntegerv(name, &value);
  return value;
}

}  // namespace

std::string gl_error_name(GLenum error) {
  switch (error) {
    case GL_NO_ERROR:
      return "GL_NO_ERROR";
    case GL_INVALID_ENUM:
      return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE:
      return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION:
      return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION:
      return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY:
      return "GL_OUT_OF_MEMORY";
    default:
      return "GL error " + std::to_string(error);
  }
}

Status take_gl_errors(std::string_view doing) {
  std::string names;
  // A lost context can report errors forever: stop after a few.
  for (int i = 0; i < 8; ++i) {
    const GLenum error = glGetError();
    if (error == GL_NO_ERROR) break;
    if (!names.empty()) names += ", ";
    names += gl_error_name(error);
  }
  if (names.empty()) return Done{};
  return error_at("", 0, 0, "", std::string(doing) + ": " + names);
}

void log_stale_gl_errors() {
  const Status stale = take_gl_errors("GL errors left by earlier calls");
  if (!stale) log(LogLevel::warn, stale.error().message);
}

void set_gl_label(GLenum identifier, GLuint id, std::string_view label) {
  if (label.empty() || id == 0 || !current_context_has_khr_debug()) return;
  glObjectLabel(identifier, id, static_cast<GLsizei>(label.size()), label.data());
}

SavedTextureBinding::SavedTextureBinding()
    : active_unit_(get_integer(GL_ACTIVE_TEXTURE)), texture_(get_integer(GL_TEXTURE_BINDING_2D)) {}

SavedTextureBinding::~SavedTextureBinding() {
  glActiveTexture(static_cast<GLenum>(active_unit_));
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture_));
}

SavedBufferBinding::SavedBufferBinding(GLenum target) : target_(target) {
  const GLenum query = buffer_binding_query(target);
  buffer_ = query != 0 ? get_integer(query) : 0;
}

SavedBufferBinding::~SavedBufferBinding() {
  glBindBuffer(target_, static_cast<GLuint>(buffer_));
}

SavedFramebufferBindings::SavedFramebufferBindings()
    : draw_(get_integer(GL_DRAW_FRAMEBUFFER_BINDING)),
      read_(get_integer(GL_READ_FRAMEBUFFER_BINDING)) {}

SavedFramebufferBindings::~SavedFramebufferBindings() {
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_));
}

SavedRenderbufferBinding::SavedRenderbufferBinding()
    : renderbuffer_(get_integer(GL_RENDERBUFFER_BINDING)) {}

SavedRenderbufferBinding::~SavedRenderbufferBinding() {
  glBindRenderbuffer(GL_RENDERBUFFER, static_cast<GLuint>(renderbuffer_));
}

}  // namespace hitl
