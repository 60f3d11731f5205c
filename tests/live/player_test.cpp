// The live player, headless: the clock moves the show, steps land on frames, a hold shows one
// worker, rendering never waits for a picture.
#include <catch2/catch.hpp>

#include <algorithm>

#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/gfx/offscreen_target.hpp"
#include "hitl/gfx/readback.hpp"
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

// ---------------------------------------------------------------------------------------------
// Cues

namespace {

// The fixture's loop with three cues: frames 2 to 3 at double speed with the masks off and a
// caption; the rejected worker of frame 4 at half speed; a cue that sets nothing.
hitl::Scene cue_scene(const hitl::Dataset& dataset) {
  hitl::Scene scene = loop_scene();
  std::string rejected_worker;
  for (const hitl::Submission& submission : dataset.submissions()) {
    if (submission.frame_number == 4 && submission.status == hitl::AssignmentStatus::rejected) {
      rejected_worker = submission.worker_id;
    }
  }
  hitl::CueLayers no_masks;
  no_masks.masks = false;
  scene.cues = {{"Two frames", "", hitl::CueFrames{2, 3}, no_masks, 2.0, "Frames two and three"},
                {"Rejected", rejected_worker, std::nullopt, {}, 0.5, "Rejected, unpaid"},
                {"Plain", "", std::nullopt, {}, std::nullopt, ""}};
  return scene;
}

}  // namespace

TEST_CASE("Next and previous cue apply each cue's range, worker, layers, speed and caption",
          "[play][gl][cues]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  REQUIRE(player.set_scene(cue_scene(f.fixture.dataset)).ok());
  REQUIRE_FALSE(player.current_cue().has_value());
  CHECK(player.next_cue_index() == 0);

  player.next_cue();
  CHECK(player.current_cue() == 0);
  CHECK(player.playing());
  CHECK(player.speed() == 2);
  CHECK(player.state().current_frame == 2);
  CHECK(player.state().caption == "Frames two and three");
  CHECK_FALSE(player.shown_layers().masks);
  CHECK_FALSE(player.renderer().scene().layers.masks);
  CHECK(player.scene().layers.masks);  // the scene itself is not changed by a cue
  CHECK_FALSE(player.held_submission().has_value());

  player.next_cue();
  CHECK(player.current_cue() == 1);
  REQUIRE(player.held_submission().has_value());
  const hitl::Submission& held =
      f.fixture.dataset.submissions()[static_cast<std::size_t>(*player.held_submission())];
  CHECK(held.frame_number == 4);
  CHECK(held.status == hitl::AssignmentStatus::rejected);
  CHECK_FALSE(player.playing());
  CHECK(player.speed() == 0.5);
  CHECK(player.state().current_frame == 4);
  CHECK(player.state().cards.size() == 1);
  CHECK(player.state().caption == "Rejected, unpaid");
  CHECK(player.shown_layers().masks);  // this cue names no layers: the scene's

  player.next_cue();
  CHECK(player.current_cue() == 2);
  CHECK_FALSE(player.held_submission().has_value());
  CHECK(player.speed() == 1);  // a cue without a speed plays at 1x
  CHECK(player.state().caption.empty());
  CHECK_FALSE(player.next_cue_index().has_value());
  player.next_cue();  // nothing after the last
  CHECK(player.current_cue() == 2);

  player.previous_cue();
  player.previous_cue();
  CHECK(player.current_cue() == 0);
  CHECK(player.state().current_frame == 2);
  player.previous_cue();  // nothing before the first
  CHECK(player.current_cue() == 0);
}

TEST_CASE("A cue's range of frames plays over and over", "[play][gl][cues]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  REQUIRE(player.set_scene(cue_scene(f.fixture.dataset)).ok());
  player.apply_cue(0);  // frames 2 and 3 at 2x, four seconds each
  player.advance(2.5);  // 5 s of show: frame 3
  CHECK(player.state().current_frame == 3);
  player.advance(1.5);  // 3 s more: past frame 3's turn, so frame 2 again rather than 4
  CHECK(player.state().current_frame == 2);
  CHECK(player.state().loop_index == 0);
  for (int second = 0; second < 40; ++second) {
    player.advance(1);
    const int frame = player.state().current_frame;
    INFO("after " << second + 1 << " s more");
    CHECK((frame == 2 || frame == 3));
  }
}

