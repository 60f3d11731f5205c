// The statistics line over a live window: see stats_overlay.hpp.
#include "hitl/ui/stats_overlay.hpp"

#include <SDL.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>

#include "hitl/text/assets_dir.hpp"

namespace hitl {

Result<std::unique_ptr<StatsOverlay>> StatsOverlay::create(WindowGlContext& window) {
  std::unique_ptr<StatsOverlay> overlay(new StatsOverlay);
  overlay->context_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing is written to the current folder
  ImGui::StyleColorsDark();
  // The project's own font, large enough to read from across a room; ImGui's built-in one if
  // the assets are not there (the line is for whoever looks after the machine).
  if (const auto assets = find_assets_dir()) {
    const std::string font = (*assets / "fonts" / "DejaVuSans.ttf").string();
    io.Fonts->AddFontFromFileTTF(font.c_str(), 20.0f);
  }
  overlay->platform_started_ =
      ImGui_ImplSDL2_InitForOpenGL(window.window(), window.sdl_gl_context());
  if (!overlay->platform_started_) {
    return error_at("", 0, 0, "", "ImGui's SDL2 backend did not start");
  }
  overlay->renderer_started_ = ImGui_ImplOpenGL3_Init("#version 330 core");
  if (!overlay->renderer_started_) {
    return error_at("", 0, 0, "", "ImGui's OpenGL 3 backend did not start");
  }
  return overlay;
}

StatsOverlay::~StatsOverlay() {
  ImGui::SetCurrentContext(context_);
  if (renderer_started_) ImGui_ImplOpenGL3_Shutdown();
  if (platform_started_) ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext(context_);
}

void StatsOverlay::handle_event(const SDL_Event& event) {
  ImGui::SetCurrentContext(context_);
  ImGui_ImplSDL2_ProcessEvent(&event);
}

void StatsOverlay::draw(const std::string& line) {
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  ImGui::SetNextWindowPos({12, 12});
  ImGui::SetNextWindowBgAlpha(0.7f);
  ImGui::Begin("statistics", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted(line.c_str());
  ImGui::End();
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace hitl
