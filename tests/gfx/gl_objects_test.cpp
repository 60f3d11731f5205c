// The GL object owners: ownership (moves, deletion), texture creation and upload checks, and
// shader programs whose errors name the file, the stage and the driver's log.
#include <catch2/catch.hpp>

#include <epoxy/gl.h>

#include <type_traits>

#include "hitl/gfx/gl_objects.hpp"
#include "hitl/gfx/headless_gl_context.hpp"
#include "support/captured_log.hpp"

using hitl::Buffer;
using hitl::Framebuffer;
using hitl::Renderbuffer;
using hitl::ShaderFile;
using hitl::ShaderProgram;
using hitl::Texture2D;
using hitl::TextureFormat;
using hitl::VertexArray;

namespace {

std::unique_ptr<hitl::HeadlessGlContext> make_context() {
  auto context = hitl::HeadlessGlContext::create();
  if (!context) FAIL("no headless OpenGL context: " << context.error().to_string());
  return std::move(*context);
}

Texture2D make_texture(int width_px, int height_px, TextureFormat format = TextureFormat::rgba8) {
  auto texture = Texture2D::create(width_px, height_px, format, "test texture");
  if (!texture) FAIL(texture.error().to_string());
  return std::move(*texture);
}

// What the driver itself says about a source: to check that hitl's message quotes it in full.
std::string driver_log_for(GLenum stage, const std::string& source) {
  const GLuint shader = glCreateShader(stage);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(length), '\0');
  glGetShaderInfoLog(shader, length, nullptr, log.data());
  glDeleteShader(shader);
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

// Whether a driver log points at `line`: Mesa writes "0:7(3):", NVIDIA "0(7) :".
bool log_mentions_line(const std::string& log, int line) {
  const std::string n = std::to_string(line);
  return log.find("0:" + n + "(") != std::string::npos ||
         log.find("0(" + n + ")") != std::string::npos;
}

const char* const kVertexSource = R"(#version 330 core
void main() { gl_Position = vec4(0.0, 0.0, 0.0, 1.0); }
)";

const char* const kFragmentSource = R"(#version 330 core
out vec4 colour;
void main() { colour = vec4(1.0); }
)";

}  // namespace

TEST_CASE("GL object owners can be moved but not copied", "[gl]") {
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<Texture2D>);
  STATIC_REQUIRE_FALSE(std::is_copy_assignable_v<Texture2D>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<Buffer>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<VertexArray>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<Renderbuffer>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<Framebuffer>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<ShaderProgram>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<hitl::Fence>);
  STATIC_REQUIRE(std::is_nothrow_move_constructible_v<Texture2D>);
  STATIC_REQUIRE(std::is_nothrow_move_assignable_v<ShaderProgram>);
}

TEST_CASE("Default-constructed GL object owners are empty", "[gl]") {
  CHECK(Texture2D().empty());
  CHECK(Texture2D().id() == 0);
  CHECK(Buffer().empty());
  CHECK(VertexArray().empty());
  CHECK(Renderbuffer().empty());
  CHECK(Framebuffer().empty());
  CHECK(ShaderProgram().empty());
  CHECK(hitl::Fence().empty());
}

TEST_CASE("A moved-from texture is empty and the texture is deleted with its last owner", "[gl]") {
  const auto context = make_context();
  GLuint id = 0;
  {
    Texture2D first = make_texture(4, 4);
    id = first.id();
    CHECK(glIsTexture(id) == GL_TRUE);
    Texture2D second = std::move(first);
    CHECK(first.empty());  // NOLINT(bugprone-use-after-move): the empty state is the point
    CHECK(first.label().empty());
    CHECK(second.id() == id);
    CHECK(second.label() == "test texture");
    CHECK(glIsTexture(id) == GL_TRUE);
  }
  CHECK(glIsTexture(id) == GL_FALSE);
}

TEST_CASE("Move-assigning a GL object owner deletes the object it held", "[gl]") {
  const auto context = make_context();
  Texture2D kept = make_texture(2, 2);
  Texture2D replaced = make_texture(2, 2);
  const GLuint kept_id = kept.id();
  const GLuint replaced_id = replaced.id();
  replaced = std::move(kept);
  CHECK(glIsTexture(replaced_id) == GL_FALSE);
  CHECK(glIsTexture(kept_id) == GL_TRUE);
  CHECK(replaced.id() == kept_id);
}

