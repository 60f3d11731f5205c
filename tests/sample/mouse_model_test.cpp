// The sample mouse's renderer: every part is drawn and where a camera would see it, the picture
// reads as a dark mouse on a light table, the turn closes into a loop, and the same frame gives
// the same bytes. Rendered small (288x192) so the checks run fast on a software rasteriser.
//
// Hidden tests: [.bench] times full-size frames; [.preview] writes PNGs of a few frames and their
// part ids to $HITL_MOUSE_PREVIEW_DIR (or hitl-mouse-preview in the temporary folder) to look at.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include "hitl/base/png.hpp"
#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/sample/mouse_model.hpp"

namespace {

constexpr int kWidth = 288, kHeight = 192, kFrames = 296;

std::unique_ptr<hitl::HeadlessGlContext> make_context() {
  auto context = hitl::HeadlessGlContext::create();
  if (!context) FAIL("no headless OpenGL context: " << context.error().to_string());
  return std::move(*context);
}

std::unique_ptr<hitl::MouseRenderer> make_renderer(int width_px = kWidth, int height_px = kHeight) {
  auto renderer = hitl::MouseRenderer::create({width_px, height_px, kFrames});
  if (!renderer) FAIL(renderer.error().to_string());
  return std::move(*renderer);
}

hitl::MouseFrame render(hitl::MouseRenderer& renderer, int index) {
  auto frame = renderer.render(index);
  if (!frame) FAIL(frame.error().to_string());
  return std::move(*frame);
}

// Per part id 0..5: its pixel count and the mean of its pixels' positions and colours.
struct PartStats {
  long pixels = 0;
  double centre_x = 0, centre_y = 0;
  double mean_luma = 0;
  int min_x = 1 << 30, max_x = -1, min_y = 1 << 30, max_y = -1;
};

std::array<PartStats, 6> part_stats(const hitl::MouseFrame& frame) {
  std::array<PartStats, 6> stats{};
  long unknown_ids = 0;
  for (int y = 0; y < frame.height_px; ++y) {
    for (int x = 0; x < frame.width_px; ++x) {
      const std::size_t at =
          static_cast<std::size_t>(y) * static_cast<std::size_t>(frame.width_px) +
          static_cast<std::size_t>(x);
      int part = frame.parts[at];
      if (part > 5) {
        ++unknown_ids;
        part = 0;
      }
      PartStats& s = stats[static_cast<std::size_t>(part)];
      ++s.pixels;
      s.centre_x += x;
      s.centre_y += y;
      s.mean_luma += 0.2126 * frame.rgb[at * 3] + 0.7152 * frame.rgb[at * 3 + 1] +
                     0.0722 * frame.rgb[at * 3 + 2];
      s.min_x = std::min(s.min_x, x);
      s.max_x = std::max(s.max_x, x);
      s.min_y = std::min(s.min_y, y);
      s.max_y = std::max(s.max_y, y);
    }
  }
  CHECK(unknown_ids == 0);
  for (PartStats& s : stats) {
    if (s.pixels == 0) continue;
    s.centre_x /= static_cast<double>(s.pixels);
    s.centre_y /= static_cast<double>(s.pixels);
    s.mean_luma /= static_cast<double>(s.pixels);
  }
  return stats;
}

}  // namespace

TEST_CASE("A frame is the requested size with a colour and a part id per pixel", "[gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer();
  const hitl::MouseFrame frame = render(*renderer, 0);
  CHECK(frame.width_px == kWidth);
  CHECK(frame.height_px == kHeight);
  CHECK(frame.rgb.size() == static_cast<std::size_t>(kWidth * kHeight * 3));
  CHECK(frame.parts.size() == static_cast<std::size_t>(kWidth * kHeight));
}

