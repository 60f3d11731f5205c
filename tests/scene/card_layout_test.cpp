// Where the cards go: simple scenes with exact answers, then random scenes checked against the
// header's rules, and on small screens against every whole-pixel position.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "hitl/scene/card_layout.hpp"

namespace Catch {
template <>
struct StringMaker<hitl::RectPx> {
  static std::string convert(const hitl::RectPx& r) {
    std::ostringstream out;
    out << "{" << r.x << ", " << r.y << ", " << r.width << ", " << r.height << "}";
    return out.str();
  }
};
}  // namespace Catch

using hitl::CardLayoutOptions;
using hitl::CardPlacement;
using hitl::CardRequest;
using hitl::layout_cards;
using hitl::RectPx;

namespace {

const RectPx screen_1080p{0, 0, 1920, 1080};
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

// The header's rules and order of preference, written out plainly: the reference the layout is
// checked against.
struct Rules {
  RectPx screen;
  CardLayoutOptions options;
  std::vector<CardRequest> cards;

  double margin_px() const {
    return std::isfinite(options.margin_px) && options.margin_px > 0 ? options.margin_px : 0;
  }
  double gap_px() const {
    return std::isfinite(options.gap_px) && options.gap_px > 0 ? options.gap_px : 0;
  }
  RectPx safe() const { return screen.grown(-margin_px()); }

  std::optional<RectPx> anchor(std::size_t i) const {
    RectPx anchor = cards[i].anchor;
    anchor.width = std::max(anchor.width, 0.0);
    anchor.height = std::max(anchor.height, 0.0);
    const double limit = 1 << 24;
    for (double value :
         {anchor.x, anchor.y, anchor.width, anchor.height, anchor.right(), anchor.bottom()}) {
      if (!(std::abs(value) <= limit)) return std::nullopt;
    }
    return anchor;
  }

  bool keeps_rules(const RectPx& card, const std::vector<RectPx>& placed) const {
    if (!safe().contains(card)) return false;
    for (const RectPx& other : placed) {
      if (card.grown(gap_px() / 2).intersects(other.grown(gap_px() / 2))) return false;
    }
    return true;
  }

  bool covers_an_anchor(const RectPx& card) const {
    for (std::size_t i = 0; i < cards.size(); ++i) {
      if (const auto a = anchor(i); a && card.intersects(a->grown(gap_px()))) return true;
    }
    return false;
  }

  // Smaller is preferred; covering comes first so that it outweighs everything else.
  auto preference(const RectPx& card, std::size_t i) const {
    const RectPx a = anchor(i).value_or(RectPx{safe().x, safe().y, 0, 0});
    const double dx = std::max({0.0, a.x - card.right(), card.x - a.right()});
    const double dy = std::max({0.0, a.y - card.bottom(), card.y - a.bottom()});
    const bool overlap_x = card.x <= a.right() && card.right() >= a.x;
    const bool overlap_y = card.y <= a.bottom() && card.bottom() >= a.y;
    int side = 4;
    double misalignment = std::abs(card.x - a.x) + std::abs(card.y - a.y);
    if (overlap_y && card.x >= a.right()) {
      side = 0, misalignment = std::abs(card.y - a.y);
    } else if (overlap_y && card.right() <= a.x) {
      side = 1, misalignment = std::abs(card.y - a.y);
    } else if (overlap_x && card.y >= a.bottom()) {
      side = 2, misalignment = std::abs(card.x - a.x);
    } else if (overlap_x && card.bottom() <= a.y) {
      side = 3, misalignment = std::abs(card.x - a.x);
    }
    return std::make_tuple(covers_an_anchor(card), dx * dx + dy * dy, side, misalignment, card.y,
                           card.x);
  }

  bool drawable(std::size_t i) const {
    const double w = cards[i].width_px, h = cards[i].height_px;
    return std::isfinite(w) && std::isfinite(h) && w > 0 && h > 0;
  }

