// The presenter's window under a private Xvfb, driven by synthetic input pushed into SDL's
// queue, as a presenter's keyboard, clicker and mouse would: keys, clicks on the panel's
// controls (placed where the panel reports them), the screenshot without the panel.
#include <catch2/catch.hpp>

#include <SDL.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "hitl/base/text.hpp"
#include "hitl/frames/frame_source.hpp"
#include "hitl/ui/control_panel.hpp"
#include "hitl/ui/play_window.hpp"
#include "support/render_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/xvfb.hpp"

namespace {

// Xvfb's screen: the window fills it, so a picture of the screen is a picture of the window.
constexpr int screen_width = 1280, screen_height = 720;

// The fixture's frames 1 to 4 with no title cards; with cues, two: frames 2 to 3 with a caption,
// then frame 4's rejected worker.
hitl::Scene test_scene(const hitl::Dataset& dataset, bool with_cues) {
  hitl::Scene scene = hitl::Scene::defaults();
  scene.text_cards = {};
  if (!with_cues) return scene;
  std::string rejected_worker;
  for (const hitl::Submission& submission : dataset.submissions()) {
    if (submission.frame_number == 4 && submission.status == hitl::AssignmentStatus::rejected) {
      rejected_worker = submission.worker_id;
    }
  }
  scene.cues = {{"Two frames", "", hitl::CueFrames{2, 3}, {}, 0.5, "Two frames, two workers"},
                {"Rejected", rejected_worker, std::nullopt, {}, std::nullopt, "Rejected, unpaid"}};
  return scene;
}

struct WindowSetup {
  bool with_cues = false;
  bool presenter = false;
  std::vector<std::string> screens = {"1280x720x24"};
};

struct WindowFixture {
  explicit WindowFixture(const WindowSetup& setup = {})
      : fixture(hitl::test::make_render_fixture()) {
    xvfb = hitl::test::start_xvfb(setup.screens);
    hitl::PlayWindowOptions options;
    options.size = {screen_width, screen_height};
    options.scene_path = dir / "scene.json";
    options.screenshot_dir = dir.path().string();
    options.presenter = setup.presenter;
    if (setup.presenter) options.audience_display = 0;
    auto made = hitl::PlayWindow::create(fixture.dataset,
                                         test_scene(fixture.dataset, setup.with_cues), options);
    if (!made) FAIL("no play window: " << made.error().to_string());
    window = std::move(*made);
    // ImGui sizes an auto-fitting window at the end of its first frame: from the second on, every
    // control is where it stays.
    window->run_frame();
    window->run_frame();
  }
  ~WindowFixture() { window.reset(); }

  void push_key(SDL_Keycode key, SDL_Scancode scancode, Uint16 modifiers = KMOD_NONE) {
    for (const Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
      SDL_Event event{};
      event.type = type;
      event.key.windowID = SDL_GetWindowID(window->window().window());
      event.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
      event.key.keysym.sym = key;
      event.key.keysym.scancode = scancode;
      event.key.keysym.mod = modifiers;
      REQUIRE(SDL_PushEvent(&event) == 1);
    }
    window->run_frame();
  }

  // Moves the pointer onto the control and clicks it, then draws a frame for the click to act.
  void click(const std::string& control) {
    const auto& rects = window->panel().control_rects();
    const auto found = rects.find(control);
    INFO("clicking " << control << " among " << rects.size() << " controls");
    REQUIRE(found != rects.end());
    const auto x = static_cast<Sint32>(found->second.centre_x());
    const auto y = static_cast<Sint32>(found->second.centre_y());
    const Uint32 id = SDL_GetWindowID(window->panel_window().window());
    SDL_Event motion{};
    motion.type = SDL_MOUSEMOTION;
    motion.motion.windowID = id;
    motion.motion.x = x;
    motion.motion.y = y;
    REQUIRE(SDL_PushEvent(&motion) == 1);
    window->run_frame();  // ImGui sees the pointer over the control first, as with a real mouse
    for (const Uint32 type : {SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONUP}) {
      SDL_Event button{};
      button.type = type;
      button.button.windowID = id;
      button.button.button = SDL_BUTTON_LEFT;
      button.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
      button.button.clicks = 1;
      button.button.x = x;
      button.button.y = y;
      REQUIRE(SDL_PushEvent(&button) == 1);
      window->run_frame();
    }
  }

