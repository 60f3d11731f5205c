// The simulated crowd: who took each frame's HIT, what they drew over the ground truth (with the
// slips people make) and whether the requester approved it, in two batches like the thesis's.
//
// Every number comes from splitmix64 streams keyed by the seed and by what they decide (the
// choice of workers per batch, the drawing per assignment), so one frame's noise does not depend
// on how many numbers another frame used.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <set>

#include "hitl/sample/crowd.hpp"
#include "sample/outline.hpp"
#include "sample/splitmix.hpp"

namespace hitl {

namespace {

using sample::Outline;
using sample::Point;
using sample::SplitMix64;

constexpr int kBody = 1, kLeftButton = 2, kRightButton = 3, kScrollWheel = 4, kCable = 5;
constexpr int kPartCount = 5;
constexpr int kAssignmentDuration_s = 600;  // the HIT allowed 10 minutes
constexpr std::int64_t kAutoApprovalDelay_s = 259200;
constexpr std::int64_t kHitLifetime_s = std::int64_t{7} * 86400;

// ---- Times, as MTurk writes them: "Mon Mar 13 10:07:07 PDT 2023" ------------------------------
// Seconds count from 1970-01-01 00:00 on the Pacific wall clock; every time of the sample falls in
// March and April 2023, under daylight saving time (PDT).

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(month + (month > 2 ? -3 : 9)) + 2) / 5 +
                       static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
  int year, month, day;
};

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const auto year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2));
  return {year, static_cast<int>(month), static_cast<int>(day)};
}

std::int64_t pacific_seconds(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, month, day) * 86400 + std::int64_t{hour} * 3600 +
         std::int64_t{minute} * 60 + second;
}

std::string mturk_time(std::int64_t pacific_s) {
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t days = pacific_s / 86400;
  const std::int64_t in_day = pacific_s % 86400;
  const CivilDate date = civil_from_days(days);
  const auto weekday = static_cast<std::size_t>((days + 4) % 7);  // 1970-01-01 was a Thursday
  char text[48];
  std::snprintf(text, sizeof text, "%s %s %02d %02d:%02d:%02d PDT %d", kWeekdays[weekday],
                kMonths[date.month - 1], date.day, static_cast<int>(in_day / 3600),
                static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60), date.year);
  return text;
}

// ---- Ids
// ------------------------------------------------------------------------------------------

constexpr std::string_view kIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

std::string random_id(SplitMix64& random, std::size_t length) {
  std::string id;
  for (std::size_t i = 0; i < length; ++i) {
    id += kIdAlphabet[static_cast<std::size_t>(random.below(int(kIdAlphabet.size())))];
  }
  return id;
}

// Ids are drawn until they are new: the sample never gives two workers (or HITs) one id.
class IdMaker {
 public:
  explicit IdMaker(std::uint64_t seed) : random_(seed, 0x1D5) {}

  // "A" + 12 or 13 upper-case letters and digits; real ones mostly start A1, A2 or A3.
  std::string worker() {
    for (;;) {
      std::string id = "A" + std::to_string(random_.between_int(1, 3)) +
                       random_id(random_, random_.chance(0.7) ? 12 : 11);
      if (used_.insert(id).second) return id;
    }
  }
  // HIT, HIT type and assignment ids: 30 upper-case letters and digits.
  std::string mturk() {
    for (;;) {
      std::string id = std::to_string(random_.between_int(1, 3)) + random_id(random_, 29);
      if (used_.insert(id).second) return id;
    }
  }

 private:
  SplitMix64 random_;
  std::set<std::string> used_;
};

// ---- Workers ----------------------------------------------------------------------------------

// How a worker goes about the task; it stays the same over all the frames they take.
enum class Habit {
  one_part,  // paints one part (mostly the body) and submits
  partial,   // paints some of the parts
  complete,  // paints all five, with the usual slips
};

