// The presenter's control panel: a Dear ImGui layer drawn over the show in `hitl play`. It only
// reads and drives a PlayWindow (its Player and scene); the show is drawn without it, so a
// screenshot, an export or the kiosk never contain it.
//
// ImGui 1.86's SDL2 backend reads the pointer by asking the window system where it is, and only
// while SDL believes the window has focus or the pointer; under a window system without a window
// manager (a kiosk box, Xvfb) that belief is unreliable, and events pushed into SDL's queue are
// never seen at all. The panel therefore takes the pointer from the mouse events themselves.
//
// Threads: the main thread, with the window's GL context current.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/live/worker_search.hpp"

union SDL_Event;
struct ImGuiContext;

namespace hitl {

class PlayWindow;

// Where a control was drawn in the last frame, in window points (top-left origin).
struct PanelRect {
  float x = 0, y = 0, width = 0, height = 0;
  float centre_x() const { return x + width / 2; }
  float centre_y() const { return y + height / 2; }
};

class ControlPanel {
 public:
  // Starts ImGui on the window (its SDL2 and OpenGL 3 backends) with DejaVu Sans from the assets,
  // and Lohit's Devanagari, Bengali and Tamil merged into it.
  static Result<std::unique_ptr<ControlPanel>> create(PlayWindow& window);
  ~ControlPanel();
  ControlPanel(const ControlPanel&) = delete;
  ControlPanel& operator=(const ControlPanel&) = delete;

  // Gives an event to ImGui. True when ImGui keeps it (keys while a text field is active).
  bool handle_event(const SDL_Event& event);
  // Starts ImGui's frame and builds the panel (when visible) and the key list (when asked).
  void build(bool panel_visible, bool help_visible);
  // Draws what build() made into the current framebuffer.
  void draw();

  // Where each control was in the last build, by name ("play", "step_forward", "layer_masks",
  // "class_1", "search", "match_0", "cue_0", "screenshot", "preview", ...; the windows "panel",
  // "audience" and "help"): for tests that click them.
  const std::map<std::string, PanelRect>& control_rects() const { return control_rects_; }
  // Whether the panel's font has a glyph for the character (it shows "?" for those it lacks).
  bool can_show(char32_t code_point) const;
  // The last action's outcome, shown at the panel's foot ("saved scene.json").
  const std::string& message() const { return message_; }

 private:
  explicit ControlPanel(PlayWindow& window);
  void build_panel();
  void build_playback();
  void build_cues();
  void build_audience_view();  // the presenter view's current and next cue and preview
  void build_layers();
  void build_workers();
  void build_scene_file();
  void build_style();
  void build_help();
  void remember(const std::string& name);         // the last item's place
  void remember_window(const std::string& name);  // the current window's place
  void apply(const Scene& edited);
  void report(const Status& status, const std::string& done);

  PlayWindow* window_;
  ImGuiContext* context_ = nullptr;
  bool platform_started_ = false, renderer_started_ = false;
  // The pointer, from events (see the file comment).
  float pointer_x_ = -1, pointer_y_ = -1;
  bool button_down_ = false, button_pressed_since_frame_ = false;

  std::map<std::string, PanelRect> control_rects_;
  std::string message_;
  std::string search_query_;
  std::vector<WorkerMatch> matches_;
  bool matches_stale_ = true;
  std::string scene_file_field_;
  std::string save_file_field_;
};

}  // namespace hitl
