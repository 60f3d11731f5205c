// Owners of GL objects: one C++ object owns one GL object and deletes it when destroyed.
//
// Every class here is move-only, with an explicit empty state: default-constructed and moved-from
// objects own nothing (id() == 0, empty() is true) and delete nothing. Each carries a label that
// names it in error messages and, through KHR_debug, in the driver's debug output.
//
// As for all GL calls, the context that created an object must be current when it is used,
// changed or destroyed. Functions that bind an object to do their work restore the previous
// binding (gl_state.hpp), so creating or filling an object never disturbs a pass in progress.
//
// Coordinates: texel row 0 of a Texture2D is the TOP row of the image uploaded into it, so
// texture coordinate v = 0 is the image's top. (Framebuffers are the exception: what is drawn into
// them has GL's bottom-left origin; read_rgba in readback.hpp turns it the right way up.)
#pragma once

#include <epoxy/gl.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "hitl/base/result.hpp"

namespace hitl {

namespace gl_delete {
// One deleter per kind of GL object, for GlName.
void buffer(GLuint id);
void vertex_array(GLuint id);
void texture(GLuint id);
void renderbuffer(GLuint id);
void framebuffer(GLuint id);
void program(GLuint id);
}  // namespace gl_delete

// The owned name of one GL object and its label: what every class below is built on.
template <void (*Delete)(GLuint)>
class GlName {
 public:
  GlName() = default;
  GlName(GLuint id, std::string label) : id_(id), label_(std::move(label)) {}
  ~GlName() { reset(); }

  GlName(GlName&& other) noexcept
      : id_(std::exchange(other.id_, 0)), label_(std::exchange(other.label_, {})) {}
  GlName& operator=(GlName&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, 0);
      label_ = std::exchange(other.label_, {});
    }
    return *this;
  }
  GlName(const GlName&) = delete;
  GlName& operator=(const GlName&) = delete;

  GLuint id() const { return id_; }
  bool empty() const { return id_ == 0; }
  const std::string& label() const { return label_; }

  // Deletes the GL object (if any) and becomes empty.
  void reset() {
    if (id_ != 0) Delete(id_);
    id_ = 0;
    label_.clear();
  }

 private:
  GLuint id_ = 0;
  std::string label_;
};

// A buffer of bytes in GPU memory: vertices, indices, pixels on their way to or from a texture.
class Buffer {
 public:
  Buffer() = default;
  static Buffer create(std::string label);

  // Replaces the contents and size; `bytes` may be null to allocate without filling. `usage` is a
  // hint: GL_STATIC_DRAW, GL_DYNAMIC_DRAW, GL_STREAM_DRAW, GL_STREAM_READ...
  void set_data(const void* bytes, std::size_t size_bytes, GLenum usage);
  // Overwrites part of the contents; the range must lie inside size_bytes().
  void set_sub_data(std::size_t offset_bytes, const void* bytes, std::size_t size_bytes);
  std::size_t size_bytes() const { return size_bytes_; }

  GLuint id() const { return name_.id(); }
  bool empty() const { return name_.empty(); }
  const std::string& label() const { return name_.label(); }

 private:
  GlName<gl_delete::buffer> name_;
  std::size_t size_bytes_ = 0;
};

// The vertex attribute layout of a draw. Core profile needs one bound for every draw, even one
// that makes its vertices from gl_VertexID.
// One vertex attribute of 32-bit floats, interleaved in a buffer of fixed-size vertices.
struct FloatAttribute {
  GLuint location = 0;     // the shader's layout(location = N)
  GLint components = 1;    // 1 to 4
  std::size_t offset = 0;  // bytes from the start of a vertex
};

class VertexArray {
 public:
  VertexArray() = default;
  static VertexArray create(std::string label);
  void bind() const { glBindVertexArray(name_.id()); }
  // Reads these attributes from `vertices`, one vertex every stride_bytes. Restores the vertex
  // array and buffer bindings.
  void set_float_attributes(const Buffer& vertices, std::size_t stride_bytes,
                            std::span<const FloatAttribute> attributes) const;

  GLuint id() const { return name_.id(); }
  bool empty() const { return name_.empty(); }
  const std::string& label() const { return name_.label(); }

 private:
  GlName<gl_delete::vertex_array> name_;
};

enum class TextureFormat {
  r8,     // one 8-bit channel: masks, glyph coverage
  rgba8,  // 8 bits per channel, not premultiplied unless the caller says so
};
int bytes_per_pixel(TextureFormat format);

enum class TextureFilter { nearest, linear };

// A 2D texture with a single mip level, clamped at its edges.
class Texture2D {
 public:
  Texture2D() = default;
  // Allocates width_px x height_px texels; their contents are undefined until uploaded or drawn.
  // Refused with a message when the size is not positive or above GL_MAX_TEXTURE_SIZE, or when
  // the driver runs out of memory.
  static Result<Texture2D> create(int width_px, int height_px, TextureFormat format,
                                  std::string label, TextureFilter filter = TextureFilter::linear);

  // Copies a rectangle of pixels into the texture at (x_px, y_px) from the top-left. `pixels`
  // holds height_px rows top to bottom, stride_bytes apart (0: tightly packed), each of width_px
  // pixels in the texture's format. Refused when the rectangle leaves the texture or the stride is
  // too small or not a whole number of pixels.
  Status upload(int x_px, int y_px, int width_px, int height_px, const std::uint8_t* pixels,
                std::size_t stride_bytes = 0);

