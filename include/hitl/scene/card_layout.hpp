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
  double gap_px = 12;     // kept free between two cards, and between a card and any anchor
};

// Places the cards in order (earlier cards choose first), each with its top-left corner on a whole
// output pixel so that its text stays crisp. Every result keeps two rules:
// - a placed card lies inside the safe area, the screen shrunk by margin_px on each side
//   (screen.grown(-margin_px));
// - two placed cards are at least gap_px apart (their rectangles grown by gap_px / 2 do not
//   intersect).
// A card is placed whenever some whole-pixel position keeps the two rules, and then at the best
// such position, preferring in this order:
// 1. positions that cover no anchor (no card's anchor and no rectangle of `avoid`, grown by
//    gap_px, intersects the card), when there are any; otherwise it covers anchors;
// 2. the position nearest its own anchor (the Euclidean distance between the two rectangles);
// 3. right of its anchor (the card's left edge at or past the anchor's right edge, and the two
//    overlapping vertically, touching edges included), then left of it, below it (overlapping
//    horizontally), above it, and last elsewhere (diagonally off it, or over it);
// 4. aligned with the anchor's top edge when right or left of it, with its left edge when below or
//    above it, with its top-left corner elsewhere: the smallest misalignment in pixels;
// 5. the topmost, then the leftmost.
// Deterministic: the same requests give the same placements. Not placed: cards larger than the
// safe area, cards whose width or height is not positive and finite (nothing to draw), and every
// card when the screen is not finite or reaches beyond 2^24 px of the origin. An anchor with a
// negative width or height counts as empty; one that is not finite, or reaches beyond 2^24 px,
// covers nothing, and its card counts distances from the safe area's top-left corner. A margin or
// gap that is negative or not finite counts as 0. Cost: a handful of cards takes microseconds; the
// worst case grows as the cube of the number of cards (36 cards crowded round one spot: a few
// hundred microseconds).
// `avoid` holds what else is better left uncovered (the subject of the picture), treated like
// anchors that belong to no card.
std::vector<CardPlacement> layout_cards(const std::vector<CardRequest>& cards, RectPx screen,
                                        const CardLayoutOptions& options = {},
                                        const std::vector<RectPx>& avoid = {});

}  // namespace hitl
