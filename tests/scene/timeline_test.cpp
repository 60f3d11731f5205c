// The timeline on the five-frame crowd (crowd_fixture.hpp) at the default timing: 4 s per frame,
// 0.6 s transitions, a 20 s loop. The picture, the overlays and the cards must move without a
// jump anywhere, the loop seam included, and each card must stay readable.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "hitl/scene/timeline.hpp"
#include "scene/crowd_fixture.hpp"

using hitl::FrameState;
using hitl::LoopTotals;
using hitl::Scene;
using hitl::Timeline;
using hitl::VisibleSubmission;
using scene_fixture::crowd;
using scene_fixture::loop_scene;

namespace {

Timeline timeline_for(const Scene& scene = loop_scene()) {
  auto timeline = Timeline::create(crowd(), scene);
  if (!timeline.ok()) FAIL(timeline.error().to_string());
  return std::move(*timeline);
}

std::string refusal(const Scene& scene) {
  const auto timeline = Timeline::create(crowd(), scene);
  return timeline.ok() ? "accepted" : timeline.error().to_string();
}

int frame_of(int submission) {
  return crowd().submissions()[static_cast<std::size_t>(submission)].frame_number;
}

// How much of each source frame the picture shows.
std::map<int, double> picture_weights(const FrameState& state) {
  std::map<int, double> weights;
  weights[state.frame_a] += 1.0 - state.blend;
  weights[state.frame_b] += state.blend;
  return weights;
}

std::map<int, double> opacities(const std::vector<VisibleSubmission>& shown) {
  std::map<int, double> by_submission;
  for (const auto& s : shown) by_submission[s.submission] = s.opacity;
  return by_submission;
}

// The largest difference between two weightings (a missing key weighs 0).
double largest_difference(const std::map<int, double>& x, const std::map<int, double>& y) {
  double largest = 0;
  for (const auto& [key, value] : x) {
    const auto other = y.find(key);
    largest = std::max(largest, std::fabs(value - (other == y.end() ? 0.0 : other->second)));
  }
  for (const auto& [key, value] : y) {
    if (!x.count(key)) largest = std::max(largest, std::fabs(value));
  }
  return largest;
}

const LoopTotals totals_frame_1{1, 2, 1, 1, 0.15, 0.15, 3.0};
const LoopTotals totals_frame_2{2, 3, 2, 1, 0.30, 0.15, 4.5};
const LoopTotals totals_frame_3{3, 5, 3, 2, 0.45, 0.30, 5.0};
const LoopTotals totals_frame_4{4, 5, 3, 2, 0.45, 0.30, 5.0};
const LoopTotals totals_frame_5{5, 6, 3, 2, 0.45, 0.30, 5.75};

}  // namespace

TEST_CASE("At time 0 the first frame shows alone with all of its submissions", "[timeline]") {
  const Timeline timeline = timeline_for();
  const FrameState state = timeline.at(0);
  CHECK(state.time_s == 0);
  CHECK(state.loop_index == 0);
  CHECK(state.frame_a == 1);
  CHECK(state.frame_b == 2);
  CHECK(state.blend == 0);
  CHECK(state.current_frame == 1);
  CHECK(state.current_position == 0);
  CHECK(state.overlays == std::vector<VisibleSubmission>{{0, 1}, {1, 1}});
  CHECK(state.cards == std::vector<VisibleSubmission>{{0, 1}, {1, 1}});
  CHECK(state.totals == totals_frame_1);
}

TEST_CASE("The loop holds every frame of the dataset and lasts frames x seconds per frame",
          "[timeline]") {
  const Timeline timeline = timeline_for();
  CHECK(std::vector<int>(timeline.frames().begin(), timeline.frames().end()) ==
        std::vector<int>{1, 2, 3, 4, 5});
  CHECK(timeline.loop_duration_s() == 20);
}

TEST_CASE("At each multiple of seconds per frame the picture is that frame alone", "[timeline]") {
  const Timeline timeline = timeline_for();
  for (int k = 0; k < 10; ++k) {
    const FrameState state = timeline.at(k * 4.0);
    CHECK(state.frame_a == k % 5 + 1);
    CHECK(state.blend == 0);
    CHECK(state.current_frame == k % 5 + 1);
    CHECK(state.loop_index == k / 5);
  }
}

