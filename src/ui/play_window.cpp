// The presenter's live window: see play_window.hpp.
#include "hitl/ui/play_window.hpp"

#include <SDL.h>
#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "hitl/base/log.hpp"
#include "hitl/base/text.hpp"
#include "hitl/gfx/readback.hpp"
#include "hitl/ui/control_panel.hpp"

namespace hitl {

namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Frames watched to tell whether vsync really waits, and how many of them must come early.
constexpr int vsync_probe_frames = 30;
constexpr int early_frames_without_vsync = 20;

// The preview of the audience's picture is at most this wide: sharp in the presenter's window,
// cheap to copy every frame.
constexpr int max_preview_width_px = 960;

// The window a window or pointer event is about; 0 for other events.
Uint32 window_of(const SDL_Event& event) {
  switch (event.type) {
    case SDL_WINDOWEVENT:
      return event.window.windowID;
    case SDL_MOUSEMOTION:
      return event.motion.windowID;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      return event.button.windowID;
    case SDL_MOUSEWHEEL:
      return event.wheel.windowID;
    default:
      return 0;
  }
}

}  // namespace

PlayWindow::PlayWindow(const Dataset& dataset, const Scene& file_scene, PlayWindowOptions options)
    : dataset_(&dataset), file_scene_(file_scene), options_(std::move(options)) {
  if (!options_.shown_scene) options_.shown_scene = [](const Scene& scene) { return scene; };
  if (options_.save_path.empty()) {
    options_.save_path = options_.scene_path.empty() ? "scene.json" : options_.scene_path;
  }
  panel_visible_ = options_.show_panel;
}

PlayWindow::~PlayWindow() {
  // GL objects go while their context is still current: the panel's (in the panel's window) and
  // the player's and the preview's (in the show's) before the windows.
  if (presenter_window_) (void)presenter_window_->make_current();
  panel_.reset();
  if (window_) (void)window_->make_current();
  player_.reset();
  preview_framebuffer_ = {};
  preview_texture_ = {};
  presenter_window_.reset();
}

Result<std::unique_ptr<PlayWindow>> PlayWindow::create(const Dataset& dataset,
                                                       const Scene& file_scene,
                                                       PlayWindowOptions options) {
  std::unique_ptr<PlayWindow> created(new PlayWindow(dataset, file_scene, std::move(options)));
  const PlayWindowOptions& opts = created->options_;
  if (opts.presenter) {
    if (Status opened = created->open_presenter_view(); !opened) return opened.error();
  } else {
    auto window = WindowGlContext::create(opts.title, opts.size.width_px, opts.size.height_px,
                                          opts.fullscreen);
    if (!window) return window.error();
    created->window_ = std::move(*window);
  }
  PlayerOptions player_options;
  player_options.initial_size = created->window_->drawable_size();
  auto player = Player::create(dataset, created->options_.shown_scene(file_scene), player_options);
  if (!player) return player.error();
  created->player_ = std::move(*player);
  if (Status current = created->panel_window().make_current(); !current) return current.error();
  auto panel = ControlPanel::create(*created);
  if (!panel) return panel.error();
  created->panel_ = std::move(*panel);
  if (Status current = created->window_->make_current(); !current) return current.error();

  const double interval_s = created->window_->refresh_interval_s();
  created->pacing_ = FramePacing(interval_s);
  created->paces_itself_ = !created->window_->vsync();
  created->player_->prime();
  log_info("play: %s; display refresh %.1f Hz", created->window_->description().c_str(),
           1.0 / interval_s);
  return created;
}

Status PlayWindow::open_presenter_view() {
  auto displays = WindowGlContext::display_count();
  if (!displays) return displays.error();
  if (*displays < 2) {
    return error_at("", 0, 0, "",
                    "the presenter view needs two displays, one for the audience and one for the "
                    "presenter; the window system has " +
                        std::to_string(*displays) +
                        "; expected a second display (or play without --presenter)");
  }
  const int audience = options_.audience_display.value_or(1);
  if (audience < 0 || audience >= *displays) {
    return error_at("", 0, 0, "",
                    "there is no display " + std::to_string(audience) + " for the audience; " +
                        "expected a display from 0 to " + std::to_string(*displays - 1));
  }
  const int presenter = audience == 0 ? 1 : 0;
  WindowOptions audience_options;
  audience_options.display = audience;
  audience_options.fullscreen = true;
  auto audience_window = WindowGlContext::create(options_.title, options_.size.width_px,
                                                 options_.size.height_px, audience_options);
  if (!audience_window) return audience_window.error();
  window_ = std::move(*audience_window);
  // The presenter's window fills the usable part of its display: the panel, the cues, the preview.
  SDL_Rect usable{0, 0, options_.size.width_px, options_.size.height_px};
  SDL_GetDisplayUsableBounds(presenter, &usable);
  WindowOptions presenter_options;
  presenter_options.display = presenter;
  presenter_options.share_with_current = true;
  presenter_options.vsync = false;
  auto presenter_window = WindowGlContext::create(options_.title + " (presenter)", usable.w,
                                                  usable.h, presenter_options);
  if (!presenter_window) return presenter_window.error();
  presenter_window_ = std::move(*presenter_window);
  log_info("play: presenter view: the audience on display %d, the presenter on display %d",
           audience, presenter);
  return window_->make_current();
}