struct Worker {
  std::string id;
  Habit habit = Habit::complete;
  double wobble_px = 2;        // amplitude of the hand's wander, at 2880x1920
  double offset_px = 1;        // painting past (positive) or short of the edge, at 2880x1920
  double few_vertices = 0.2;   // chance to outline a part with a few polygon clicks
  double speed = 1;            // work time factor
  std::int64_t free_at_s = 0;  // when they can accept the next HIT
  int tasks = 0;
};

// What differs between the batches: who took the re-issued HITs, and how strict the review was.
struct BatchPlan {
  int batch = 1;
  double one_part = 0, partial = 0;  // shares of habits; the rest paint all parts
  double repeat = 0;                 // chance that a HIT goes to a worker of earlier HITs
  std::int64_t created_s = 0;
  std::int64_t review_s = 0;  // when the requester reviewed the batch
};

Worker new_worker(IdMaker& ids, SplitMix64& random, const BatchPlan& plan) {
  Worker w;
  w.id = ids.worker();
  const double u = random.uniform();
  w.habit = u < plan.one_part                  ? Habit::one_part
            : u < plan.one_part + plan.partial ? Habit::partial
                                               : Habit::complete;
  w.wobble_px = random.between(1.0, 5.0);
  w.offset_px = random.between(-1.0, 3.0);
  w.few_vertices = random.chance(0.3) ? random.between(0.4, 0.9) : random.between(0.0, 0.15);
  w.speed = random.between(0.7, 1.25);
  return w;
}

// A HIT of the batch goes to a returning worker (more likely the busier ones) or a new one.
std::size_t pick_worker(std::vector<Worker>& workers, IdMaker& ids, SplitMix64& random,
                        const BatchPlan& plan, std::size_t batch_first) {
  const std::size_t in_batch = workers.size() - batch_first;
  if (in_batch > 0 && random.chance(plan.repeat)) {
    int total = 0;
    for (std::size_t i = batch_first; i < workers.size(); ++i) total += workers[i].tasks;
    int pick = random.below(total);
    for (std::size_t i = batch_first; i < workers.size(); ++i) {
      pick -= workers[i].tasks;
      if (pick < 0) return i;
    }
  }
  workers.push_back(new_worker(ids, random, plan));
  return workers.size() - 1;
}

// ---- Drawing ----------------------------------------------------------------------------------

struct Drawing {
  std::vector<PartOutline> drawn;
  bool swapped_buttons = false, wrong_class = false, oversize = false;
  int few_vertex_parts = 0;
};

int distinct_classes(const std::vector<PartOutline>& drawn) {
  std::set<int> ids;
  for (const auto& part : drawn) ids.insert(part.category_id);
  return static_cast<int>(ids.size());
}

Point centroid(const Outline& outline) {
  double x = 0, y = 0;
  for (const auto& p : outline) {
    x += p.first;
    y += p.second;
  }
  const double n = std::max<double>(1, static_cast<double>(outline.size()));
  return {x / n, y / n};
}