  // The best whole-pixel position for card i given the cards placed before it, by trying them all.
  std::optional<RectPx> best_by_brute_force(std::size_t i,
                                            const std::vector<RectPx>& placed) const {
    if (!drawable(i)) return std::nullopt;
    const RectPx area = safe();
    std::optional<RectPx> best;
    for (double y = std::floor(area.y) - 1; y <= std::ceil(area.bottom()) + 1; ++y) {
      for (double x = std::floor(area.x) - 1; x <= std::ceil(area.right()) + 1; ++x) {
        const RectPx card{x, y, cards[i].width_px, cards[i].height_px};
        if (!keeps_rules(card, placed)) continue;
        if (!best || preference(card, i) < preference(*best, i)) best = card;
      }
    }
    return best;
  }
};

// Checks the two rules on a result, and that cards that are not drawable are not placed.
void check_rules(const Rules& rules, const std::vector<CardPlacement>& placements) {
  REQUIRE(placements.size() == rules.cards.size());
  std::vector<RectPx> placed;
  for (std::size_t i = 0; i < placements.size(); ++i) {
    if (!placements[i].placed) continue;
    CAPTURE(i, placements[i].rect.x, placements[i].rect.y);
    REQUIRE(rules.drawable(i));
    REQUIRE(placements[i].rect.width == rules.cards[i].width_px);
    REQUIRE(placements[i].rect.height == rules.cards[i].height_px);
    REQUIRE(placements[i].rect.x == std::round(placements[i].rect.x));
    REQUIRE(placements[i].rect.y == std::round(placements[i].rect.y));
    REQUIRE(rules.keeps_rules(placements[i].rect, placed));
    placed.push_back(placements[i].rect);
  }
}

// Random scenes: odd aspect ratios, cards from empty to nearly the safe area's size, tall and
// narrow ones, anchors anywhere (partly off-screen, empty, inside out, now and then not finite).
struct SceneMaker {
  std::mt19937 random;
  double min_width_px, max_width_px;

  double uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(random);
  }
  int integer(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); }
  bool chance(double p) { return std::bernoulli_distribution(p)(random); }
  // Whole pixels mostly, halves sometimes, any value now and then.
  double length(double low, double high) {
    const double value = uniform(low, high);
    if (chance(0.15)) return value;
    if (chance(0.2)) return std::round(value * 2) / 2;
    return std::round(value);
  }

  Rules make() {
    Rules rules;
    const double width = length(min_width_px, max_width_px);
    const double aspect = chance(0.2) ? uniform(0.25, 5) : uniform(1.2, 2.4);
    const double height = std::max(std::round(width / aspect), 8.0);
    rules.screen = chance(0.8) ? RectPx{0, 0, width, height}
                               : RectPx{length(-40, 40), length(-40, 40), width, height};
    const double scale = width / 1920;  // margins and gaps as on a 1080p screen, scaled
    rules.options.margin_px = chance(0.2) ? 0 : length(0, 40 * scale);
    rules.options.gap_px = chance(0.2) ? 0 : length(0, 30 * scale);
    const int card_count = integer(0, 12);
    for (int i = 0; i < card_count; ++i) {
      CardRequest card;
      const int kind = integer(0, 9);
      if (kind <= 5) {  // a usual card
        card.width_px = length(0.05 * width, 0.4 * width);
        card.height_px = length(0.05 * height, 0.5 * height);
      } else if (kind == 6) {  // nearly as large as the screen
        card.width_px = length(0.85 * width, 1.0 * width);
        card.height_px = length(0.85 * height, 1.0 * height);
      } else if (kind == 7) {  // tall and narrow, or flat and wide
        card.width_px = length(1, 0.05 * width);
        card.height_px = length(0.4 * height, 0.95 * height);
        if (chance(0.5)) std::swap(card.width_px, card.height_px);
      } else if (kind == 8) {  // empty in one direction
        card.width_px = chance(0.5) ? 0 : length(1, 0.3 * width);
        card.height_px = card.width_px == 0 ? length(0, 0.3 * height) : 0;
      } else {  // small
        card.width_px = length(0.5, 0.08 * width);
        card.height_px = length(0.5, 0.08 * height);
      }
      const RectPx& s = rules.screen;
      card.anchor = {length(s.x - 0.3 * width, s.right()), length(s.y - 0.3 * height, s.bottom()),
                     length(0, 0.5 * width), length(0, 0.5 * height)};
      if (chance(0.1)) card.anchor.width = card.anchor.height = 0;
      if (chance(0.03)) card.anchor.width = -card.anchor.width;
      if (chance(0.02)) card.anchor.x = not_a_number;
      rules.cards.push_back(card);
    }
    return rules;
  }
};

std::vector<CardPlacement> lay_out(const Rules& rules) {
  return layout_cards(rules.cards, rules.screen, rules.options);
}

}  // namespace