AudiencePreview PlayWindow::audience_preview() const {
  return {preview_texture_.id(), {preview_texture_.width_px(), preview_texture_.height_px()}};
}

void PlayWindow::handle_event(const SDL_Event& event) {
  // In the presenter view the pointer belongs to the presenter's window alone; keys act from
  // either window (a clicker types into whichever has the focus).
  const Uint32 event_window = window_of(event);
  const bool for_panel = !presenter_view() || event.type == SDL_KEYDOWN ||
                         event.type == SDL_KEYUP || event.type == SDL_TEXTINPUT ||
                         event_window == SDL_GetWindowID(presenter_window_->window());
  const bool kept_by_panel = for_panel && panel_->handle_event(event);
  switch (event.type) {
    case SDL_QUIT:
      quit_ = true;
      break;
    case SDL_WINDOWEVENT:
      if (event.window.event == SDL_WINDOWEVENT_CLOSE) quit_ = true;
      // SDL's cursor is one for all windows: hidden while the pointer is over the audience's.
      if (presenter_view() && event.window.event == SDL_WINDOWEVENT_ENTER) {
        const bool audience = event_window == SDL_GetWindowID(window_->window());
        SDL_ShowCursor(audience ? SDL_DISABLE : SDL_ENABLE);
      }
      break;
    case SDL_KEYDOWN:
      if (!kept_by_panel) handle_key_down(event.key.keysym.sym, event.key.keysym.mod);
      break;
    default:
      break;
  }
}

void PlayWindow::handle_key_down(int sdl_keycode, int sdl_modifiers) {
  const bool shift = (sdl_modifiers & KMOD_SHIFT) != 0;
  const bool ctrl = (sdl_modifiers & KMOD_CTRL) != 0;
  switch (sdl_keycode) {
    // A clicker sends Page Down and Page Up: they step through the cues when there are any.
    case SDLK_PAGEDOWN:
      if (player_->scene().cues.empty()) {
        player_->step(+1);
      } else {
        player_->next_cue();
      }
      break;
    case SDLK_PAGEUP:
      if (player_->scene().cues.empty()) {
        player_->step(-1);
      } else {
        player_->previous_cue();
      }
      break;
    case SDLK_RIGHT:
      player_->step(+1);
      break;
    case SDLK_LEFT:
      player_->step(-1);
      break;
    case SDLK_SPACE:
      player_->toggle_playing();
      break;
    case SDLK_HOME:
      player_->clear_cue();  // the next Page Down is the first cue again
      player_->seek(0);
      break;
    case SDLK_f:
      toggle_fullscreen();
      break;
    case SDLK_h:
      panel_visible_ = !panel_visible_;
      break;
    case SDLK_s:
      request_screenshot();
      break;
    case SDLK_F1:
    case SDLK_QUESTION:
      help_visible_ = !help_visible_;
      break;
    case SDLK_SLASH:  // "?" is Shift+/ on most layouts, and SDL reports the unshifted key
      if (shift) help_visible_ = !help_visible_;
      break;
    case SDLK_ESCAPE:
      if (help_visible_) {
        help_visible_ = false;
      } else {
        player_->release();
      }
      break;
    case SDLK_q:
      if (ctrl) quit_ = true;
      break;
    default:
      break;
  }
}

bool PlayWindow::fullscreen() const {
  return (SDL_GetWindowFlags(window_->window()) & SDL_WINDOW_FULLSCREEN_DESKTOP) ==
         SDL_WINDOW_FULLSCREEN_DESKTOP;
}

void PlayWindow::toggle_fullscreen() {
  if (SDL_SetWindowFullscreen(window_->window(),
                              fullscreen() ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP) != 0) {
    log_warn("play: cannot switch fullscreen: %s", SDL_GetError());
  }
}

Status PlayWindow::apply_scene(const Scene& file_scene) {
  if (Status applied = player_->set_scene(options_.shown_scene(file_scene)); !applied) {
    return applied;
  }
  file_scene_ = file_scene;
  return Done{};
}

Status PlayWindow::load_scene(const std::string& path) {
  Warnings warnings;
  auto loaded = load_scene_file(path, &warnings);
  for (const Diagnostic& warning : warnings) log_warn("%s", warning.to_string().c_str());
  if (!loaded) return loaded.error();
  if (Status applied = apply_scene(*loaded); !applied) {
    return locate_in_scene_file(applied.error(), path);
  }
  options_.scene_path = path;
  options_.save_path = path;
  log_info("play: showing the scene %s", path.c_str());
  return Done{};
}

