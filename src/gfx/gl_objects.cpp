// The GL object owners: creation with its checks, uploads, shader compilation and linking.
#include "hitl/gfx/gl_objects.hpp"

#include <cassert>

#include "hitl/base/log.hpp"
#include "hitl/gfx/gl_state.hpp"
#include "hitl/gfx/shader_source.hpp"

namespace hitl {

namespace gl_delete {
void buffer(GLuint id) {
  glDeleteBuffers(1, &id);
}
void vertex_array(GLuint id) {
  glDeleteVertexArrays(1, &id);
}
void texture(GLuint id) {
  glDeleteTextures(1, &id);
}
void renderbuffer(GLuint id) {
  glDeleteRenderbuffers(1, &id);
}
void framebuffer(GLuint id) {
  glDeleteFramebuffers(1, &id);
}
void program(GLuint id) {
  glDeleteProgram(id);
}
}  // namespace gl_delete

namespace {

Diagnostic gl_object_error(std::string message) {
  return error_at("", 0, 0, "", std::move(message));
}

std::string size_text(int width_px, int height_px) {
  return std::to_string(width_px) + "x" + std::to_string(height_px);
}

GLint get_integer(GLenum name) {
  GLint value = 0;
  glGetIntegerv(name, &value);
  return value;
}

GLenum internal_format_of(TextureFormat format) {
  return format == TextureFormat::r8 ? GL_R8 : GL_RGBA8;
}

GLenum pixel_format_of(TextureFormat format) {
  return format == TextureFormat::r8 ? GL_RED : GL_RGBA;
}

GLint gl_filter_of(TextureFilter filter) {
  return filter == TextureFilter::nearest ? GL_NEAREST : GL_LINEAR;
}

std::string quoted_label(const std::string& label) {
  return "\"" + label + "\"";
}

}  // namespace

// Buffer ------------------------------------------------------------------------------------------

Buffer Buffer::create(std::string label) {
  GLuint id = 0;
  glGenBuffers(1, &id);
  {
    // Uploads go through GL_COPY_WRITE_BUFFER: it works for every kind of buffer and, unlike
    // GL_ELEMENT_ARRAY_BUFFER, is not part of the bound vertex array's state.
    SavedBufferBinding saved(GL_COPY_WRITE_BUFFER);
    glBindBuffer(GL_COPY_WRITE_BUFFER, id);
    set_gl_label(GL_BUFFER, id, label);
  }
  Buffer buffer;
  buffer.name_ = GlName<gl_delete::buffer>(id, std::move(label));
  return buffer;
}

void Buffer::set_data(const void* bytes, std::size_t size_bytes, GLenum usage) {
  assert(!empty() && "Buffer::set_data on an empty Buffer: create() it first");
  SavedBufferBinding saved(GL_COPY_WRITE_BUFFER);
  glBindBuffer(GL_COPY_WRITE_BUFFER, id());
  glBufferData(GL_COPY_WRITE_BUFFER, static_cast<GLsizeiptr>(size_bytes), bytes, usage);
  size_bytes_ = size_bytes;
}

void Buffer::set_sub_data(std::size_t offset_bytes, const void* bytes, std::size_t size_bytes) {
  assert(!empty() && "Buffer::set_sub_data on an empty Buffer: create() it first");
  assert(offset_bytes <= size_bytes_ && size_bytes <= size_bytes_ - offset_bytes &&
         "Buffer::set_sub_data past the end of the buffer: set_data() a larger size first");
  SavedBufferBinding saved(GL_COPY_WRITE_BUFFER);
  glBindBuffer(GL_COPY_WRITE_BUFFER, id());
  glBufferSubData(GL_COPY_WRITE_BUFFER, static_cast<GLintptr>(offset_bytes),
                  static_cast<GLsizeiptr>(size_bytes), bytes);
}

// VertexArray -------------------------------------------------------------------------------------

VertexArray VertexArray::create(std::string label) {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  const GLint previous = get_integer(GL_VERTEX_ARRAY_BINDING);
  glBindVertexArray(id);
  set_gl_label(GL_VERTEX_ARRAY, id, label);
  glBindVertexArray(static_cast<GLuint>(previous));
  VertexArray vertex_array;
  vertex_array.name_ = GlName<gl_delete::vertex_array>(id, std::move(label));
  return vertex_array;
}

void VertexArray::set_float_attributes(const Buffer& vertices, std::size_t stride_bytes,
                                       std::span<const FloatAttribute> attributes) const {
  const GLint previous = get_integer(GL_VERTEX_ARRAY_BINDING);
  glBindVertexArray(id());
  SavedBufferBinding saved(GL_ARRAY_BUFFER);
  glBindBuffer(GL_ARRAY_BUFFER, vertices.id());
  for (const FloatAttribute& attribute : attributes) {
    glEnableVertexAttribArray(attribute.location);
    glVertexAttribPointer(attribute.location, attribute.components, GL_FLOAT, GL_FALSE,
                          static_cast<GLsizei>(stride_bytes),
                          reinterpret_cast<const void*>(attribute.offset));
  }
  glBindVertexArray(static_cast<GLuint>(previous));
}

// Texture2D ---------------------------------------------------------------------------------------

int bytes_per_pixel(TextureFormat format) {
  return format == TextureFormat::r8 ? 1 : 4;
}

Result<Texture2D> Texture2D::create(int width_px, int height_px, TextureFormat format,
                                    std::string label, TextureFilter filter) {
  const GLint max_size = get_integer(GL_MAX_TEXTURE_SIZE);
  if (width_px <= 0 || height_px <= 0 || width_px > max_size || height_px > max_size) {
    return gl_object_error("cannot create texture " + quoted_label(label) + " of " +
                           size_text(width_px, height_px) +
                           " texels; expected a positive size of at most " +
                           std::to_string(max_size) + " texels a side (GL_MAX_TEXTURE_SIZE)");
  }
  log_stale_gl_errors();
  GLuint id = 0;
  glGenTextures(1, &id);
  Texture2D texture;
  texture.name_ = GlName<gl_delete::texture>(id, std::move(label));
  texture.width_px_ = width_px;
  texture.height_px_ = height_px;
  texture.format_ = format;
  texture.filter_ = filter;
  {
    SavedTextureBinding saved_texture;
    SavedBufferBinding saved_unpack(GL_PIXEL_UNPACK_BUFFER);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);  // else a null pointer means "offset 0 of that buffer"
    glBindTexture(GL_TEXTURE_2D, id);
    glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(internal_format_of(format)), width_px,
                 height_px, 0, pixel_format_of(format), GL_UNSIGNED_BYTE, nullptr);
    // One mip level, so the texture is complete without mipmaps.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, gl_filter_of(filter));
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, gl_filter_of(filter));
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    set_gl_label(GL_TEXTURE, id, texture.label());
  }
  const Status made = take_gl_errors("creating texture " + quoted_label(texture.label()) + " of " +
                                     size_text(width_px, height_px) + " texels");
  if (!made) return made.error();
  return texture;
}

