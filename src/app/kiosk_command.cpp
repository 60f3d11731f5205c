// hitl kiosk: the gallery's unattended show. Fullscreen on one display, no panel, no cursor, the
// endless show (title and fact cards, the loop) forever, and nothing a stranger's data or a
// flaky display can do stops it:
// - a frame that cannot be read is logged once and skipped (the last picture stays on screen);
// - a scene file that changes on disk is reloaded; one that does not parse is logged and the
//   scene shown stays as it was;
// - the display going away and coming back: the window is put back fullscreen on the display
//   asked for when it returns (a lost X server ends the process, and systemd restarts it);
// - memory above a ceiling ends the process cleanly (exit 3) for systemd to restart, instead of
//   a slow death;
// - under systemd (tools/hitl-kiosk.service) it says when it is ready and pings the watchdog from
//   the render loop, so a hung loop is restarted.
// A heartbeat line goes to the log every minute; key I shows a statistics line on screen.
#include <SDL.h>
#include <signal.h>

#include <chrono>
#include <cstdio>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/show_inputs.hpp"
#include "hitl/base/log.hpp"
#include "hitl/base/text.hpp"
#include "hitl/gfx/window_gl_context.hpp"
#include "hitl/live/frame_pacing.hpp"
#include "hitl/live/player.hpp"
#include "hitl/ops/file_watch.hpp"
#include "hitl/ops/heartbeat.hpp"
#include "hitl/ops/memory_watch.hpp"
#include "hitl/ops/service_notifier.hpp"
#include "hitl/ui/stats_overlay.hpp"

namespace hitl::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: hitl kiosk [DATASET] [--scene FILE] [--display N] [--fps N] [--duration SECONDS]
                  [--memory-limit MB] [--heartbeat SECONDS] [--stats]

Plays the show fullscreen for a gallery, unattended: no panel, no cursor, the title and fact
cards and the loop, forever. A frame that cannot be read is skipped and logged; the scene file is
reloaded when it changes; above the memory limit it exits (code 3) for systemd to restart it.
See docs/gallery-setup.md for the systemd unit that keeps it running.
  --scene FILE          the scene file (default: assets/scene.json, else the built-in scene)
  --display N           the display to fill, 0 for the first (default 0)
  --fps N               frames shown per second, at most (default 30; the display's vsync
                        paces them where the driver offers it)
  --duration SECONDS    stop after this long (default: never)
  --memory-limit MB     resident memory above which it exits with code 3 (default 3072)
  --heartbeat SECONDS   how often a heartbeat line is logged (default 60)
  --stats               start with the statistics line shown (key I toggles it)
  -h, --help            this help

DATASET is anything 'hitl validate' accepts; without one, the built-in sample.
Keys: I statistics line; Ctrl+Q quit. SIGTERM and SIGINT stop it cleanly.
Exit codes: 0 stopped, 1 could not start (no display, bad input), 2 usage, 3 memory limit.
)";

volatile sig_atomic_t stop_requested = 0;
void on_stop(int) {
  stop_requested = 1;
}

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int fail(const Diagnostic& error) {
  std::fprintf(stderr, "hitl kiosk: %s\n", error.to_string().c_str());
  return 1;
}

// Fills display `display` with the window, or the first display when that one is not there.
void fill_display(SDL_Window* window, int display) {
  if (display >= SDL_GetNumVideoDisplays()) display = 0;
  SDL_Rect bounds{};
  if (SDL_GetDisplayBounds(display, &bounds) != 0) return;
  SDL_SetWindowFullscreen(window, 0);
  SDL_SetWindowPosition(window, bounds.x, bounds.y);
  SDL_SetWindowSize(window, bounds.w, bounds.h);
  if (SDL_SetWindowFullscreen(window, SDL_WINDOW_FULLSCREEN_DESKTOP) != 0) {
    log_warn("kiosk: fullscreen refused: %s", SDL_GetError());
  }
}

// The scene as the gallery shows it: cues are a presenter's (hitl play) and are left out, so that
// one naming a worker this dataset lacks never stops the show.
Scene without_cues(Scene scene) {
  scene.cues.clear();
  return scene;
}

// Resident memory now; 0 where /proc cannot tell.
std::uint64_t resident_bytes() {
  const auto bytes = read_resident_bytes();
  return bytes ? *bytes : 0;
}

}  // namespace

