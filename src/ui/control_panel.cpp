// The presenter's control panel: see control_panel.hpp.
#include "hitl/ui/control_panel.hpp"

#include <SDL.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "hitl/text/assets_dir.hpp"
#include "hitl/ui/play_window.hpp"

namespace hitl {

namespace {

constexpr float panel_width_pt = 400;
constexpr float panel_font_pt = 17;

ImVec4 to_imgui(const Rgba& colour) {
  return {colour.r, colour.g, colour.b, colour.a};
}
Rgba from_imgui(const ImVec4& colour) {
  return {colour.x, colour.y, colour.z, colour.w};
}

// A colour edit of a scene colour; true when changed.
bool edit_colour(const char* label, Rgba& colour, bool with_alpha) {
  ImVec4 value = to_imgui(colour);
  const ImGuiColorEditFlags flags = ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_NoTooltip;
  const bool changed = with_alpha ? ImGui::ColorEdit4(label, &value.x, flags)
                                  : ImGui::ColorEdit3(label, &value.x, flags);
  if (changed) colour = from_imgui(value);
  return changed;
}

// The characters the panel can show. ImGui draws each code point's glyph as it is, without
// shaping, so the worker list shows Bengali, Devanagari and Tamil letters in stored order (legible
// for names and cities; a pre-base vowel sign shows after its consonant, where the renderer's
// shaped cards show it before). Ranges are pairs of first and last code point, ended by 0.
constexpr ImWchar dejavu_ranges[] = {
    0x0020, 0x024F,  // Latin, Latin-1, Latin Extended-A and -B (ł, ő, ș)
    0x0370, 0x03FF,  // Greek
    0x0400, 0x052F,  // Cyrillic
    0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese)
    0x2000, 0x206F,  // punctuation: curly quotes, dashes, ellipsis
    0x20A0, 0x20CF,  // currency signs (₹, €)
    0x2190, 0x21FF,  // arrows
    0x25A0, 0x25FF,  // geometric shapes
    0,
};
struct MergedFont {
  const char* file;
  ImWchar ranges[3];
};
// Lohit's letters are drawn small in their em: at 1.2 times the size their headline stands near
// DejaVu's capitals.
constexpr float merged_font_scale = 1.2f;
constexpr MergedFont merged_fonts[] = {
    {"Lohit-Devanagari.ttf", {0x0900, 0x097F, 0}},
    {"Lohit-Bengali.ttf", {0x0980, 0x09FF, 0}},
    {"Lohit-Tamil.ttf", {0x0B80, 0x0BFF, 0}},
};

// Loads the panel's font from assets/fonts: DejaVu Sans with the Lohit fonts merged into it.
Status load_panel_font(ImGuiIO& io) {
  auto assets = find_assets_dir();
  if (!assets) return assets.error();
  const std::string main_font = (*assets / "fonts" / "DejaVuSans.ttf").string();
  if (io.Fonts->AddFontFromFileTTF(main_font.c_str(), panel_font_pt, nullptr, dejavu_ranges) ==
      nullptr) {
    return error_at(main_font, 0, 0, "", "ImGui could not load the panel's font");
  }
  ImFontConfig merge;
  merge.MergeMode = true;
  for (const MergedFont& font : merged_fonts) {
    const std::string path = (*assets / "fonts" / font.file).string();
    if (io.Fonts->AddFontFromFileTTF(path.c_str(), panel_font_pt * merged_font_scale, &merge,
                                     font.ranges) == nullptr) {
      return error_at(path, 0, 0, "", "ImGui could not load the panel's fallback font");
    }
  }
  return Done{};
}

std::string format_time(double seconds) {
  char text[32];
  const auto whole = static_cast<long long>(seconds);
  std::snprintf(text, sizeof text, "%lld:%02lld.%d", whole / 60, whole % 60,
                static_cast<int>((seconds - static_cast<double>(whole)) * 10));
  return text;
}

}  // namespace

ControlPanel::ControlPanel(PlayWindow& window) : window_(&window) {}

ControlPanel::~ControlPanel() {
  if (context_ == nullptr) return;
  ImGui::SetCurrentContext(context_);
  if (renderer_started_) ImGui_ImplOpenGL3_Shutdown();
  if (platform_started_) ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext(context_);
}