Status Texture2D::upload(int x_px, int y_px, int width_px, int height_px,
                         const std::uint8_t* pixels, std::size_t stride_bytes) {
  assert(!empty() && "Texture2D::upload on an empty Texture2D: create() it first");
  const std::string what = "cannot upload to texture " + quoted_label(label()) + ": ";
  if (pixels == nullptr) return gl_object_error(what + "no pixels were given");
  if (x_px < 0 || y_px < 0 || width_px <= 0 || height_px <= 0 || x_px > width_px_ - width_px ||
      y_px > height_px_ - height_px) {
    return gl_object_error(what + "the rectangle " + size_text(width_px, height_px) + " at (" +
                           std::to_string(x_px) + ", " + std::to_string(y_px) +
                           ") leaves the texture; expected a non-empty rectangle inside its " +
                           size_text(width_px_, height_px_) + " texels");
  }
  const std::size_t pixel_bytes = static_cast<std::size_t>(bytes_per_pixel(format_));
  const std::size_t row_bytes = static_cast<std::size_t>(width_px) * pixel_bytes;
  if (stride_bytes == 0) stride_bytes = row_bytes;
  if (stride_bytes < row_bytes || stride_bytes % pixel_bytes != 0) {
    return gl_object_error(what + "a row stride of " + std::to_string(stride_bytes) +
                           " bytes; expected a multiple of " + std::to_string(pixel_bytes) +
                           " bytes of at least " + std::to_string(row_bytes));
  }
  SavedTextureBinding saved_texture;
  SavedBufferBinding saved_unpack(GL_PIXEL_UNPACK_BUFFER);
  glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
  glBindTexture(GL_TEXTURE_2D, id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(stride_bytes / pixel_bytes));
  glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glTexSubImage2D(GL_TEXTURE_2D, 0, x_px, y_px, width_px, height_px, pixel_format_of(format_),
                  GL_UNSIGNED_BYTE, pixels);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // GL's default, which other code may assume
  return Done{};
}