Status PlayWindow::save_scene() {
  if (Status written = write_file_atomically(options_.save_path, scene_to_json(file_scene_));
      !written) {
    return written;
  }
  log_info("play: saved the scene to %s", options_.save_path.c_str());
  return Done{};
}

void PlayWindow::take_screenshot(PixelSize size_px) {
  screenshot_requested_ = false;
  // The window's back buffer holds the show alone at this point: the panel comes after.
  auto pixels = read_rgba_from_framebuffer(0, size_px.width_px, size_px.height_px);
  if (!pixels) {
    last_screenshot_ = pixels.error();
    log_error("play: screenshot: %s", pixels.error().to_string().c_str());
    return;
  }
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  const std::string path =
      (std::filesystem::path(options_.screenshot_dir) /
       ("hitl-" + std::string(stamp) + "-" + std::to_string(++screenshots_taken_) + ".png"))
          .string();
  if (Status written = write_png(path, *pixels, size_px.width_px, size_px.height_px); !written) {
    last_screenshot_ = written.error();
    log_error("play: screenshot: %s", written.error().to_string().c_str());
    return;
  }
  log_info("play: screenshot %s (%dx%d)", path.c_str(), size_px.width_px, size_px.height_px);
  last_screenshot_ = path;
}

bool PlayWindow::run_frame() {
  const double started_s = now_s();
  SDL_Event event;
  while (SDL_PollEvent(&event) != 0) handle_event(event);
  if (quit_) return false;

  // The clock, not the count of frames drawn, moves the show.
  if (last_frame_s_ >= 0) player_->advance(started_s - last_frame_s_);
  last_frame_s_ = started_s;

  if (presenter_view()) (void)presenter_window_->make_current();
  panel_->build(panel_visible_, help_visible_);
  if (presenter_view()) (void)window_->make_current();
  const PixelSize size = window_->drawable_size();
  if (size.width_px > 0 && size.height_px > 0) {
    if (Status drawn = player_->render(0, size); !drawn) {
      log_error("play: %s", drawn.error().to_string().c_str());
    }
    if (player_->last_render_missed_decode()) pacing_.record_decode_miss();
    if (screenshot_requested_) take_screenshot(size);
    if (presenter_view()) copy_to_preview(size);
  }
  if (!presenter_view()) panel_->draw();
  present(started_s);
  if (presenter_view()) {
    (void)presenter_window_->make_current();
    const PixelSize panel_size = presenter_window_->drawable_size();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, panel_size.width_px, panel_size.height_px);
    glClearColor(0.08f, 0.08f, 0.09f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    panel_->draw();
    presenter_window_->swap_buffers();  // no vsync here: the audience's present paces the loop
    (void)window_->make_current();
  }
  return !quit_;
}

void PlayWindow::copy_to_preview(PixelSize size_px) {
  const int width = std::min(size_px.width_px, max_preview_width_px);
  const int height = std::max(1, size_px.height_px * width / size_px.width_px);
  if (preview_texture_.width_px() != width || preview_texture_.height_px() != height) {
    preview_framebuffer_ = {};
    auto texture = Texture2D::create(width, height, TextureFormat::rgba8, "audience preview");
    if (!texture) {
      log_error("play: preview: %s", texture.error().to_string().c_str());
      return;
    }
    auto framebuffer = Framebuffer::create_with_colour(*texture, "audience preview");
    if (!framebuffer) {
      log_error("play: preview: %s", framebuffer.error().to_string().c_str());
      return;
    }
    preview_texture_ = std::move(*texture);
    preview_framebuffer_ = std::move(*framebuffer);
  }
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, preview_framebuffer_.id());
  glBlitFramebuffer(0, 0, size_px.width_px, size_px.height_px, 0, 0, width, height,
                    GL_COLOR_BUFFER_BIT, GL_LINEAR);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glFlush();  // the presenter's context reads the texture next
}

void PlayWindow::present(double frame_started_s) {
  const double interval_s = pacing_.target_interval_s();
  const WindowGlContext::PresentTimes times =
      window_->present_paced(paces_itself_ ? std::optional<double>(interval_s) : std::nullopt);
  const double since_last_s = times.since_last_present_s;
  pacing_.record_present(since_last_s, times.drawn_s - frame_started_s);

  // A driver that accepted vsync but presents faster than the display refreshes does not wait.
  if (!paces_itself_ && since_last_s >= 0 && counted_presents_ < vsync_probe_frames) {
    ++counted_presents_;
    if (since_last_s < 0.75 * interval_s) ++early_presents_;
    if (counted_presents_ == vsync_probe_frames && early_presents_ >= early_frames_without_vsync) {
      paces_itself_ = true;
      log_info("play: vsync does not wait on this display; pacing frames at %.1f Hz",
               1.0 / interval_s);
    }
  }
}

void PlayWindow::run(std::optional<double> duration_s) {
  const double started_s = now_s();
  while (run_frame()) {
    if (duration_s && now_s() - started_s >= *duration_s) break;
  }
}

}  // namespace hitl