Result<std::unique_ptr<ControlPanel>> ControlPanel::create(PlayWindow& window) {
  std::unique_ptr<ControlPanel> panel(new ControlPanel(window));
  panel->context_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the panel's layout is fixed; nothing is written to the cwd
  ImGui::StyleColorsDark();
  if (Status loaded = load_panel_font(io); !loaded) return loaded.error();
  WindowGlContext& context = window.panel_window();
  panel->platform_started_ =
      ImGui_ImplSDL2_InitForOpenGL(context.window(), context.sdl_gl_context());
  if (!panel->platform_started_) {
    return error_at("", 0, 0, "", "ImGui's SDL2 backend did not start");
  }
  panel->renderer_started_ = ImGui_ImplOpenGL3_Init("#version 330 core");
  if (!panel->renderer_started_) {
    return error_at("", 0, 0, "", "ImGui's OpenGL 3 backend did not start");
  }
  panel->scene_file_field_ = window.scene_path();
  panel->save_file_field_ = window.save_path();
  return panel;
}

bool ControlPanel::can_show(char32_t code_point) const {
  ImGui::SetCurrentContext(context_);
  return code_point <= IM_UNICODE_CODEPOINT_MAX &&
         ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(code_point)) !=
             nullptr;
}

bool ControlPanel::handle_event(const SDL_Event& event) {
  ImGui::SetCurrentContext(context_);
  switch (event.type) {
    case SDL_MOUSEMOTION:
      pointer_x_ = static_cast<float>(event.motion.x);
      pointer_y_ = static_cast<float>(event.motion.y);
      break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      pointer_x_ = static_cast<float>(event.button.x);
      pointer_y_ = static_cast<float>(event.button.y);
      if (event.button.button == SDL_BUTTON_LEFT) {
        button_down_ = event.type == SDL_MOUSEBUTTONDOWN;
        // A press and release within one frame still counts as a click.
        if (button_down_) button_pressed_since_frame_ = true;
      }
      break;
    case SDL_WINDOWEVENT:
      if (event.window.event == SDL_WINDOWEVENT_LEAVE) pointer_x_ = pointer_y_ = -1;
      break;
    default:
      break;
  }
  ImGui_ImplSDL2_ProcessEvent(&event);
  const bool is_key = event.type == SDL_KEYDOWN || event.type == SDL_KEYUP;
  return is_key && ImGui::GetIO().WantTextInput;
}

void ControlPanel::build(bool panel_visible, bool help_visible) {
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = pointer_x_ >= 0 ? ImVec2(pointer_x_, pointer_y_) : ImVec2(-FLT_MAX, -FLT_MAX);
  io.MouseDown[0] = button_down_ || button_pressed_since_frame_;
  button_pressed_since_frame_ = false;
  ImGui::NewFrame();
  control_rects_.clear();
  if (panel_visible) build_panel();
  if (window_->presenter_view()) build_audience_view();
  if (help_visible) build_help();
  ImGui::Render();
}