TEST_CASE("The blend grows steadily from 0 towards 1 within a frame", "[timeline]") {
  const Timeline timeline = timeline_for();
  float previous = -1;
  for (int ms = 0; ms < 4000; ++ms) {
    const FrameState state = timeline.at(ms / 1000.0);
    REQUIRE(state.frame_a == 1);
    REQUIRE(state.blend > previous);
    REQUIRE(state.blend == Approx(ms / 4000.0).margin(1e-6));
    previous = state.blend;
  }
  CHECK(previous < 1);
}

TEST_CASE("The last frame blends into the first across the loop seam", "[timeline]") {
  const Timeline timeline = timeline_for();
  const FrameState before = timeline.at(19);
  CHECK(before.loop_index == 0);
  CHECK(before.frame_a == 5);
  CHECK(before.frame_b == 1);
  CHECK(before.blend == 0.75f);
  const FrameState after = timeline.at(20);
  CHECK(after.loop_index == 1);
  CHECK(after.frame_a == 1);
  CHECK(after.frame_b == 2);
  CHECK(after.blend == 0);
}

TEST_CASE("The picture is continuous at every frame change and at the loop seam", "[timeline]") {
  const Timeline timeline = timeline_for();
  for (int k = 1; k <= 11; ++k) {
    const double change_s = k * 4.0;
    for (const double epsilon : {1e-9, 1e-6, 1e-3}) {
      const FrameState before = timeline.at(change_s - epsilon);
      const FrameState after = timeline.at(change_s + epsilon);
      INFO("change at " << change_s << " s, epsilon " << epsilon);
      CHECK(before.frame_b == after.frame_a);
      CHECK(before.blend > 1 - 2 * epsilon / 4 - 1e-6);
      CHECK(after.blend < 2 * epsilon / 4 + 1e-6);
      CHECK(largest_difference(picture_weights(before), picture_weights(after)) <
            2 * epsilon / 4 + 1e-6);
    }
  }
}

TEST_CASE("Picture, overlays and cards never jump, sampled every millisecond over two loops",
          "[timeline]") {
  const Timeline timeline = timeline_for();
  // Per millisecond, the picture moves 1/4000 of a frame; smoothstep's steepest slope is 1.5, so
  // an overlay fading over 0.6 s changes by at most 1.5 / 600 and a card (fading over half of
  // that) by at most 3 / 600; a little is added for float rounding.
  FrameState previous = timeline.at(0);
  for (int ms = 1; ms <= 40'000; ++ms) {
    const FrameState state = timeline.at(ms / 1000.0);
    INFO("t = " << ms << " ms");
    REQUIRE(largest_difference(picture_weights(previous), picture_weights(state)) <
            1.0 / 4000 + 1e-6);
    REQUIRE(largest_difference(opacities(previous.overlays), opacities(state.overlays)) <
            1.5 / 600 + 1e-4);
    REQUIRE(largest_difference(opacities(previous.cards), opacities(state.cards)) <
            3.0 / 600 + 1e-4);
    previous = state;
  }
}

TEST_CASE("Overlays change hands half way through a frame, fading over the transition",
          "[timeline]") {
  const Timeline timeline = timeline_for();
  // t = 1.85 s: a quarter into the 0.6 s transition centred on 2 s, where smoothstep(0.25) is
  // 0.15625; the cards of frame 1 are half way out (1 - smoothstep(0.5)).
  const FrameState quarter = timeline.at(1.85);
  CHECK(quarter.current_frame == 1);
  REQUIRE(quarter.overlays.size() == 3);
  CHECK(quarter.overlays[0].submission == 0);
  CHECK(quarter.overlays[0].opacity == Approx(0.84375));
  CHECK(quarter.overlays[1].submission == 1);
  CHECK(quarter.overlays[1].opacity == Approx(0.84375));
  CHECK(quarter.overlays[2].submission == 2);
  CHECK(quarter.overlays[2].opacity == Approx(0.15625));
  REQUIRE(quarter.cards.size() == 2);
  CHECK(quarter.cards[0].opacity == Approx(0.5));
  CHECK(quarter.cards[1].opacity == Approx(0.5));

  // At the change itself the overlays are half and half, and no card shows.
  const FrameState middle = timeline.at(2.0);
  CHECK(middle.current_frame == 2);
  CHECK(opacities(middle.overlays) == std::map<int, double>{{0, 0.5}, {1, 0.5}, {2, 0.5}});
  CHECK(middle.cards.empty());

  // Outside the transition, only the nearer frame's overlays, opaque.
  CHECK(timeline.at(1.6).overlays == std::vector<VisibleSubmission>{{0, 1}, {1, 1}});
  CHECK(timeline.at(2.4).overlays == std::vector<VisibleSubmission>{{2, 1}});
}