  hitl::test::RenderFixture fixture;
  hitl::test::TempDir dir;
  std::unique_ptr<hitl::test::Xvfb> xvfb;
  std::unique_ptr<hitl::PlayWindow> window;
};

// The mean absolute difference of two RGBA images over a rectangle, per channel, 0..255.
double mean_difference(const hitl::DecodedFrame& a, const hitl::DecodedFrame& b, int x0, int y0,
                       int width, int height) {
  double sum = 0;
  for (int y = y0; y < y0 + height; ++y) {
    for (int x = x0; x < x0 + width; ++x) {
      for (int c = 0; c < 3; ++c) {
        const auto i = (static_cast<std::size_t>(y) * a.width_px + x) * 4 + c;
        sum += std::abs(static_cast<int>(a.rgba[i]) - static_cast<int>(b.rgba[i]));
      }
    }
  }
  return sum / (3.0 * width * height);
}

hitl::DecodedFrame decode_png(const std::string& path) {
  auto decoded = hitl::decode_frame_file(path, 0, 0);
  if (!decoded) FAIL(decoded.error().to_string());
  return std::move(*decoded);
}

// Screen `screen` of the private X server as it shows it (ImageMagick's import reads the root
// window).
hitl::DecodedFrame screen_picture(const hitl::test::Xvfb& xvfb, int screen,
                                  const std::string& path) {
  const std::string command =
      "import -display " + xvfb.screen(screen) + " -window root " + path + " 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  return decode_png(path);
}

// The mean of each colour channel over a rectangle, 0..255.
std::array<double, 3> mean_colour(const hitl::DecodedFrame& image, int x0, int y0, int width,
                                  int height) {
  std::array<double, 3> sum{};
  for (int y = y0; y < y0 + height; ++y) {
    for (int x = x0; x < x0 + width; ++x) {
      for (int c = 0; c < 3; ++c) {
        sum[static_cast<std::size_t>(c)] +=
            image.rgba[(static_cast<std::size_t>(y) * image.width_px + x) * 4 + c];
      }
    }
  }
  for (double& channel : sum) channel /= static_cast<double>(width) * height;
  return sum;
}

}  // namespace

TEST_CASE("Space pauses and plays; Right and Left step one frame", "[play][gl][window]") {
  WindowFixture f;
  hitl::Player& player = f.window->player();
  REQUIRE(player.playing());
  f.push_key(SDLK_SPACE, SDL_SCANCODE_SPACE);
  CHECK_FALSE(player.playing());
  f.push_key(SDLK_SPACE, SDL_SCANCODE_SPACE);
  CHECK(player.playing());
  const int first = player.state().current_frame;
  f.push_key(SDLK_RIGHT, SDL_SCANCODE_RIGHT);
  CHECK_FALSE(player.playing());  // a step holds the frame it lands on
  CHECK(player.state().current_frame == first + 1);
  f.push_key(SDLK_PAGEDOWN, SDL_SCANCODE_PAGEDOWN);
  CHECK(player.state().current_frame == first + 2);
  f.push_key(SDLK_LEFT, SDL_SCANCODE_LEFT);
  f.push_key(SDLK_PAGEUP, SDL_SCANCODE_PAGEUP);
  CHECK(player.state().current_frame == first);
}

TEST_CASE("The real clock, not the number of frames drawn, moves the show", "[play][gl][window]") {
  WindowFixture f;
  hitl::Player& player = f.window->player();
  const double before_s = player.time_s();
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  f.window->run_frame();  // one frame after 0.6 s: the show is 0.6 s on, not one frame on
  CHECK(player.time_s() - before_s >= 0.6);
  CHECK(player.time_s() - before_s < 0.6 + 2.0);  // slack for a slow frame on a busy machine
}

TEST_CASE("F switches fullscreen on and off", "[play][gl][window]") {
  WindowFixture f;
  REQUIRE_FALSE(f.window->fullscreen());
  f.push_key(SDLK_f, SDL_SCANCODE_F);
  CHECK(f.window->fullscreen());
  f.push_key(SDLK_f, SDL_SCANCODE_F);
  CHECK_FALSE(f.window->fullscreen());
}

TEST_CASE("Loading a scene file that is not there is refused naming it; the show goes on",
          "[play][gl][window]") {
  WindowFixture f;
  const hitl::Scene before = f.window->file_scene();
  const std::string missing = f.dir / "missing.json";
  const hitl::Status loaded = f.window->load_scene(missing);
  REQUIRE_FALSE(loaded.ok());
  CHECK_THAT(loaded.error().to_string(), Catch::Contains(missing));
  CHECK(f.window->file_scene() == before);
  CHECK(f.window->run_frame());
}

