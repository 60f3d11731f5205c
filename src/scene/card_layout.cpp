// Card layout as an exact search over whole-pixel positions.
//
// For one card, every rule becomes a set of forbidden top-left corners: each placed card and each
// anchor forbids a box of integer positions (found with the very comparisons the rules are stated
// in, so rounding cannot disagree with them), and the safe area allows a box of them. The search
// then visits a few columns x and, in each, the free runs of rows y. Why those few suffice:
// - Completeness. Slide any allowed position left until the next pixel is forbidden, then up the
//   same way: it stays allowed and lands on a column just right of a forbidden box (or the safe
//   area's left edge) and a row just below one (or the top edge). Those columns are visited, and
//   in them every free run of rows is examined.
// - Optimality. Fix the best position's row: along that row its column is either an end of a free
//   run (just beside a forbidden box, or at a safe-area edge) or the best column of the run for
//   the score, and along one axis the score is at its best at a few points fixed by the anchor
//   alone (where the distance to the anchor becomes 0 or stops being 0, and the anchor's edge for
//   alignment). Those columns are visited too; within a column the same argument picks the rows.
// Anchors are obstacles only in the first pass; a card that finds no room there searches again
// with the placed cards alone, and may then cover anchors.
#include "hitl/scene/card_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <tuple>
#include <utility>

namespace hitl {

namespace {

using Px = std::int64_t;  // a whole output pixel

// Screens and anchors must lie within this distance of the origin (16 million pixels: beyond any
// display). Then squared distances stay below 2^51, where doubles are finer than half a pixel, so
// the score changes strictly from one whole pixel to the next except on the first pixel past the
// anchor's edge; the optimality argument above relies on that, and tries that pixel too.
constexpr double max_coordinate_px = 1 << 24;

// Finite, and within max_coordinate_px of the origin.
bool is_usable(const RectPx& r) {
  for (double value : {r.x, r.y, r.width, r.height, r.right(), r.bottom()}) {
    if (!(std::abs(value) <= max_coordinate_px)) return false;  // NaN included
  }
  return true;
}

double usable_length(double length_px) {
  return std::isfinite(length_px) && length_px > 0 ? length_px : 0;
}

Px to_px(double value, Px low, Px high) {
  if (!(value >= static_cast<double>(low))) return low;  // NaN included
  if (!(value <= static_cast<double>(high))) return high;
  return static_cast<Px>(std::floor(value));
}

// The smallest k in [low, high] for which holds(k) is true, or high + 1 when there is none. holds
// must be false up to some k and true from there on; guess is where the caller expects the change
// (usually right to a pixel, which saves the bisection most of its steps).
template <class Holds>
Px first_where(Px low, Px high, double guess, const Holds& holds) {
  Px from = low, to = high + 1;  // the answer lies in [from, to]
  const Px k = to_px(guess, low, high);
  if (k - 1 >= from && !holds(k - 1)) from = k;
  if (k + 1 <= high && holds(k + 1)) to = std::min(to, k + 1);
  while (from < to) {
    const Px middle = from + (to - from) / 2;
    if (holds(middle)) {
      to = middle;
    } else {
      from = middle + 1;
    }
  }
  return from;
}

// A card of one size, along one axis: where its near edge may go.
struct Axis {
  double size_px = 0;
  Px first = 0, last = -1;  // the positions the safe area allows, inclusive

