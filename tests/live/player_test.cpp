// The live player, headless: the clock moves the show, steps land on frames, a hold shows one
// worker, rendering never waits for a picture.
#include <catch2/catch.hpp>

#include <algorithm>

#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/gfx/offscreen_target.hpp"
#include "hitl/live/player.hpp"
#include "support/render_fixture.hpp"

namespace {

// Four frames of four seconds each and no title cards: frame n is settled at 4 (n - 1) s.
hitl::Scene loop_scene() {
  hitl::Scene scene = hitl::Scene::defaults();
  scene.text_cards = {};
  scene.timing.seconds_per_frame = 4;
  scene.timing.transition_s = 0.6;
  return scene;
}

struct PlayerFixture {
  explicit PlayerFixture(bool frame_files = true)
      : fixture(hitl::test::make_render_fixture({4, 300, 200, frame_files})) {
    auto made_context = hitl::HeadlessGlContext::create();
    if (!made_context) FAIL(made_context.error().to_string());
    context = std::move(*made_context);
    auto made_player = hitl::Player::create(fixture.dataset, loop_scene(), {{320, 180}, 1});
    if (!made_player) FAIL(made_player.error().to_string());
    player = std::move(*made_player);
  }
  hitl::test::RenderFixture fixture;
  std::unique_ptr<hitl::HeadlessGlContext> context;
  std::unique_ptr<hitl::Player> player;
};

}  // namespace

TEST_CASE("The show moves with the real clock times the speed, and only while playing",
          "[play][gl]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  CHECK(player.playing());
  player.advance(1.5);
  CHECK(player.time_s() == Approx(1.5));
  player.pause();
  player.advance(10);
  CHECK(player.time_s() == Approx(1.5));
  player.set_speed(2);
  player.play();
  player.advance(1);
  CHECK(player.time_s() == Approx(3.5));
  player.set_speed(1000);
  CHECK(player.speed() == hitl::max_speed);
}

TEST_CASE("A step lands on the next or previous frame, across the loop's seam, and pauses",
          "[play][gl]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  player.advance(1);  // frame 1, not yet settled on anything else
  player.step(+1);
  CHECK_FALSE(player.playing());
  CHECK(player.time_s() == Approx(4));
  CHECK(player.state().current_frame == 2);
  player.step(-1);
  CHECK(player.state().current_frame == 1);
  player.step(-1);  // nothing before the first frame of the first pass
  CHECK(player.time_s() == Approx(0));
  player.seek_frame(4);
  player.step(+1);  // over the seam: the first frame of the second pass
  CHECK(player.state().current_frame == 1);
  CHECK(player.state().loop_index == 1);
  player.step(-1);
  CHECK(player.state().current_frame == 4);
  CHECK(player.state().loop_index == 0);
}

TEST_CASE("Holding a worker jumps to their frame, pauses and shows only their work", "[play][gl]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  const auto& submissions = f.fixture.dataset.submissions();
  const auto rejected = std::find_if(submissions.begin(), submissions.end(), [](const auto& s) {
    return s.status == hitl::AssignmentStatus::rejected && s.frame_number == 4;
  });
  REQUIRE(rejected != submissions.end());
  const int index = static_cast<int>(rejected - submissions.begin());
  player.hold(index);
  CHECK_FALSE(player.playing());
  const hitl::FrameState held = player.state();
  CHECK(held.current_frame == 4);
  REQUIRE(held.cards.size() == 1);
  CHECK(held.cards[0].submission == index);
  CHECK(std::all_of(held.overlays.begin(), held.overlays.end(),
                    [&](const auto& visible) { return visible.submission == index; }));
  player.release();
  CHECK(player.state().cards.size() == 2);  // the approved worker of frame 4 is back
}

TEST_CASE("A new timing keeps the frame on screen; a new style keeps the time", "[play][gl]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  player.seek_frame(3);
  hitl::Scene faster = loop_scene();
  faster.timing.seconds_per_frame = 2;
  REQUIRE(player.set_scene(faster).ok());
  CHECK(player.state().current_frame == 3);
  CHECK(player.time_s() == Approx(4));
  faster.layers.masks = false;
  REQUIRE(player.set_scene(faster).ok());
  CHECK(player.time_s() == Approx(4));
  CHECK_FALSE(player.renderer().scene().layers.masks);
  hitl::Scene broken = faster;
  broken.timing.transition_s = 5;  // longer than a frame: refused, the scene kept
  CHECK_FALSE(player.set_scene(broken).ok());
  CHECK(player.scene() == faster);
}

TEST_CASE("A picture that is not decoded is counted as a miss and the frame is drawn anyway",
          "[play][gl]") {
  PlayerFixture f(false);  // the frames have no files: never decoded
  auto target = hitl::OffscreenTarget::create(320, 180, 1, "player test");
  REQUIRE(target.ok());
  REQUIRE(f.player->render(target->drawing_framebuffer(), {320, 180}).ok());
  CHECK(f.player->last_render_missed_decode());
}

TEST_CASE("A decoded picture is drawn without a miss", "[play][gl]") {
  PlayerFixture f;
  f.player->pause();
  f.player->prime();
  auto target = hitl::OffscreenTarget::create(320, 180, 1, "player test");
  REQUIRE(target.ok());
  REQUIRE(f.player->render(target->drawing_framebuffer(), {320, 180}).ok());
  CHECK_FALSE(f.player->last_render_missed_decode());
}
