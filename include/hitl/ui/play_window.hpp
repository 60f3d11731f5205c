// The presenter's live window (`hitl play`): a Player drawn into an SDL2 window, the ImGui
// control panel over it, the keys a presentation clicker sends, screenshots and frame pacing.
//
// One frame, top to bottom (run_frame): events (keys, the panel's input), the clock moves the
// show on, the panel is built (its actions apply to this frame), the show is drawn into the
// window's framebuffer, a screenshot asked for is read back from it *before* the panel is drawn
// over it (so a screenshot never holds the panel), the panel is drawn, the frame is presented.
//
// Keys (ignored while a panel text field has the keyboard):
//   Page Down          next cue            Page Up         previous cue
//                      (without cues in the scene: the next / previous frame, as the arrows)
//   Right              next frame          Left            previous frame
//   Space              play / pause        Home            back to the start of the show, no cue
//   F                  fullscreen on/off   H               hide / show the panel
//   S                  screenshot (PNG)    F1, ?           this list on screen
//   Escape             close the list, else release a held worker
//   Ctrl+Q             quit
//
// The presenter view (options.presenter): two windows. The audience's is fullscreen on one display,
// with no panel and no cursor: the show alone. The presenter's, on another display, holds the
// panel, the current and the next cue and a preview of the audience's picture. The show is drawn
// once a frame, into the audience's window; the preview is a copy of it made on the GPU into a
// texture that the presenter's context shares (SDL_GL_SHARE_WITH_CURRENT_CONTEXT), drawn there by
// the panel a frame later. Only the audience's window waits for vsync.
//
// Pacing: presents are paced by vsync. Where the driver refuses vsync, or accepts it without
// waiting (Xvfb, some virtual machines: the first frames come faster than the refresh rate), the
// window waits for each frame's deadline itself.
//
// Threads: the main thread only (SDL's rule).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"
#include "hitl/gfx/gl_objects.hpp"
#include "hitl/gfx/window_gl_context.hpp"
#include "hitl/live/frame_pacing.hpp"
#include "hitl/live/player.hpp"
#include "hitl/scene/scene.hpp"

union SDL_Event;

namespace hitl {

class ControlPanel;

struct PlayWindowOptions {
  std::string title = "hitl play";
  PixelSize size{1280, 720};  // screen points
  bool fullscreen = false;
  // The scene file the scene came from (empty: the built-in one) and where "Save scene" writes
  // (default: that file, else scene.json in the current folder).
  std::string scene_path;
  std::string save_path;
  // How a scene file's scene is shown for this dataset (the built-in sample adds its "simulated
  // data" card); the file itself is saved without it. Identity when empty.
  std::function<Scene(const Scene&)> shown_scene;
  std::string screenshot_dir = ".";  // screenshots: hitl-YYYYmmdd-HHMMSS-N.png in there
  bool show_panel = true;
  // The presenter view (see the file comment); refused with fewer than two displays.
  bool presenter = false;
  // The audience's display in the presenter view (0 for the first); none: the second. The
  // presenter's window goes on the first display that is not the audience's.
  std::optional<int> audience_display;
};

// The audience's picture as the presenter's window shows it: a texture both contexts share,
// with GL's bottom-up rows.
struct AudiencePreview {
  unsigned texture = 0;  // a GL texture name; 0 before the first frame
  PixelSize size;
};

class PlayWindow {
 public:
  // Opens the window (the error says why: no display, no OpenGL 3.3) and starts the player on
  // `file_scene` as options.shown_scene shows it. `dataset` must outlive the window.
  static Result<std::unique_ptr<PlayWindow>> create(const Dataset& dataset, const Scene& file_scene,
                                                    PlayWindowOptions options);
  ~PlayWindow();
  PlayWindow(const PlayWindow&) = delete;
  PlayWindow& operator=(const PlayWindow&) = delete;

  // One frame (see the file comment). False once the window was closed or Ctrl+Q pressed.
  bool run_frame();
  // Frames until closed, or for at most duration_s of real time when given.
  void run(std::optional<double> duration_s = std::nullopt);

  Player& player() { return *player_; }
  const Player& player() const { return *player_; }
  // The window the show is drawn in: the audience's in the presenter view.
  WindowGlContext& window() { return *window_; }
  // The window the panel is drawn in: the presenter's in the presenter view, else window().
  WindowGlContext& panel_window() { return presenter_window_ ? *presenter_window_ : *window_; }
  bool presenter_view() const { return presenter_window_ != nullptr; }
  AudiencePreview audience_preview() const;
  ControlPanel& panel() { return *panel_; }
  FramePacingReport pacing() const { return pacing_.report(); }

  // What the keys do, also called by the panel's buttons.
  void handle_key_down(int sdl_keycode, int sdl_modifiers);
  bool panel_visible() const { return panel_visible_; }
  void set_panel_visible(bool visible) { panel_visible_ = visible; }
  bool help_visible() const { return help_visible_; }
  void set_help_visible(bool visible) { help_visible_ = visible; }
  void toggle_fullscreen();
  bool fullscreen() const;
  void request_screenshot() { screenshot_requested_ = true; }
  // The last screenshot written (its path), or the error that stopped it.
  const std::optional<Result<std::string>>& last_screenshot() const { return last_screenshot_; }

  // The scene as its file holds it (the panel edits this), and applying an edit of it.
  const Scene& file_scene() const { return file_scene_; }
  Status apply_scene(const Scene& file_scene);
  // Loads another scene file and shows it; the error names the file and the field.
  Status load_scene(const std::string& path);
  // Writes the scene to save_path() whole or not at all (scene_to_json, then an atomic rename).
  Status save_scene();
  const std::string& scene_path() const { return options_.scene_path; }
  const std::string& save_path() const { return options_.save_path; }
  void set_save_path(std::string path) { options_.save_path = std::move(path); }
  // Whether the window waits for frame deadlines itself (see the file comment).
  bool paces_itself() const { return paces_itself_; }

 private:
  PlayWindow(const Dataset& dataset, const Scene& file_scene, PlayWindowOptions options);
  void handle_event(const SDL_Event& event);
  Status open_presenter_view();
  void take_screenshot(PixelSize size_px);
  void copy_to_preview(PixelSize size_px);
  void present(double frame_started_s);

  const Dataset* dataset_;
  Scene file_scene_;
  PlayWindowOptions options_;
  std::unique_ptr<WindowGlContext> window_;
  std::unique_ptr<WindowGlContext> presenter_window_;  // the presenter view's second window
  Texture2D preview_texture_;                          // shared by both windows' contexts
  Framebuffer preview_framebuffer_;                    // the audience context's, onto it
  std::unique_ptr<Player> player_;
  std::unique_ptr<ControlPanel> panel_;
  FramePacing pacing_{1.0 / 60};

  bool quit_ = false;
  bool panel_visible_ = true;
  bool help_visible_ = false;
  bool screenshot_requested_ = false;
  int screenshots_taken_ = 0;
  std::optional<Result<std::string>> last_screenshot_;

  double last_frame_s_ = -1;  // when the last frame started, on the steady clock
  bool paces_itself_ = false;
  int early_presents_ = 0;  // of the first frames: presents that came well before a refresh
  int counted_presents_ = 0;
};

}  // namespace hitl
