// hitl_bench_render: times the renderer headless, per output frame, at 1080p and 4K, on frames and
// masks of the thesis's size (2880x1920), stepping the timeline as an export at 30 fps would:
// the picture blending, masks and cards of two workers per frame, the HUD.
//
// For each size it reports the median, 95th percentile and worst time of drawing a frame (with
// glFinish, so the GPU's work is counted), and of drawing it and reading it back.
#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "hitl/base/text.hpp"
#include "hitl/frames/frame_source.hpp"
#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/gfx/offscreen_target.hpp"
#include "hitl/gfx/readback.hpp"
#include "hitl/render/renderer.hpp"
#include "hitl/scene/timeline.hpp"
#include "support/render_fixture.hpp"

namespace {

constexpr const char* kUsage = R"(hitl_bench_render - times drawing frames headless

Usage: hitl_bench_render [--frames N] [--sizes 1920x1080,3840x2160]

  --frames N   output frames per size (default 120: 4 s of a 30 fps export)
)";

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Percentiles {
  double median = 0, p95 = 0, worst = 0;
};

Percentiles percentiles(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto at = [&](double q) {
    return values[std::min(values.size() - 1, static_cast<std::size_t>(q * values.size()))];
  };
  return {at(0.5), at(0.95), values.back()};
}

}  // namespace

int main(int argc, char** argv) {
  int frames = 120;
  std::vector<hitl::PixelSize> sizes = {{1920, 1080}, {3840, 2160}};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--frames" && i + 1 < argc) {
      const auto n = hitl::parse_int(argv[++i]);
      if (!n || *n < 1) {
        std::fprintf(stderr, "hitl_bench_render: --frames: expected a count\n");
        return 2;
      }
      frames = static_cast<int>(*n);
    } else {
      std::fprintf(stderr, "hitl_bench_render: unknown argument '%s'\n%s", arg.c_str(), kUsage);
      return 2;
    }
  }

  std::fprintf(stderr, "making 6 frames of 2880x1920 with masks ...\n");
  const auto fixture = hitl::test::make_render_fixture({6, 2880, 1920, true});
  auto context = hitl::HeadlessGlContext::create({.debug_output = false});
  if (!context) {
    std::fprintf(stderr, "%s\n", context.error().to_string().c_str());
    return 1;
  }
  hitl::Scene scene = hitl::Scene::defaults();
  scene.timing.seconds_per_frame = 2;  // two frame changes in 4 s: blends, fades, new masks
  auto timeline = hitl::Timeline::create(fixture.dataset, scene);
  if (!timeline) {
    std::fprintf(stderr, "%s\n", timeline.error().to_string().c_str());
    return 1;
  }

  std::printf("GL: %s\n\n", (*context)->description().c_str());
  std::printf(
      "| output | frames | draw: median | p95 | worst | draw + read back: median | p95 |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const hitl::PixelSize size : sizes) {
    auto renderer = hitl::Renderer::create(fixture.dataset, scene);
    auto target = hitl::OffscreenTarget::create(size.width_px, size.height_px);
    if (!renderer || !target) {
      std::fprintf(stderr, "cannot set up %dx%d\n", size.width_px, size.height_px);
      return 1;
    }
    const hitl::RectPx picture = hitl::fit_picture(2880, 1920, size.width_px, size.height_px);
    hitl::FrameSource source(
        fixture.dataset, {static_cast<int>(picture.width), static_cast<int>(picture.height), 2});
    std::vector<double> draw_ms, with_readback_ms;
    for (int i = 0; i < frames; ++i) {
      const hitl::FrameState state = timeline->at(i / 30.0);
      hitl::FramePictures pictures;
      if (auto a = source.get(state.frame_a)) pictures.a = *a;
      if (auto b = source.get(state.frame_b)) pictures.b = *b;
      const auto start = Clock::now();
      if (auto drawn = (*renderer)->draw(state, pictures, target->drawing_framebuffer(), size);
          !drawn) {
        std::fprintf(stderr, "%s\n", drawn.error().to_string().c_str());
        return 1;
      }
      glFinish();
      draw_ms.push_back(ms_since(start));
      if (!hitl::read_rgba(*target)) return 1;
      with_readback_ms.push_back(ms_since(start));
    }
    const Percentiles draw = percentiles(draw_ms);
    const Percentiles both = percentiles(with_readback_ms);
    std::printf("| %dx%d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |\n", size.width_px,
                size.height_px, frames, draw.median, draw.p95, draw.worst, both.median, both.p95);
  }
  return 0;
}