TEST_CASE("One card goes right of its anchor, aligned with the anchor's top", "[card-layout]") {
  const auto placements = layout_cards({{300, 200, {400, 300, 200, 150}}}, screen_1080p);
  REQUIRE(placements.size() == 1);
  CHECK(placements[0].placed);
  CHECK(placements[0].rect == RectPx{612, 300, 300, 200});  // 12 px gap after the anchor
}

TEST_CASE("A card near the right edge goes left of its anchor", "[card-layout]") {
  const auto placements = layout_cards({{300, 200, {1600, 300, 200, 150}}}, screen_1080p);
  CHECK(placements[0].placed);
  CHECK(placements[0].rect == RectPx{1288, 300, 300, 200});
}

TEST_CASE("A card whose anchor touches the right and left edges goes below it", "[card-layout]") {
  const auto placements = layout_cards({{300, 200, {0, 300, 1920, 150}}}, screen_1080p);
  CHECK(placements[0].rect == RectPx{16, 462, 300, 200});
}

TEST_CASE("A card beside an anchor that sticks out of the top stays inside the margin",
          "[card-layout]") {
  const auto placements = layout_cards({{300, 200, {400, -100, 200, 150}}}, screen_1080p);
  CHECK(placements[0].rect == RectPx{612, 16, 300, 200});
}

TEST_CASE("A card larger than the screen, or than the safe area, is not placed", "[card-layout]") {
  const auto placements = layout_cards({{2000, 500, {400, 300, 200, 150}},
                                        {1900, 500, {400, 300, 200, 150}},
                                        {300, 1060, {400, 300, 200, 150}},
                                        {1888, 1048, {400, 300, 200, 150}}},
                                       screen_1080p);
  CHECK_FALSE(placements[0].placed);
  CHECK_FALSE(placements[1].placed);
  CHECK_FALSE(placements[2].placed);
  CHECK(placements[3].placed);  // exactly the safe area's size
  CHECK(placements[3].rect == RectPx{16, 16, 1888, 1048});
}

TEST_CASE("Two cards with the same anchor do not overlap and both sit beside it", "[card-layout]") {
  const RectPx anchor{800, 400, 200, 100};
  const auto placements = layout_cards({{300, 200, anchor}, {300, 200, anchor}}, screen_1080p);
  REQUIRE(placements[0].placed);
  REQUIRE(placements[1].placed);
  CHECK(placements[0].rect == RectPx{1012, 400, 300, 200});  // right, first come
  CHECK(placements[1].rect == RectPx{488, 400, 300, 200});   // left, as near as the right
  CHECK_FALSE(placements[0].rect.grown(6).intersects(placements[1].rect.grown(6)));
}

TEST_CASE("A card avoids covering another card's anchor, even if that takes it further away",
          "[card-layout]") {
  // The screen's edge rules out the left; the second anchor, tall, is in the way right, below
  // and above, 12 px off.
  const auto placements = layout_cards(
      {{300, 200, {100, 300, 200, 150}}, {100, 50, {320, 200, 100, 400}}}, screen_1080p);
  CHECK(placements[0].rect == RectPx{432, 300, 300, 200});  // right, past the second anchor
  CHECK(placements[1].placed);
}

TEST_CASE("A card whose anchor fills the screen is still placed, over its anchor",
          "[card-layout]") {
  const auto placements = layout_cards({{300, 200, {0, 0, 1920, 1080}}}, screen_1080p);
  CHECK(placements[0].rect == RectPx{16, 16, 300, 200});
}

TEST_CASE("Cards land on whole pixels beside anchors that do not", "[card-layout]") {
  const auto placements = layout_cards({{300, 200, {400.6, 300.6, 200.2, 150}}}, screen_1080p);
  // The first whole pixel 12 px past 600.8 (12.2 px away; on the left it would be 12.6), and the
  // whole pixel nearest the anchor's top.
  CHECK(placements[0].rect == RectPx{613, 301, 300, 200});
}

TEST_CASE("An earlier card keeps its place when later cards arrive", "[card-layout]") {
  const RectPx anchor{800, 400, 200, 100};
  const auto alone = layout_cards({{300, 200, anchor}}, screen_1080p);
  const auto crowded =
      layout_cards({{300, 200, anchor}, {300, 200, anchor}, {400, 300, anchor}}, screen_1080p);
  CHECK(crowded[0].rect == alone[0].rect);
}