TEST_CASE("At default timing each card is fully opaque for at least three seconds", "[timeline]") {
  const Timeline timeline = timeline_for();
  // Runs of milliseconds in which the same cards are all fully opaque, over two loops; the
  // first run (from t = 0) and the last (cut off at the end) are partial and left out.
  std::vector<double> runs_s;
  std::vector<VisibleSubmission> run_cards;
  int run_start_ms = -1;
  for (int ms = 0; ms <= 40'000; ++ms) {
    const FrameState state = timeline.at(ms / 1000.0);
    const bool opaque = !state.cards.empty() &&
                        std::all_of(state.cards.begin(), state.cards.end(),
                                    [](const VisibleSubmission& c) { return c.opacity == 1; });
    const bool same = opaque && run_start_ms >= 0 && state.cards == run_cards;
    if (run_start_ms >= 0 && !same) {
      runs_s.push_back((ms - run_start_ms) / 1000.0);
      run_start_ms = -1;
    }
    if (opaque && run_start_ms < 0) {
      run_start_ms = ms;
      run_cards = state.cards;
    }
  }
  REQUIRE(runs_s.size() >= 6);
  for (std::size_t i = 1; i < runs_s.size(); ++i) {
    INFO("run " << i);
    CHECK(runs_s[i] >= 3.0);
    CHECK(runs_s[i] == Approx(Scene::defaults().card_readable_s()).margin(0.002));
  }
}

TEST_CASE("Cards of two frames are never visible at the same time", "[timeline]") {
  const Timeline timeline = timeline_for();
  for (int ms = 0; ms <= 40'000; ++ms) {
    const FrameState state = timeline.at(ms / 1000.0);
    for (const auto& card : state.cards) {
      INFO("t = " << ms << " ms");
      REQUIRE(card.opacity > 0);
      REQUIRE(frame_of(card.submission) == state.current_frame);
    }
  }
}

TEST_CASE("Overlays come from at most the two frames of the picture", "[timeline]") {
  const Timeline timeline = timeline_for();
  for (int ms = 0; ms <= 40'000; ++ms) {
    const FrameState state = timeline.at(ms / 1000.0);
    std::set<int> frames;
    for (const auto& overlay : state.overlays) {
      REQUIRE(overlay.opacity > 0);
      frames.insert(frame_of(overlay.submission));
    }
    INFO("t = " << ms << " ms");
    REQUIRE(frames.size() <= 2);
    for (const int frame : frames) REQUIRE((frame == state.frame_a || frame == state.frame_b));
  }
}

TEST_CASE("Totals count every submission of the loop up to the nearer frame", "[timeline]") {
  const Timeline timeline = timeline_for();
  CHECK(timeline.at_frame(1)->totals == totals_frame_1);
  CHECK(timeline.at_frame(2)->totals == totals_frame_2);
  CHECK(timeline.at_frame(3)->totals == totals_frame_3);
  CHECK(timeline.at_frame(4)->totals == totals_frame_4);
  CHECK(timeline.at_frame(5)->totals == totals_frame_5);
  // 1.9 s: frame 1 still the nearer; 2.1 s: frame 2.
  CHECK(timeline.at(1.9).totals == totals_frame_1);
  CHECK(timeline.at(2.1).totals == totals_frame_2);
}

TEST_CASE("Totals restart with each loop", "[timeline]") {
  const Timeline timeline = timeline_for();
  CHECK(timeline.at(17).totals == totals_frame_5);
  // Past half way through the last frame the first is the nearer: a new loop's totals.
  CHECK(timeline.at(18.5).current_frame == 1);
  CHECK(timeline.at(18.5).totals == totals_frame_1);
  CHECK(timeline.at(20).totals == totals_frame_1);
  CHECK(timeline.at(45).totals == totals_frame_2);
}