void Texture2D::set_filter(TextureFilter filter) {
  assert(!empty() && "Texture2D::set_filter on an empty Texture2D: create() it first");
  SavedTextureBinding saved_texture;
  glBindTexture(GL_TEXTURE_2D, id());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, gl_filter_of(filter));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, gl_filter_of(filter));
  filter_ = filter;
}

void Texture2D::bind(int unit) const {
  glActiveTexture(static_cast<GLenum>(GL_TEXTURE0 + unit));
  glBindTexture(GL_TEXTURE_2D, id());
}

// Renderbuffer ------------------------------------------------------------------------------------

Result<Renderbuffer> Renderbuffer::create_rgba8(int width_px, int height_px, int samples,
                                                std::string label) {
  return create(width_px, height_px, samples, GL_RGBA8, std::move(label));
}

Result<Renderbuffer> Renderbuffer::create_depth24(int width_px, int height_px, int samples,
                                                  std::string label) {
  return create(width_px, height_px, samples, GL_DEPTH_COMPONENT24, std::move(label));
}

Result<Renderbuffer> Renderbuffer::create(int width_px, int height_px, int samples, GLenum format,
                                          std::string label) {
  const GLint max_size = get_integer(GL_MAX_RENDERBUFFER_SIZE);
  const GLint max_samples = get_integer(GL_MAX_SAMPLES);
  if (width_px <= 0 || height_px <= 0 || width_px > max_size || height_px > max_size) {
    return gl_object_error("cannot create renderbuffer " + quoted_label(label) + " of " +
                           size_text(width_px, height_px) +
                           " pixels; expected a positive size of at most " +
                           std::to_string(max_size) + " pixels a side (GL_MAX_RENDERBUFFER_SIZE)");
  }
  if (samples < 1 || samples > max_samples) {
    return gl_object_error("cannot create renderbuffer " + quoted_label(label) + " with " +
                           std::to_string(samples) + " samples; expected 1 to " +
                           std::to_string(max_samples) + " (GL_MAX_SAMPLES)");
  }
  log_stale_gl_errors();
  GLuint id = 0;
  glGenRenderbuffers(1, &id);
  Renderbuffer renderbuffer;
  renderbuffer.name_ = GlName<gl_delete::renderbuffer>(id, std::move(label));
  {
    SavedRenderbufferBinding saved;
    glBindRenderbuffer(GL_RENDERBUFFER, id);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples > 1 ? samples : 0, format, width_px,
                                     height_px);
    set_gl_label(GL_RENDERBUFFER, id, renderbuffer.label());
    // The driver may give more samples than asked for.
    GLint given_samples = 0;
    glGetRenderbufferParameteriv(GL_RENDERBUFFER, GL_RENDERBUFFER_SAMPLES, &given_samples);
    renderbuffer.samples_ = given_samples > 0 ? given_samples : 1;
  }
  const Status made = take_gl_errors("creating renderbuffer " + quoted_label(renderbuffer.label()) +
                                     " of " + size_text(width_px, height_px) + " pixels");
  if (!made) return made.error();
  return renderbuffer;
}

// Framebuffer -------------------------------------------------------------------------------------

namespace {

std::string framebuffer_status_name(GLenum status) {
  switch (status) {
    case GL_FRAMEBUFFER_UNDEFINED:
      return "GL_FRAMEBUFFER_UNDEFINED";
    case GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT:
      return "GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT";
    case GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT:
      return "GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT";
    case GL_FRAMEBUFFER_UNSUPPORTED:
      return "GL_FRAMEBUFFER_UNSUPPORTED";
    case GL_FRAMEBUFFER_INCOMPLETE_MULTISAMPLE:
      return "GL_FRAMEBUFFER_INCOMPLETE_MULTISAMPLE";
    default:
      return "framebuffer status " + std::to_string(status);
  }
}

// Creates a framebuffer, lets `attach` attach its buffers, and checks it is complete.
template <class Attach>
Status make_framebuffer(std::string label, Attach attach, GlName<gl_delete::framebuffer>& name) {
  GLuint id = 0;
  glGenFramebuffers(1, &id);
  name = GlName<gl_delete::framebuffer>(id, std::move(label));
  SavedFramebufferBindings saved;
  glBindFramebuffer(GL_FRAMEBUFFER, id);
  attach();
  set_gl_label(GL_FRAMEBUFFER, id, name.label());
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    return gl_object_error("framebuffer " + quoted_label(name.label()) + " is incomplete (" +
                           framebuffer_status_name(status) +
                           "); expected the driver to accept its attachments");
  }
  return Done{};
}

}  // namespace

