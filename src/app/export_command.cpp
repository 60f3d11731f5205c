// hitl export: renders the show (title and fact cards around passes of the loop) headless, frame
// by frame at a fixed timestep, into an MP4.
//
// Output frame i is the timeline at i / fps: exactly what `hitl still --time` shows at that time.
// Frames are waited for (never skipped), so the same input gives the same frames every time.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/show_inputs.hpp"
#include "hitl/base/text.hpp"
#include "hitl/encode/mp4_writer.hpp"
#include "hitl/frames/frame_source.hpp"
#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/gfx/offscreen_target.hpp"
#include "hitl/gfx/readback.hpp"
#include "hitl/render/renderer.hpp"
#include "hitl/scene/timeline.hpp"

namespace hitl::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: hitl export [DATASET] -o OUT.mp4 [--size WxH] [--fps N] [--loop-fps N]
                   [--loops N | --duration SECONDS] [--loop-only] [--crf N] [--preset NAME]
                   [--scene FILE] [--force]

Renders the show headless (no display or GPU needed) into an MP4: H.264, yuv420p, BT.709 colour
tags, limited range. The show is the scene's title and fact cards before the loop, the loop, the
cards between passes, ... and the cards after the last pass. Output frame i shows the show at
time i / fps, exactly what 'hitl still --time' shows then.
  -o, --out FILE      the MP4 to write; written under a temporary name and renamed when complete
  --size WxH          output size, even numbers, 16 to 8192 (default 1920x1080)
  --fps N             output frames per second (default 30)
  --loop-fps N        source frames the rotation advances per second (default: the scene's,
                      1 / seconds_per_frame)
  --loops N           passes of the loop in the show, then the cards after (default 1)
  --duration SECONDS  render the first SECONDS of the endless show instead (no cards after)
  --loop-only         leave out the title and fact cards: the loop alone
  --crf N             x264 quality, 1 (best) to 51 (default 18)
  --preset NAME       x264 speed preset, ultrafast ... veryslow (default veryfast; slower ones
                      take longer and more memory, for a smaller file when the picture moves)
  --scene FILE        the scene file (default: assets/scene.json, else the built-in scene)
  -f, --force         replace OUT if it exists
  -h, --help          this help

DATASET is anything 'hitl validate' accepts; without one, the built-in sample.
Ctrl-C stops cleanly: the partial file is removed and nothing is left at OUT.
Exit codes: 0 written, 1 the input, the rendering or the encoding failed (or interrupted), 2 usage.
)";

volatile sig_atomic_t interrupted = 0;
void on_interrupt(int) {
  interrupted = 1;
}

int fail(const Diagnostic& error) {
  std::fprintf(stderr, "hitl export: %s\n", error.to_string().c_str());
  return 1;
}

std::string clock_text(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char text[32];
  std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  return text;
}

// One line of progress: redrawn in place on a terminal, printed every few seconds otherwise.
class Progress {
 public:
  explicit Progress(std::int64_t total) : total_(total), terminal_(::isatty(2) != 0) {}

  void update(std::int64_t done, bool last = false) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    if (!last && now - shown_ < (terminal_ ? std::chrono::milliseconds(200)
                                           : std::chrono::milliseconds(5000))) {
      return;
    }
    shown_ = now;
    const double fps = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double left = fps > 0 ? static_cast<double>(total_ - done) / fps : 0;
    const int width = 30;
    const int filled = total_ > 0 ? static_cast<int>(width * done / total_) : width;
    if (terminal_) {
      std::fprintf(stderr, "\r[%s%s] %lld/%lld frames  %.1f fps  %s left ",
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), '-').c_str(),
                   static_cast<long long>(done), static_cast<long long>(total_), fps,
                   clock_text(left).c_str());
      if (last) std::fprintf(stderr, "\n");
    } else {
      std::fprintf(stderr, "hitl export: %lld/%lld frames, %.1f fps, %s left\n",
                   static_cast<long long>(done), static_cast<long long>(total_), fps,
                   clock_text(left).c_str());
    }
  }
  double elapsed_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }

 private:
  std::int64_t total_;
  bool terminal_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point shown_{};
};

std::optional<long long> positive_int(const std::optional<std::string>& text, long long max) {
  if (!text) return std::nullopt;
  const auto value = parse_int(*text);
  if (!value || *value < 1 || *value > max) return -1;
  return value;
}

}  // namespace

