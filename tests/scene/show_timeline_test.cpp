// The show around the loop: title and fact cards before, between and after passes of the loop
// (timeline.hpp), on the five-frame crowd (crowd_fixture.hpp) at 4 s per frame: a 20 s loop.
// The cards here: one of 3 s before, two of 2 s between, one of 5 s after, fading over 0.5 s.
#include <catch2/catch.hpp>

#include <cmath>

#include "hitl/scene/timeline.hpp"
#include "scene/crowd_fixture.hpp"

using hitl::FrameState;
using hitl::Scene;
using hitl::TextCard;
using hitl::Timeline;
using scene_fixture::crowd;
using scene_fixture::loop_scene;

namespace {

Scene show_scene() {
  Scene scene = loop_scene();
  scene.text_cards.fade_s = 0.5;
  scene.text_cards.before = {{"Title", "Opening words", "", 3}};
  scene.text_cards.between = {{"Fact one", "", "a source", 2}, {"Fact two", "", "", 2}};
  scene.text_cards.after = {{"The end", "", "", 5}};
  return scene;
}

Timeline timeline_for(const Scene& scene) {
  auto timeline = Timeline::create(crowd(), scene);
  if (!timeline.ok()) FAIL(timeline.error().to_string());
  return std::move(*timeline);
}

// The part of a state the loop decides: everything but the show's time and its cards.
FrameState loop_part(FrameState state) {
  state.time_s = 0;
  state.loop_time_s = 0;
  state.cover = 0;
  state.text_card.reset();
  return state;
}

std::string title_of(const FrameState& state) {
  return state.text_card ? state.text_card->title : "";
}

}  // namespace

TEST_CASE("A show lasts its cards plus its passes of the loop", "[timeline][show]") {
  const Timeline show = timeline_for(show_scene());
  CHECK(show.loop_duration_s() == 20);
  CHECK(show.show_duration_s(1) == 3 + 20 + 5);
  CHECK(show.show_duration_s(3) == 3 + 3 * 20 + 2 * 4 + 5);
  CHECK(show.pass_start_s(0) == 3);
  CHECK(show.pass_start_s(2) == 3 + 2 * (20 + 4));
  CHECK(show.time_of_frame(2) == 3 + 4);

  const Timeline loop = timeline_for(loop_scene());
  CHECK(loop.show_duration_s(2) == 40);
  CHECK(loop.pass_start_s(1) == 20);
}

TEST_CASE("The show opens on its first card, covered, the words fading in", "[timeline][show]") {
  const Timeline show = timeline_for(show_scene());
  const FrameState start = show.at(0);
  CHECK(start.cover == 1);
  REQUIRE(start.text_card);
  CHECK(start.text_card->title == "Title");
  CHECK(start.text_card->text == "Opening words");
  CHECK(start.text_card->opacity == 0);
  CHECK(show.at(0.25).text_card->opacity == Approx(0.5));
  CHECK(show.at(1.5).text_card->opacity == 1);
  CHECK(show.at(1.5).cover == 1);
  // In the last half second the cover lifts off the loop, which waits at its start.
  const FrameState lifting = show.at(2.75);
  CHECK(lifting.cover == Approx(0.5));
  CHECK(lifting.text_card->opacity == Approx(0.5));
  CHECK(loop_part(lifting) == loop_part(timeline_for(loop_scene()).at(0)));
}

TEST_CASE("Between the cards the loop plays exactly as it does alone", "[timeline][show]") {
  const Timeline show = timeline_for(show_scene());
  const Timeline loop = timeline_for(loop_scene());
  for (double t = 0; t < 20; t += 0.37) {
    INFO("loop time " << t);
    const FrameState first_pass = show.at(3 + t);
    CHECK(first_pass.cover == 0);
    CHECK_FALSE(first_pass.text_card);
    CHECK(first_pass.loop_time_s == Approx(t));
    CHECK(loop_part(first_pass) == loop_part(loop.at(t)));
    // The second pass, after the cards between, is the loop's second pass.
    const FrameState second_pass = show.at(3 + 20 + 4 + t);
    CHECK(second_pass.loop_index == 1);
    CHECK(loop_part(second_pass) == loop_part(loop.at(20 + t)));
  }
}

TEST_CASE("Cards between passes cover the loop where it resumes, one after the other",
          "[timeline][show]") {
  const Timeline show = timeline_for(show_scene());
  const Timeline loop = timeline_for(loop_scene());
  const double between = 3 + 20;
  CHECK(show.at(between).cover == 0);
  CHECK(show.at(between + 0.25).cover == Approx(0.5));
  CHECK(title_of(show.at(between + 1)) == "Fact one");
  CHECK(show.at(between + 1).text_card->source == "a source");
  CHECK(title_of(show.at(between + 3)) == "Fact two");
  // From one card to the next the cover stays on; only the words change, through nothing.
  CHECK(show.at(between + 2).cover == 1);
  CHECK(show.at(between + 1.999).text_card->opacity < 0.001);
  CHECK(show.at(between + 2.001).text_card->opacity < 0.001);
  CHECK(show.at(between + 3.75).cover == Approx(0.5));
  for (const double t : {0.0, 1.0, 2.0, 3.0, 3.9}) {
    CHECK(loop_part(show.at(between + t)) == loop_part(loop.at(20)));
  }
}