TEST_CASE("Every part shows at each quarter turn, the body largest and the wheel smallest",
          "[gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer();
  for (int index : {0, 74, 148, 222}) {
    CAPTURE(index);
    const auto stats = part_stats(render(*renderer, index));
    const long frame_pixels = static_cast<long>(kWidth) * kHeight;
    for (int part = 1; part <= 5; ++part) {
      CAPTURE(part);
      CHECK(stats[static_cast<std::size_t>(part)].pixels > 0);
    }
    // The body is about a tenth of the frame: 60% of its height long, 30% wide, partly hidden.
    CHECK(stats[1].pixels > frame_pixels / 25);
    CHECK(stats[1].pixels < frame_pixels / 4);
    for (int part = 2; part <= 5; ++part) {
      CAPTURE(part);
      CHECK(stats[1].pixels > stats[static_cast<std::size_t>(part)].pixels);
      if (part != 4) CHECK(stats[4].pixels < stats[static_cast<std::size_t>(part)].pixels);
    }
    // The buttons mirror each other; seen from the side the nearer one, which also shows its
    // flank, may look up to about twice the farther.
    const double button_ratio =
        static_cast<double>(stats[2].pixels) / static_cast<double>(stats[3].pixels);
    CHECK(button_ratio > 0.4);
    CHECK(button_ratio < 2.5);
  }
}

TEST_CASE("The mouse stays inside the frame all the way round; only its cable leaves it",
          "[gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer();
  for (int index = 0; index < kFrames; index += 8) {
    CAPTURE(index);
    const auto stats = part_stats(render(*renderer, index));
    for (int part = 1; part <= 4; ++part) {
      CAPTURE(part);
      const PartStats& s = stats[static_cast<std::size_t>(part)];
      CHECK(s.min_x > 0);
      CHECK(s.min_y > 0);
      CHECK(s.max_x < kWidth - 1);
      CHECK(s.max_y < kHeight - 1);
    }
    const PartStats& cable = stats[5];
    const bool cable_reaches_an_edge = cable.min_x == 0 || cable.min_y == 0 ||
                                       cable.max_x == kWidth - 1 || cable.max_y == kHeight - 1;
    CHECK(cable_reaches_an_edge);
  }
}

TEST_CASE("The table is light and the mouse's body dark", "[gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer();
  for (int index : {0, 111}) {
    CAPTURE(index);
    const auto stats = part_stats(render(*renderer, index));
    CHECK(stats[0].mean_luma > 175);
    CHECK(stats[1].mean_luma < 100);
    CHECK(stats[5].mean_luma < 100);
  }
}

TEST_CASE("The turn closes: frame frame_count is frame 0", "[gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer();
  const hitl::MouseFrame first = render(*renderer, 0);
  const hitl::MouseFrame after_a_turn = render(*renderer, kFrames);
  CHECK(first.rgb == after_a_turn.rgb);
  CHECK(first.parts == after_a_turn.parts);
}

namespace {

// The mouse without its cable: body, buttons and wheel together, whose outline is what turns.
PartStats shell_stats(const std::array<PartStats, 6>& stats) {
  PartStats shell;
  for (int part = 1; part <= 4; ++part) {
    const PartStats& s = stats[static_cast<std::size_t>(part)];
    shell.pixels += s.pixels;
    shell.centre_x += s.centre_x * static_cast<double>(s.pixels);
    shell.centre_y += s.centre_y * static_cast<double>(s.pixels);
  }
  shell.centre_x /= static_cast<double>(shell.pixels);
  shell.centre_y /= static_cast<double>(shell.pixels);
  return shell;
}

}  // namespace

TEST_CASE("The mouse turns in place: its area and centre change little over the turn",
          "[gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer();
  const PartStats start = shell_stats(part_stats(render(*renderer, 0)));
  for (int index = 0; index < kFrames; index += 37) {
    CAPTURE(index);
    const PartStats turned = shell_stats(part_stats(render(*renderer, index)));
    // Seen from above its outline keeps its size; the perspective and the sides that come into
    // view change it a little.
    const double area_ratio =
        static_cast<double>(turned.pixels) / static_cast<double>(start.pixels);
    CHECK(area_ratio > 0.85);
    CHECK(area_ratio < 1.15);
    // It turns about its footprint's centre; the outline's centre moves with which end is
    // nearer the camera (the taller back, the lower front) by well under a tenth of the height.
    CHECK(std::abs(turned.centre_x - start.centre_x) < kHeight * 0.1);
    CHECK(std::abs(turned.centre_y - start.centre_y) < kHeight * 0.1);
  }
}