TEST_CASE("Cards of a size that is not positive and finite are not placed; the others are",
          "[card-layout]") {
  const RectPx anchor{800, 400, 200, 100};
  const auto placements = layout_cards({{not_a_number, 100, anchor},
                                        {100, infinity, anchor},
                                        {-100, 100, anchor},
                                        {0, 100, anchor},
                                        {100, 0, anchor},
                                        {300, 200, anchor}},
                                       screen_1080p);
  for (int i = 0; i < 5; ++i) CHECK_FALSE(placements[i].placed);
  CHECK(placements[5].rect == RectPx{1012, 400, 300, 200});
}

TEST_CASE("A card whose anchor is not finite, or absurdly far, goes to the safe area's top-left",
          "[card-layout]") {
  const auto placements = layout_cards(
      {{300, 200, {not_a_number, 300, 200, 150}}, {300, 200, {1e9, 300, 200, 150}}}, screen_1080p);
  CHECK(placements[0].rect == RectPx{16, 16, 300, 200});
  CHECK(placements[1].rect == RectPx{16, 228, 300, 200});  // below the first: nearer than right
}

TEST_CASE("An anchor with a negative size counts as an empty one at its corner", "[card-layout]") {
  const auto placements = layout_cards({{300, 200, {400, 300, -200, -150}}}, screen_1080p);
  CHECK(placements[0].rect == RectPx{412, 300, 300, 200});
}

TEST_CASE("A screen that is not finite or not there places nothing", "[card-layout]") {
  const std::vector<CardRequest> cards{{300, 200, {400, 300, 200, 150}}};
  CHECK_FALSE(layout_cards(cards, {0, 0, not_a_number, 1080})[0].placed);
  CHECK_FALSE(layout_cards(cards, {infinity, 0, 1920, 1080})[0].placed);
  CHECK_FALSE(layout_cards(cards, {0, 0, 1e8, 1e8})[0].placed);
  CHECK_FALSE(layout_cards(cards, {0, 0, 20, 20})[0].placed);
  CHECK_FALSE(layout_cards(cards, {0, 0, -1920, -1080})[0].placed);
  CHECK(layout_cards({}, screen_1080p).empty());
}

TEST_CASE("A margin or gap that is negative or not finite counts as 0", "[card-layout]") {
  const std::vector<CardRequest> cards{{300, 200, {400, 300, 200, 150}}};
  CHECK(layout_cards(cards, screen_1080p, {not_a_number, -5})[0].rect ==
        RectPx{600, 300, 300, 200});
  CHECK(layout_cards(cards, screen_1080p, {-1, infinity})[0].rect == RectPx{600, 300, 300, 200});
  // With no margin, a card may fill the screen.
  CHECK(layout_cards({{1920, 1080, {}}}, screen_1080p, {not_a_number, not_a_number})[0].placed);
}

TEST_CASE("The same cards give the same placements", "[card-layout]") {
  SceneMaker maker{std::mt19937(7), 320, 3840};
  for (int scene = 0; scene < 200; ++scene) {
    const Rules rules = maker.make();
    CAPTURE(scene);
    const auto first = lay_out(rules);
    const auto second = lay_out(rules);
    REQUIRE(first.size() == second.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
      REQUIRE(first[i].placed == second[i].placed);
      REQUIRE(first[i].rect == second[i].rect);
    }
  }
}

TEST_CASE("In 3000 random scenes from 320x180 to 4K, placed cards keep inside the margin and apart",
          "[card-layout]") {
  const unsigned seed = 20240612;
  SceneMaker maker{std::mt19937(seed), 320, 3840};
  int placed = 0, refused = 0;
  for (int scene = 0; scene < 3000; ++scene) {
    const Rules rules = maker.make();
    CAPTURE(seed, scene, rules.screen.width, rules.screen.height, rules.cards.size());
    const auto placements = lay_out(rules);
    check_rules(rules, placements);
    for (const auto& placement : placements) (placement.placed ? placed : refused)++;
  }
  // The scenes are varied enough to exercise both outcomes.
  CHECK(placed > 1000);
  CHECK(refused > 100);
}