int run_kiosk(const Args& args) {
  const auto parsed = parse_args("kiosk", args,
                                 {{"--scene", "", true, false},
                                  {"--display", "", true, false},
                                  {"--fps", "", true, false},
                                  {"--duration", "", true, false},
                                  {"--memory-limit", "", true, false},
                                  {"--heartbeat", "", true, false},
                                  {"--stats", "", false, false}},
                                 1);
  if (!parsed) return 2;
  if (parsed->help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  int display = 0;
  if (const auto text = parsed->value("--display")) {
    const auto value = parse_int(*text);
    if (!value || *value < 0 || *value > 63) {
      return usage_error("kiosk", "--display '" + *text + "': expected a display number, 0 to 63");
    }
    display = static_cast<int>(*value);
  }
  int fps = 30;
  if (const auto text = parsed->value("--fps")) {
    const auto value = parse_int(*text);
    if (!value || *value < 1 || *value > 240) {
      return usage_error("kiosk", "--fps '" + *text + "': expected a whole number, 1 to 240");
    }
    fps = static_cast<int>(*value);
  }
  std::optional<double> duration_s;
  if (const auto text = parsed->value("--duration")) {
    duration_s = parse_double(*text);
    if (!duration_s || !(*duration_s > 0)) {
      return usage_error("kiosk", "--duration '" + *text + "': expected seconds above 0");
    }
  }
  std::uint64_t memory_limit_mb = 3072;
  if (const auto text = parsed->value("--memory-limit")) {
    const auto value = parse_int(*text);
    if (!value || *value < 64 || *value > 1'048'576) {
      return usage_error("kiosk", "--memory-limit '" + *text + "': expected MB, 64 to 1048576");
    }
    memory_limit_mb = static_cast<std::uint64_t>(*value);
  }
  double heartbeat_s = 60;
  if (const auto text = parsed->value("--heartbeat")) {
    const auto value = parse_double(*text);
    if (!value || !(*value >= 1) || *value > 86400) {
      return usage_error("kiosk", "--heartbeat '" + *text + "': expected seconds, 1 to 86400");
    }
    heartbeat_s = *value;
  }

  const auto dataset_path = dataset_or_sample(
      parsed->positionals.empty() ? std::nullopt : std::optional(parsed->positionals.front()));
  if (!dataset_path) return fail(dataset_path.error());
  auto inputs = load_show_inputs(*dataset_path, parsed->value("--scene"));
  if (!inputs) return fail(inputs.error());

  auto notifier = ServiceNotifier::from_environment();
  if (!notifier) {
    log_warn("kiosk: not telling systemd anything: %s", notifier.error().to_string().c_str());
  }
  // A notification taking focus must not minimise the fullscreen show.
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  auto window = WindowGlContext::create("hitl kiosk", 1280, 720, false);
  if (!window) return fail(window.error());
  SDL_Window* sdl_window = (*window)->window();
  fill_display(sdl_window, display);
  SDL_ShowCursor(SDL_DISABLE);

  PlayerOptions player_options;
  player_options.initial_size = (*window)->drawable_size();
  auto player = Player::create(inputs->dataset, without_cues(inputs->scene), player_options);
  if (!player) return fail(player.error());
  auto overlay = StatsOverlay::create(**window);
  if (!overlay) return fail(overlay.error());
  (*player)->prime();

  struct sigaction action = {};
  action.sa_handler = on_stop;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  std::optional<FileWatch> scene_watch;
  if (!inputs->scene_path.empty()) scene_watch.emplace(inputs->scene_path);
  const MemoryCeiling ceiling(memory_limit_mb << 20);
  const auto started = std::chrono::steady_clock::now();
  const std::uint64_t resident_at_start = resident_bytes();
  // Frames are paced to --fps by waiting for each one's deadline; vsync, where the driver gives
  // it, then lines the present up with the display's refresh.
  const double interval_s = std::max(1.0 / fps, (*window)->refresh_interval_s());
  const double vsync_margin_s = (*window)->vsync() ? 0.004 : 0;  // wake before the refresh
  FramePacing pacing(interval_s);
  const auto sample = [&]() {
    const FramePacingReport report = pacing.report();
    HeartbeatSample current;
    current.uptime = std::chrono::steady_clock::now() - started;
    current.totals = {report.frames, report.missed_deadlines, (*player)->decode_stats().failed};
    current.resident_bytes = resident_bytes();
    return current;
  };
  HeartbeatTimer heartbeat(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(heartbeat_s)),
                           sample());
  log_info("kiosk: %s on display %d; %s", (*window)->description().c_str(), display,
           inputs->dataset_path.c_str());

  bool show_stats = parsed->has("--stats");
  bool quit = false;
  bool ready_sent = false;
  int exit_code = 0;
  double last_frame_s = -1, last_memory_check_s = now_s();
  const double run_started_s = now_s();
  while (!quit && !stop_requested) {
    const double frame_started_s = now_s();
    SDL_Event event;
    while (SDL_PollEvent(&event) != 0) {
      (*overlay)->handle_event(event);
      if (event.type == SDL_QUIT) quit = true;
      if (event.type == SDL_KEYDOWN) {
        const SDL_Keycode key = event.key.keysym.sym;
        if (key == SDLK_i) show_stats = !show_stats;
        if (key == SDLK_q && (event.key.keysym.mod & KMOD_CTRL) != 0) quit = true;
      }
      // A display that comes (back): the show goes (back) where it was asked to be.
      if (event.type == SDL_DISPLAYEVENT) {
        log_info("kiosk: display %u %s", event.display.display,
                 event.display.event == SDL_DISPLAYEVENT_CONNECTED      ? "connected"
                 : event.display.event == SDL_DISPLAYEVENT_DISCONNECTED ? "disconnected"
                                                                        : "changed");
        fill_display(sdl_window, display);
      }
    }
    if (last_frame_s >= 0) (*player)->advance(frame_started_s - last_frame_s);
    last_frame_s = frame_started_s;

    const PixelSize size = (*window)->drawable_size();
    if (size.width_px > 0 && size.height_px > 0) {
      if (Status drawn = (*player)->render(0, size); !drawn) {
        log_error("kiosk: %s", drawn.error().to_string().c_str());
      }
      if ((*player)->last_render_missed_decode()) pacing.record_decode_miss();
      if (show_stats) {
        const FramePacingReport report = pacing.report();
        char line[256];
        std::snprintf(line, sizeof line,
                      "frame %.1f ms (p99 %.1f)  ·  dropped %llu  ·  decode misses %llu  ·  %s",
                      report.interval_p50_s * 1000, report.interval_p99_s * 1000,
                      static_cast<unsigned long long>(report.missed_deadlines),
                      static_cast<unsigned long long>(report.decode_misses),
                      format_mebibytes(resident_bytes()).c_str());
        (*overlay)->draw(line);
      }
    }

    const WindowGlContext::PresentTimes times =
        (*window)->present_paced(interval_s - vsync_margin_s);
    pacing.record_present(times.since_last_present_s, times.drawn_s - frame_started_s);
    const double presented_s = times.presented_s;

    if (notifier) {
      if (!ready_sent) {
        (void)notifier->notify_ready();
        ready_sent = true;
      }
      (void)notifier->notify_watchdog_if_due(std::chrono::steady_clock::now());
    }
    if (presented_s - last_memory_check_s >= 1) {
      last_memory_check_s = presented_s;
      if (const auto reading = ceiling.read(); reading && reading->over_ceiling()) {
        log_error("kiosk: %s; stopping for a clean restart", reading->describe().c_str());
        exit_code = memory_ceiling_exit_code;
        quit = true;
      }
    }
    if (scene_watch) {
      const FileEvent change = scene_watch->poll(std::chrono::steady_clock::now());
      if (change == FileEvent::changed) {
        Warnings warnings;
        auto scene = load_scene_file(inputs->scene_path, &warnings);
        for (const Diagnostic& warning : warnings) log_warn("%s", warning.to_string().c_str());
        if (!scene) {
          log_error(
              "kiosk: the scene file changed but cannot be used; the show goes on as it was: %s",
              scene.error().to_string().c_str());
        } else if (Status set =
                       (*player)->set_scene(without_cues(scene_as_shown(*scene, *dataset_path)));
                   !set) {
          log_error("kiosk: the changed scene cannot be shown; the show goes on as it was: %s",
                    set.error().to_string().c_str());
        } else {
          log_info("kiosk: scene reloaded from %s", inputs->scene_path.c_str());
        }
      } else if (change == FileEvent::missing) {
        log_warn("kiosk: the scene file %s is gone; the show goes on as it was",
                 inputs->scene_path.c_str());
      }
    }
    if (const auto line = heartbeat.line_if_due(sample())) log_info("kiosk: %s", line->c_str());
    if (duration_s && now_s() - run_started_s >= *duration_s) quit = true;
  }

  if (notifier) (void)notifier->notify_stopping();
  const HeartbeatSample last = sample();
  log_info("kiosk: stopped after %s; %s; decode failures %llu; resident at start %s, at end %s",
           format_uptime(last.uptime).c_str(), pacing.report().to_string().c_str(),
           static_cast<unsigned long long>(last.totals.decode_failures),
           format_mebibytes(resident_at_start).c_str(),
           format_mebibytes(last.resident_bytes).c_str());
  overlay->reset();
  player->reset();
  return exit_code;
}

}  // namespace hitl::app
