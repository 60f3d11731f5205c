// The timeline: a pure function from a time point to what is visible then (a FrameState). The
// export steps it with a fixed timestep, the live view with the display clock; because it is pure
// and depends on nothing but the dataset and the scene, the same time gives the same picture in
// both, every time.
//
// The loop: the dataset's frames from timing.first_frame to timing.last_frame, each the current
// frame for timing.seconds_per_frame seconds, then again from the first. A full turn of the mouse
// ends where it began, so the last frame blends into the first across the loop seam exactly as
// any frame blends into the next.
//
// At time t, with p = t / seconds_per_frame (in frames since the loop's start, wrapping):
// - the picture is frame a = floor(p) blended towards the next frame b by blend = p - floor(p),
//   so the rotation moves continuously however slowly it runs;
// - the overlays (masks and boxes) are those of the nearer frame, round(p); around each change,
//   over transition_s, the old frame's overlays fade out while the new frame's fade in;
// - the cards are those of the nearer frame too, but they never overlap in time: the old cards
//   fade out in the first half of the transition, the new ones fade in during the second half.
//   A card is thus fully opaque for seconds_per_frame - transition_s.
// - the totals count the submissions of every frame of this loop up to and including the nearer
//   frame (they restart with each loop).
//
// The show around the loop (scene.hpp, SceneTextCards): the cards `before`, then the loop, the
// cards `between`, the loop again, and so on; a show with an end (an export of N passes: the
// overloads taking `passes`) plays the cards `after` the last pass instead. Times count from the
// start of the show, so time 0 is the first card when there is one. Under a run of cards the
// loop waits at the moment it resumes (or ended), so the picture is continuous across the cards.
//
// Of the scene's layers only layers.rejected changes the state: rejected submissions are then
// left out of the overlays and cards (the totals still count them, as the work was done). The
// other layers are the renderer's to honour. Times past the end of the loop wrap; a frame with
// no submissions has no overlays and no cards.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"
#include "hitl/scene/scene.hpp"

namespace hitl {

// A submission drawn at some opacity (0..1).
struct VisibleSubmission {
  int submission = 0;  // index into Dataset::submissions()
  float opacity = 1;
  friend bool operator==(const VisibleSubmission&, const VisibleSubmission&) = default;
};

// What the crowd did so far in this loop, for the HUD.
struct LoopTotals {
  int frames = 0;  // frames of the loop reached so far, the current one included
  int tasks = 0;   // submissions on those frames
  int approved = 0;
  int rejected = 0;
  double paid_usd = 0;      // rewards of the approved ones
  double withheld_usd = 0;  // rewards of the rejected ones: work done, not paid
  double work_minutes = 0;  // the workers' time on those tasks, where known
  friend bool operator==(const LoopTotals&, const LoopTotals&) = default;
};

// A title or fact card on screen, its placeholders filled.
struct ShownTextCard {
  std::string title, text, source;
  float opacity = 1;  // of its words: each card's fade in and out
  friend bool operator==(const ShownTextCard&, const ShownTextCard&) = default;
};

struct FrameState {
  double time_s = 0;       // in the show (cards included)
  double loop_time_s = 0;  // in the loop, counting on over passes; still under cards
  // How much the text cards' background hides the loop: 0 not at all, 1 entirely.
  float cover = 0;
  std::optional<ShownTextCard> text_card;
  int loop_index = 0;        // how many times the loop has started over before time_s
  int frame_a = 0;           // source frame number
  int frame_b = 0;           // the next frame in the loop (the first after the last)
  float blend = 0;           // 0: frame_a alone ... 1: frame_b alone
  int current_frame = 0;     // the nearer of a and b: whose overlays and cards show
  int current_position = 0;  // its 0-based place in the loop
  std::vector<VisibleSubmission> overlays;  // masks and boxes, ordered by submission index
  std::vector<VisibleSubmission> cards;     // ordered by submission index
  LoopTotals totals;
  // A live cue's caption over everything (see SceneCue); the timeline never sets one, so stills
  // and exports have none.
  std::string caption;
  friend bool operator==(const FrameState&, const FrameState&) = default;
};

class Timeline {
 public:
  // Refused when the loop would hold no frame (first/last outside the dataset's frames, or
  // first > last) or when the timing is out of range (seconds_per_frame <= 0, transition_s < 0 or
  // >= seconds_per_frame).
  static Result<Timeline> create(const Dataset& dataset, const Scene& scene);

  // What is visible at time_s (>= 0; negative times are taken as 0) in the endless show: cards
  // before, then the loop and the cards between, forever (the live view, the kiosk).
  FrameState at(double time_s) const;
  // The same in the show of `passes` passes of the loop (>= 1), which ends with the cards after:
  // identical to at(time_s) until the last pass ends. Past the show's end, its last moment.
  FrameState at(double time_s, int passes) const;
  // The length of the show of `passes` passes: before + passes loops + (passes - 1) betweens +
  // after.
  double show_duration_s(int passes) const;
  // When pass `pass` (0-based) of the loop begins.
  double pass_start_s(int pass) const;
  // Source frame `frame_number` alone (blend 0) with exactly its own overlays and cards, all
  // opaque, totals up to it: what `hitl still --frame N` shows. nullopt when the frame is not in
  // the loop.
  std::optional<FrameState> at_frame(int frame_number) const;
  // The time in the show at which frame_number is the current frame with nothing fading, in the
  // first pass; nullopt when not in the loop.
  std::optional<double> time_of_frame(int frame_number) const;

  double loop_duration_s() const;
  std::span<const int> frames() const { return frames_; }  // the loop's frame numbers, in order
  // The source frames the picture needs from time from_s up to to_s of the show, in the order
  // they are needed (no repeats): what a frame source should decode ahead. With `passes`, in the
  // show of that many passes (see at()).
  std::vector<int> frames_needed(double from_s, double to_s,
                                 std::optional<int> passes = std::nullopt) const;

 private:
  // Where a time point of the show falls: in the loop, or in a run of cards.
  struct Place {
    double loop_time_s = 0;
    const std::vector<TextCard>* run = nullptr;  // the run of cards on screen, if any
    double into_run_s = 0;
    bool opens_show = false;   // the run at time 0: it starts covered, with no fade
    bool closes_show = false;  // the run that ends the show: it stays covered
  };
  Place place(double time_s, std::optional<int> passes) const;
  FrameState state_at(const Place& place, double time_s) const;
  FrameState loop_state(double loop_time_s) const;
  std::vector<int> loop_frames_needed(double from_s, double to_s) const;

  const Dataset* dataset_ = nullptr;  // not owned; must outlive the timeline
  Scene scene_;
  std::vector<int> frames_;
  // Per position in the loop: the submissions shown (after the layers.rejected filter) and the
  // totals up to and including that position.
  std::vector<std::vector<int>> shown_submissions_;
  std::vector<LoopTotals> totals_;
  // The scene's text cards with their placeholders filled, and each run's length.
  std::vector<TextCard> before_, between_, after_;
  double before_s_ = 0, between_s_ = 0, after_s_ = 0;
};

}  // namespace hitl