int run_export(const Args& args) {
  const auto parsed = parse_args("export", args,
                                 {{"--out", "-o", true, false},
                                  {"--size", "", true, false},
                                  {"--fps", "", true, false},
                                  {"--loop-fps", "", true, false},
                                  {"--loops", "", true, false},
                                  {"--duration", "", true, false},
                                  {"--crf", "", true, false},
                                  {"--preset", "", true, false},
                                  {"--scene", "", true, false},
                                  {"--loop-only", "", false, false},
                                  {"--force", "-f", false, false}},
                                 1);
  if (!parsed) return 2;
  if (parsed->help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  const auto out = parsed->value("--out");
  if (!out) return usage_error("export", "-o OUT.mp4 is required");
  PixelSize size{1920, 1080};
  if (const auto text = parsed->value("--size")) {
    const auto parsed_size = parse_output_size(*text);
    if (!parsed_size || parsed_size->width_px % 2 != 0 || parsed_size->height_px % 2 != 0) {
      return usage_error(
          "export", "--size '" + *text + "': expected WIDTHxHEIGHT, even numbers from 16 to 8192");
    }
    size = *parsed_size;
  }
  Mp4Options mp4;
  mp4.path = *out;
  mp4.width_px = size.width_px;
  mp4.height_px = size.height_px;
  if (const auto fps = positive_int(parsed->value("--fps"), 240)) {
    if (*fps < 0) return usage_error("export", "--fps: expected a whole number from 1 to 240");
    mp4.fps = static_cast<int>(*fps);
  }
  if (const auto text = parsed->value("--crf")) {
    const auto crf = parse_int(*text);
    if (!crf || *crf < 1 || *crf > 51) {
      return usage_error("export", "--crf '" + *text + "': expected 1 to 51");
    }
    mp4.crf = static_cast<int>(*crf);
  }
  if (const auto preset = parsed->value("--preset")) mp4.preset = *preset;
  if (parsed->has("--loops") && parsed->has("--duration")) {
    return usage_error("export", "give --loops or --duration, not both");
  }
  const auto loops = positive_int(parsed->value("--loops"), 1000);
  if (loops && *loops < 0) return usage_error("export", "--loops: expected 1 to 1000");
  std::optional<double> duration_s;
  if (const auto text = parsed->value("--duration")) {
    duration_s = parse_double(*text);
    if (!duration_s || !(*duration_s > 0) || *duration_s > 24 * 3600) {
      return usage_error("export", "--duration '" + *text + "': expected seconds, up to 86400");
    }
  }
  std::optional<double> loop_fps;
  if (const auto text = parsed->value("--loop-fps")) {
    loop_fps = parse_double(*text);
    if (!loop_fps || !(*loop_fps > 0) || *loop_fps > 240) {
      return usage_error("export",
                         "--loop-fps '" + *text + "': expected a number above 0, up to 240");
    }
  }
  std::error_code ec;
  if (std::filesystem::exists(*out, ec) && !parsed->has("--force")) {
    std::fprintf(stderr, "hitl export: %s already exists; add --force to replace it\n",
                 out->c_str());
    return 1;
  }

  const auto dataset_path = dataset_or_sample(
      parsed->positionals.empty() ? std::nullopt : std::optional(parsed->positionals.front()));
  if (!dataset_path) return fail(dataset_path.error());
  // From here on Ctrl-C is ours (making the built-in sample, above, is safe to kill): before the
  // MP4 is opened there is nothing to clean up, after it the partial file is removed.
  struct sigaction action = {};
  action.sa_handler = on_interrupt;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  const auto interrupted_early = [&]() {
    std::fprintf(stderr, "hitl export: interrupted; nothing was written to %s\n", out->c_str());
    return 1;
  };

  auto inputs = load_show_inputs(*dataset_path, parsed->value("--scene"));
  if (!inputs) return fail(inputs.error());
  if (loop_fps) {
    SceneTiming& timing = inputs->scene.timing;
    timing.seconds_per_frame = 1.0 / *loop_fps;
    // The cross-fade shrinks with the frame time, keeping the same share of it.
    timing.transition_s = std::min(timing.transition_s, 0.15 * timing.seconds_per_frame);
  }
  if (parsed->has("--loop-only")) inputs->scene.text_cards = {};
  auto timeline = Timeline::create(inputs->dataset, inputs->scene);
  if (!timeline) return fail(timeline.error());
  // The show of N passes ends with the cards after; a duration cuts the endless show.
  const std::optional<int> passes =
      duration_s ? std::nullopt : std::optional<int>(static_cast<int>(loops.value_or(1)));
  const double total_s = duration_s.value_or(timeline->show_duration_s(passes.value_or(1)));
  const auto frame_count = std::max<std::int64_t>(1, std::llround(total_s * mp4.fps));

  auto context = HeadlessGlContext::create();
  if (!context) return fail(context.error());
  auto renderer = Renderer::create(inputs->dataset, inputs->scene);
  if (!renderer) return fail(renderer.error());
  auto target = OffscreenTarget::create(size.width_px, size.height_px, 1, "export");
  if (!target) return fail(target.error());
  // Two buffers: a GPU copies one frame back while the next is drawn. llvmpipe copies at once,
  // and a second buffer would only hold another frame (22 MB at 2880x1920).
  auto reader = PboReader::create(size.width_px, size.height_px,
                                  current_context_is_software() ? 1 : 2, "export readback");
  if (!reader) return fail(reader.error());
  const Frame& first = inputs->dataset.frames().front();
  const RectPx picture =
      fit_picture(first.width_px > 0 ? first.width_px : 3,
                  first.height_px > 0 ? first.height_px : 2, size.width_px, size.height_px);
  FrameSource frames(inputs->dataset, show_decoding(picture, inputs->scene.timing));
  if (interrupted) return interrupted_early();
  auto writer = Mp4Writer::open(mp4);
  if (!writer) return fail(writer.error());

  std::fprintf(stderr, "hitl export: %lld frames (%.1f s at %d fps, %dx%d) on %s\n",
               static_cast<long long>(frame_count), total_s, mp4.fps, size.width_px, size.height_px,
               (*context)->description().c_str());
  Progress progress(frame_count);
  std::set<int> reported;  // frames whose picture could not be read, warned about once
  // The pictures of the last output frame, held here: a frame is asked of the source once however
  // many output frames show it, even one the source's cache of 2 frames cannot keep (a PNG among
  // JPEGs), and the renderer finds the texture it made of it.
  FramePictures shown;
  const auto held = [&](int number) -> std::shared_ptr<const DecodedFrame> {
    for (const auto* one : {&shown.a, &shown.b}) {
      if (*one && (*one)->frame_number == number) return *one;
    }
    return nullptr;
  };
  const auto picture_of = [&](int number) -> std::shared_ptr<const DecodedFrame> {
    if (auto kept = held(number)) return kept;
    auto decoded = frames.get(number);
    if (decoded) return *decoded;
    if (reported.insert(number).second) {
      std::fprintf(stderr, "\nhitl export: warning: %s\n", decoded.error().to_string().c_str());
    }
    return nullptr;
  };
  const auto hand_over_oldest = [&]() -> Status {
    // Converted to YUV straight from the mapped buffer: the frame is never copied whole.
    return reader->finish_in_place([&](const std::uint8_t* top_row, std::ptrdiff_t stride_bytes) {
      return (*writer)->write_rgba_rows(top_row, stride_bytes);
    });
  };
  const auto stop = [&](const Diagnostic& error) {
    (*writer)->abandon();
    std::fprintf(stderr,
                 "\nhitl export: %s\nhitl export: the partial file was removed; nothing "
                 "was written to %s\n",
                 error.to_string().c_str(), out->c_str());
    return 1;
  };

  for (std::int64_t i = 0; i < frame_count; ++i) {
    if (interrupted) return stop(error_at("", 0, 0, "", "interrupted"));
    const double time_s = static_cast<double>(i) / mp4.fps;
    if (i % 15 == 0) {
      std::vector<int> ahead = timeline->frames_needed(time_s, time_s + 3.0, passes);
      // The frames held in `shown` are not asked of the source again: wished for, they would be
      // decoded again once the cache had let them go, in place of the next ones.
      std::erase_if(ahead, [&](int number) { return held(number) != nullptr; });
      frames.prefetch(ahead);
    }
    const FrameState state = passes ? timeline->at(time_s, *passes) : timeline->at(time_s);
    FramePictures pictures;
    if (state.cover < 1) {  // under a full cover the picture is not drawn
      pictures.a = picture_of(state.frame_a);
      if (state.blend > 0 && state.frame_b != state.frame_a) pictures.b = picture_of(state.frame_b);
    }
    if (Status drawn = (*renderer)->draw(state, pictures, target->drawing_framebuffer(), size);
        !drawn) {
      return stop(drawn.error());
    }
    shown = std::move(pictures);
    if (reader->reads_in_flight() == reader->ring_size()) {
      if (Status handed = hand_over_oldest(); !handed) return stop(handed.error());
    }
    if (Status begun = reader->begin_read(*target); !begun) return stop(begun.error());
    progress.update(i + 1);
  }
  while (reader->reads_in_flight() > 0) {
    if (interrupted) return stop(error_at("", 0, 0, "", "interrupted"));
    if (Status handed = hand_over_oldest(); !handed) return stop(handed.error());
  }
  if (Status finished = (*writer)->finish(); !finished) {
    std::fprintf(stderr, "\nhitl export: %s\nhitl export: nothing was written to %s\n",
                 finished.error().to_string().c_str(), out->c_str());
    return 1;
  }
  progress.update(frame_count, true);
  const FrameSourceStats decoding = frames.stats();
  std::fprintf(stderr, "hitl export: %llu source frames decoded (%.1f s of decoding)\n",
               static_cast<unsigned long long>(decoding.decoded), decoding.decode_seconds);
  std::printf("%s: %lld frames, %dx%d, %d fps, %.1f s of video in %.1f s\n", out->c_str(),
              static_cast<long long>(frame_count), size.width_px, size.height_px, mp4.fps,
              static_cast<double>(frame_count) / mp4.fps, progress.elapsed_s());
  return 0;
}

}  // namespace hitl::app