void ControlPanel::draw() {
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void ControlPanel::remember(const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 size = ImGui::GetItemRectSize();
  control_rects_[name] = {min.x, min.y, size.x, size.y};
}

void ControlPanel::remember_window(const std::string& name) {
  const ImVec2 position = ImGui::GetWindowPos();
  const ImVec2 size = ImGui::GetWindowSize();
  control_rects_[name] = {position.x, position.y, size.x, size.y};
}

void ControlPanel::apply(const Scene& edited) {
  if (Status applied = window_->apply_scene(edited); !applied) {
    message_ = applied.error().to_string();
  }
}

void ControlPanel::report(const Status& status, const std::string& done) {
  message_ = status ? done : status.error().to_string();
}

void ControlPanel::build_panel() {
  ImGui::SetNextWindowPos(ImVec2(12, 12), ImGuiCond_Always);
  ImGui::SetNextWindowSizeConstraints(ImVec2(panel_width_pt, 0),
                                      ImVec2(panel_width_pt, ImGui::GetIO().DisplaySize.y - 24));
  ImGui::SetNextWindowBgAlpha(0.88f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove;
  if (ImGui::Begin("hitl play  (H hides, F1 keys)", nullptr, flags)) {
    build_playback();
    build_cues();
    build_layers();
    build_workers();
    build_style();
    build_scene_file();
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
  }
  remember_window("panel");
  ImGui::End();
}

void ControlPanel::build_playback() {
  Player& player = window_->player();
  if (ImGui::Button(player.playing() ? "Pause" : "Play", ImVec2(80, 0))) player.toggle_playing();
  remember("play");
  ImGui::SameLine();
  if (ImGui::Button("<")) player.step(-1);
  remember("step_back");
  ImGui::SameLine();
  if (ImGui::Button(">")) player.step(+1);
  remember("step_forward");
  ImGui::SameLine();
  if (ImGui::Button("Screenshot")) window_->request_screenshot();
  remember("screenshot");

  const FrameState state = player.state();
  const Timeline& timeline = player.timeline();
  ImGui::Text("%s  pass %d  frame %d", format_time(player.time_s()).c_str(), state.loop_index + 1,
              state.current_frame);

  // The show so far and the rest of this pass with the cards after it.
  auto show_time = static_cast<float>(player.time_s());
  const auto show_end = static_cast<float>(timeline.pass_start_s(state.loop_index + 1));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderFloat("##time", &show_time, 0, show_end, "time %.1f s")) {
    player.seek(show_time);
  }
  remember("time");
  const auto frames = timeline.frames();
  int position = state.current_position;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderInt(
          "##frame", &position, 0, static_cast<int>(frames.size()) - 1,
          ("frame " + std::to_string(frames[static_cast<std::size_t>(position)])).c_str())) {
    player.seek_frame(frames[static_cast<std::size_t>(position)]);
  }
  remember("frame");
  auto speed = static_cast<float>(player.speed());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(min_speed),
                         static_cast<float>(max_speed), "speed %.2fx",
                         ImGuiSliderFlags_Logarithmic)) {
    player.set_speed(speed);
  }
  remember("speed");
}

void ControlPanel::build_layers() {
  if (!ImGui::CollapsingHeader("Layers and classes", ImGuiTreeNodeFlags_DefaultOpen)) return;
  Scene edited = window_->file_scene();
  SceneLayers& layers = edited.layers;
  bool changed = false;
  const struct {
    const char* label;
    const char* name;
    bool* value;
  } toggles[] = {
      {"Frame", "layer_frame", &layers.frame},          {"Masks", "layer_masks", &layers.masks},
      {"Boxes", "layer_boxes", &layers.boxes},          {"Cards", "layer_cards", &layers.cards},
      {"Rejected", "layer_rejected", &layers.rejected}, {"HUD", "layer_hud", &layers.hud}};
  int column = 0;
  for (const auto& toggle : toggles) {
    if (column++ % 3 != 0) ImGui::SameLine(12 + 120.0f * static_cast<float>((column - 1) % 3));
    changed |= ImGui::Checkbox(toggle.label, toggle.value);
    remember(toggle.name);
  }
  column = 0;
  for (const Category& category : window_->player().dataset().categories()) {
    bool shown = !class_hidden(edited, category.id);
    if (column++ % 2 != 0) ImGui::SameLine(12 + 180.0f);
    ImGui::PushID(category.id);
    const Rgba colour = class_colour(edited, category);
    ImGui::PushStyleColor(ImGuiCol_CheckMark, to_imgui({colour.r, colour.g, colour.b, 1}));
    if (ImGui::Checkbox(category.name.c_str(), &shown)) {
      changed = true;
      auto& hidden = edited.style.hidden_classes;
      std::erase(hidden, category.id);
      if (!shown) hidden.push_back(category.id);
    }
    ImGui::PopStyleColor();
    ImGui::PopID();
    remember("class_" + std::to_string(category.id));
  }
  if (const auto cue = window_->player().current_cue(); cue && !changed) {
    const SceneLayers shown = window_->player().shown_layers();
    if (shown != edited.layers) ImGui::TextDisabled("The cue sets other layers; a click here wins");
  }
  if (changed) {
    window_->player().clear_cue_layers();  // what the presenter clicks is what shows
    apply(edited);
  }
}

