// Offscreen targets and readback: exact bytes after a clear, textures blitted through
// shaders/blit.*, the orientation of what comes back (row 0 is the TOP), the PBO reader,
// multisample resolve, and PNG stills.
#include <catch2/catch.hpp>

#include <epoxy/gl.h>

#include <array>

#include "hitl/base/png.hpp"
#include "hitl/base/text.hpp"
#include "hitl/gfx/gl_objects.hpp"
#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/gfx/offscreen_target.hpp"
#include "hitl/gfx/readback.hpp"
#include "support/captured_log.hpp"
#include "support/temp_dir.hpp"

using hitl::OffscreenTarget;
using hitl::PboReader;
using hitl::Texture2D;
using hitl::TextureFormat;

namespace {

using Rgba = std::array<std::uint8_t, 4>;
constexpr Rgba kRed = {255, 0, 0, 255};
constexpr Rgba kGreen = {0, 255, 0, 255};
constexpr Rgba kBlue = {0, 0, 255, 255};
constexpr Rgba kHalfWhite = {255, 255, 255, 128};
constexpr Rgba kBlack = {0, 0, 0, 255};

std::unique_ptr<hitl::HeadlessGlContext> make_context() {
  auto context = hitl::HeadlessGlContext::create();
  if (!context) FAIL("no headless OpenGL context: " << context.error().to_string());
  return std::move(*context);
}

OffscreenTarget make_target(int width_px, int height_px, int samples = 1) {
  auto target = OffscreenTarget::create(width_px, height_px, samples, "test target");
  if (!target) FAIL(target.error().to_string());
  return std::move(*target);
}

std::vector<std::uint8_t> read(const OffscreenTarget& target) {
  auto pixels = hitl::read_rgba(target);
  if (!pixels) FAIL(pixels.error().to_string());
  return std::move(*pixels);
}

// The pixel at column x, row y of a readback (row 0 is the top).
Rgba pixel_at(const std::vector<std::uint8_t>& pixels, int width_px, int x, int y) {
  const std::size_t at = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px) +
                          static_cast<std::size_t>(x)) *
                         4;
  return {pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]};
}

void clear_to(const OffscreenTarget& target, Rgba colour) {
  target.bind_for_drawing();
  glClearColor(colour[0] / 255.0f, colour[1] / 255.0f, colour[2] / 255.0f, colour[3] / 255.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

// Draws `texture` over the whole target with shaders/blit.*.
void blit(const Texture2D& texture, const OffscreenTarget& target) {
  auto program = hitl::ShaderProgram::load("blit.vert", "blit.frag");
  if (!program) FAIL(program.error().to_string());
  const hitl::VertexArray vertices = hitl::VertexArray::create("blit quad");
  target.bind_for_drawing();
  program->use();
  texture.bind(0);
  glUniform1i(program->uniform_location("u_texture"), 0);
  vertices.bind();
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace

TEST_CASE("Clearing an offscreen target reads back exactly the clear colour", "[gl]") {
  const auto context = make_context();
  // An odd width: rows of 7 * 4 bytes are not a multiple of 8, so packing mistakes would show.
  const OffscreenTarget target = make_target(7, 5);
  clear_to(target, {51, 102, 153, 204});
  const std::vector<std::uint8_t> pixels = read(target);
  REQUIRE(pixels.size() == 7 * 5 * 4);
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 7; ++x) CHECK(pixel_at(pixels, 7, x, y) == Rgba{51, 102, 153, 204});
  }
}

TEST_CASE("A scissored clear of the top-left quadrant comes back in the top-left rows", "[gl]") {
  const auto context = make_context();
  const OffscreenTarget target = make_target(8, 6);
  clear_to(target, kBlack);
  // GL's scissor box counts from the bottom left: the top half starts at y = 3.
  glEnable(GL_SCISSOR_TEST);
  glScissor(0, 3, 4, 3);
  clear_to(target, kRed);
  glDisable(GL_SCISSOR_TEST);
  const std::vector<std::uint8_t> pixels = read(target);
  for (int y = 0; y < 6; ++y) {
    for (int x = 0; x < 8; ++x) {
      INFO("x " << x << ", y " << y);
      CHECK(pixel_at(pixels, 8, x, y) == (x < 4 && y < 3 ? kRed : kBlack));
    }
  }
}

TEST_CASE("A 2x2 texture blitted to a 4x4 target puts each texel on its quadrant, top first",
          "[gl]") {
  const auto context = make_context();
  auto texture =
      Texture2D::create(2, 2, TextureFormat::rgba8, "quadrants", hitl::TextureFilter::nearest);
  REQUIRE(texture.ok());
  // Rows top first: red, green / blue, half-transparent white.
  const std::vector<std::uint8_t> texels = {255, 0, 0,   255, 0,   255, 0,   255,
                                            0,   0, 255, 255, 255, 255, 255, 128};
  REQUIRE(texture->upload(0, 0, 2, 2, texels.data()).ok());
  const OffscreenTarget target = make_target(4, 4);
  clear_to(target, kBlack);
  blit(*texture, target);
  const std::vector<std::uint8_t> pixels = read(target);
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 4; ++x) {
      INFO("x " << x << ", y " << y);
      const Rgba expected = y < 2 ? (x < 2 ? kRed : kGreen) : (x < 2 ? kBlue : kHalfWhite);
      CHECK(pixel_at(pixels, 4, x, y) == expected);
    }
  }
}

