// hitl still: renders one moment of the show, headless, to a PNG.
#include <cstdio>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/show_inputs.hpp"
#include "hitl/base/png.hpp"
#include "hitl/base/text.hpp"
#include "hitl/data/frames_folder.hpp"
#include "hitl/frames/frame_source.hpp"
#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/gfx/offscreen_target.hpp"
#include "hitl/gfx/readback.hpp"
#include "hitl/render/renderer.hpp"
#include "hitl/scene/timeline.hpp"

namespace hitl::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: hitl still DATASET (--frame N | --time SECONDS [--loops N]) -o OUT.png [--size WxH]
                  [--scene FILE] [--loop-only]

Renders one moment headless (no display needed) to a PNG.
  --frame N        source frame N alone, with exactly the masks, boxes and cards of its workers
  --time SECONDS   exactly what an export shows at that time of the show (the title and fact
                   cards included; frames blend, cards fade)
  --loops N        with --time: in the show of N passes, as 'hitl export --loops N' renders it
                   (which ends with the cards after the last pass); without it, the endless show,
                   as 'hitl export --duration' renders it
  --loop-only      leave out the title and fact cards: the loop alone
  -o, --out FILE   the PNG to write (written whole or not at all)
  --size WxH       output size in pixels, 16 to 8192 each (default 1920x1080)
  --scene FILE     the scene file (default: assets/scene.json, else the built-in scene)
  -h, --help       this help

DATASET is anything 'hitl validate' accepts: hitl's dataset.json, a COCO file with worker
attributes, the M8 folder or a folder of raw exports. Without one, the built-in sample (see
'hitl sample'; made on first use, about two minutes, then cached).
Exit codes: 0 written, 1 the input or the rendering failed, 2 usage error.
)";

int fail(const Diagnostic& error) {
  std::fprintf(stderr, "hitl still: %s\n", error.to_string().c_str());
  return 1;
}

}  // namespace

int run_still(const Args& args) {
  const auto parsed = parse_args("still", args,
                                 {{"--frame", "", true, false},
                                  {"--time", "", true, false},
                                  {"--out", "-o", true, false},
                                  {"--size", "", true, false},
                                  {"--scene", "", true, false},
                                  {"--loops", "", true, false},
                                  {"--loop-only", "", false, false}},
                                 1);
  if (!parsed) return 2;
  if (parsed->help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (parsed->has("--frame") == parsed->has("--time")) {
    return usage_error("still", "give exactly one of --frame N and --time SECONDS");
  }
  const auto out = parsed->value("--out");
  if (!out) return usage_error("still", "-o OUT.png is required");
  std::optional<int> passes;
  if (const auto text = parsed->value("--loops")) {
    const auto loops = parse_int(*text);
    if (!loops || *loops < 1 || *loops > 1000) {
      return usage_error("still", "--loops '" + *text + "': expected 1 to 1000");
    }
    if (!parsed->has("--time")) return usage_error("still", "--loops goes with --time");
    passes = static_cast<int>(*loops);
  }
  PixelSize size{1920, 1080};
  if (const auto text = parsed->value("--size")) {
    const auto parsed_size = parse_output_size(*text);
    if (!parsed_size) {
      return usage_error("still", "--size '" + *text +
                                      "': expected WIDTHxHEIGHT, each 16 to 8192, e.g. 1920x1080");
    }
    size = *parsed_size;
  }
  std::optional<long long> frame_number;
  std::optional<double> time_s;
  if (const auto text = parsed->value("--frame")) {
    frame_number = parse_int(*text);
    if (!frame_number) {
      return usage_error("still", "--frame '" + *text + "': expected a frame number");
    }
  }
  if (const auto text = parsed->value("--time")) {
    time_s = parse_double(*text);
    if (!time_s || !(*time_s >= 0) || *time_s > 1e9) {
      return usage_error("still", "--time '" + *text + "': expected seconds, 0 or more");
    }
  }

  const auto dataset_path = dataset_or_sample(
      parsed->positionals.empty() ? std::nullopt : std::optional(parsed->positionals.front()));
  if (!dataset_path) return fail(dataset_path.error());
  auto inputs = load_show_inputs(*dataset_path, parsed->value("--scene"));
  if (!inputs) return fail(inputs.error());
  if (parsed->has("--loop-only")) inputs->scene.text_cards = {};
  auto timeline = Timeline::create(inputs->dataset, inputs->scene);
  if (!timeline) return fail(timeline.error());

  FrameState state;
  if (frame_number) {
    auto at = timeline->at_frame(static_cast<int>(*frame_number));
    if (!at) {
      const auto frames = timeline->frames();
      return fail(error_at(*dataset_path, 0, 0, "--frame",
                           "frame " + std::to_string(*frame_number) +
                               " is not in the loop (frames " +
                               describe_number_ranges({frames.begin(), frames.end()}) + ")"));
    }
    state = std::move(*at);
  } else {
    state = passes ? timeline->at(*time_s, *passes) : timeline->at(*time_s);
  }

  auto context = HeadlessGlContext::create();
  if (!context) return fail(context.error());
  auto renderer = Renderer::create(inputs->dataset, inputs->scene);
  if (!renderer) return fail(renderer.error());

  // Decode at the size the picture is drawn, on this thread: a still waits for its frames.
  const Frame* frame = inputs->dataset.frame(state.frame_a);
  const RectPx picture = fit_picture(frame && frame->width_px > 0 ? frame->width_px : 3,
                                     frame && frame->height_px > 0 ? frame->height_px : 2,
                                     size.width_px, size.height_px);
  FrameSource frames(inputs->dataset, show_decoding(picture, inputs->scene.timing));
  FramePictures pictures;
  const auto fetch = [&](int number) -> std::shared_ptr<const DecodedFrame> {
    auto decoded = frames.get(number);
    if (decoded) return *decoded;
    // Shown as unavailable, not refused: the overlays and cards still tell what happened.
    std::fprintf(stderr, "hitl still: warning: %s\n", decoded.error().to_string().c_str());
    return nullptr;
  };
  if (state.cover < 1) {  // under a full cover the picture is not drawn
    pictures.a = fetch(state.frame_a);
    if (state.blend > 0 && state.frame_b != state.frame_a) pictures.b = fetch(state.frame_b);
  }

  auto target = OffscreenTarget::create(size.width_px, size.height_px, 1, "still");
  if (!target) return fail(target.error());
  if (Status drawn = (*renderer)->draw(state, pictures, target->drawing_framebuffer(), size);
      !drawn) {
    return fail(drawn.error());
  }
  auto rgba = read_rgba(*target);
  if (!rgba) return fail(rgba.error());
  auto png = encode_png_rgba(rgba->data(), size.width_px, size.height_px,
                             static_cast<std::size_t>(size.width_px) * 4);
  if (!png) return fail(png.error());
  if (Status written = write_file_atomically(*out, *png); !written) return fail(written.error());
  if (state.cover >= 1) {
    std::printf("%s: a title or fact card, %dx%d\n", out->c_str(), size.width_px, size.height_px);
  } else {
    std::printf("%s: frame %d, %dx%d\n", out->c_str(), state.current_frame, size.width_px,
                size.height_px);
  }
  return 0;
}

}  // namespace hitl::app