void ControlPanel::build_audience_view() {
  const Player& player = window_->player();
  const std::vector<SceneCue>& cues = player.scene().cues;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float left = 12 + panel_width_pt + 12;
  ImGui::SetNextWindowPos(ImVec2(left, 12), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(std::max(display.x - left - 12, 100.0f), display.y - 24),
                           ImGuiCond_Always);
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;
  if (ImGui::Begin("Audience", nullptr, flags)) {
    const auto cue = player.current_cue();
    if (cue) {
      const SceneCue& current = cues[static_cast<std::size_t>(*cue)];
      ImGui::Text("Now: %d  %s", *cue + 1, current.name.c_str());
      if (!current.caption.empty()) ImGui::TextWrapped("Caption: %s", current.caption.c_str());
    } else {
      ImGui::TextUnformatted(cues.empty() ? "Now: the show (the scene has no cues)"
                                          : "Now: the show, before the first cue");
    }
    remember("current_cue");
    if (const auto next = player.next_cue_index()) {
      ImGui::Text("Next: %d  %s", *next + 1, cues[static_cast<std::size_t>(*next)].name.c_str());
    } else {
      ImGui::TextDisabled("Next: none");
    }
    remember("next_cue");
    ImGui::Separator();
    const AudiencePreview preview = window_->audience_preview();
    if (preview.texture != 0) {
      // As large as the window allows, in the audience's proportions; GL's rows are bottom-up.
      const ImVec2 room = ImGui::GetContentRegionAvail();
      const float aspect =
          static_cast<float>(preview.size.width_px) / static_cast<float>(preview.size.height_px);
      const float width = std::min(room.x, room.y * aspect);
      ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(preview.texture)),
                   ImVec2(width, width / aspect), ImVec2(0, 1), ImVec2(1, 0));
      remember("preview");
    }
  }
  remember_window("audience");
  ImGui::End();
}

void ControlPanel::build_cues() {
  Player& player = window_->player();
  const std::vector<SceneCue>& cues = player.scene().cues;
  if (cues.empty()) return;
  if (!ImGui::CollapsingHeader("Cues (Page Down / Page Up)", ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  const auto rows = static_cast<float>(std::min<std::size_t>(cues.size(), 6));
  if (ImGui::BeginListBox("##cues", ImVec2(-1, rows * ImGui::GetTextLineHeightWithSpacing()))) {
    for (std::size_t i = 0; i < cues.size(); ++i) {
      const int index = static_cast<int>(i);
      ImGui::PushID(index);
      const std::string label = std::to_string(i + 1) + "  " + cues[i].name;
      if (ImGui::Selectable(label.c_str(), player.current_cue() == index)) player.apply_cue(index);
      ImGui::PopID();
      remember("cue_" + std::to_string(i));
    }
    ImGui::EndListBox();
  }
  const auto next = player.next_cue_index();
  ImGui::TextWrapped("Next: %s", next ? cues[static_cast<std::size_t>(*next)].name.c_str()
                                      : "(the last cue is on)");
}

void ControlPanel::build_workers() {
  if (!ImGui::CollapsingHeader("Workers", ImGuiTreeNodeFlags_DefaultOpen)) return;
  Player& player = window_->player();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##search", "ID, city or status (rejected)", &search_query_)) {
    matches_stale_ = true;
  }
  remember("search");
  if (matches_stale_) {
    matches_ =
        find_workers(player.dataset(), player.scene(), player.timeline().frames(), search_query_);
    matches_stale_ = false;
  }
  ImGui::Text("%zu contribution%s", matches_.size(), matches_.size() == 1 ? "" : "s");
  if (ImGui::BeginListBox("##matches", ImVec2(-1, 6 * ImGui::GetTextLineHeightWithSpacing()))) {
    // Only the rows in view are built: a dataset may have thousands of contributions.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(matches_.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const WorkerMatch& match = matches_[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        if (ImGui::Selectable(match.summary().c_str(),
                              player.held_submission() == match.submission)) {
          player.hold(match.submission);
        }
        ImGui::PopID();
        remember("match_" + std::to_string(i));
      }
    }
    ImGui::EndListBox();
  }
  if (const auto held = player.held_submission()) {
    const Submission& submission = player.dataset().submissions()[static_cast<std::size_t>(*held)];
    ImGui::Text("Holding %s", displayed_worker_id(player.scene(), submission.worker_id).c_str());
    ImGui::SameLine();
    if (ImGui::Button("Release")) player.release();
    remember("release");
  }
}