TEST_CASE("A still of a frame shows it alone, opaque, with only its own submissions",
          "[timeline]") {
  const Timeline timeline = timeline_for();
  const auto still = timeline.at_frame(3);
  REQUIRE(still);
  CHECK(still->time_s == 8);
  CHECK(still->loop_index == 0);
  CHECK(still->frame_a == 3);
  CHECK(still->frame_b == 4);
  CHECK(still->blend == 0);
  CHECK(still->current_frame == 3);
  CHECK(still->current_position == 2);
  CHECK(still->overlays == std::vector<VisibleSubmission>{{3, 1}, {4, 1}});
  CHECK(still->cards == std::vector<VisibleSubmission>{{3, 1}, {4, 1}});
  CHECK(still->totals == totals_frame_3);
  // The same as playing to the middle of the frame's interval.
  CHECK(*still == timeline.at(*timeline.time_of_frame(3)));
}

TEST_CASE("A frame without submissions shows no overlays and no cards", "[timeline]") {
  const Timeline timeline = timeline_for();
  const auto still = timeline.at_frame(4);
  REQUIRE(still);
  CHECK(still->overlays.empty());
  CHECK(still->cards.empty());
  CHECK(timeline.at(12).overlays.empty());
}

TEST_CASE("A frame outside the loop has no still and no time", "[timeline]") {
  Scene scene = loop_scene();
  scene.timing.first_frame = 2;
  const Timeline timeline = timeline_for(scene);
  CHECK_FALSE(timeline.at_frame(1));
  CHECK_FALSE(timeline.at_frame(6));
  CHECK_FALSE(timeline.time_of_frame(1));
  CHECK(timeline.time_of_frame(2) == 0.0);
}

TEST_CASE("The middle of a frame's interval is its position times seconds per frame",
          "[timeline]") {
  const Timeline timeline = timeline_for();
  CHECK(timeline.time_of_frame(1) == 0.0);
  CHECK(timeline.time_of_frame(3) == 8.0);
  CHECK(timeline.time_of_frame(5) == 16.0);
}

TEST_CASE("Hiding rejected work removes it from overlays and cards but totals still count it",
          "[timeline]") {
  Scene scene = loop_scene();
  scene.layers.rejected = false;
  const Timeline timeline = timeline_for(scene);
  const auto first = timeline.at_frame(1);
  CHECK(first->overlays == std::vector<VisibleSubmission>{{0, 1}});
  CHECK(first->cards == std::vector<VisibleSubmission>{{0, 1}});
  CHECK(first->totals == totals_frame_1);
  CHECK(timeline.at_frame(3)->overlays == std::vector<VisibleSubmission>{{4, 1}});
  CHECK(timeline.at(8).cards == std::vector<VisibleSubmission>{{4, 1}});
}

TEST_CASE("first_frame and last_frame play a part of the dataset", "[timeline]") {
  Scene scene = loop_scene();
  scene.timing.first_frame = 2;
  scene.timing.last_frame = 4;
  const Timeline timeline = timeline_for(scene);
  CHECK(std::vector<int>(timeline.frames().begin(), timeline.frames().end()) ==
        std::vector<int>{2, 3, 4});
  CHECK(timeline.loop_duration_s() == 12);
  CHECK(timeline.at(0).frame_a == 2);
  const FrameState seam = timeline.at(11);
  CHECK(seam.frame_a == 4);
  CHECK(seam.frame_b == 2);
  CHECK(timeline.at(0).totals == LoopTotals{1, 1, 1, 0, 0.15, 0, 1.5});
  CHECK(timeline.at(8).totals == LoopTotals{3, 3, 2, 1, 0.30, 0.15, 2.0});
}

TEST_CASE("A loop outside the dataset's frames is refused", "[timeline]") {
  Scene scene = loop_scene();
  scene.timing.last_frame = 9;
  CHECK(refusal(scene) ==
        "timing.last_frame: frame 9 is not in the dataset; expected 0 or a frame from 1 to 5");
  scene.timing = {4, 0.6, 4, 2};
  CHECK(refusal(scene) ==
        "timing.last_frame: the loop would end (frame 2) before it starts (frame 4); expected "
        "last_frame >= first_frame");
}