Result<Framebuffer> Framebuffer::create_with_colour(const Texture2D& colour, std::string label) {
  assert(!colour.empty() && "Framebuffer::create_with_colour given an empty Texture2D");
  Framebuffer framebuffer;
  const Status checked = make_framebuffer(
      std::move(label),
      [&] {
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colour.id(), 0);
      },
      framebuffer.name_);
  if (!checked) return checked.error();
  return framebuffer;
}

Result<Framebuffer> Framebuffer::create_with_colour(const Renderbuffer& colour, std::string label) {
  assert(!colour.empty() && "Framebuffer::create_with_colour given an empty Renderbuffer");
  Framebuffer framebuffer;
  const Status checked = make_framebuffer(
      std::move(label),
      [&] {
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                                  colour.id());
      },
      framebuffer.name_);
  if (!checked) return checked.error();
  return framebuffer;
}

namespace {

// A colour and a depth attachment; `attach_colour` attaches the colour.
template <class AttachColour>
Status make_framebuffer_with_depth(std::string label, AttachColour attach_colour,
                                   const Renderbuffer& depth,
                                   GlName<gl_delete::framebuffer>& name) {
  return make_framebuffer(
      std::move(label),
      [&] {
        attach_colour();
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth.id());
      },
      name);
}

}  // namespace

Result<Framebuffer> Framebuffer::create_with_colour_and_depth(const Texture2D& colour,
                                                              const Renderbuffer& depth,
                                                              std::string label) {
  assert(!colour.empty() && !depth.empty() &&
         "Framebuffer::create_with_colour_and_depth given an empty attachment");
  Framebuffer framebuffer;
  const Status checked = make_framebuffer_with_depth(
      std::move(label),
      [&] {
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colour.id(), 0);
      },
      depth, framebuffer.name_);
  if (!checked) return checked.error();
  return framebuffer;
}

Result<Framebuffer> Framebuffer::create_with_colour_and_depth(const Renderbuffer& colour,
                                                              const Renderbuffer& depth,
                                                              std::string label) {
  assert(!colour.empty() && !depth.empty() &&
         "Framebuffer::create_with_colour_and_depth given an empty attachment");
  Framebuffer framebuffer;
  const Status checked = make_framebuffer_with_depth(
      std::move(label),
      [&] {
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                                  colour.id());
      },
      depth, framebuffer.name_);
  if (!checked) return checked.error();
  return framebuffer;
}

// ShaderProgram -----------------------------------------------------------------------------------

namespace {

std::string_view stage_name(GLenum stage) {
  return stage == GL_VERTEX_SHADER ? "vertex shader" : "fragment shader";
}

std::string shader_info_log(GLuint shader) {
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string text(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
  if (length > 0) glGetShaderInfoLog(shader, length, nullptr, text.data());
  while (!text.empty() && (text.back() == '\0' || text.back() == '\n')) text.pop_back();
  return text;
}

std::string program_info_log(GLuint program) {
  GLint length = 0;
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  std::string text(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
  if (length > 0) glGetProgramInfoLog(program, length, nullptr, text.data());
  while (!text.empty() && (text.back() == '\0' || text.back() == '\n')) text.pop_back();
  return text;
}

// The source with the defines inserted after the #version line, and a #line directive that gives
// the next line of the file its own number again.
std::string with_defines(std::string_view source, std::span<const std::string> defines) {
  if (defines.empty()) return std::string(source);
  std::size_t insert_at = 0;
  int next_line = 1;
  std::size_t line_start = 0;
  int line_number = 1;
  while (line_start < source.size()) {
    const std::size_t line_end = source.find('\n', line_start);
    const std::string_view line =
        source.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos
                                                                     : line_end - line_start);
    const std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line.substr(first).starts_with("#version")) {
      insert_at = line_end == std::string_view::npos ? source.size() : line_end + 1;
      next_line = line_number + 1;
      break;
    }
    if (line_end == std::string_view::npos) break;
    line_start = line_end + 1;
    ++line_number;
  }
  std::string out(source.substr(0, insert_at));
  if (!out.empty() && out.back() != '\n') out += '\n';
  for (const std::string& define : defines) out += "#define " + define + "\n";
  // In GLSL 3.30 and later, "#line N" numbers the line after it N.
  out += "#line " + std::to_string(next_line) + "\n";
  out += source.substr(insert_at);
  return out;
}

struct CompiledShader {
  GLuint id = 0;
  ~CompiledShader() {
    if (id != 0) glDeleteShader(id);
  }
};

Status compile_stage(GLenum stage, const ShaderFile& file, std::span<const std::string> defines,
                     CompiledShader& shader) {
  const std::string source = with_defines(file.source, defines);
  shader.id = glCreateShader(stage);
  const GLchar* text = source.c_str();
  const GLint length = static_cast<GLint>(source.size());
  glShaderSource(shader.id, 1, &text, &length);
  glCompileShader(shader.id);
  GLint compiled = GL_FALSE;
  glGetShaderiv(shader.id, GL_COMPILE_STATUS, &compiled);
  if (compiled == GL_FALSE) {
    return error_at(std::string(file.file_name), 0, 0, "",
                    std::string(stage_name(stage)) + " did not compile; the driver says:\n" +
                        shader_info_log(shader.id));
  }
  return Done{};
}

}  // namespace