void ControlPanel::build_style() {
  if (!ImGui::CollapsingHeader("Style and timing")) return;
  Scene edited = window_->file_scene();
  SceneStyle& style = edited.style;
  bool changed = false;
  changed |= edit_colour("Background", style.background, false);
  ImGui::SameLine(200);
  changed |= edit_colour("Rejected", style.rejected_colour, false);
  changed |= edit_colour("Text", style.text_colour, false);
  ImGui::SameLine(200);
  changed |= edit_colour("Card", style.card_colour, true);
  int column = 0;
  for (const Category& category : window_->player().dataset().categories()) {
    Rgba colour = class_colour(edited, category);
    if (column++ % 2 != 0) ImGui::SameLine(200);
    ImGui::PushID(category.id);
    if (edit_colour(category.name.c_str(), colour, false)) {
      style.class_colours[category.id] = colour;
      changed = true;
    }
    ImGui::PopID();
  }
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::SliderFloat("Mask opacity", &style.mask_opacity, 0, 1, "%.2f");
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::SliderFloat("Box lines", &style.box_line_px, 0.5f, 12, "%.1f px");
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::SliderFloat("Card text", &style.text_size_px, 8, 48, "%.0f px");
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::SliderFloat("Card title", &style.title_size_px, 8, 64, "%.0f px");
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::SliderFloat("Totals text", &style.hud_size_px, 8, 48, "%.0f px");

  SceneTiming& timing = edited.timing;
  auto seconds_per_frame = static_cast<float>(timing.seconds_per_frame);
  ImGui::SetNextItemWidth(200);
  if (ImGui::SliderFloat("s per frame", &seconds_per_frame, 0.25f, 20, "%.2f s",
                         ImGuiSliderFlags_Logarithmic)) {
    timing.seconds_per_frame = seconds_per_frame;
    // The cross-fade must stay shorter than a frame.
    timing.transition_s = std::min(timing.transition_s, 0.9 * timing.seconds_per_frame);
    changed = true;
  }
  remember("seconds_per_frame");
  auto transition = static_cast<float>(timing.transition_s);
  ImGui::SetNextItemWidth(200);
  if (ImGui::SliderFloat("Cross-fade", &transition, 0,
                         static_cast<float>(0.9 * timing.seconds_per_frame), "%.2f s")) {
    timing.transition_s = transition;
    changed = true;
  }
  ImGui::Text("Each card is readable for %.1f s", edited.card_readable_s());
  if (changed) apply(edited);
}

void ControlPanel::build_scene_file() {
  if (!ImGui::CollapsingHeader("Scene file")) return;
  ImGui::SetNextItemWidth(-70);
  ImGui::InputTextWithHint("##scene", "path/to/scene.json", &scene_file_field_);
  remember("scene_path");
  ImGui::SameLine();
  if (ImGui::Button("Load", ImVec2(-1, 0))) {
    const Status loaded = window_->load_scene(scene_file_field_);
    report(loaded, "showing " + scene_file_field_);
    if (loaded) {
      save_file_field_ = window_->save_path();
      matches_stale_ = true;
    }
  }
  remember("load_scene");
  ImGui::SetNextItemWidth(-70);
  if (ImGui::InputText("##save", &save_file_field_)) window_->set_save_path(save_file_field_);
  remember("save_path");
  ImGui::SameLine();
  if (ImGui::Button("Save", ImVec2(-1, 0))) {
    report(window_->save_scene(), "saved " + window_->save_path());
  }
  remember("save_scene");
}

void ControlPanel::build_help() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse;
  if (ImGui::Begin("Keys", nullptr, flags)) {
    static constexpr const char* keys[][2] = {
        {"Page Down", "next cue (without cues: next frame)"},
        {"Page Up", "previous cue (without cues: previous frame)"},
        {"Right", "next frame (pauses)"},
        {"Left", "previous frame (pauses)"},
        {"Space", "play / pause"},
        {"Home", "back to the start of the show, before the first cue"},
        {"F", "fullscreen on / off"},
        {"H", "hide / show the panel"},
        {"S", "screenshot to PNG (without the panel)"},
        {"F1, ?", "this list"},
        {"Escape", "close this list, else release the held worker"},
        {"Ctrl+Q", "quit"}};
    if (ImGui::BeginTable("keys", 2)) {
      for (const auto& [key, action] : keys) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(key);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(action);
      }
      ImGui::EndTable();
    }
  }
  remember_window("help");
  ImGui::End();
}

}  // namespace hitl