TEST_CASE("Timing out of range is refused", "[timeline]") {
  Scene scene = loop_scene();
  scene.timing.seconds_per_frame = 0;
  CHECK_THAT(refusal(scene), Catch::StartsWith("timing.seconds_per_frame: expected a number"));
  scene.timing.seconds_per_frame = 1;
  scene.timing.transition_s = 1;
  CHECK_THAT(refusal(scene), Catch::StartsWith("timing.transition_s: expected a number"));
  scene.timing.transition_s = -0.1;
  CHECK_THAT(refusal(scene), Catch::StartsWith("timing.transition_s: expected a number"));
}

TEST_CASE("Negative and invalid times are taken as 0", "[timeline]") {
  const Timeline timeline = timeline_for();
  CHECK(timeline.at(-5) == timeline.at(0));
  CHECK(timeline.at(std::numeric_limits<double>::quiet_NaN()) == timeline.at(0));
  CHECK(timeline.at(-std::numeric_limits<double>::infinity()) == timeline.at(0));
}

TEST_CASE("Times of days and weeks are still exact", "[timeline]") {
  const Timeline timeline = timeline_for();
  // 1e6 s = 250000 frames = 50000 loops.
  const FrameState week = timeline.at(1e6);
  CHECK(week.loop_index == 50000);
  CHECK(week.frame_a == 1);
  CHECK(week.blend == 0);
  const FrameState later = timeline.at(1e6 + 5);
  CHECK(later.frame_a == 2);
  CHECK(later.blend == Approx(0.25).margin(1e-9));
  const FrameState seam = timeline.at(1e6 - 1);
  CHECK(seam.loop_index == 49999);
  CHECK(seam.frame_a == 5);
  CHECK(seam.frame_b == 1);
  CHECK(seam.blend == Approx(0.75).margin(1e-9));
}

TEST_CASE("A one-frame loop shows that frame steadily, without fading into itself", "[timeline]") {
  Scene scene = loop_scene();
  scene.timing.first_frame = 3;
  scene.timing.last_frame = 3;
  const Timeline timeline = timeline_for(scene);
  for (const double t : {0.0, 1.9, 2.0, 2.1, 3.99, 4.0, 100.3}) {
    const FrameState state = timeline.at(t);
    CHECK(state.frame_a == 3);
    CHECK(state.frame_b == 3);
    CHECK(state.overlays == std::vector<VisibleSubmission>{{3, 1}, {4, 1}});
    CHECK(state.cards == std::vector<VisibleSubmission>{{3, 1}, {4, 1}});
  }
}

TEST_CASE("Without a transition overlays and cards switch at the half way point", "[timeline]") {
  Scene scene = loop_scene();
  scene.timing.transition_s = 0;
  const Timeline timeline = timeline_for(scene);
  CHECK(timeline.at(1.999).cards == std::vector<VisibleSubmission>{{0, 1}, {1, 1}});
  CHECK(timeline.at(2.0).cards == std::vector<VisibleSubmission>{{2, 1}});
  CHECK(timeline.at(2.0).overlays == std::vector<VisibleSubmission>{{2, 1}});
}

TEST_CASE("frames_needed lists the picture's frames in the order they are needed, once",
          "[timeline]") {
  const Timeline timeline = timeline_for();
  CHECK(timeline.frames_needed(0, 0) == std::vector<int>{1});
  CHECK(timeline.frames_needed(0, 3.9) == std::vector<int>{1, 2});
  CHECK(timeline.frames_needed(0, 4) == std::vector<int>{1, 2});
  CHECK(timeline.frames_needed(4, 4) == std::vector<int>{2});
  CHECK(timeline.frames_needed(17, 25) == std::vector<int>{5, 1, 2, 3});
  CHECK(timeline.frames_needed(18, 100) == std::vector<int>{5, 1, 2, 3, 4});
  CHECK(timeline.frames_needed(0, 1000) == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(timeline.frames_needed(5, 3).empty());
}
