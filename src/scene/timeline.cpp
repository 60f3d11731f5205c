// The timeline: time point -> FrameState, with the fades and totals described in timeline.hpp.
//
// Time is turned into one number, q = time_s / seconds_per_frame (frames since the start of the
// first loop), and everything is derived from its whole part (the step) and fraction (the
// blend). Deriving the loop, the frame and the blend from the same q, rather than from a time
// wrapped separately, keeps them consistent at the loop seam and at exact frame boundaries.
#include "hitl/scene/timeline.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

namespace hitl {

namespace {

// Past 2^52 frames a double no longer holds the fraction of q; such times (billions of years at
// any sane pace) are wrapped into the loop and lose their loop count.
constexpr double max_exact_steps = 0x1p52;

// The largest float below 1: a blend just short of a frame change stays below 1 when narrowed.
constexpr float max_blend = 0x1.fffffep-1f;

// Rewards are summed in ten-thousandths of a dollar, so that totals of cents are exact decimals
// ($44.40, not $44.399999999).
constexpr double usd_units = 10'000;

double smoothstep(double s) {
  s = std::clamp(s, 0.0, 1.0);
  return s * s * (3 - 2 * s);
}

// Where a time point falls: the step (whole frames since the start, wrapping into loops) and
// the blend towards the next step.
struct Step {
  std::int64_t step = 0;  // frames since the start of the first loop
  double blend = 0;       // 0 <= blend < 1
};

Step step_at(double time_s, double seconds_per_frame, std::size_t frame_count) {
  if (!(time_s > 0) || !std::isfinite(time_s)) time_s = 0;
  double q = time_s / seconds_per_frame;
  if (q >= max_exact_steps) q = std::fmod(q, static_cast<double>(frame_count));
  // A time meant to land on a frame change (i / fps with fps a multiple of the loop's pace)
  // comes out of the division a hair short of it: snap it on, or it would blend two frames.
  if (const double nearest = std::round(q); std::abs(q - nearest) <= 1e-12 * std::max(1.0, q)) {
    q = nearest;
  }
  const double whole = std::floor(q);
  return {static_cast<std::int64_t>(whole), q - whole};
}

std::string format_frame_range(const std::vector<Frame>& frames) {
  return std::to_string(frames.front().number) + " to " + std::to_string(frames.back().number);
}

std::string format_usd(double usd) {
  char text[32];
  std::snprintf(text, sizeof text, "$%.2f", usd);
  return text;
}

// What a text card's placeholders stand for in this loop (scene.hpp, text_card_placeholders).
std::string placeholder_value(std::string_view name, const Dataset& dataset,
                              const std::vector<int>& frames, const LoopTotals& totals) {
  if (name == "frames") return std::to_string(frames.size());
  if (name == "tasks") return std::to_string(totals.tasks);
  if (name == "approved") return std::to_string(totals.approved);
  if (name == "rejected") return std::to_string(totals.rejected);
  if (name == "rejected_percent") {
    const long percent = totals.tasks > 0 ? std::lround(100.0 * totals.rejected / totals.tasks) : 0;
    return std::to_string(percent) + "%";
  }
  if (name == "paid") return format_usd(totals.paid_usd);
  if (name == "withheld") return format_usd(totals.withheld_usd);
  if (name == "work_hours") {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", totals.work_minutes / 60);
    return text;
  }
  std::set<std::string_view> workers;
  double lowest = 0, highest = 0;
  bool any = false;
  for (const int frame : frames) {
    for (const int index : dataset.submissions_of_frame(frame)) {
      const Submission& submission = dataset.submissions()[static_cast<std::size_t>(index)];
      if (!submission.worker_id.empty()) workers.insert(submission.worker_id);
      lowest = any ? std::min(lowest, submission.reward_usd) : submission.reward_usd;
      highest = any ? std::max(highest, submission.reward_usd) : submission.reward_usd;
      any = true;
    }
  }
  if (name == "workers") return std::to_string(workers.size());
  if (name == "reward") {
    if (format_usd(lowest) == format_usd(highest)) return format_usd(lowest);
    return format_usd(lowest) + " to " + format_usd(highest);
  }
  return "{" + std::string(name) + "}";
}

double run_duration_s(const std::vector<TextCard>& cards) {
  double total = 0;
  for (const TextCard& card : cards) total += card.duration_s;
  return total;
}

}  // namespace

Result<Timeline> Timeline::create(const Dataset& dataset, const Scene& scene) {
  const SceneTiming& timing = scene.timing;
  const auto fail = [](std::string field, std::string message) {
    return error_at("", 0, 0, std::move(field), std::move(message));
  };
  if (!std::isfinite(timing.seconds_per_frame) || timing.seconds_per_frame <= 0) {
    return fail("timing.seconds_per_frame", "expected a number greater than 0, got " +
                                                std::to_string(timing.seconds_per_frame));
  }
  if (!std::isfinite(timing.transition_s) || timing.transition_s < 0 ||
      timing.transition_s >= timing.seconds_per_frame) {
    return fail("timing.transition_s",
                "expected a number from 0 to less than timing.seconds_per_frame (" +
                    std::to_string(timing.seconds_per_frame) + "), got " +
                    std::to_string(timing.transition_s));
  }
  const std::vector<Frame>& all_frames = dataset.frames();
  if (all_frames.empty()) return fail("", "the dataset has no frames; there is nothing to play");

  const int first = timing.first_frame != 0 ? timing.first_frame : all_frames.front().number;
  const int last = timing.last_frame != 0 ? timing.last_frame : all_frames.back().number;
  for (const auto& [field, number] :
       {std::pair{"timing.first_frame", first}, {"timing.last_frame", last}}) {
    if (number < all_frames.front().number || number > all_frames.back().number) {
      return fail(field, "frame " + std::to_string(number) +
                             " is not in the dataset; expected 0 or a frame from " +
                             format_frame_range(all_frames));
    }
  }
  if (first > last) {
    return fail("timing.last_frame", "the loop would end (frame " + std::to_string(last) +
                                         ") before it starts (frame " + std::to_string(first) +
                                         "); expected last_frame >= first_frame");
  }

  Timeline timeline;
  timeline.dataset_ = &dataset;
  timeline.scene_ = scene;
  for (const Frame& frame : all_frames) {
    if (frame.number >= first && frame.number <= last) timeline.frames_.push_back(frame.number);
  }
  if (timeline.frames_.empty()) {
    return fail("timing.first_frame", "the dataset has no frame from " + std::to_string(first) +
                                          " to " + std::to_string(last));
  }

  // Totals up to each position, summed exactly (see usd_units) and turned into dollars and
  // minutes once per position.
  std::int64_t paid_units = 0, withheld_units = 0;
  double work_s = 0;
  LoopTotals running;
  const auto& submissions = dataset.submissions();
  for (const int frame_number : timeline.frames_) {
    std::vector<int> shown;
    for (const int index : dataset.submissions_of_frame(frame_number)) {
      const Submission& submission = submissions[static_cast<std::size_t>(index)];
      const bool rejected = submission.status == AssignmentStatus::rejected;
      if (!rejected || scene.layers.rejected) shown.push_back(index);

      ++running.tasks;
      const auto units = static_cast<std::int64_t>(std::llround(submission.reward_usd * usd_units));
      if (submission.status == AssignmentStatus::approved) {
        ++running.approved;
        paid_units += units;
      } else if (rejected) {
        ++running.rejected;
        withheld_units += units;
      }
      if (submission.work_time_s) work_s += *submission.work_time_s;
    }
    std::sort(shown.begin(), shown.end());
    ++running.frames;
    running.paid_usd = static_cast<double>(paid_units) / usd_units;
    running.withheld_usd = static_cast<double>(withheld_units) / usd_units;
    running.work_minutes = work_s / 60;
    timeline.shown_submissions_.push_back(std::move(shown));
    timeline.totals_.push_back(running);
  }

  const SceneTextCards& cards = scene.text_cards;
  for (const auto& [run, field] : {std::pair{&cards.before, "text_cards.before"},
                                   {&cards.between, "text_cards.between"},
                                   {&cards.after, "text_cards.after"}}) {
    for (std::size_t i = 0; i < run->size(); ++i) {
      const double duration = (*run)[i].duration_s;
      if (!std::isfinite(duration) || duration <= 0 || duration < 2 * cards.fade_s) {
        return fail(std::string(field) + "[" + std::to_string(i) + "].duration_s",
                    "expected at least twice text_cards.fade_s (" +
                        std::to_string(2 * cards.fade_s) + " s), got " + std::to_string(duration));
      }
    }
  }
  const auto fill = [&](const std::vector<TextCard>& run) {
    std::vector<TextCard> filled = run;
    const auto value = [&](std::string_view name) {
      return placeholder_value(name, dataset, timeline.frames_, timeline.totals_.back());
    };
    for (TextCard& card : filled) {
      card.title = fill_placeholders(card.title, value);
      card.text = fill_placeholders(card.text, value);
      card.source = fill_placeholders(card.source, value);
    }
    return filled;
  };
  timeline.before_ = fill(cards.before);
  timeline.between_ = fill(cards.between);
  timeline.after_ = fill(cards.after);
  timeline.before_s_ = run_duration_s(cards.before);
  timeline.between_s_ = run_duration_s(cards.between);
  timeline.after_s_ = run_duration_s(cards.after);
  return timeline;
}

FrameState Timeline::at(double time_s) const {
  return state_at(place(time_s, std::nullopt), time_s);
}

FrameState Timeline::at(double time_s, int passes) const {
  return state_at(place(time_s, std::max(1, passes)), time_s);
}

double Timeline::show_duration_s(int passes) const {
  passes = std::max(1, passes);
  return before_s_ + passes * loop_duration_s() + (passes - 1) * between_s_ + after_s_;
}

double Timeline::pass_start_s(int pass) const {
  return before_s_ + std::max(0, pass) * (loop_duration_s() + between_s_);
}

Timeline::Place Timeline::place(double time_s, std::optional<int> passes) const {
  if (!(time_s > 0) || !std::isfinite(time_s)) time_s = 0;
  const double loop_s = loop_duration_s();
  if (time_s < before_s_) return {0, &before_, time_s, true, false};
  const double since_loop = time_s - before_s_;
  if (passes) {
    const double end = *passes * loop_s + (*passes - 1) * between_s_;
    if (since_loop >= end) {
      const double into_after = std::min(since_loop - end, after_s_);
      return {*passes * loop_s, after_s_ > 0 ? &after_ : nullptr, into_after, false, true};
    }
  }
  if (between_s_ <= 0) return {since_loop};
  const double period = loop_s + between_s_;
  const double pass = std::floor(since_loop / period);
  const double into_pass = since_loop - pass * period;
  if (into_pass < loop_s) return {pass * loop_s + into_pass};
  return {(pass + 1) * loop_s, &between_, into_pass - loop_s, false, false};
}

FrameState Timeline::state_at(const Place& where, double time_s) const {
  FrameState state = loop_state(where.loop_time_s);
  state.time_s = (time_s > 0 && std::isfinite(time_s)) ? time_s : 0;
  if (where.run == nullptr || where.run->empty()) return state;

  const double fade = scene_.text_cards.fade_s;
  // 0 at `edge`, rising to 1 over one fade; 1 at once without fades.
  const auto ramp = [fade](double since_edge) {
    return fade > 0 ? smoothstep(since_edge / fade) : (since_edge >= 0 ? 1.0 : 0.0);
  };
  const double run_s = run_duration_s(*where.run);
  const double t = std::clamp(where.into_run_s, 0.0, run_s);
  const double cover_in = where.opens_show ? 1 : ramp(t);
  const double cover_out = where.closes_show ? 1 : ramp(run_s - t);
  state.cover = static_cast<float>(std::min(cover_in, cover_out));

  double card_start = 0;
  for (std::size_t i = 0; i < where.run->size(); ++i) {
    const TextCard& card = (*where.run)[i];
    const double card_end = card_start + card.duration_s;
    if (t < card_end || i + 1 == where.run->size()) {
      state.text_card =
          ShownTextCard{card.title, card.text, card.source,
                        static_cast<float>(std::min(ramp(t - card_start), ramp(card_end - t)))};
      break;
    }
    card_start = card_end;
  }
  return state;
}

FrameState Timeline::loop_state(double time_s) const {
  const std::size_t count = frames_.size();
  const auto count64 = static_cast<std::int64_t>(count);
  const double seconds_per_frame = scene_.timing.seconds_per_frame;
  const Step step = step_at(time_s, seconds_per_frame, count);

  FrameState state;
  state.time_s = (time_s > 0 && std::isfinite(time_s)) ? time_s : 0;
  state.loop_time_s = state.time_s;
  state.loop_index = static_cast<int>(std::min<std::int64_t>(step.step / count64, INT_MAX));
  const auto position_a = static_cast<std::size_t>(step.step % count64);
  const std::size_t position_b = (position_a + 1) % count;
  state.frame_a = frames_[position_a];
  state.frame_b = frames_[position_b];
  state.blend = std::min(static_cast<float>(step.blend), max_blend);

  // The overlays and cards change hands when the picture is half way between the two frames.
  const bool b_is_nearer = step.blend >= 0.5;
  const std::size_t current = b_is_nearer ? position_b : position_a;
  state.current_frame = frames_[current];
  state.current_position = static_cast<int>(current);
  state.totals = totals_[current];

  // Where the picture is relative to the change, in transition widths: -0.5 when the transition
  // starts, 0 at the change, 0.5 when it ends. Measured from the change itself so that the
  // change lands exactly on 0 and the cards' fades meet at exactly 0 opacity.
  const double width = scene_.timing.transition_s / seconds_per_frame;  // in frames, < 1
  const double from_change = width > 0 ? (step.blend - 0.5) / width : 1;
  const bool fading = position_a != position_b && from_change >= -0.5 && from_change < 0.5;

  const auto add = [](std::vector<VisibleSubmission>& out, const std::vector<int>& shown,
                      double opacity) {
    const auto opacity_f = static_cast<float>(opacity);
    if (opacity_f <= 0) return;
    for (const int index : shown) out.push_back({index, opacity_f});
  };
  if (!fading) {
    add(state.overlays, shown_submissions_[current], 1);
    add(state.cards, shown_submissions_[current], 1);
    return state;
  }
  const double fade_in = smoothstep(from_change + 0.5);
  add(state.overlays, shown_submissions_[position_a], 1 - fade_in);
  add(state.overlays, shown_submissions_[position_b], fade_in);
  std::sort(state.overlays.begin(), state.overlays.end(),
            [](const VisibleSubmission& x, const VisibleSubmission& y) {
              return x.submission < y.submission;
            });
  // Cards take turns: the old ones are gone at the change, and only then do the new ones come.
  if (b_is_nearer) {
    add(state.cards, shown_submissions_[position_b], smoothstep(2 * from_change));
  } else {
    add(state.cards, shown_submissions_[position_a], 1 - smoothstep(2 * from_change + 1));
  }
  return state;
}

std::optional<FrameState> Timeline::at_frame(int frame_number) const {
  const auto found = std::find(frames_.begin(), frames_.end(), frame_number);
  if (found == frames_.end()) return std::nullopt;
  const auto position = static_cast<std::size_t>(found - frames_.begin());

  FrameState state;
  state.loop_time_s = static_cast<double>(position) * scene_.timing.seconds_per_frame;
  state.time_s = before_s_ + state.loop_time_s;
  state.frame_a = frame_number;
  state.frame_b = frames_[(position + 1) % frames_.size()];
  state.current_frame = frame_number;
  state.current_position = static_cast<int>(position);
  for (const int index : shown_submissions_[position]) {
    state.overlays.push_back({index, 1});
    state.cards.push_back({index, 1});
  }
  state.totals = totals_[position];
  return state;
}

std::optional<double> Timeline::time_of_frame(int frame_number) const {
  const auto found = std::find(frames_.begin(), frames_.end(), frame_number);
  if (found == frames_.end()) return std::nullopt;
  return before_s_ + static_cast<double>(found - frames_.begin()) * scene_.timing.seconds_per_frame;
}

double Timeline::loop_duration_s() const {
  return static_cast<double>(frames_.size()) * scene_.timing.seconds_per_frame;
}

std::vector<int> Timeline::frames_needed(double from_s, double to_s,
                                         std::optional<int> passes) const {
  if (!(to_s >= from_s)) return {};
  if (passes) passes = std::max(1, *passes);
  // The loop's time never runs backwards through the show (it waits under the cards), so the
  // frames needed are those of the loop's own time span.
  return loop_frames_needed(place(from_s, passes).loop_time_s, place(to_s, passes).loop_time_s);
}

std::vector<int> Timeline::loop_frames_needed(double from_s, double to_s) const {
  if (!(to_s >= from_s)) return {};
  const std::size_t count = frames_.size();
  const auto count64 = static_cast<std::int64_t>(count);
  const Step from = step_at(from_s, scene_.timing.seconds_per_frame, count);
  const Step to = step_at(to_s, scene_.timing.seconds_per_frame, count);
  // The last step whose frame shows: the one after `to`'s when the picture has begun to blend
  // towards it.
  const std::int64_t last_step = to.step + (to.blend > 0 ? 1 : 0);
  const std::int64_t steps =
      std::min<std::int64_t>(std::max<std::int64_t>(last_step - from.step, 0), count64 - 1);

  // At most one loop's worth of consecutive steps: no frame comes twice.
  std::vector<int> needed;
  for (std::int64_t k = from.step; k <= from.step + steps; ++k) {
    needed.push_back(frames_[static_cast<std::size_t>(k % count64)]);
  }
  return needed;
}

}  // namespace hitl