TEST_CASE("A sub-rectangle upload with a row stride lands at its place from the top left", "[gl]") {
  const auto context = make_context();
  auto texture =
      Texture2D::create(4, 4, TextureFormat::rgba8, "canvas", hitl::TextureFilter::nearest);
  REQUIRE(texture.ok());
  const std::vector<std::uint8_t> black(4 * 4 * 4, 0);
  REQUIRE(texture->upload(0, 0, 4, 4, black.data()).ok());
  // A 2x2 patch taken from a 3-pixel-wide image (stride 12 bytes), the third column ignored.
  const std::vector<std::uint8_t> patch = {255, 0, 0,   255, 255, 0, 0,   255, 9, 9, 9, 9,
                                           0,   0, 255, 255, 0,   0, 255, 255, 9, 9, 9, 9};
  REQUIRE(texture->upload(1, 2, 2, 2, patch.data(), 12).ok());
  const OffscreenTarget target = make_target(4, 4);
  blit(*texture, target);
  const std::vector<std::uint8_t> pixels = read(target);
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 4; ++x) {
      INFO("x " << x << ", y " << y);
      Rgba expected = {0, 0, 0, 0};
      if (x >= 1 && x <= 2 && y == 2) expected = kRed;
      if (x >= 1 && x <= 2 && y == 3) expected = kBlue;
      CHECK(pixel_at(pixels, 4, x, y) == expected);
    }
  }
}

TEST_CASE("An R8 texture samples as red with the byte's value", "[gl]") {
  const auto context = make_context();
  auto texture =
      Texture2D::create(2, 1, TextureFormat::r8, "coverage", hitl::TextureFilter::nearest);
  REQUIRE(texture.ok());
  // Rows of 2 bytes would be misread under GL's default 4-byte row alignment if it were not set.
  const std::vector<std::uint8_t> coverage = {64, 200};
  REQUIRE(texture->upload(0, 0, 2, 1, coverage.data()).ok());
  const OffscreenTarget target = make_target(2, 1);
  blit(*texture, target);
  const std::vector<std::uint8_t> pixels = read(target);
  CHECK(pixel_at(pixels, 2, 0, 0) == Rgba{64, 0, 0, 255});
  CHECK(pixel_at(pixels, 2, 1, 0) == Rgba{200, 0, 0, 255});
}

TEST_CASE("The PBO reader gives the same bytes as read_rgba", "[gl]") {
  const auto context = make_context();
  const OffscreenTarget target = make_target(33, 17);
  clear_to(target, kBlue);
  glEnable(GL_SCISSOR_TEST);
  glScissor(3, 2, 10, 11);
  clear_to(target, kHalfWhite);
  glDisable(GL_SCISSOR_TEST);
  auto reader = PboReader::create(33, 17, 2);
  REQUIRE(reader.ok());
  REQUIRE(reader->begin_read(target).ok());
  CHECK(reader->reads_in_flight() == 1);
  const auto pixels = reader->finish();
  REQUIRE(pixels.ok());
  CHECK(*pixels == read(target));
  CHECK(reader->reads_in_flight() == 0);
}

TEST_CASE("The PBO reader returns reads in the order they were begun", "[gl]") {
  const auto context = make_context();
  const OffscreenTarget target = make_target(4, 3);
  auto reader = PboReader::create(4, 3, 3);
  REQUIRE(reader.ok());
  for (const Rgba& colour : {kRed, kGreen, kBlue}) {
    clear_to(target, colour);
    REQUIRE(reader->begin_read(target).ok());
  }
  std::vector<std::uint8_t> recycled;
  for (const Rgba& colour : {kRed, kGreen, kBlue}) {
    auto pixels = reader->finish(std::move(recycled));
    REQUIRE(pixels.ok());
    CHECK(pixel_at(*pixels, 4, 0, 0) == colour);
    CHECK(pixel_at(*pixels, 4, 3, 2) == colour);
    recycled = std::move(*pixels);
  }
}