// A hand-drawn version of a true outline: resampled densely, pushed along its normal by a smooth
// wander of a few low frequencies plus a steady offset (people paint over or short of an edge),
// both kept well under the part's thickness so a thin cable stays a cable.
Outline wobbled(const Outline& truth, const Worker& worker, double scale, SplitMix64& random) {
  const double length = sample::perimeter(truth);
  const double area = std::abs(sample::signed_area(truth));
  if (length <= 0 || area <= 0) return truth;
  const int count = std::clamp(static_cast<int>(length / (6 * scale)), 24, 480);
  Outline points = sample::resample_closed(truth, count);
  const double thickness = 2 * area / length;  // a strip's width, a disc's radius
  const double amplitude = std::min(worker.wobble_px * scale, 0.2 * thickness);
  const double offset = std::clamp(worker.offset_px * scale, -0.1 * thickness, 0.2 * thickness);
  static constexpr double kCycles[] = {2, 3, 5, 8};
  static constexpr double kWeights[] = {0.45, 0.3, 0.15, 0.1};
  double phase[4];
  for (double& p : phase) p = random.between(0, 2 * std::numbers::pi);
  // Clockwise on screen (positive area, y down), the outward normal of a tangent (tx, ty) is
  // (ty, -tx); counter-clockwise, its opposite.
  const double outward = sample::signed_area(truth) > 0 ? 1.0 : -1.0;
  Outline out;
  out.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Point& prev = points[(i + points.size() - 1) % points.size()];
    const Point& next = points[(i + 1) % points.size()];
    const double tx = next.first - prev.first, ty = next.second - prev.second;
    const double tl = std::hypot(tx, ty);
    if (tl <= 0) continue;
    const double nx = outward * ty / tl, ny = -outward * tx / tl;
    const double s = static_cast<double>(i) / static_cast<double>(points.size());
    double wander = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      wander += kWeights[k] * std::sin(2 * std::numbers::pi * kCycles[k] * s + phase[k]);
    }
    const double d = offset + amplitude * wander;
    out.emplace_back(points[i].first + d * nx, points[i].second + d * ny);
  }
  return out;
}

// A part outlined with a few polygon clicks: some vertices of the wobbly outline, unevenly spaced.
Outline few_clicks(const Outline& outline, SplitMix64& random) {
  const int clicks = random.between_int(5, 12);
  if (static_cast<int>(outline.size()) <= clicks) return outline;
  const double spacing = static_cast<double>(outline.size()) / clicks;
  Outline out;
  for (int k = 0; k < clicks; ++k) {
    const double at = (k + random.between(-0.3, 0.3)) * spacing;
    const auto i = static_cast<std::size_t>(std::clamp(at, 0.0, double(outline.size() - 1)));
    out.push_back(outline[i]);
  }
  return out;
}

// A rough polygon far larger than the part: a few clicks around it, 1.5 to 2.5 times its size.
Outline far_too_big(const Outline& truth, SplitMix64& random) {
  const Outline around = few_clicks(sample::resample_closed(truth, 64), random);
  const Point c = centroid(around);
  const double factor = random.between(1.5, 2.5);
  Outline out;
  for (const auto& p : around) {
    out.emplace_back(c.first + factor * (p.first - c.first),
                     c.second + factor * (p.second - c.second));
  }
  return out;
}

