// A line of text in the corner of a live window, over the show: the kiosk's statistics (key I).
// Drawn with ImGui, which only src/ui/ sees.
#pragma once

#include <memory>
#include <string>

#include "hitl/base/result.hpp"
#include "hitl/gfx/window_gl_context.hpp"

union SDL_Event;
struct ImGuiContext;

namespace hitl {

class StatsOverlay {
 public:
  // With `window`'s context current; the overlay must go before the window.
  static Result<std::unique_ptr<StatsOverlay>> create(WindowGlContext& window);
  ~StatsOverlay();
  StatsOverlay(const StatsOverlay&) = delete;
  StatsOverlay& operator=(const StatsOverlay&) = delete;

  // Every event the window receives (ImGui keeps its own idea of the display's size and time).
  void handle_event(const SDL_Event& event);
  // Draws `line` into the bound framebuffer, in the top-left corner.
  void draw(const std::string& line);

 private:
  StatsOverlay() = default;
  ImGuiContext* context_ = nullptr;
  bool platform_started_ = false;
  bool renderer_started_ = false;
};

}  // namespace hitl