TEST_CASE("Every kind of GL object owner deletes its object when destroyed", "[gl]") {
  const auto context = make_context();
  GLuint buffer_id = 0;
  GLuint vertex_array_id = 0;
  GLuint renderbuffer_id = 0;
  GLuint framebuffer_id = 0;
  GLuint program_id = 0;
  {
    Buffer buffer = Buffer::create("test buffer");
    buffer.set_data(nullptr, 64, GL_STATIC_DRAW);
    CHECK(buffer.size_bytes() == 64);
    VertexArray vertex_array = VertexArray::create("test vertex array");
    auto renderbuffer = Renderbuffer::create_rgba8(4, 4, 1, "test renderbuffer");
    REQUIRE(renderbuffer.ok());
    auto framebuffer = Framebuffer::create_with_colour(*renderbuffer, "test framebuffer");
    REQUIRE(framebuffer.ok());
    auto program = ShaderProgram::compile({"test.vert", kVertexSource},
                                          {"test.frag", kFragmentSource}, "test program");
    REQUIRE(program.ok());
    buffer_id = buffer.id();
    vertex_array_id = vertex_array.id();
    renderbuffer_id = renderbuffer->id();
    framebuffer_id = framebuffer->id();
    program_id = program->id();
    CHECK(glIsBuffer(buffer_id) == GL_TRUE);
    CHECK(glIsVertexArray(vertex_array_id) == GL_TRUE);
    CHECK(glIsRenderbuffer(renderbuffer_id) == GL_TRUE);
    CHECK(glIsFramebuffer(framebuffer_id) == GL_TRUE);
    CHECK(glIsProgram(program_id) == GL_TRUE);
  }
  CHECK(glIsBuffer(buffer_id) == GL_FALSE);
  CHECK(glIsVertexArray(vertex_array_id) == GL_FALSE);
  CHECK(glIsRenderbuffer(renderbuffer_id) == GL_FALSE);
  CHECK(glIsFramebuffer(framebuffer_id) == GL_FALSE);
  CHECK(glIsProgram(program_id) == GL_FALSE);
}

TEST_CASE("GL objects carry their label into the driver's debug names", "[gl]") {
  const auto context = make_context();
  if (!hitl::current_context_has_khr_debug()) {
    WARN("not checked: the context has no KHR_debug, so labels are not passed on");
    return;
  }
  const Texture2D texture = make_texture(2, 2);
  char label[64] = {};
  GLsizei length = 0;
  glGetObjectLabel(GL_TEXTURE, texture.id(), sizeof label, &length, label);
  CHECK(std::string(label, static_cast<std::size_t>(length)) == "test texture");
}

TEST_CASE("Creating a texture restores the texture binding it found", "[gl]") {
  const auto context = make_context();
  const Texture2D bound = make_texture(2, 2);
  bound.bind(3);
  const Texture2D created = make_texture(2, 2);
  GLint active = 0;
  GLint binding = 0;
  glGetIntegerv(GL_ACTIVE_TEXTURE, &active);
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &binding);
  CHECK(active == GL_TEXTURE3);
  CHECK(static_cast<GLuint>(binding) == bound.id());
}

TEST_CASE("A texture of no size or beyond the driver's maximum is refused", "[gl]") {
  const auto context = make_context();
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  const auto too_wide = Texture2D::create(max_size + 1, 1, TextureFormat::rgba8, "too wide");
  REQUIRE_FALSE(too_wide.ok());
  CHECK(too_wide.error().to_string() ==
        "cannot create texture \"too wide\" of " + std::to_string(max_size + 1) +
            "x1 texels; expected a positive size of at most " + std::to_string(max_size) +
            " texels a side (GL_MAX_TEXTURE_SIZE)");
  CHECK_FALSE(Texture2D::create(0, 4, TextureFormat::r8, "empty").ok());
}

TEST_CASE("An upload that leaves the texture is refused and names the rectangle", "[gl]") {
  const auto context = make_context();
  Texture2D texture = make_texture(4, 4);
  const std::vector<std::uint8_t> pixels(4 * 4 * 4, 0);
  const hitl::Status uploaded = texture.upload(3, 1, 2, 2, pixels.data());
  REQUIRE_FALSE(uploaded.ok());
  CHECK(uploaded.error().to_string() ==
        "cannot upload to texture \"test texture\": the rectangle 2x2 at (3, 1) leaves the "
        "texture; expected a non-empty rectangle inside its 4x4 texels");
}

TEST_CASE("An upload with a stride shorter than a row or not whole pixels is refused", "[gl]") {
  const auto context = make_context();
  Texture2D texture = make_texture(4, 4);
  const std::vector<std::uint8_t> pixels(4 * 4 * 4, 0);
  const hitl::Status short_stride = texture.upload(0, 0, 4, 4, pixels.data(), 12);
  REQUIRE_FALSE(short_stride.ok());
  CHECK(short_stride.error().to_string() ==
        "cannot upload to texture \"test texture\": a row stride of 12 bytes; expected a "
        "multiple of 4 bytes of at least 16");
  CHECK_FALSE(texture.upload(0, 0, 2, 2, pixels.data(), 10).ok());
  CHECK(texture.upload(0, 0, 2, 2, pixels.data(), 16).ok());
}

