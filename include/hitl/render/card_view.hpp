// A card set in type: the text of a CardContent laid out at the output's scale, with the card's
// size, ready for the card layout to place and for the renderer to draw. CPU only (FreeType and
// HarfBuzz through the layout cache), so card sizes are known before anything is drawn.
//
// The card, top to bottom: the worker's id (semibold), the status line (semibold; the rejected
// colour when the work was rejected), the requester's reason for a rejection, then one row per
// answer: the short label in a column of its own, the answer wrapped beside it and cut with an
// ellipsis after answer_max_lines lines.
#pragma once

#include <memory>
#include <vector>

#include "hitl/data/dataset.hpp"
#include "hitl/gfx/gl_context.hpp"
#include "hitl/scene/card_content.hpp"
#include "hitl/scene/geometry.hpp"
#include "hitl/scene/scene.hpp"
#include "hitl/scene/timeline.hpp"
#include "hitl/text/layout.hpp"
#include "hitl/text/layout_cache.hpp"

namespace hitl {

// One laid-out piece of text on a card, at an offset from the card's top-left corner.
struct CardText {
  std::shared_ptr<const TextLayout> layout;
  float x_px = 0, y_px = 0;  // whole pixels
  Rgba colour;
};

struct CardView {
  float width_px = 0, height_px = 0;  // whole pixels
  std::vector<CardText> texts;
  Rgba accent;             // the bar along the card's left edge: approved, rejected or pending
  bool truncated = false;  // some text was cut with an ellipsis
};

// Sets `content` for an output whose sizes are the scene's reference sizes times `scale`
// (output height / 1080), in a card at most max_width_px wide.
CardView make_card_view(LayoutCache& layouts, const Scene& scene, const CardContent& content,
                        float scale, float max_width_px);

// The scale of an output against the reference sizes: its height / 1080, but no larger than its
// width / 1440, so that a 4:3 or portrait output keeps cards as wide relative to the screen as a
// 16:9 one does.
float reference_scale(PixelSize output);

// Where a card went and what it covers: for tests, and for the live view's hit testing.
struct PlacedCard {
  int submission = 0;
  RectPx rect;             // output px
  RectPx anchor;           // the worker's boxes (their union), output px
  bool truncated = false;  // some text was cut with an ellipsis
  float opacity = 1;
};

struct CardPlan {
  std::vector<PlacedCard> placed;
  std::vector<CardView> views;  // one per placed card, in the same order
  int not_placed = 0;           // cards that fitted nowhere (not drawn)
};

// Sets and places the cards of `state` in `free_area` (the output less what the HUD takes), each
// beside its worker's boxes (mapped by `transform`; a worker who drew nothing is anchored to the
// whole picture). What the renderer draws; pure, so tests check it over many frames without GL.
CardPlan plan_cards(const Dataset& dataset, const Scene& scene, LayoutCache& layouts,
                    const FrameState& state, const PictureTransform& transform, PixelSize output,
                    const RectPx& free_area);

}  // namespace hitl
