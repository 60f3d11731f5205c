// The SDL2 window context, on a private Xvfb server: it opens at the asked size, draws, presents
// and reads back its default framebuffer. Without Xvfb or a working GL these tests FAIL with the
// reason; they never pass silently.
#include <catch2/catch.hpp>

#include <epoxy/gl.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "hitl/gfx/readback.hpp"
#include "hitl/gfx/window_gl_context.hpp"
#include "support/scoped_environment.hpp"
#include "support/xvfb.hpp"

using hitl::test::ScopedEnvironment;

namespace {

std::unique_ptr<hitl::WindowGlContext> open_window(int width, int height) {
  auto window = hitl::WindowGlContext::create("hitl test", width, height, false);
  if (!window) FAIL("no window OpenGL context: " << window.error().to_string());
  return std::move(*window);
}

bool every_pixel_is(const std::vector<std::uint8_t>& pixels, std::uint8_t r, std::uint8_t g,
                    std::uint8_t b) {
  for (std::size_t i = 0; i < pixels.size(); i += 4) {
    if (pixels[i] != r || pixels[i + 1] != g || pixels[i + 2] != b) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("A window context clears, reads back its colour and swaps", "[gl][window]") {
  const auto xvfb = hitl::test::start_xvfb();
  const auto window = open_window(640, 360);
  // Xvfb has no high-DPI scaling, so pixels and points agree.
  REQUIRE(window->drawable_size() == hitl::PixelSize{640, 360});
  CHECK(epoxy_gl_version() >= 33);
  WARN("window context: " << window->description());

  const auto draw_frame = [&](float r, float g, float b) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, 640, 360);
    glClearColor(r, g, b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    // The back buffer is read before swapping: after a swap its contents are undefined.
    auto pixels = hitl::read_rgba_from_framebuffer(0, 640, 360);
    if (!pixels) FAIL(pixels.error().to_string());
    window->swap_buffers();
    return std::move(*pixels);
  };
  CHECK(every_pixel_is(draw_frame(1.0f, 0.0f, 0.0f), 255, 0, 0));
  // A second frame after the swap: presenting must leave the context drawing normally.
  CHECK(every_pixel_is(draw_frame(0.0f, 0.2f, 1.0f), 0, 51, 255));
  CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("A window context can be made current again after another was current", "[gl][window]") {
  const auto xvfb = hitl::test::start_xvfb();
  const auto first = open_window(64, 48);
  const auto second = open_window(32, 16);
  REQUIRE(first->make_current().ok());
  CHECK(first->drawable_size() == hitl::PixelSize{64, 48});
  glClearColor(0.0f, 1.0f, 0.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  auto pixels = hitl::read_rgba_from_framebuffer(0, 64, 48);
  REQUIRE(pixels.ok());
  CHECK(every_pixel_is(*pixels, 0, 255, 0));
}

TEST_CASE("A window context without a display is refused with SDL's reason", "[gl][window]") {
  const ScopedEnvironment no_display("DISPLAY", nullptr);
  const ScopedEnvironment x11_only("SDL_VIDEODRIVER", "x11");
  const auto window = hitl::WindowGlContext::create("hitl test", 64, 48, false);
  REQUIRE_FALSE(window.ok());
  CHECK_THAT(window.error().to_string(),
             Catch::StartsWith("cannot open a window: SDL could not start its video subsystem: "));
  CHECK_THAT(window.error().to_string(),
             Catch::EndsWith("; expected a display to show it on (is DISPLAY or WAYLAND_DISPLAY "
                             "set?)"));
}

TEST_CASE("Without a display, SDL's off-screen fallback is refused as no window", "[gl][window]") {
  const ScopedEnvironment no_display("DISPLAY", nullptr);
  const ScopedEnvironment no_wayland("WAYLAND_DISPLAY", nullptr);
  const ScopedEnvironment any_driver("SDL_VIDEODRIVER", nullptr);
  const auto window = hitl::WindowGlContext::create("hitl test", 64, 48, false);
  REQUIRE_FALSE(window.ok());
  CHECK_THAT(window.error().to_string(),
             Catch::StartsWith("cannot open a window: ") &&
                 Catch::EndsWith("; expected a display to show it on (is DISPLAY or "
                                 "WAYLAND_DISPLAY set?)"));
}

TEST_CASE("A window of no size is refused", "[gl][window]") {
  const auto window = hitl::WindowGlContext::create("hitl test", 0, 48, false);
  REQUIRE_FALSE(window.ok());
  CHECK(window.error().to_string() ==
        "cannot open a window of 0x48 points; expected a positive size");
}