TEST_CASE("The panel's font has the letters of the workers' cities and of the money signs",
          "[play][gl][window]") {
  WindowFixture f;
  const hitl::ControlPanel& panel = f.window->panel();
  CHECK(panel.can_show(U'a'));
  CHECK(panel.can_show(U'\u0142'));  // ł, Łódź
  CHECK(panel.can_show(U'\u1EA1'));  // ạ, Vietnamese
  CHECK(panel.can_show(U'\u201C'));  // “
  CHECK(panel.can_show(U'\u20B9'));  // ₹
  CHECK(panel.can_show(U'\u09A2'));  // ঢ, ঢাকা (Dhaka)
  CHECK(panel.can_show(U'\u0926'));  // द, दिल्ली (Delhi)
  CHECK(panel.can_show(U'\u0B9A'));  // ச, சென்னை (Chennai)
  // Chinese, Japanese and Korean are not loaded into the panel (the cards draw them).
  CHECK_FALSE(panel.can_show(U'\u4E2D'));
}

TEST_CASE("H hides the panel and F1 shows the list of keys", "[play][gl][window]") {
  WindowFixture f;
  CHECK(f.window->panel().control_rects().count("panel") == 1);
  f.push_key(SDLK_h, SDL_SCANCODE_H);
  CHECK_FALSE(f.window->panel_visible());
  CHECK(f.window->panel().control_rects().count("panel") == 0);
  f.push_key(SDLK_F1, SDL_SCANCODE_F1);
  CHECK(f.window->help_visible());
  CHECK(f.window->panel().control_rects().count("help") == 1);
  f.push_key(SDLK_ESCAPE, SDL_SCANCODE_ESCAPE);
  CHECK_FALSE(f.window->help_visible());
  f.push_key(SDLK_h, SDL_SCANCODE_H);
  CHECK(f.window->panel_visible());
}

TEST_CASE("Clicks on the panel pause the show, step it and turn a layer and a class off",
          "[play][gl][window]") {
  WindowFixture f;
  hitl::Player& player = f.window->player();
  f.click("play");
  CHECK_FALSE(player.playing());
  const int paused_on = player.state().current_frame;
  f.click("step_forward");
  CHECK(player.state().current_frame == paused_on + 1);
  f.click("layer_masks");
  CHECK_FALSE(f.window->file_scene().layers.masks);
  CHECK_FALSE(player.scene().layers.masks);
  f.click("class_2");
  CHECK(f.window->file_scene().style.hidden_classes == std::vector<int>{2});
  f.click("layer_masks");
  CHECK(player.scene().layers.masks);
}

TEST_CASE("Picking a rejected worker from the search holds the show on their frame",
          "[play][gl][window]") {
  WindowFixture f;
  hitl::Player& player = f.window->player();
  f.click("match_2");  // frames 1, 2, 2, ...: the third contribution is frame 2's rejected one
  REQUIRE(player.held_submission().has_value());
  const auto& held =
      f.fixture.dataset.submissions()[static_cast<std::size_t>(*player.held_submission())];
  CHECK(held.status == hitl::AssignmentStatus::rejected);
  CHECK_FALSE(player.playing());
  CHECK(player.state().current_frame == held.frame_number);
  REQUIRE(player.state().cards.size() == 1);
  f.click("release");
  CHECK_FALSE(player.held_submission().has_value());
}

TEST_CASE("Save writes the edited scene to its file, which reads back equal",
          "[play][gl][window]") {
  WindowFixture f;
  f.click("layer_hud");
  REQUIRE_FALSE(f.window->file_scene().layers.hud);
  REQUIRE(f.window->save_scene().ok());
  auto saved = hitl::load_scene_file(f.window->save_path());
  REQUIRE(saved.ok());
  CHECK(*saved == f.window->file_scene());
}