TEST_CASE("The PBO reader gives exactly the pixels whatever vector it is handed to reuse", "[gl]") {
  const auto context = make_context();
  const OffscreenTarget target = make_target(6, 5);
  clear_to(target, kRed);
  glEnable(GL_SCISSOR_TEST);
  glScissor(0, 0, 6, 2);  // the bottom two rows, which come back last
  clear_to(target, kGreen);
  glDisable(GL_SCISSOR_TEST);
  const std::vector<std::uint8_t> expected = read(target);
  auto reader = PboReader::create(6, 5, 1);
  REQUIRE(reader.ok());
  // Too large and too small, with stale bytes in them: nothing of them may be left.
  for (const std::size_t stale_bytes : {std::size_t{1000}, std::size_t{7}, std::size_t{0}}) {
    REQUIRE(reader->begin_read(target).ok());
    auto pixels = reader->finish(std::vector<std::uint8_t>(stale_bytes, 0x5a));
    REQUIRE(pixels.ok());
    CHECK(*pixels == expected);
    CHECK(pixel_at(*pixels, 6, 0, 0) == kRed);
    CHECK(pixel_at(*pixels, 6, 5, 4) == kGreen);
  }
}

TEST_CASE("The PBO reader lends its pixels in place, top row first, and errors pass through",
          "[gl]") {
  const auto context = make_context();
  const OffscreenTarget target = make_target(7, 5);
  clear_to(target, kRed);
  glEnable(GL_SCISSOR_TEST);
  glScissor(0, 0, 7, 2);  // the bottom two rows
  clear_to(target, kGreen);
  glDisable(GL_SCISSOR_TEST);
  const std::vector<std::uint8_t> expected = read(target);
  auto reader = PboReader::create(7, 5, 2);
  REQUIRE(reader.ok());
  REQUIRE(reader->begin_read(target).ok());
  std::vector<std::uint8_t> gathered;
  REQUIRE(reader
              ->finish_in_place([&](const std::uint8_t* top_row, std::ptrdiff_t stride_bytes) {
                CHECK(stride_bytes == -7 * 4);
                for (int y = 0; y < 5; ++y) {
                  const std::uint8_t* row = top_row + y * stride_bytes;
                  gathered.insert(gathered.end(), row, row + 7 * 4);
                }
                return hitl::Status(hitl::Done{});
              })
              .ok());
  CHECK(gathered == expected);
  CHECK(reader->reads_in_flight() == 0);
  // What the reader's user refuses comes back as it was, and the read is over all the same.
  REQUIRE(reader->begin_read(target).ok());
  const hitl::Status refused = reader->finish_in_place([](const std::uint8_t*, std::ptrdiff_t) {
    return hitl::Status(hitl::error_at("out.mp4", 0, 0, "", "the disk is full"));
  });
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().to_string(), Catch::Contains("the disk is full"));
  CHECK(reader->reads_in_flight() == 0);
  CHECK_FALSE(reader
                  ->finish_in_place([](const std::uint8_t*, std::ptrdiff_t) {
                    return hitl::Status(hitl::Done{});
                  })
                  .ok());  // nothing in flight
}

TEST_CASE("The PBO reader's try_finish gives the pixels once the GPU is done", "[gl]") {
  const auto context = make_context();
  const OffscreenTarget target = make_target(5, 5);
  clear_to(target, kGreen);
  auto reader = PboReader::create(5, 5, 2);
  REQUIRE(reader.ok());
  REQUIRE(reader->begin_read(target).ok());
  glFinish();
  const auto pixels = reader->try_finish();
  REQUIRE(pixels.ok());
  REQUIRE(pixels->has_value());
  CHECK(pixel_at(**pixels, 5, 4, 4) == kGreen);
}

TEST_CASE("The PBO reader refuses a read when every buffer is in flight", "[gl]") {
  const auto context = make_context();
  const OffscreenTarget target = make_target(4, 4);
  auto reader = PboReader::create(4, 4, 2, "export");
  REQUIRE(reader.ok());
  REQUIRE(reader->begin_read(target).ok());
  REQUIRE(reader->begin_read(target).ok());
  const hitl::Status third = reader->begin_read(target);
  REQUIRE_FALSE(third.ok());
  CHECK(third.error().to_string() ==
        "readback \"export\" has 2 reads in flight, all its buffers; expected try_finish() or "
        "finish() before the next begin_read()");
}

