// Where the cards go: each card beside its worker's boxes, never overlapping another card, never
// leaving the screen. Pure geometry in output pixels (geometry.hpp); the renderer measures the
// cards and draws them where this puts them.
#pragma once

#include <vector>

#include "hitl/scene/geometry.hpp"

namespace hitl {

struct CardRequest {
  double width_px = 0, height_px = 0;  // the card's size
  RectPx anchor;  // what the card belongs beside: its worker's boxes (their union), output px
};

struct CardPlacement {
  bool placed = false;  // false when the card could not fit anywhere: it is not drawn
  RectPx rect;          // where it goes when placed
};

struct CardLayoutOptions {
  double margin_px = 16;  // kept free along the screen's edges
  double gap_px = 12;     // kept free between two cards, and between a card and its anchor
};

// Places the cards in order (earlier cards choose first). Guarantees, for every result:
// - a placed card lies inside the screen shrunk by margin_px;
// - two placed cards are at least gap_px apart (their rectangles grown by gap_px / 2 do not
//   intersect);
// - a card is placed whenever some position satisfies the two rules above (it may then cover
//   anchors); it prefers, in order, positions that cover no anchor, then positions nearest its own
//   anchor (right of it, then left, below, above).
// Deterministic: the same requests give the same placements. Cards larger than the screen are not
// placed.
std::vector<CardPlacement> layout_cards(const std::vector<CardRequest>& cards, RectPx screen,
                                        const CardLayoutOptions& options = {});

}  // namespace hitl