// Which of the frame's parts a worker labels; small parts are the ones people skip.
std::vector<const PartOutline*> parts_to_label(const FrameTruth& truth, Habit habit,
                                               SplitMix64& random) {
  std::vector<const PartOutline*> parts;
  for (const auto& part : truth.parts) {
    if (part.points.size() >= 3) parts.push_back(&part);
  }
  if (parts.empty()) return parts;
  const auto skip_weight = [](const PartOutline* part) {
    switch (part->category_id) {
      case kScrollWheel:
        return 4.0;
      case kCable:
        return 3.0;
      case kBody:
        return 0.5;
      default:
        return 1.5;
    }
  };
  const auto drop_one = [&] {
    double total = 0;
    for (const auto* part : parts) total += skip_weight(part);
    double pick = random.between(0, total);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      pick -= skip_weight(parts[i]);
      if (pick < 0 || i + 1 == parts.size()) {
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  };
  switch (habit) {
    case Habit::one_part: {
      const auto body = std::find_if(parts.begin(), parts.end(),
                                     [](const PartOutline* p) { return p->category_id == kBody; });
      if (body != parts.end() && random.chance(0.8)) return {*body};
      return {parts[static_cast<std::size_t>(random.below(static_cast<int>(parts.size())))]};
    }
    case Habit::partial: {
      const double u = random.uniform();
      const int drops = u < 0.5 ? 1 : u < 0.8 ? 2 : 3;
      for (int i = 0; i < drops && parts.size() > 2; ++i) drop_one();
      return parts;
    }
    case Habit::complete:
      if (random.chance(0.08) && parts.size() > 1) drop_one();
      return parts;
  }
  return parts;
}

Drawing draw(const FrameTruth& truth, const Worker& worker, double scale, SplitMix64& random) {
  Drawing drawing;
  const auto parts = parts_to_label(truth, worker.habit, random);
  const bool careless = worker.habit != Habit::complete;
  const bool oversize = random.chance(careless ? 0.1 : 0.06);
  const std::size_t oversize_part =
      parts.empty() ? 0 : static_cast<std::size_t>(random.below(static_cast<int>(parts.size())));
  for (std::size_t i = 0; i < parts.size(); ++i) {
    PartOutline shape;
    shape.category_id = parts[i]->category_id;
    if (oversize && i == oversize_part) {
      shape.points = far_too_big(parts[i]->points, random);
      drawing.oversize = true;
    } else {
      shape.points = wobbled(parts[i]->points, worker, scale, random);
      if (random.chance(worker.few_vertices)) {
        shape.points = few_clicks(shape.points, random);
        ++drawing.few_vertex_parts;
      }
    }
    drawing.drawn.push_back(std::move(shape));
  }
  if (parts.size() >= 2) {
    bool has_left = false, has_right = false;
    for (const auto& shape : drawing.drawn) {
      has_left |= shape.category_id == kLeftButton;
      has_right |= shape.category_id == kRightButton;
    }
    if (has_left && has_right && random.chance(0.1)) {
      // Left and right as the worker sees them on screen, not as the mouse's user would.
      for (auto& shape : drawing.drawn) {
        if (shape.category_id == kLeftButton || shape.category_id == kRightButton) {
          shape.category_id = kLeftButton + kRightButton - shape.category_id;
        }
      }
      drawing.swapped_buttons = true;
    } else if (random.chance(0.05)) {
      // One part given a neighbour's class: the wheel taken for a button, a button for the body.
      auto& shape =
          drawing.drawn[static_cast<std::size_t>(random.below(int(drawing.drawn.size())))];
      shape.category_id = shape.category_id == kScrollWheel ? kLeftButton
                          : shape.category_id == kCable     ? kBody
                                                            : kScrollWheel;
      drawing.wrong_class = true;
    }
  }
  return drawing;
}

// ---- Review -----------------------------------------------------------------------------------

struct Verdict {
  bool approved = true;
  std::string reason;
};

std::string only_reason(int classes) {
  return "Only " + std::to_string(classes) + " out " + std::to_string(kPartCount) +
         " elements segmented";
}

// The requester's review: incomplete work is rejected with the thesis's wording; other faults
// sometimes. The re-issued batch was reviewed more strictly.
Verdict review(const Drawing& drawing, int batch, SplitMix64& random) {
  const int classes = distinct_classes(drawing.drawn);
  const bool strict = batch >= 2;
  if (classes <= 2 || (classes == 3 && (strict || random.chance(0.6)))) {
    return {false, only_reason(classes)};
  }
  if (classes == 4 && random.chance(strict ? 0.7 : 0.15)) return {false, only_reason(classes)};
  if (drawing.swapped_buttons && random.chance(strict ? 0.9 : 0.5)) {
    return {false, "Left and right buttons inverted"};
  }
  if (drawing.wrong_class && random.chance(strict ? 0.9 : 0.5)) {
    return {false, "Wrong label on some elements"};
  }
  if (drawing.oversize && random.chance(strict ? 0.9 : 0.6)) {
    return {false, "Polygon much bigger than the element"};
  }
  if (drawing.few_vertex_parts >= 2 && random.chance(strict ? 0.5 : 0.05)) {
    return {false, "Segmentation not precise enough"};
  }
  return {};
}

int work_seconds(const Worker& worker, const Drawing& drawing, SplitMix64& random) {
  double seconds = 0;
  switch (worker.habit) {
    case Habit::one_part:
      seconds = random.between(35, 240);
      break;
    case Habit::partial:
      seconds = random.between(90, 420);
      break;
    case Habit::complete:
      seconds = random.between(180, 560);
      break;
  }
  if (drawing.oversize) seconds *= 0.6;
  seconds *= worker.speed;
  // Nobody lets the HIT expire under them: the slowest submit in the last minute or so.
  if (seconds > kAssignmentDuration_s - 10)
    seconds = random.between(530, kAssignmentDuration_s - 5);
  return std::max(20, static_cast<int>(seconds));
}

}  // namespace

