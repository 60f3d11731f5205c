// The headless EGL context: it is created with no display, is OpenGL 3.3 core or later, says what
// it runs on, lives beside other contexts, and routes driver debug messages to the log.
//
// A machine without a usable EGL fails these tests with EGL's reason: they never pass silently.
#include <catch2/catch.hpp>

#include <epoxy/gl.h>

#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/gfx/offscreen_target.hpp"
#include "hitl/gfx/readback.hpp"
#include "support/captured_log.hpp"

namespace {

std::unique_ptr<hitl::HeadlessGlContext> make_context(const hitl::GlContextOptions& options = {}) {
  auto context = hitl::HeadlessGlContext::create(options);
  if (!context) FAIL("no headless OpenGL context: " << context.error().to_string());
  return std::move(*context);
}

// Clears a 2x2 target to one grey level and reads it back: proof that the current context works.
std::vector<std::uint8_t> clear_and_read(std::uint8_t grey) {
  auto target = hitl::OffscreenTarget::create(2, 2);
  REQUIRE(target.ok());
  target->bind_for_drawing();
  glClearColor(grey / 255.0f, grey / 255.0f, grey / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  auto pixels = hitl::read_rgba(*target);
  REQUIRE(pixels.ok());
  return *pixels;
}

}  // namespace

TEST_CASE("A headless context is OpenGL 3.3 core or later and describes its renderer", "[gl]") {
  const auto context = make_context();
  CHECK(epoxy_is_desktop_gl());
  CHECK(epoxy_gl_version() >= 33);
  GLint profile_mask = 0;
  glGetIntegerv(GL_CONTEXT_PROFILE_MASK, &profile_mask);
  CHECK((profile_mask & GL_CONTEXT_CORE_PROFILE_BIT) != 0);

  const std::string renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const std::string version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  CHECK_THAT(context->description(), Catch::StartsWith(version + "; renderer " + renderer));
  CHECK_THAT(context->description(), Catch::EndsWith("via " + context->platform()));
  CHECK_THAT(context->platform(), Catch::StartsWith("EGL "));
  CHECK(context->drawable_size() == hitl::PixelSize{0, 0});
  WARN("headless context: " << context->description());
}

TEST_CASE("Headless contexts live side by side and each can be made current again", "[gl]") {
  const auto first = make_context();
  {
    const auto second = make_context();
    CHECK(clear_and_read(200)[0] == 200);
  }
  // The second context shared the first one's EGL display; ending it must not end the display.
  REQUIRE(first->make_current().ok());
  const std::vector<std::uint8_t> pixels = clear_and_read(100);
  CHECK(pixels == std::vector<std::uint8_t>{100, 100, 100, 255, 100, 100, 100, 255, 100, 100, 100,
                                            255, 100, 100, 100, 255});
}

TEST_CASE("Debug output sends the driver's messages about GL errors to the log", "[gl]") {
  hitl::GlContextOptions options;
  options.debug_output = true;
  const auto context = make_context(options);
  hitl::test::CapturedLog log;
  glEnable(0x7FFF);  // no such capability: GL_INVALID_ENUM
  CHECK(glGetError() == GL_INVALID_ENUM);
  REQUIRE(log.count_containing("GL api error") == 1);
  CHECK(log.count_containing(" error GL api error ") == 1);  // logged at the level "error"
}

TEST_CASE("Without debug output, GL errors are not logged", "[gl]") {
  hitl::GlContextOptions options;
  options.debug_output = false;
  const auto context = make_context(options);
  hitl::test::CapturedLog log;
  glEnable(0x7FFF);
  CHECK(glGetError() == GL_INVALID_ENUM);
  CHECK(log.lines().empty());
}