TEST_CASE("On small screens every card takes the best whole-pixel position, or none exists",
          "[card-layout]") {
  // Small screens keep trying every position affordable; the layout works the same at any size.
  const unsigned seed = 1234567;
  SceneMaker maker{std::mt19937(seed), 24, 160};
  int placed = 0, refused = 0, covering = 0;
  for (int scene = 0; scene < 400; ++scene) {
    const Rules rules = maker.make();
    CAPTURE(seed, scene, rules.screen.x, rules.screen.y, rules.screen.width, rules.screen.height,
            rules.options.margin_px, rules.options.gap_px);
    const auto placements = lay_out(rules);
    check_rules(rules, placements);
    std::vector<RectPx> before;
    for (std::size_t i = 0; i < placements.size(); ++i) {
      CAPTURE(i, rules.cards[i].width_px, rules.cards[i].height_px, rules.cards[i].anchor.x,
              rules.cards[i].anchor.y, rules.cards[i].anchor.width, rules.cards[i].anchor.height);
      const auto best = rules.best_by_brute_force(i, before);
      REQUIRE(placements[i].placed == best.has_value());
      if (!best) {
        ++refused;
        continue;
      }
      CAPTURE(best->x, best->y, placements[i].rect.x, placements[i].rect.y);
      REQUIRE(placements[i].rect == *best);
      ++placed;
      if (rules.covers_an_anchor(*best)) ++covering;
      before.push_back(placements[i].rect);
    }
  }
  CHECK(placed > 500);
  CHECK(refused > 100);
  CHECK(covering > 50);
}

TEST_CASE("Over 600 frames of slowly moving anchors, the cards never overlap or leave the screen",
          "[card-layout]") {
  std::mt19937 random(99);
  std::uniform_real_distribution<double> unit(0, 1);
  const RectPx screen{0, 0, 1920, 1080};
  const Rules base{screen, {}, {}};
  std::vector<CardRequest> cards;
  std::vector<double> phases;
  for (int i = 0; i < 10; ++i) {
    cards.push_back({200 + 200 * unit(random), 120 + 200 * unit(random), {}});
    phases.push_back(unit(random) * 6.283);
  }
  for (int frame = 0; frame < 600; ++frame) {
    // Boxes drift around the picture's centre, as the mouse's parts do while it turns.
    const double t = frame / 60.0;
    for (std::size_t i = 0; i < cards.size(); ++i) {
      const double angle = t * 0.8 + phases[i];
      cards[i].anchor = {860 + 300 * std::cos(angle), 440 + 180 * std::sin(angle * 1.3),
                         120 + 40 * std::sin(t + phases[i]), 90 + 30 * std::cos(t)};
    }
    CAPTURE(frame);
    Rules rules = base;
    rules.cards = cards;
    check_rules(rules, layout_cards(cards, screen));
  }
}

TEST_CASE("Timing: laying out a frame's cards", "[.bench]") {
  std::mt19937 random(5);
  std::uniform_real_distribution<double> unit(0, 1);
  const auto scene = [&](int count, double card_scale) {
    std::vector<CardRequest> cards;
    for (int i = 0; i < count; ++i) {
      cards.push_back({card_scale * (240 + 120 * unit(random)),
                       card_scale * (160 + 120 * unit(random)),
                       {560 + 700 * unit(random), 240 + 500 * unit(random), 60 + 200 * unit(random),
                        40 + 150 * unit(random)}});
    }
    return cards;
  };
  struct Case {
    const char* name;
    std::vector<CardRequest> cards;
  };
  const Case cases[] = {{"6 cards", scene(6, 1)},
                        {"12 cards", scene(12, 1)},
                        {"36 small cards", scene(36, 0.5)},
                        {"36 cards, most do not fit", scene(36, 1)}};
  for (const Case& c : cases) {
    const int repeats = 2000;
    std::size_t placed = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i) {
      const auto placements = layout_cards(c.cards, screen_1080p);
      placed = static_cast<std::size_t>(std::count_if(placements.begin(), placements.end(),
                                                      [](const auto& p) { return p.placed; }));
    }
    const double layout_us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count() /
        repeats;
    WARN(c.name << ": " << layout_us << " us per layout, " << placed << " of " << c.cards.size()
                << " placed");
  }
}

TEST_CASE("A card keeps off the areas to avoid when there is room elsewhere", "[card-layout]") {
  const hitl::RectPx screen{0, 0, 1000, 600};
  const hitl::RectPx subject{300, 100, 400, 400};
  // Its anchor lies inside the subject: beside the anchor would cover the subject.
  const std::vector<hitl::CardRequest> cards = {{200, 150, {450, 200, 50, 50}}};
  const auto avoided = hitl::layout_cards(cards, screen, {16, 12}, {subject});
  REQUIRE(avoided[0].placed);
  CHECK_FALSE(avoided[0].rect.intersects(subject.grown(12)));
  const auto ignored = hitl::layout_cards(cards, screen, {16, 12});
  REQUIRE(ignored[0].placed);
  CHECK(ignored[0].rect.intersects(subject));
}
