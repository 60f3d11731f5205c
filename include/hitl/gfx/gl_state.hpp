// Small tools for GL state: bindings that are put back at the end of a scope, GL error names, and
// debug labels. hitl's rule is that code which changes GL state for its own work restores it (these
// classes) or that the next pass sets what it needs explicitly.
#pragma once

#include <epoxy/gl.h>

#include <string>
#include <string_view>

#include "hitl/base/result.hpp"

namespace hitl {

// "GL_INVALID_ENUM", "GL_OUT_OF_MEMORY"...
std::string gl_error_name(GLenum error);

// Reads every pending GL error; success when there was none, else an error naming them and what
// was being done ("creating texture \"atlas\": GL_OUT_OF_MEMORY").
Status take_gl_errors(std::string_view doing);

// Reads and logs (as warnings) GL errors left by earlier code, so that the next take_gl_errors
// reports only its own.
void log_stale_gl_errors();

// Names a GL object in the driver's debug messages and in GPU debuggers, when the context has
// KHR_debug; otherwise does nothing. The object must already exist (been bound once).
void set_gl_label(GLenum identifier, GLuint id, std::string_view label);

// Restores the GL_TEXTURE_2D binding of the active texture unit, and which unit is active.
class SavedTextureBinding {
 public:
  SavedTextureBinding();
  ~SavedTextureBinding();
  SavedTextureBinding(const SavedTextureBinding&) = delete;
  SavedTextureBinding& operator=(const SavedTextureBinding&) = delete;

 private:
  GLint active_unit_ = GL_TEXTURE0;
  GLint texture_ = 0;
};

// Restores the buffer bound to one target (GL_ARRAY_BUFFER, GL_PIXEL_PACK_BUFFER...).
class SavedBufferBinding {
 public:
  explicit SavedBufferBinding(GLenum target);
  ~SavedBufferBinding();
  SavedBufferBinding(const SavedBufferBinding&) = delete;
  SavedBufferBinding& operator=(const SavedBufferBinding&) = delete;

 private:
  GLenum target_;
  GLint buffer_ = 0;
};

// Restores the draw and read framebuffer bindings.
class SavedFramebufferBindings {
 public:
  SavedFramebufferBindings();
  ~SavedFramebufferBindings();
  SavedFramebufferBindings(const SavedFramebufferBindings&) = delete;
  SavedFramebufferBindings& operator=(const SavedFramebufferBindings&) = delete;

 private:
  GLint draw_ = 0;
  GLint read_ = 0;
};

// Restores the GL_RENDERBUFFER binding.
class SavedRenderbufferBinding {
 public:
  SavedRenderbufferBinding();
  ~SavedRenderbufferBinding();
  SavedRenderbufferBinding(const SavedRenderbufferBinding&) = delete;
  SavedRenderbufferBinding& operator=(const SavedRenderbufferBinding&) = delete;

 private:
  GLint renderbuffer_ = 0;
};

}  // namespace hitl