  bool allows(Px k) const { return first <= k && k <= last; }
};

Axis axis_in(double safe_start_px, double safe_end_px, double size_px) {
  Axis axis;
  axis.size_px = size_px;
  const Px low = static_cast<Px>(std::floor(safe_start_px)) - 1;
  const Px high = static_cast<Px>(std::ceil(safe_end_px)) + 1;
  // The same comparisons as RectPx::contains.
  axis.first = first_where(low, high, std::ceil(safe_start_px),
                           [&](Px k) { return static_cast<double>(k) >= safe_start_px; });
  axis.last = first_where(low, high, std::floor(safe_end_px - size_px) + 1,
                          [&](Px k) { return static_cast<double>(k) + size_px > safe_end_px; }) -
              1;
  return axis;
}

// The positions k, inclusive, at which the card's extent on this axis, grown by growth_px on each
// side, overlaps the open extent (start_px, end_px) of an obstacle: the same comparisons as
// RectPx::intersects on a RectPx::grown card.
std::pair<Px, Px> overlapping(const Axis& axis, double growth_px, double start_px, double end_px) {
  const double grown_size_px = axis.size_px + 2 * growth_px;
  const Px first =
      first_where(axis.first, axis.last, start_px - axis.size_px - growth_px + 1, [&](Px k) {
        const double near_px = static_cast<double>(k) - growth_px;
        return start_px < near_px + grown_size_px;
      });
  const Px after = first_where(axis.first, axis.last, end_px + growth_px, [&](Px k) {
    return !(static_cast<double>(k) - growth_px < end_px);
  });
  return {first, after - 1};
}

// Where, along one axis, the score for an anchor spanning [start_px, end_px] changes.
struct TurningPoints {
  Px near_first = 0, near_last = -1;  // the positions at distance 0 from the anchor, inclusive
  Px aligned = 0;                     // the first position at or past the anchor's start
};

TurningPoints turning_points(const Axis& axis, double start_px, double end_px) {
  const Px low = axis.first - 1, high = axis.last + 1;
  TurningPoints points;
  // The same comparisons as the distance in score_of.
  points.near_first = first_where(low, high, start_px - axis.size_px, [&](Px k) {
    return static_cast<double>(k) + axis.size_px >= start_px;
  });
  points.near_last =
      first_where(low, high, end_px + 1, [&](Px k) { return static_cast<double>(k) > end_px; }) - 1;
  points.aligned =
      first_where(low, high, start_px, [&](Px k) { return static_cast<double>(k) >= start_px; });
  return points;
}

// The positions worth trying along one axis whatever the obstacles: the first and last at
// distance 0 from the anchor and their neighbours outside, and the two nearest the anchor's start.
void add_turning_points(const Axis& axis, const TurningPoints& points, std::vector<Px>& out) {
  for (Px k : {points.near_first - 1, points.near_first, points.near_last, points.near_last + 1,
               points.aligned, points.aligned - 1}) {
    if (axis.allows(k)) out.push_back(k);
  }
}

// Positions a card may not take because of one obstacle, inclusive on both axes.
struct Forbidden {
  Px x_first, x_last, y_first, y_last;
};

enum class Side { right, left, below, above, elsewhere };

// What the header's order of preference compares, smallest first.
struct Score {
  double distance_sq_px2;
  Side side;
  double misalignment_px;
  Px y, x;

