// Setting a card: sizes in reference pixels (a 1080-line output) times the output's scale, every
// position rounded to a whole pixel so that hinted glyphs stay crisp.
#include "hitl/render/card_view.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "hitl/scene/card_layout.hpp"

namespace hitl {
namespace {

// Reference-pixel spacing of a card.
constexpr float padding_ref_px = 16;
constexpr float accent_ref_px = 5;       // the coloured bar on the left, inside the padding
constexpr float column_gap_ref_px = 12;  // between a label and its answer
constexpr float row_gap_ref_px = 5;
constexpr float section_gap_ref_px = 10;  // between the header and the answers
constexpr float max_label_share = 0.42f;  // of the inner width, for the label column
constexpr float margin_ref_px = 20;       // free along the screen's edges
constexpr float card_gap_ref_px = 14;     // between cards, and between a card and its anchor
constexpr float max_card_share = 0.45f;   // of the output's width

const Rgba approved_accent{0.36f, 0.72f, 0.45f, 1};
const Rgba pending_accent{0.62f, 0.64f, 0.68f, 1};

float whole(float px) {
  return std::round(px);
}

RectPx union_of(const RectPx& a, const RectPx& b) {
  const double x = std::min(a.x, b.x), y = std::min(a.y, b.y);
  return {x, y, std::max(a.right(), b.right()) - x, std::max(a.bottom(), b.bottom()) - y};
}

}  // namespace

float reference_scale(PixelSize output) {
  return std::min(static_cast<float>(output.height_px) / 1080.0f,
                  static_cast<float>(output.width_px) / 1440.0f);
}

CardPlan plan_cards(const Dataset& dataset, const Scene& scene, LayoutCache& layouts,
                    const FrameState& state, const PictureTransform& transform, PixelSize output,
                    const RectPx& free_area) {
  CardPlan plan;
  if (state.cards.empty()) return plan;
  const float scale = reference_scale(output);
  const float max_width = static_cast<float>(output.width_px) * max_card_share;
  std::vector<CardView> views;
  std::vector<CardRequest> requests;
  for (const VisibleSubmission& visible : state.cards) {
    const CardContent content = make_card_content(dataset, scene, visible.submission);
    views.push_back(make_card_view(layouts, scene, content, scale, max_width));
    std::optional<RectPx> anchor;
    const Submission& submission =
        dataset.submissions()[static_cast<std::size_t>(visible.submission)];
    for (const int index : submission.annotations) {
      const Annotation& annotation = dataset.annotations()[static_cast<std::size_t>(index)];
      if (class_hidden(scene, annotation.category_id)) continue;
      const RectPx box = transform.to_output(annotation.bbox);
      anchor = anchor ? union_of(*anchor, box) : box;
    }
    requests.push_back(
        {views.back().width_px, views.back().height_px, anchor.value_or(transform.picture)});
  }
  // Cards keep off the mouse where they can: the boxes drawn on this frame and the two before and
  // after it, whoever drew them, mark where the mouse is (and is about to be).
  std::optional<RectPx> subject;
  for (int frame = state.current_frame - 2; frame <= state.current_frame + 2; ++frame) {
    for (const int index : dataset.submissions_of_frame(frame)) {
      for (const int annotation :
           dataset.submissions()[static_cast<std::size_t>(index)].annotations) {
        const RectPx box =
            transform.to_output(dataset.annotations()[static_cast<std::size_t>(annotation)].bbox);
        subject = subject ? union_of(*subject, box) : box;
      }
    }
  }
  std::vector<RectPx> avoid;
  if (subject) avoid.push_back(*subject);
  const CardLayoutOptions options{std::round(margin_ref_px * scale),
                                  std::round(card_gap_ref_px * scale)};
  const std::vector<CardPlacement> placements = layout_cards(requests, free_area, options, avoid);
  for (std::size_t i = 0; i < placements.size(); ++i) {
    if (!placements[i].placed) {
      ++plan.not_placed;
      continue;
    }
    plan.placed.push_back({state.cards[i].submission, placements[i].rect, requests[i].anchor,
                           views[i].truncated, state.cards[i].opacity});
    plan.views.push_back(std::move(views[i]));
  }
  return plan;
}

CardView make_card_view(LayoutCache& layouts, const Scene& scene, const CardContent& content,
                        float scale, float max_width_px) {
  const SceneStyle& style = scene.style;
  CardView view;
  view.accent = content.rejected
                    ? style.rejected_colour
                    : (content.status.rfind("Approved", 0) == 0 ? approved_accent : pending_accent);
  const float padding = whole(padding_ref_px * scale);
  const float left = padding + whole(accent_ref_px * scale);
  view.width_px = whole(std::min(style.card_width_px * scale, max_width_px));
  const float inner_width = std::max(1.0f, view.width_px - left - padding);

  const TextStyle title_style{style.title_size_px * scale, FontWeight::semibold, 1.2f};
  const TextStyle status_style{style.text_size_px * scale, FontWeight::semibold, 1.25f};
  const TextStyle body_style{style.text_size_px * scale, FontWeight::regular, 1.25f};
  const TextStyle label_style{style.text_size_px * scale * 0.9f, FontWeight::regular, 1.25f};

  float y = padding;
  const auto add = [&](std::shared_ptr<const TextLayout> layout, float x, Rgba colour) {
    view.truncated = view.truncated || layout->truncated;
    const float height = layout->height_px;
    view.texts.push_back({std::move(layout), whole(x), whole(y), colour});
    return height;
  };

  y += add(layouts.get(content.title, title_style, inner_width, 1), left, style.text_colour);
  y += add(layouts.get(content.status, status_style, inner_width, 1), left,
           content.rejected ? style.rejected_colour : style.label_colour);
  if (!content.reason.empty()) {
    y += add(layouts.get(content.reason, body_style, inner_width, 2), left, style.label_colour);
  }

  if (!content.answers.empty()) {
    y += whole(section_gap_ref_px * scale);
    // The label column is as wide as the widest label, within its share of the card.
    float label_width = 0;
    for (const CardLine& line : content.answers) {
      label_width = std::max(label_width, measure_text(layouts.fonts(), line.label, label_style));
    }
    label_width = whole(std::min(std::ceil(label_width), inner_width * max_label_share));
    const float column_gap = whole(column_gap_ref_px * scale);
    const float answer_x = left + label_width + column_gap;
    const float answer_width = std::max(1.0f, left + inner_width - answer_x);
    const float row_gap = whole(row_gap_ref_px * scale);
    for (const CardLine& line : content.answers) {
      // Labels are short, but a scene may give long ones: they wrap once, then end in "…".
      auto label = layouts.get(line.label, label_style, label_width, 2);
      auto answer = layouts.get(line.text, body_style, answer_width, style.answer_max_lines);
      // The label's baseline sits on the answer's first baseline.
      const float label_shift =
          (!answer->lines.empty() && !label->lines.empty())
              ? whole(answer->lines.front().baseline_px - label->lines.front().baseline_px)
              : 0;
      const float row_height = std::max(label->height_px + label_shift, answer->height_px);
      const float row_top = y;
      y = row_top + label_shift;
      add(std::move(label), left, style.label_colour);
      y = row_top;
      add(std::move(answer), answer_x, line.missing ? style.label_colour : style.text_colour);
      y = row_top + whole(row_height) + row_gap;
    }
    y -= row_gap;
  }
  view.height_px = whole(y + padding);
  return view;
}

}  // namespace hitl