TEST_CASE("S takes a screenshot of the show without the panel that is on screen",
          "[play][gl][window]") {
  WindowFixture f;
  f.push_key(SDLK_SPACE, SDL_SCANCODE_SPACE);  // paused: the screen keeps the same picture
  f.push_key(SDLK_s, SDL_SCANCODE_S);
  f.window->run_frame();  // one more present of the same picture: the X server surely has it
  const auto& shot = f.window->last_screenshot();
  REQUIRE(shot.has_value());
  REQUIRE(shot->ok());
  const hitl::DecodedFrame screenshot = decode_png(shot->value());
  REQUIRE(screenshot.width_px == screen_width);
  REQUIRE(screenshot.height_px == screen_height);

  // The screen as the X server shows it (ImageMagick's import reads the root window).
  const std::string screen_path = f.dir / "screen.png";
  const std::string command =
      "import -display " + f.xvfb->display() + " -window root " + screen_path + " 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  const hitl::DecodedFrame screen = decode_png(screen_path);
  REQUIRE(screen.width_px == screen_width);

  const hitl::PanelRect panel = f.window->panel().control_rects().at("panel");
  const int px = static_cast<int>(panel.x) + 4, py = static_cast<int>(panel.y) + 4;
  const int pw = static_cast<int>(panel.width) - 8, ph = static_cast<int>(panel.height) - 8;
  INFO("panel at " << px << "," << py << " " << pw << "x" << ph);
  // The panel is on screen but not in the screenshot; elsewhere the two are the same picture
  // (a few levels of slack: the window system may dither nothing, but rounding is allowed).
  CHECK(mean_difference(screen, screenshot, px, py, pw, ph) > 10);
  const int right_x = static_cast<int>(panel.x + panel.width) + 20;
  CHECK(mean_difference(screen, screenshot, right_x, 100, screen_width - right_x - 20, 500) < 1);
}

// ---------------------------------------------------------------------------------------------
// Cues

TEST_CASE("With cues, Page Down and Page Up step through them and the panel lists them",
          "[play][gl][window][cues]") {
  WindowFixture f({.with_cues = true});
  hitl::Player& player = f.window->player();
  REQUIRE(f.window->panel().control_rects().count("cue_1") == 1);
  f.push_key(SDLK_PAGEDOWN, SDL_SCANCODE_PAGEDOWN);
  CHECK(player.current_cue() == 0);
  CHECK(player.state().current_frame == 2);
  CHECK(player.speed() == 0.5);
  CHECK(player.playing());
  f.push_key(SDLK_PAGEDOWN, SDL_SCANCODE_PAGEDOWN);
  CHECK(player.current_cue() == 1);
  CHECK(player.held_submission().has_value());
  CHECK(player.state().current_frame == 4);
  f.push_key(SDLK_PAGEUP, SDL_SCANCODE_PAGEUP);
  CHECK(player.current_cue() == 0);
  f.push_key(SDLK_RIGHT, SDL_SCANCODE_RIGHT);  // the arrows still step frames
  CHECK(player.current_cue() == 0);
  CHECK(player.state().current_frame == 3);
  f.click("cue_1");
  CHECK(player.current_cue() == 1);
  f.push_key(SDLK_HOME, SDL_SCANCODE_HOME);
  CHECK_FALSE(player.current_cue().has_value());
}

TEST_CASE("Save keeps the scene's cues, and a cue's layers are not saved as the scene's",
          "[play][gl][window][cues]") {
  WindowFixture f({.with_cues = true});
  hitl::Scene scene = f.window->file_scene();
  scene.cues[0].layers.masks = false;
  REQUIRE(f.window->apply_scene(scene).ok());
  f.push_key(SDLK_PAGEDOWN, SDL_SCANCODE_PAGEDOWN);
  REQUIRE_FALSE(f.window->player().shown_layers().masks);
  REQUIRE(f.window->save_scene().ok());
  auto saved = hitl::load_scene_file(f.window->save_path());
  REQUIRE(saved.ok());
  CHECK(saved->cues.size() == 2);
  CHECK(*saved == f.window->file_scene());
  CHECK(saved->layers.masks);
}

TEST_CASE("A cue's caption is in the screenshot of the show", "[play][gl][window][cues]") {
  WindowFixture f({.with_cues = true});
  const auto screenshot = [&] {
    f.window->player().pause();
    f.push_key(SDLK_s, SDL_SCANCODE_S);
    const auto& shot = f.window->last_screenshot();
    REQUIRE(shot.has_value());
    REQUIRE(shot->ok());
    return decode_png(shot->value());
  };
  f.window->player().seek_frame(2);
  const hitl::DecodedFrame before = screenshot();
  f.push_key(SDLK_PAGEDOWN, SDL_SCANCODE_PAGEDOWN);  // frame 2 again, with the caption
  f.window->player().seek_frame(2);
  const hitl::DecodedFrame after = screenshot();
  REQUIRE(after.width_px == screen_width);
  // The caption is centred at the top; the foot of the picture is unchanged.
  CHECK(mean_difference(before, after, screen_width / 2 - 150, 20, 300, 40) > 10);
  CHECK(mean_difference(before, after, 0, screen_height - 200, screen_width, 100) < 1);
}