std::vector<SimulatedAssignment> simulate_crowd(const std::vector<FrameTruth>& frames,
                                                const CrowdOptions& options) {
  const double scale = std::min(options.width_px / 2880.0, options.height_px / 1920.0);
  const BatchPlan plans[] = {
      {1, 0.42, 0.14, 0.12, pacific_seconds(2023, 3, 13, 9, 12, 45),
       pacific_seconds(2023, 3, 15, 10, 4, 0)},
      {2, 0.57, 0.20, 0.10, pacific_seconds(2023, 3, 20, 10, 3, 12),
       pacific_seconds(2023, 3, 22, 9, 41, 0)},
  };
  IdMaker ids(options.seed);
  std::vector<Worker> workers;
  std::vector<SimulatedAssignment> out;
  std::vector<const FrameTruth*> issued;
  for (const auto& frame : frames) issued.push_back(&frame);
  std::sort(issued.begin(), issued.end(), [](const FrameTruth* a, const FrameTruth* b) {
    return a->frame_number < b->frame_number;
  });

  for (const BatchPlan& plan : plans) {
    SplitMix64 crowd_random(options.seed, 0xC0D0 + static_cast<std::uint64_t>(plan.batch));
    const std::size_t batch_first = workers.size();
    const std::size_t out_first = out.size();
    std::vector<const FrameTruth*> rejected;
    for (const FrameTruth* frame : issued) {
      SplitMix64 random(options.seed, (static_cast<std::uint64_t>(plan.batch) << 32) |
                                          static_cast<std::uint32_t>(frame->frame_number));
      const std::size_t w = pick_worker(workers, ids, crowd_random, plan, batch_first);
      Worker& worker = workers[w];
      const Drawing drawing = draw(*frame, worker, scale, random);
      const Verdict verdict = review(drawing, plan.batch, random);

      SimulatedAssignment a;
      a.frame_number = frame->frame_number;
      a.batch = plan.batch;
      a.worker_id = worker.id;
      a.hit_id = ids.mturk();
      a.assignment_id = ids.mturk();
      a.approved = verdict.approved;
      a.reject_reason = verdict.reason;
      const int work_s = work_seconds(worker, drawing, random);
      a.work_time_s = work_s;
      // HITs are taken fast at first, then more slowly over the day; a returning worker takes
      // the next one a little after submitting the last.
      const double wait_s = 60 + 10 * 3600 * std::pow(crowd_random.uniform(), 1.8);
      std::int64_t accept_s = plan.created_s + static_cast<std::int64_t>(wait_s);
      if (worker.tasks > 0) {
        accept_s = worker.free_at_s + static_cast<std::int64_t>(crowd_random.between(15, 150));
      }
      const std::int64_t submit_s = accept_s + work_s;
      worker.free_at_s = submit_s;
      ++worker.tasks;
      a.creation_time = mturk_time(plan.created_s);
      a.expiration_time = mturk_time(plan.created_s + kHitLifetime_s);
      a.accept_time = mturk_time(accept_s);
      a.submit_time = mturk_time(submit_s);
      a.auto_approval_time = mturk_time(submit_s + kAutoApprovalDelay_s);
      const std::int64_t reviewed_s = std::max(
          plan.review_s + 12 * static_cast<std::int64_t>(out.size() - out_first), submit_s + 3600);
      a.review_time = mturk_time(reviewed_s);
      a.drawn = drawing.drawn;
      if (!a.approved) rejected.push_back(frame);
      out.push_back(std::move(a));
    }
    issued = std::move(rejected);
  }
  return out;
}

}  // namespace hitl