  bool operator<(const Score& other) const {
    return std::tie(distance_sq_px2, side, misalignment_px, y, x) <
           std::tie(other.distance_sq_px2, other.side, other.misalignment_px, other.y, other.x);
  }
};

double distance_x_px(Px x, double width_px, const RectPx& anchor) {
  const double left_px = static_cast<double>(x);
  return std::max({0.0, anchor.x - (left_px + width_px), left_px - anchor.right()});
}

double distance_y_px(Px y, double height_px, const RectPx& anchor) {
  const double top_px = static_cast<double>(y);
  return std::max({0.0, anchor.y - (top_px + height_px), top_px - anchor.bottom()});
}

Score score_of(Px x, Px y, double width_px, double height_px, const RectPx& anchor) {
  const RectPx card{static_cast<double>(x), static_cast<double>(y), width_px, height_px};
  const double distance_x = distance_x_px(x, width_px, anchor);
  const double distance_y = distance_y_px(y, height_px, anchor);
  Score score{distance_x * distance_x + distance_y * distance_y, Side::elsewhere, 0, y, x};
  // Edges that touch count as overlapping here: a card right of an empty anchor is beside it.
  const bool overlap_x = card.x <= anchor.right() && card.right() >= anchor.x;
  const bool overlap_y = card.y <= anchor.bottom() && card.bottom() >= anchor.y;
  const double misaligned_x = std::abs(card.x - anchor.x);
  const double misaligned_y = std::abs(card.y - anchor.y);
  if (overlap_y && card.x >= anchor.right()) {
    score.side = Side::right;
    score.misalignment_px = misaligned_y;
  } else if (overlap_y && card.right() <= anchor.x) {
    score.side = Side::left;
    score.misalignment_px = misaligned_y;
  } else if (overlap_x && card.y >= anchor.bottom()) {
    score.side = Side::below;
    score.misalignment_px = misaligned_x;
  } else if (overlap_x && card.bottom() <= anchor.y) {
    score.side = Side::above;
    score.misalignment_px = misaligned_x;
  } else {
    score.misalignment_px = misaligned_x + misaligned_y;
  }
  return score;
}

// Scratch space reused from card to card, so a layout allocates only while it grows.
struct Search {
  std::vector<Forbidden> forbidden;  // the placed cards' first, then the anchors'
  std::vector<Forbidden> by_top;     // those a pass uses, by their first row
  // by_top again, split by columns into bands: band b's obstacles are
  // in_bands[band_starts[b] .. band_starts[b + 1]), still by their first row.
  std::vector<Forbidden> in_bands;
  std::vector<std::size_t> band_starts;
  std::vector<Px> columns, turning_rows;
  std::vector<std::pair<double, Px>> columns_by_bound;
};

// The best allowed position among those that the first obstacle_count obstacles leave free, or
// nothing when they rule out every position.
std::optional<Score> best_position(const Axis& along_x, const Axis& along_y, const RectPx& anchor,
                                   std::size_t obstacle_count, Search& search) {
  const auto obstacles = std::span(search.forbidden).first(obstacle_count);
  auto& columns = search.columns;
  columns.clear();
  columns.push_back(along_x.first);
  columns.push_back(along_x.last);
  add_turning_points(along_x, turning_points(along_x, anchor.x, anchor.right()), columns);
  for (const Forbidden& box : obstacles) {
    if (along_x.allows(box.x_first - 1)) columns.push_back(box.x_first - 1);
    if (along_x.allows(box.x_last + 1)) columns.push_back(box.x_last + 1);
  }

  // The horizontal distance to the anchor bounds a column's best score from below: visiting the
  // nearest columns first lets the search stop early, typically after the first few. A column
  // named twice sorts next to itself.
  auto& by_bound = search.columns_by_bound;
  by_bound.clear();
  for (Px x : columns) {
    const double distance_x = distance_x_px(x, along_x.size_px, anchor);
    by_bound.emplace_back(distance_x * distance_x, x);
  }
  std::sort(by_bound.begin(), by_bound.end());
  by_bound.erase(std::unique(by_bound.begin(), by_bound.end()), by_bound.end());

  const TurningPoints rows = turning_points(along_y, anchor.y, anchor.bottom());
  auto& turning_rows = search.turning_rows;
  turning_rows.clear();
  add_turning_points(along_y, rows, turning_rows);

  // In order of their first rows, a column's obstacles give its free runs of rows in one pass.
  auto& by_top = search.by_top;
  by_top.assign(obstacles.begin(), obstacles.end());
  std::sort(by_top.begin(), by_top.end(),
            [](const Forbidden& a, const Forbidden& b) { return a.y_first < b.y_first; });

  // A column needs only the obstacles that span it: sorting them into bands of columns spares
  // each column most of the others.
  const Px band_count = std::clamp<Px>(static_cast<Px>(by_top.size()), 1, 64);
  const Px band_width = (along_x.last - along_x.first) / band_count + 1;
  const auto band_of = [&](Px x) {
    return static_cast<std::size_t>((std::clamp(x, along_x.first, along_x.last) - along_x.first) /
                                    band_width);
  };
  auto& starts = search.band_starts;
  starts.assign(static_cast<std::size_t>(band_count) + 1, 0);
  for (const Forbidden& box : by_top) {
    const std::size_t last_band = band_of(box.x_last);
    for (std::size_t b = band_of(box.x_first); b <= last_band; ++b) ++starts[b + 1];
  }
  for (std::size_t b = 1; b < starts.size(); ++b) starts[b] += starts[b - 1];
  auto& in_bands = search.in_bands;
  in_bands.resize(starts.back());
  for (const Forbidden& box : by_top) {
    const std::size_t last_band = band_of(box.x_last);
    for (std::size_t b = band_of(box.x_first); b <= last_band; ++b) in_bands[starts[b]++] = box;
  }
  // The fill moved each start to the next band's; move them back.
  for (std::size_t b = starts.size() - 1; b > 0; --b) starts[b] = starts[b - 1];
  starts[0] = 0;

  std::optional<Score> best;
  for (const auto& column : by_bound) {
    // Copies, not structured bindings, so that the lambdas below may capture them in any C++20
    // compiler.
    const double bound_px2 = column.first;
    const Px x = column.second;
    if (best && bound_px2 > best->distance_sq_px2) break;
    const auto consider = [&](Px y) {
      const Score score = score_of(x, y, along_x.size_px, along_y.size_px, anchor);
      if (!best || score < *best) best = score;
    };
    const auto consider_run = [&](Px first, Px last) {
      if (best) {
        // The run's row nearest the anchor bounds its score from below.
        const Px nearest = last < rows.near_first   ? last
                           : first > rows.near_last ? first
                                                    : std::clamp(rows.near_first, first, last);
        const double distance_y = distance_y_px(nearest, along_y.size_px, anchor);
        if (bound_px2 + distance_y * distance_y > best->distance_sq_px2) return;
      }
      consider(first);
      consider(last);
      for (Px y : turning_rows) {
        if (first <= y && y <= last) consider(y);
      }
    };
    Px free_from = along_y.first;
    const std::size_t band = band_of(x);
    for (std::size_t k = starts[band]; k < starts[band + 1]; ++k) {
      const Forbidden& box = in_bands[k];
      if (free_from > along_y.last) break;
      if (x < box.x_first || x > box.x_last) continue;
      if (box.y_first > free_from) consider_run(free_from, std::min(box.y_first - 1, along_y.last));
      free_from = std::max(free_from, box.y_last + 1);
    }
    if (free_from <= along_y.last) consider_run(free_from, along_y.last);
  }
  return best;
}

// Card sizes that found no room: a card at least as large in both directions finds none either,
// since a smaller card fits wherever a larger one does and obstacles only accumulate.
struct FailedSizes {
  std::vector<std::pair<double, double>> sizes;