TEST_CASE("The PBO reader refuses a target of another size and finishing with none in flight",
          "[gl]") {
  const auto context = make_context();
  const OffscreenTarget target = make_target(4, 4);
  auto reader = PboReader::create(8, 4, 2, "export");
  REQUIRE(reader.ok());
  const hitl::Status mismatched = reader->begin_read(target);
  REQUIRE_FALSE(mismatched.ok());
  CHECK(mismatched.error().to_string() ==
        "cannot read target \"test target\" of 4x4 pixels into readback \"export\"; expected "
        "8x4");
  const auto nothing = reader->finish();
  REQUIRE_FALSE(nothing.ok());
  CHECK(nothing.error().to_string() ==
        "readback \"export\" has no read in flight; expected begin_read() first");
  CHECK_FALSE(reader->try_finish().ok());
}

TEST_CASE("A multisampled target resolves edges into partial coverage", "[gl]") {
  const auto context = make_context();
  // A white triangle over the lower-left half of a black target.
  const char* const vertex = R"(#version 330 core
void main() {
  vec2 corners[3] = vec2[3](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(-1.0, 1.0));
  gl_Position = vec4(corners[gl_VertexID], 0.0, 1.0);
})";
  const char* const fragment = R"(#version 330 core
out vec4 colour;
void main() { colour = vec4(1.0); })";
  auto program =
      hitl::ShaderProgram::compile({"half.vert", vertex}, {"white.frag", fragment}, "half");
  REQUIRE(program.ok());
  const hitl::VertexArray vertices = hitl::VertexArray::create("triangle");

  auto draw_and_count_partial_pixels = [&](int samples) {
    const OffscreenTarget target = make_target(16, 16, samples);
    clear_to(target, kBlack);
    program->use();
    vertices.bind();
    glDrawArrays(GL_TRIANGLES, 0, 3);
    const std::vector<std::uint8_t> pixels = read(target);
    // Far from the diagonal, coverage is all or nothing.
    CHECK(pixel_at(pixels, 16, 0, 15) == Rgba{255, 255, 255, 255});
    CHECK(pixel_at(pixels, 16, 15, 0) == kBlack);
    int partial = 0;
    for (std::size_t i = 0; i < pixels.size(); i += 4) {
      partial += pixels[i] > 0 && pixels[i] < 255 ? 1 : 0;
    }
    return partial;
  };
  CHECK(draw_and_count_partial_pixels(1) == 0);
  int max_samples = 0;
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  REQUIRE(max_samples >= 4);                     // OpenGL 3.3 promises at least 4
  CHECK(draw_and_count_partial_pixels(4) >= 8);  // the diagonal crosses 16 pixels
}

TEST_CASE("A target asked for more samples than the driver offers gets the most it offers",
          "[gl]") {
  const auto context = make_context();
  int max_samples = 0;
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  hitl::test::CapturedLog log;
  const OffscreenTarget target = make_target(4, 4, max_samples + 1);
  CHECK(target.samples() >= max_samples);
  CHECK(log.count_containing(
            "warn  offscreen target \"test target\": " + std::to_string(max_samples + 1) +
            " samples per pixel asked for") == 1);
  clear_to(target, kGreen);
  CHECK(pixel_at(read(target), 4, 2, 2) == kGreen);
}

TEST_CASE("A target of no size or no samples is refused", "[gl]") {
  const auto context = make_context();
  CHECK_FALSE(OffscreenTarget::create(0, 4).ok());
  const auto no_samples = OffscreenTarget::create(4, 4, 0, "still");
  REQUIRE_FALSE(no_samples.ok());
  CHECK(no_samples.error().to_string() ==
        "cannot create offscreen target \"still\" with 0 samples per pixel; expected 1 or more");
}

TEST_CASE("A still written as PNG decodes to the same pixels", "[gl]") {
  const hitl::test::TempDir folder;
  const std::vector<std::uint8_t> rgba = {255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 9, 9, 9, 9};
  const std::string path = folder / "still.png";
  REQUIRE(hitl::write_png(path, rgba, 2, 2).ok());
  const auto bytes = hitl::read_file(path);
  REQUIRE(bytes.ok());
  const auto image = hitl::decode_png_rgba(*bytes, 16);
  REQUIRE(image.ok());
  CHECK(image->width_px == 2);
  CHECK(image->height_px == 2);
  CHECK(image->rgba == rgba);
}

TEST_CASE("A PNG still with the wrong number of bytes is refused", "[gl]") {
  const std::vector<std::uint8_t> rgba(15, 0);
  const hitl::Status written = hitl::write_png("/tmp/never.png", rgba, 2, 2);
  REQUIRE_FALSE(written.ok());
  CHECK(written.error().to_string() ==
        "/tmp/never.png: cannot write a PNG of 2x2 pixels from 15 bytes; expected a positive "
        "size and 4 bytes per pixel");
}
