// hitl play: the live window with the presenter's control panel.
#include <cstdio>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/show_inputs.hpp"
#include "hitl/base/log.hpp"
#include "hitl/base/text.hpp"
#include "hitl/ui/play_window.hpp"

namespace hitl::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: hitl play [DATASET] [--scene FILE] [--fullscreen] [--size WxH] [--duration SECONDS]
                 [--screenshots DIR] [--presenter [--display N]]

Plays the show live in a window, with a control panel for the presenter: play, pause, step and
scrub, speed, the layers and classes, a worker's contributions (search by ID, city or status, and
hold on them), the style and timing, edited live and saved back to the scene file; the scene's
cues, stepped through with a clicker.
  --scene FILE       the scene file (default: assets/scene.json, else the built-in scene);
                     "Save" writes the panel's edits back to it (without --scene: ./scene.json)
  --fullscreen       start fullscreen on the desktop's display
  --size WxH         the window's size in screen points (default 1280x720)
  --duration SECONDS close on its own after this long (for tests and measurements)
  --screenshots DIR  where screenshots go (default: the current folder)
  --presenter        two windows on two displays: the show alone, fullscreen, for the audience;
                     the panel, the current and next cue and a preview for the presenter
                     (with one display: an error, exit 1)
  --display N        the audience's display with --presenter, 0 for the first (default 1)
  -h, --help         this help

Keys (a presentation clicker sends Page Down and Page Up):
  Page Down  next cue          Page Up  previous cue   (without cues: next / previous frame)
  Right  next frame            Left  previous frame                Space  play / pause
  Home   start of the show, before the first cue     F  fullscreen  H  hide the panel
  S      screenshot (PNG, never with the panel)   F1, ?  the list of keys
  Escape close the list / release the held worker  Ctrl+Q  quit

Frame pacing (frame intervals, missed deadlines, pictures not decoded in time) is logged on exit.
DATASET is anything 'hitl validate' accepts; without one, the built-in sample.
Exit codes: 0 closed normally, 1 the input failed or no window could be opened (no display),
2 usage error.
)";

int fail(const Diagnostic& error) {
  std::fprintf(stderr, "hitl play: %s\n", error.to_string().c_str());
  return 1;
}

}  // namespace

int run_play(const Args& args) {
  const auto parsed = parse_args("play", args,
                                 {{"--scene", "", true, false},
                                  {"--fullscreen", "", false, false},
                                  {"--size", "", true, false},
                                  {"--duration", "", true, false},
                                  {"--screenshots", "", true, false},
                                  {"--presenter", "", false, false},
                                  {"--display", "", true, false}},
                                 1);
  if (!parsed) return 2;
  if (parsed->help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  PlayWindowOptions options;
  if (const auto text = parsed->value("--size")) {
    const auto size = parse_output_size(*text);
    if (!size) {
      return usage_error(
          "play", "--size '" + *text + "': expected WIDTHxHEIGHT, each 16 to 8192, e.g. 1280x720");
    }
    options.size = *size;
  }
  std::optional<double> duration_s;
  if (const auto text = parsed->value("--duration")) {
    duration_s = parse_double(*text);
    if (!duration_s || !(*duration_s > 0)) {
      return usage_error("play", "--duration '" + *text + "': expected seconds, more than 0");
    }
  }
  options.fullscreen = parsed->has("--fullscreen");
  options.presenter = parsed->has("--presenter");
  if (const auto text = parsed->value("--display")) {
    const auto value = parse_int(*text);
    if (!options.presenter) return usage_error("play", "--display is for --presenter");
    if (!value || *value < 0 || *value > 63) {
      return usage_error("play", "--display '" + *text + "': expected a display number, 0 to 63");
    }
    options.audience_display = static_cast<int>(*value);
  }
  if (const auto dir = parsed->value("--screenshots")) options.screenshot_dir = *dir;

  const auto dataset_path = dataset_or_sample(
      parsed->positionals.empty() ? std::nullopt : std::optional(parsed->positionals.front()));
  if (!dataset_path) return fail(dataset_path.error());
  auto inputs = load_show_inputs(*dataset_path, parsed->value("--scene"));
  if (!inputs) return fail(inputs.error());
  options.scene_path = inputs->scene_path;
  // The default scene beside the executable is not overwritten: edits go to ./scene.json.
  options.save_path = parsed->value("--scene").value_or("scene.json");
  const std::string shown_for = *dataset_path;
  options.shown_scene = [shown_for](const Scene& scene) {
    return scene_as_shown(scene, shown_for);
  };

  auto window = PlayWindow::create(inputs->dataset, inputs->file_scene, options);
  if (!window) return fail(locate_in_scene_file(window.error(), inputs->scene_path));
  (*window)->run(duration_s);
  log_info("play: pacing: %s", (*window)->pacing().to_string().c_str());
  return 0;
}

}  // namespace hitl::app