  bool covers(double width_px, double height_px) const {
    return std::any_of(sizes.begin(), sizes.end(), [&](const auto& size) {
      return width_px >= size.first && height_px >= size.second;
    });
  }
  void add(double width_px, double height_px) { sizes.emplace_back(width_px, height_px); }
};

}  // namespace

std::vector<CardPlacement> layout_cards(const std::vector<CardRequest>& cards, RectPx screen,
                                        const CardLayoutOptions& options,
                                        const std::vector<RectPx>& avoid) {
  std::vector<CardPlacement> placements(cards.size());
  const double margin_px = usable_length(options.margin_px);
  const double gap_px = usable_length(options.gap_px);
  const RectPx safe = screen.grown(-margin_px);
  if (!is_usable(safe) || safe.width < 0 || safe.height < 0) return placements;

  // Anchors as the rules see them: negative sizes made empty, unusable ones left out.
  std::vector<std::optional<RectPx>> anchors;
  anchors.reserve(cards.size());
  for (const CardRequest& card : cards) {
    RectPx anchor = card.anchor;
    anchor.width = std::max(anchor.width, 0.0);
    anchor.height = std::max(anchor.height, 0.0);
    anchors.push_back(is_usable(anchor) ? std::optional(anchor) : std::nullopt);
  }

  Search search;
  std::vector<RectPx> placed;
  FailedSizes no_room, covering_only;  // no room at all; no room without covering an anchor
  for (std::size_t i = 0; i < cards.size(); ++i) {
    const double width_px = cards[i].width_px, height_px = cards[i].height_px;
    if (!(std::isfinite(width_px) && std::isfinite(height_px) && width_px > 0 && height_px > 0)) {
      continue;
    }
    if (no_room.covers(width_px, height_px)) continue;
    const Axis along_x = axis_in(safe.x, safe.right(), width_px);
    const Axis along_y = axis_in(safe.y, safe.bottom(), height_px);
    if (along_x.first > along_x.last || along_y.first > along_y.last) continue;

    const auto forbid = [&](const RectPx& obstacle, double card_growth_px) {
      const auto [x_first, x_last] =
          overlapping(along_x, card_growth_px, obstacle.x, obstacle.right());
      const auto [y_first, y_last] =
          overlapping(along_y, card_growth_px, obstacle.y, obstacle.bottom());
      if (x_first <= x_last && y_first <= y_last) {
        search.forbidden.push_back({x_first, x_last, y_first, y_last});
      }
    };
    search.forbidden.clear();
    for (const RectPx& other : placed) forbid(other.grown(gap_px / 2), gap_px / 2);
    const std::size_t card_obstacles = search.forbidden.size();
    for (const auto& anchor : anchors) {
      if (anchor) forbid(anchor->grown(gap_px), 0);
    }
    for (const RectPx& area : avoid) {
      if (is_usable(area) && area.width >= 0 && area.height >= 0) forbid(area.grown(gap_px), 0);
    }

    const RectPx own_anchor = anchors[i].value_or(RectPx{safe.x, safe.y, 0, 0});
    std::optional<Score> best;
    if (!covering_only.covers(width_px, height_px)) {
      best = best_position(along_x, along_y, own_anchor, search.forbidden.size(), search);
      if (!best) covering_only.add(width_px, height_px);
    }
    if (!best) best = best_position(along_x, along_y, own_anchor, card_obstacles, search);
    if (!best) {
      no_room.add(width_px, height_px);
      continue;
    }
    const RectPx rect{static_cast<double>(best->x), static_cast<double>(best->y), width_px,
                      height_px};
    placements[i] = {true, rect};
    placed.push_back(rect);
  }
  return placements;
}

}  // namespace hitl