  void set_filter(TextureFilter filter);
  TextureFilter filter() const { return filter_; }

  // Binds the texture to texture unit `unit` and leaves that unit active.
  void bind(int unit) const;

  int width_px() const { return width_px_; }
  int height_px() const { return height_px_; }
  TextureFormat format() const { return format_; }

  GLuint id() const { return name_.id(); }
  bool empty() const { return name_.empty(); }
  const std::string& label() const { return name_.label(); }

 private:
  GlName<gl_delete::texture> name_;
  int width_px_ = 0;
  int height_px_ = 0;
  TextureFormat format_ = TextureFormat::rgba8;
  TextureFilter filter_ = TextureFilter::linear;
};

// Image memory that is only drawn into, never sampled: the multisampled colour buffer of an
// OffscreenTarget, the depth buffer of a 3D pass.
class Renderbuffer {
 public:
  Renderbuffer() = default;
  // An RGBA8 buffer with `samples` samples per pixel (1: not multisampled).
  static Result<Renderbuffer> create_rgba8(int width_px, int height_px, int samples,
                                           std::string label);
  // A 24-bit depth buffer, likewise; attach it beside a colour buffer of the same size and
  // sample count (Framebuffer::create_with_colour_and_depth).
  static Result<Renderbuffer> create_depth24(int width_px, int height_px, int samples,
                                             std::string label);

  int samples() const { return samples_; }
  GLuint id() const { return name_.id(); }
  bool empty() const { return name_.empty(); }
  const std::string& label() const { return name_.label(); }

 private:
  static Result<Renderbuffer> create(int width_px, int height_px, int samples, GLenum format,
                                     std::string label);

  GlName<gl_delete::renderbuffer> name_;
  int samples_ = 0;
};

// A framebuffer object with one colour attachment, and a depth attachment for 3D passes.
class Framebuffer {
 public:
  Framebuffer() = default;
  // Refused when the driver finds the framebuffer incomplete (the message names the status).
  static Result<Framebuffer> create_with_colour(const Texture2D& colour, std::string label);
  static Result<Framebuffer> create_with_colour(const Renderbuffer& colour, std::string label);
  // The attachments must have the same size and sample count.
  static Result<Framebuffer> create_with_colour_and_depth(const Texture2D& colour,
                                                          const Renderbuffer& depth,
                                                          std::string label);
  static Result<Framebuffer> create_with_colour_and_depth(const Renderbuffer& colour,
                                                          const Renderbuffer& depth,
                                                          std::string label);

  GLuint id() const { return name_.id(); }
  bool empty() const { return name_.empty(); }
  const std::string& label() const { return name_.label(); }

 private:
  GlName<gl_delete::framebuffer> name_;
};

// One shader stage's source and the file it came from, for error messages.
struct ShaderFile {
  std::string_view file_name;  // "blit.frag"
  std::string_view source;
};

// A linked vertex + fragment program.
class ShaderProgram {
 public:
  ShaderProgram() = default;

  // Compiles and links. `defines` ("LINEAR_OUTPUT", "SAMPLES 4") become #define lines right after
  // the #version line, followed by a #line directive so that the driver's line numbers still match
  // the file. A failure names the file, the stage and the driver's log:
  //   blit.frag: fragment shader did not compile: 0:7(3): error: syntax error...
  static Result<ShaderProgram> compile(ShaderFile vertex, ShaderFile fragment, std::string label,
                                       std::span<const std::string> defines = {});

  // The same from the shaders/ files built into hitl (shader_source); the label is
  // "vertex_file + fragment_file". Refused when a file is not among them.
  static Result<ShaderProgram> load(std::string_view vertex_file, std::string_view fragment_file,
                                    std::span<const std::string> defines = {});

  void use() const { glUseProgram(name_.id()); }

  // The location of a uniform, looked up once and remembered; -1 (which GL ignores) when the
  // program has no active uniform of that name, which is logged as a warning the first time.
  GLint uniform_location(std::string_view name) const;

  GLuint id() const { return name_.id(); }
  bool empty() const { return name_.empty(); }
  const std::string& label() const { return name_.label(); }

 private:
  GlName<gl_delete::program> name_;
  mutable std::map<std::string, GLint, std::less<>> uniform_locations_;
};

// A GPU fence: marks a point in the command stream so the CPU can ask whether the GPU has
// passed it. Move-only; deletes its sync object.
class Fence {
 public:
  Fence() = default;
  // Inserts a fence after every command issued so far, and flushes so that it reaches the GPU.
  static Fence insert();
  ~Fence();
  Fence(Fence&& other) noexcept : sync_(std::exchange(other.sync_, nullptr)) {}
  Fence& operator=(Fence&& other) noexcept;
  Fence(const Fence&) = delete;
  Fence& operator=(const Fence&) = delete;

  // True when the GPU has passed the fence, false when not yet; never waits. An error when the
  // driver cannot tell (GL_WAIT_FAILED: a lost context) or the fence is empty.
  Result<bool> signalled() const { return wait(0); }
  // The same, waiting up to timeout_ns for the GPU to pass the fence.
  Result<bool> wait(std::uint64_t timeout_ns) const;

  bool empty() const { return sync_ == nullptr; }

 private:
  GLsync sync_ = nullptr;
};

}  // namespace hitl