TEST_CASE("The body's share of the mouse changes with which end faces the camera, within bounds",
          "[gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer();
  const auto start = part_stats(render(*renderer, 0));
  for (int index = 0; index < kFrames; index += 37) {
    CAPTURE(index);
    const auto stats = part_stats(render(*renderer, index));
    // Facing away, the back (all body) fills more of the view than when the buttons face the
    // camera; the body never shrinks to less than two thirds of what it was.
    const double area_ratio =
        static_cast<double>(stats[1].pixels) / static_cast<double>(start[1].pixels);
    CHECK(area_ratio > 0.66);
    CHECK(area_ratio < 1.15);
  }
}

TEST_CASE("The same frame renders to the same bytes, from the same or a new renderer",
          "[gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer();
  const hitl::MouseFrame first = render(*renderer, 37);
  render(*renderer, 200);
  const hitl::MouseFrame again = render(*renderer, 37);
  CHECK(first.rgb == again.rgb);
  CHECK(first.parts == again.parts);
  auto other = make_renderer();
  const hitl::MouseFrame from_other = render(*other, 37);
  CHECK(first.rgb == from_other.rgb);
  CHECK(first.parts == from_other.parts);
}

TEST_CASE("A renderer is refused for an empty size or no frames", "[gl][sample]") {
  auto context = make_context();
  CHECK_FALSE(hitl::MouseRenderer::create({0, 192, 296}));
  CHECK_FALSE(hitl::MouseRenderer::create({288, 192, 0}));
}

TEST_CASE("Full-size mouse frames render in time", "[.bench][gl][sample]") {
  auto context = make_context();
  auto renderer = make_renderer(2880, 1920);
  render(*renderer, 0);
  constexpr int kTimed = 8;
  // Wall time depends on what else the machine runs; the process's CPU time (every driver
  // thread's) much less, so both are printed.
  const auto started = std::chrono::steady_clock::now();
  const std::clock_t cpu_started = std::clock();
  for (int i = 1; i <= kTimed; ++i) render(*renderer, i * 37);
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC;
  std::printf(
      "sample mouse at 2880x1920, render and both readbacks: %.1f ms per frame, %.1f ms of CPU "
      "time\n",
      wall_ms / kTimed, cpu_ms / kTimed);
}

namespace {

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

// The part ids in false colour: black table, then the categories' usual hues.
std::vector<std::uint8_t> false_colour(const hitl::MouseFrame& frame) {
  static constexpr std::array<std::array<std::uint8_t, 3>, 6> kColours = {
      {{0, 0, 0}, {230, 25, 75}, {60, 180, 75}, {0, 130, 200}, {255, 225, 25}, {245, 130, 48}}};
  std::vector<std::uint8_t> rgb(frame.parts.size() * 3);
  for (std::size_t i = 0; i < frame.parts.size(); ++i) {
    const auto& colour = kColours[std::min<std::size_t>(frame.parts[i], 5)];
    std::copy(colour.begin(), colour.end(), rgb.begin() + static_cast<std::ptrdiff_t>(i * 3));
  }
  return rgb;
}

}  // namespace

TEST_CASE("Preview frames of the mouse", "[.preview][gl][sample]") {
  const char* dir_variable = std::getenv("HITL_MOUSE_PREVIEW_DIR");
  const std::string dir =
      dir_variable != nullptr
          ? std::string(dir_variable)
          : (std::filesystem::temp_directory_path() / "hitl-mouse-preview").string();
  std::filesystem::create_directories(dir);
  std::printf("mouse previews in %s\n", dir.c_str());
  auto context = make_context();
  const auto write = [&](const hitl::MouseFrame& frame, const std::string& name) {
    auto png = hitl::encode_png_rgb(frame.rgb.data(), frame.width_px, frame.height_px,
                                    static_cast<std::size_t>(frame.width_px) * 3);
    REQUIRE(png);
    write_file(dir + "/" + name + ".png", *png);
    auto parts = false_colour(frame);
    auto parts_png = hitl::encode_png_rgb(parts.data(), frame.width_px, frame.height_px,
                                          static_cast<std::size_t>(frame.width_px) * 3);
    REQUIRE(parts_png);
    write_file(dir + "/" + name + "-parts.png", *parts_png);
  };
  {
    auto renderer = make_renderer(1440, 960);
    for (int index : {0, 37, 74, 111, 148, 222}) {
      write(render(*renderer, index), "mouse-1440-" + std::to_string(index));
    }
  }
  auto full = make_renderer(2880, 1920);
  write(render(*full, 30), "mouse-2880-30");
}