// ---------------------------------------------------------------------------------------------
// The presenter view

// Two X screens. SDL tells them apart only by where a window's centre falls, and Xvfb puts both
// at 0,0: the presenter's screen is made twice as large as the audience's, so that a window
// filling it has its centre outside the audience's screen.
const std::vector<std::string> two_screens = {"1280x720x24", "2560x1440x24"};

TEST_CASE("The presenter view with one display is refused, saying why", "[play][gl][window]") {
  hitl::test::RenderFixture fixture = hitl::test::make_render_fixture();
  const auto xvfb = hitl::test::start_xvfb();
  hitl::PlayWindowOptions options;
  options.presenter = true;
  const auto made =
      hitl::PlayWindow::create(fixture.dataset, test_scene(fixture.dataset, true), options);
  REQUIRE_FALSE(made.ok());
  CHECK(made.error().to_string() ==
        "the presenter view needs two displays, one for the audience and one for the presenter; "
        "the window system has 1; expected a second display (or play without --presenter)");
}

TEST_CASE("The presenter view shows the show alone on one display and the panel on the other",
          "[play][gl][window][cues]") {
  WindowFixture f({.with_cues = true, .presenter = true, .screens = two_screens});
  REQUIRE(f.window->presenter_view());
  CHECK(f.window->window().display() == 0);
  CHECK(f.window->panel_window().display() == 1);
  CHECK(f.window->fullscreen());
  const hitl::PixelSize audience = f.window->window().drawable_size();
  CHECK(audience.width_px == screen_width);
  CHECK(audience.height_px == screen_height);
  const auto& rects = f.window->panel().control_rects();
  CHECK(rects.count("panel") == 1);
  CHECK(rects.count("current_cue") == 1);
  CHECK(rects.count("next_cue") == 1);
  REQUIRE(rects.count("preview") == 1);

  // Page Down from either window steps the cues.
  f.push_key(SDLK_PAGEDOWN, SDL_SCANCODE_PAGEDOWN);
  CHECK(f.window->player().current_cue() == 0);

  f.window->player().pause();
  f.push_key(SDLK_s, SDL_SCANCODE_S);
  f.window->run_frame();  // one more present of the same picture: the X server surely has it
  const auto& shot = f.window->last_screenshot();
  REQUIRE(shot.has_value());
  REQUIRE(shot->ok());
  const hitl::DecodedFrame show = decode_png(shot->value());
  REQUIRE(show.width_px == screen_width);

  // The audience's screen is the show and nothing else: where the panel would be too.
  const hitl::DecodedFrame audience_screen = screen_picture(*f.xvfb, 0, f.dir / "audience.png");
  REQUIRE(audience_screen.width_px == screen_width);
  const hitl::PanelRect panel = rects.at("panel");
  CHECK(mean_difference(audience_screen, show, static_cast<int>(panel.x), static_cast<int>(panel.y),
                        static_cast<int>(panel.width),
                        static_cast<int>(std::min(panel.height, screen_height - panel.y))) < 1);
  CHECK(mean_difference(audience_screen, show, 0, 0, screen_width, screen_height) < 1);

  // The presenter's screen holds the preview: the same picture, smaller (equal mean colours), on
  // a background of another colour.
  const hitl::DecodedFrame presenter_screen = screen_picture(*f.xvfb, 1, f.dir / "presenter.png");
  const hitl::PanelRect preview = rects.at("preview");
  INFO("preview at " << preview.x << "," << preview.y << " " << preview.width << "x"
                     << preview.height);
  const auto preview_mean = mean_colour(
      presenter_screen, static_cast<int>(preview.x) + 2, static_cast<int>(preview.y) + 2,
      static_cast<int>(preview.width) - 4, static_cast<int>(preview.height) - 4);
  const auto show_mean = mean_colour(show, 0, 0, screen_width, screen_height);
  for (int c = 0; c < 3; ++c) {
    CHECK(std::abs(preview_mean[static_cast<std::size_t>(c)] -
                   show_mean[static_cast<std::size_t>(c)]) < 3);
  }
  const auto background_mean = mean_colour(presenter_screen, 2550, 1430, 8, 8);
  CHECK(std::abs(background_mean[0] - show_mean[0]) + std::abs(background_mean[1] - show_mean[1]) +
            std::abs(background_mean[2] - show_mean[2]) >
        20);
}