TEST_CASE("A show of N passes ends with the cards after, staying covered", "[timeline][show]") {
  const Timeline show = timeline_for(show_scene());
  const double end_of_loop = 3 + 2 * 20 + 4;
  // Until the last pass ends, the show with an end is the endless show.
  for (double t = 0; t < end_of_loop; t += 0.53) {
    INFO("time " << t);
    CHECK(show.at(t, 2) == show.at(t));
  }
  CHECK(show.at(end_of_loop + 0.25, 2).cover == Approx(0.5));
  CHECK(title_of(show.at(end_of_loop + 1, 2)) == "The end");
  CHECK(title_of(show.at(end_of_loop + 1)) == "Fact one");  // the endless show goes on
  const FrameState last = show.at(show.show_duration_s(2) - 1e-9, 2);
  CHECK(last.cover == 1);
  CHECK(last.text_card->opacity < 0.001);
  // Past the end: its last moment.
  CHECK(show.at(1000, 2).cover == 1);
  CHECK(title_of(show.at(1000, 2)) == "The end");
  CHECK(show.at(1000, 2).loop_time_s == 40);
}

TEST_CASE("Cover and words change smoothly through the whole show", "[timeline][show]") {
  const Timeline show = timeline_for(show_scene());
  const double step = 0.001;
  FrameState previous = show.at(0, 2);
  int card_changes = 0;
  for (double t = step; t < show.show_duration_s(2); t += step) {
    const FrameState state = show.at(t, 2);
    INFO("time " << t);
    // smoothstep over 0.5 s moves at most 1.5 / 0.5 * step per step.
    REQUIRE(std::fabs(state.cover - previous.cover) <= 3 * step + 1e-6);
    const float opacity = state.text_card ? state.text_card->opacity : 0;
    const float previous_opacity = previous.text_card ? previous.text_card->opacity : 0;
    if (title_of(state) != title_of(previous)) {
      ++card_changes;
      // A card gives way to another only once it has faded out.
      REQUIRE(opacity <= 3 * step + 1e-6);
      REQUIRE(previous_opacity <= 3 * step + 1e-6);
    } else {
      REQUIRE(std::fabs(opacity - previous_opacity) <= 3 * step + 1e-6);
    }
    previous = state;
  }
  // Title -> none -> Fact one -> Fact two -> none -> The end.
  CHECK(card_changes == 5);
}

TEST_CASE("Card text fills its placeholders from the loop's data", "[timeline][show]") {
  Scene scene = loop_scene();
  scene.text_cards.before = {
      {"{frames} frames, {{literal}}",
       "{tasks} tasks: {approved} approved, {rejected} rejected ({rejected_percent}); {paid} "
       "paid, {withheld} withheld; {workers} workers at {reward}; {work_hours} h",
       "", 4}};
  const Timeline show = timeline_for(scene);
  const FrameState state = show.at(1);
  REQUIRE(state.text_card);
  CHECK(state.text_card->title == "5 frames, {literal}");
  CHECK(state.text_card->text ==
        "6 tasks: 3 approved, 2 rejected (33%); $0.45 paid, $0.30 withheld; 4 workers at "
        "$0.15; 0.1 h");
}

TEST_CASE("Frames needed across cards are those of the loop where it waits", "[timeline][show]") {
  const Timeline show = timeline_for(show_scene());
  CHECK(show.frames_needed(0, 2) == std::vector<int>{1});
  CHECK(show.frames_needed(0, 3 + 4.5) == std::vector<int>{1, 2, 3});
  // Under the cards between, the loop waits at its start again.
  CHECK(show.frames_needed(3 + 19, 3 + 22) == std::vector<int>{5, 1});
  // The show with an end waits at the loop's end under the cards after.
  CHECK(show.frames_needed(3 + 2 * 20 + 4 + 1, 1000, 2) == std::vector<int>{1});
}

TEST_CASE("A card shorter than its two fades is refused", "[timeline][show][bad]") {
  Scene scene = show_scene();
  scene.text_cards.between[1].duration_s = 0.9;
  const auto timeline = Timeline::create(crowd(), scene);
  REQUIRE_FALSE(timeline.ok());
  CHECK(timeline.error().to_string() ==
        "text_cards.between[1].duration_s: expected at least twice text_cards.fade_s (1.000000 "
        "s), got 0.900000");
}