TEST_CASE("A cue's range from the loop's first frame never shows the cards before the loop",
          "[play][gl][cues]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  hitl::Scene scene = cue_scene(f.fixture.dataset);
  scene.text_cards.between = {{"Between passes", "", "", 8}};
  scene.cues[0].frames = hitl::CueFrames{1, 2};
  REQUIRE(player.set_scene(scene).ok());
  player.seek(player.timeline().pass_start_s(1) + 1);  // the second pass: cards just before it
  player.apply_cue(0);
  REQUIRE(player.state().loop_index == 1);
  for (int step = 0; step < 80; ++step) {
    player.advance(0.25);
    const hitl::FrameState state = player.state();
    INFO("after " << (step + 1) * 0.25 << " s");
    CHECK(state.cover == 0);
    CHECK((state.current_frame == 1 || state.current_frame == 2));
  }
}

TEST_CASE("Clearing a cue gives back the scene's layers, speed aside, and no caption",
          "[play][gl][cues]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  REQUIRE(player.set_scene(cue_scene(f.fixture.dataset)).ok());
  player.apply_cue(0);
  player.clear_cue();
  CHECK_FALSE(player.current_cue().has_value());
  CHECK(player.shown_layers().masks);
  CHECK(player.state().caption.empty());
  player.advance(20);  // no range any more: the loop goes on past frame 3
  CHECK(player.state().current_frame != 2);
  CHECK(player.next_cue_index() == 0);
}

TEST_CASE("A cue naming a worker or frames the loop lacks is refused naming its field",
          "[play][gl][cues]") {
  PlayerFixture f;
  hitl::Scene scene = loop_scene();
  scene.cues = {{"Nobody", "A0000NOBODY", std::nullopt, {}, {}, ""}};
  const hitl::Status worker = f.player->set_scene(scene);
  REQUIRE_FALSE(worker.ok());
  CHECK(worker.error().to_string() ==
        "cues[0].worker: no contribution of worker \"A0000NOBODY\" in the loop (frames 1 to 4); "
        "expected a worker id as the panel's search shows it");
  scene.cues = {{"Fine", "", std::nullopt, {}, {}, ""},
                {"Too far", "", hitl::CueFrames{3, 9}, {}, {}, ""}};
  const hitl::Status frames = f.player->set_scene(scene);
  REQUIRE_FALSE(frames.ok());
  CHECK(frames.error().to_string() ==
        "cues[1].frames: frames 3 to 9 are not all in the loop; expected a range within frames 1 "
        "to 4");
  CHECK(f.player->scene().cues.empty());  // refused: the scene kept
}

TEST_CASE("A worker cue finds the worker by the pseudonym the scene shows", "[play][gl][cues]") {
  PlayerFixture f;
  hitl::Scene scene = cue_scene(f.fixture.dataset);
  scene.privacy = {true, "a salt"};
  scene.cues[1].worker = hitl::displayed_worker_id(scene, scene.cues[1].worker);
  REQUIRE(f.player->set_scene(scene).ok());
  f.player->apply_cue(1);
  REQUIRE(f.player->held_submission().has_value());
  CHECK(f.fixture.dataset.submissions()[static_cast<std::size_t>(*f.player->held_submission())]
            .frame_number == 4);
}

TEST_CASE("A cue's caption is drawn over the show; without the cue the picture is as before",
          "[play][gl][cues]") {
  PlayerFixture f;
  hitl::Player& player = *f.player;
  REQUIRE(player.set_scene(cue_scene(f.fixture.dataset)).ok());
  auto target = hitl::OffscreenTarget::create(320, 180, 1, "caption test");
  REQUIRE(target.ok());
  const auto draw = [&] {
    player.prime();
    REQUIRE(player.render(target->drawing_framebuffer(), {320, 180}).ok());
    auto pixels = hitl::read_rgba(*target);
    REQUIRE(pixels.ok());
    return std::move(*pixels);
  };
  player.apply_cue(2);  // no caption, nothing else set: the plain show
  player.pause();
  const auto plain = draw();
  hitl::Scene captioned = cue_scene(f.fixture.dataset);
  captioned.cues[2].caption = "A caption";
  REQUIRE(player.set_scene(captioned).ok());
  player.apply_cue(2);
  player.pause();
  const auto with_caption = draw();
  // The caption sits at the top centre: the rows there differ, the bottom rows do not.
  const auto differing = [&](int first_row, int last_row) {
    int count = 0;
    for (int y = first_row; y < last_row; ++y) {
      for (int x = 0; x < 320 * 4; ++x) {
        const auto i = static_cast<std::size_t>(y) * 320 * 4 + static_cast<std::size_t>(x);
        count += plain[i] != with_caption[i];
      }
    }
    return count;
  };
  CHECK(differing(0, 40) > 100);
  CHECK(differing(120, 180) == 0);
}