TEST_CASE("A shader compile error names the file, the stage and the driver's message", "[gl]") {
  const auto context = make_context();
  const std::string broken =
      "#version 330 core\n"
      "out vec4 colour;\n"
      "void main() {\n"
      "  colour = vec4(1.0) +* 2.0;\n"
      "}\n";
  const auto program =
      ShaderProgram::compile({"fine.vert", kVertexSource}, {"broken.frag", broken}, "broken");
  REQUIRE_FALSE(program.ok());
  const std::string message = program.error().to_string();
  CHECK_THAT(message, Catch::StartsWith("broken.frag: fragment shader did not compile; the "
                                        "driver says:\n"));
  CHECK_THAT(message, Catch::EndsWith(driver_log_for(GL_FRAGMENT_SHADER, broken)));
  CHECK(log_mentions_line(message, 4));
}

TEST_CASE("A vertex shader compile error names the vertex stage", "[gl]") {
  const auto context = make_context();
  const auto program = ShaderProgram::compile({"broken.vert", "#version 330 core\nnonsense;\n"},
                                              {"fine.frag", kFragmentSource}, "broken");
  REQUIRE_FALSE(program.ok());
  CHECK_THAT(program.error().to_string(),
             Catch::StartsWith("broken.vert: vertex shader did not compile; the driver says:\n"));
}

TEST_CASE("Defines go after the #version line and keep the driver's line numbers", "[gl]") {
  const auto context = make_context();
  const std::string source =
      "#version 330 core\n"
      "out vec4 colour;\n"
      "void main() {\n"
      "  colour = vec4(float(GREEN_LEVEL));\n"
      "  colour = undefined_name;\n"
      "}\n";
  const std::vector<std::string> defines = {"GREEN_LEVEL 1", "UNUSED"};
  const auto program = ShaderProgram::compile({"fine.vert", kVertexSource}, {"lines.frag", source},
                                              "lines", defines);
  REQUIRE_FALSE(program.ok());
  // GREEN_LEVEL was defined (line 4 compiled), and the error is reported on line 5 of the file.
  CHECK_FALSE(log_mentions_line(program.error().message, 4));
  CHECK(log_mentions_line(program.error().message, 5));
}

TEST_CASE("A link error names both files and quotes the driver", "[gl]") {
  const auto context = make_context();
  // Compiles (the function is declared) but cannot link (it is defined nowhere).
  const std::string fragment =
      "#version 330 core\n"
      "vec4 defined_nowhere();\n"
      "out vec4 colour;\n"
      "void main() { colour = defined_nowhere(); }\n";
  const auto program =
      ShaderProgram::compile({"a.vert", kVertexSource}, {"b.frag", fragment}, "unlinkable");
  REQUIRE_FALSE(program.ok());
  CHECK_THAT(program.error().to_string(),
             Catch::StartsWith("a.vert + b.frag: shader program \"unlinkable\" did not link; the "
                               "driver says:\n"));
  CHECK_THAT(program.error().to_string(), Catch::Contains("defined_nowhere"));
}

TEST_CASE("The shaders built into hitl load by file name", "[gl]") {
  const auto context = make_context();
  const auto program = ShaderProgram::load("blit.vert", "blit.frag");
  if (!program) FAIL(program.error().to_string());
  CHECK(program->label() == "blit.vert + blit.frag");
}

TEST_CASE("Loading a shader that is not built in is refused with its name", "[gl]") {
  const auto context = make_context();
  const auto program = ShaderProgram::load("blit.vert", "no_such.frag");
  REQUIRE_FALSE(program.ok());
  CHECK(program.error().to_string() ==
        "no_such.frag: no such shader is built into hitl; expected a file of that name in "
        "shaders/");
}

TEST_CASE("Uniform locations are found once; an unknown uniform is -1 and warned about once",
          "[gl]") {
  const auto context = make_context();
  auto program = ShaderProgram::load("blit.vert", "blit.frag");
  REQUIRE(program.ok());
  hitl::test::CapturedLog log;
  CHECK(program->uniform_location("u_texture") == glGetUniformLocation(program->id(), "u_texture"));
  CHECK(program->uniform_location("u_texture") >= 0);
  CHECK(program->uniform_location("u_missing") == -1);
  CHECK(program->uniform_location("u_missing") == -1);
  CHECK(log.count_containing("warn  shader program \"blit.vert + blit.frag\" has no active uniform "
                             "\"u_missing\"") == 1);
}

TEST_CASE("A fence is signalled once the GPU has passed it", "[gl]") {
  const auto context = make_context();
  const hitl::Fence fence = hitl::Fence::insert();
  glFinish();
  const auto passed = fence.signalled();
  REQUIRE(passed.ok());
  CHECK(*passed);
  CHECK_FALSE(hitl::Fence().signalled().ok());
}