Result<ShaderProgram> ShaderProgram::compile(ShaderFile vertex, ShaderFile fragment,
                                             std::string label,
                                             std::span<const std::string> defines) {
  CompiledShader vertex_shader;
  CompiledShader fragment_shader;
  if (Status made = compile_stage(GL_VERTEX_SHADER, vertex, defines, vertex_shader); !made) {
    return made.error();
  }
  if (Status made = compile_stage(GL_FRAGMENT_SHADER, fragment, defines, fragment_shader); !made) {
    return made.error();
  }
  ShaderProgram program;
  program.name_ = GlName<gl_delete::program>(glCreateProgram(), std::move(label));
  const GLuint id = program.id();
  glAttachShader(id, vertex_shader.id);
  glAttachShader(id, fragment_shader.id);
  glLinkProgram(id);
  // Once linked, the program no longer needs its shaders; CompiledShader deletes them.
  glDetachShader(id, vertex_shader.id);
  glDetachShader(id, fragment_shader.id);
  GLint linked = GL_FALSE;
  glGetProgramiv(id, GL_LINK_STATUS, &linked);
  if (linked == GL_FALSE) {
    return error_at(std::string(vertex.file_name) + " + " + std::string(fragment.file_name), 0, 0,
                    "",
                    "shader program " + quoted_label(program.label()) +
                        " did not link; the driver says:\n" + program_info_log(id));
  }
  set_gl_label(GL_PROGRAM, id, program.label());
  return program;
}

Result<ShaderProgram> ShaderProgram::load(std::string_view vertex_file,
                                          std::string_view fragment_file,
                                          std::span<const std::string> defines) {
  const std::string_view vertex_source = shader_source(vertex_file);
  const std::string_view fragment_source = shader_source(fragment_file);
  for (const auto& [file, text] :
       {std::pair{vertex_file, vertex_source}, std::pair{fragment_file, fragment_source}}) {
    if (text.empty()) {
      return error_at(std::string(file), 0, 0, "",
                      "no such shader is built into hitl; expected a file of that name in "
                      "shaders/");
    }
  }
  return compile({vertex_file, vertex_source}, {fragment_file, fragment_source},
                 std::string(vertex_file) + " + " + std::string(fragment_file), defines);
}

GLint ShaderProgram::uniform_location(std::string_view name) const {
  const auto found = uniform_locations_.find(name);
  if (found != uniform_locations_.end()) return found->second;
  const std::string key(name);
  const GLint location = glGetUniformLocation(id(), key.c_str());
  if (location < 0) {
    log_warn("shader program \"%s\" has no active uniform \"%s\"", label().c_str(), key.c_str());
  }
  uniform_locations_.emplace(key, location);
  return location;
}

// Fence -------------------------------------------------------------------------------------------

Fence Fence::insert() {
  Fence fence;
  fence.sync_ = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  glFlush();
  return fence;
}

Fence::~Fence() {
  if (sync_ != nullptr) glDeleteSync(sync_);
}

Fence& Fence::operator=(Fence&& other) noexcept {
  if (this != &other) {
    if (sync_ != nullptr) glDeleteSync(sync_);
    sync_ = std::exchange(other.sync_, nullptr);
  }
  return *this;
}

Result<bool> Fence::wait(std::uint64_t timeout_ns) const {
  if (sync_ == nullptr) return gl_object_error("waited on an empty fence");
  // The fence was flushed when inserted, so no flush is needed here.
  const GLenum state = glClientWaitSync(sync_, 0, timeout_ns);
  if (state == GL_WAIT_FAILED) {
    return gl_object_error("glClientWaitSync failed (" + gl_error_name(glGetError()) +
                           "); the GL context may be lost");
  }
  return state == GL_ALREADY_SIGNALED || state == GL_CONDITION_SATISFIED;
}

}  // namespace hitl
