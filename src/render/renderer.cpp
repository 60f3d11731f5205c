// The renderer's passes, in drawing order: picture, masks, boxes and card panels, card text, HUD.
// Everything is premultiplied alpha, blended with (ONE, ONE_MINUS_SRC_ALPHA).
#include "hitl/render/renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <list>

#include "hitl/base/log.hpp"
#include "hitl/gfx/gl_objects.hpp"
#include "hitl/gfx/gl_state.hpp"
#include "hitl/render/card_view.hpp"
#include "hitl/render/mask_labels.hpp"
#include "hitl/text/font_set.hpp"
#include "hitl/text/glyph_atlas.hpp"
#include "hitl/text/layout_cache.hpp"
#include "render/glyph_batch.hpp"
#include "render/shape_batch.hpp"

namespace hitl {
namespace {

// Reference-pixel sizes (a 1080-line output) of what the scene does not set.
constexpr float margin_ref_px = 20;  // free along the screen's edges
constexpr float card_radius_ref_px = 10;
constexpr float accent_ref_px = 5;
constexpr float dash_ref_px = 9;  // rejected boxes
constexpr float hud_padding_ref_px = 10;
constexpr float leader_ref_px = 2;      // the line from a card to its worker's boxes
constexpr float leader_dot_ref_px = 8;  // the dot where it meets them

constexpr std::size_t max_picture_textures = 2;  // frames a and b
constexpr std::size_t max_mask_textures = 8;     // two frames' submissions, with room

std::string money(double usd) {
  char text[32];
  std::snprintf(text, sizeof text, "$%.2f", usd);
  return text;
}

}  // namespace

struct Renderer::Impl {
  const Dataset* dataset = nullptr;
  Scene scene;
  FontSet fonts;
  std::unique_ptr<GlyphAtlas> atlas;
  std::unique_ptr<LayoutCache> layouts;
  ShaderProgram picture_program;          // one frame
  ShaderProgram blended_picture_program;  // two frames cross-fading
  ShaderProgram mask_program;
  VertexArray empty_vertex_array;  // core profile wants one bound, even for gl_VertexID quads
  ShapeBatch shapes;               // boxes and card panels
  GlyphBatch card_text;
  ShapeBatch hud_shapes;
  GlyphBatch hud_text;
  ShapeBatch cover_shapes;  // the title and fact cards' background, over everything
  GlyphBatch text_card_text;
  Texture2D missing_picture;  // one dark texel

  struct PictureTexture {
    int frame_number = 0;
    const DecodedFrame* decoded = nullptr;  // which decode it holds (identity only)
    Texture2D texture;
  };
  std::list<PictureTexture> pictures;  // most recently used first
  struct MaskTexture {
    int submission = 0;
    int width_px = 0, height_px = 0;
    float outline_px = 0;
    Texture2D texture;             // empty when no part covers a pixel at this size
    int bounds[4] = {0, 0, 0, 0};  // of the labelled pixels in the picture; texels from (0, 0)
  };
  std::list<MaskTexture> masks;  // most recently used first
  LabelImage label_scratch;      // every label image is built here, then uploaded

  std::vector<PlacedCard> placed;
  RectPx picture_rect;
  RenderStats stats;

  explicit Impl(FontSet loaded) : fonts(std::move(loaded)) {}

  Result<const Texture2D*> picture_texture(const std::shared_ptr<const DecodedFrame>& frame);
  Result<const MaskTexture*> mask_texture(int submission, int width_px, int height_px,
                                          float outline_px);
  Status draw_picture(const FrameState& state, const FramePictures& pictures, PixelSize size);
  Status draw_masks(const FrameState& state, PixelSize size);
  void add_boxes(const FrameState& state, const PictureTransform& transform, float scale);
  void add_cards(const FrameState& state, const PictureTransform& transform, float scale,
                 PixelSize size, double hud_top_px);
  double add_hud(const FrameState& state, float scale, PixelSize size);
  void add_leader(const PlacedCard& card, Rgba colour, float scale);
  void add_text_card(const FrameState& state, float scale, PixelSize size);
  void add_caption(const FrameState& state, float scale, PixelSize size);
};

Result<std::unique_ptr<Renderer>> Renderer::create(const Dataset& dataset, const Scene& scene) {
  auto fonts = FontSet::load_default();
  if (!fonts) return fonts.error();
  auto impl = std::make_unique<Impl>(std::move(*fonts));
  impl->dataset = &dataset;
  impl->scene = scene;
  impl->atlas = std::make_unique<GlyphAtlas>(impl->fonts, 512, 512);
  impl->layouts = std::make_unique<LayoutCache>(impl->fonts);

  auto picture = ShaderProgram::load("picture.vert", "picture.frag");
  if (!picture) return picture.error();
  impl->picture_program = std::move(*picture);
  const std::string blend_define[] = {"BLEND"};
  auto blended_picture = ShaderProgram::load("picture.vert", "picture.frag", blend_define);
  if (!blended_picture) return blended_picture.error();
  impl->blended_picture_program = std::move(*blended_picture);
  auto mask = ShaderProgram::load("picture.vert", "mask.frag");
  if (!mask) return mask.error();
  impl->mask_program = std::move(*mask);
  impl->empty_vertex_array = VertexArray::create("renderer quads");

  auto shapes = ShapeBatch::create("overlay shapes");
  if (!shapes) return shapes.error();
  impl->shapes = std::move(*shapes);
  auto hud_shapes = ShapeBatch::create("HUD shapes");
  if (!hud_shapes) return hud_shapes.error();
  impl->hud_shapes = std::move(*hud_shapes);
  auto atlas_texture = std::make_shared<Texture2D>();
  auto card_text = GlyphBatch::create(*impl->atlas, atlas_texture, "card text");
  if (!card_text) return card_text.error();
  impl->card_text = std::move(*card_text);
  auto hud_text = GlyphBatch::create(*impl->atlas, atlas_texture, "HUD text");
  if (!hud_text) return hud_text.error();
  impl->hud_text = std::move(*hud_text);
  auto cover_shapes = ShapeBatch::create("text card cover");
  if (!cover_shapes) return cover_shapes.error();
  impl->cover_shapes = std::move(*cover_shapes);
  auto text_card_text = GlyphBatch::create(*impl->atlas, atlas_texture, "text card text");
  if (!text_card_text) return text_card_text.error();
  impl->text_card_text = std::move(*text_card_text);

  auto missing = Texture2D::create(1, 1, TextureFormat::rgba8, "missing picture");
  if (!missing) return missing.error();
  const std::uint8_t dark[4] = {40, 40, 44, 255};
  if (Status uploaded = missing->upload(0, 0, 1, 1, dark); !uploaded) return uploaded.error();
  impl->missing_picture = std::move(*missing);
  return std::unique_ptr<Renderer>(new Renderer(std::move(impl)));
}

Renderer::Renderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Renderer::~Renderer() = default;

void Renderer::set_scene(const Scene& scene) {
  const bool masks_change = scene.style.hidden_classes != impl_->scene.style.hidden_classes;
  impl_->scene = scene;
  if (masks_change) impl_->masks.clear();
}

const Scene& Renderer::scene() const {
  return impl_->scene;
}
const std::vector<PlacedCard>& Renderer::placed_cards() const {
  return impl_->placed;
}
RectPx Renderer::picture_rect() const {
  return impl_->picture_rect;
}

RenderStats Renderer::stats() const {
  RenderStats stats = impl_->stats;
  stats.glyph_atlas_clears = static_cast<std::uint64_t>(impl_->atlas->stats().clears);
  return stats;
}

Result<const Texture2D*> Renderer::Impl::picture_texture(
    const std::shared_ptr<const DecodedFrame>& frame) {
  for (auto it = pictures.begin(); it != pictures.end(); ++it) {
    if (it->frame_number == frame->frame_number && it->decoded == frame.get()) {
      pictures.splice(pictures.begin(), pictures, it);
      return &pictures.front().texture;
    }
  }
  // With the cache full, the least recently used texture is written over when it has the
  // frame's size: a new texture costs more than the upload, as the driver may clear its memory
  // first (llvmpipe does: page faults and a memset of the whole picture).
  if (pictures.size() >= max_picture_textures &&
      pictures.back().texture.width_px() == frame->width_px &&
      pictures.back().texture.height_px() == frame->height_px) {
    pictures.splice(pictures.begin(), pictures, std::prev(pictures.end()));
    pictures.front().frame_number = frame->frame_number;
    pictures.front().decoded = frame.get();
  } else {
    auto texture = Texture2D::create(frame->width_px, frame->height_px, TextureFormat::rgba8,
                                     "frame " + std::to_string(frame->frame_number));
    if (!texture) return texture.error();
    pictures.push_front({frame->frame_number, frame.get(), std::move(*texture)});
    if (pictures.size() > max_picture_textures) pictures.pop_back();
  }
  PictureTexture& entry = pictures.front();
  if (Status uploaded =
          entry.texture.upload(0, 0, frame->width_px, frame->height_px, frame->rgba.data());
      !uploaded) {
    // What the texture holds is unknown now: it must not be found under any frame.
    pictures.pop_front();
    return uploaded.error();
  }
  ++stats.picture_uploads;
  return &entry.texture;
}

Result<const Renderer::Impl::MaskTexture*> Renderer::Impl::mask_texture(int submission,
                                                                        int width_px, int height_px,
                                                                        float outline_px) {
  for (auto it = masks.begin(); it != masks.end(); ++it) {
    if (it->submission == submission && it->width_px == width_px && it->height_px == height_px &&
        it->outline_px == outline_px) {
      masks.splice(masks.begin(), masks, it);
      return &masks.front();
    }
  }
  LabelImage& labels = label_scratch;
  make_label_image(*dataset, scene, submission, width_px, height_px, labels);
  mark_outlines(labels, outline_px);
  ++stats.mask_builds;
  // The texture holds the labelled pixels' bounds only (the shader reads nothing outside them),
  // a part of the picture's 5.5 MB at 2880x1920. As with pictures, the least recently used
  // entry's texture is written over when the cache is full and it is at least as large as the
  // bounds.
  const int* bounds = labels.bounds;
  const bool painted = bounds[2] > 0 && bounds[3] > 0;
  Texture2D texture;
  if (painted && masks.size() >= max_mask_textures &&
      masks.back().texture.width_px() >= bounds[2] &&
      masks.back().texture.height_px() >= bounds[3]) {
    texture = std::move(masks.back().texture);
  }
  if (masks.size() >= max_mask_textures) masks.pop_back();
  if (painted) {
    if (texture.empty()) {
      auto created = Texture2D::create(bounds[2], bounds[3], TextureFormat::r8,
                                       "labels of submission " + std::to_string(submission),
                                       TextureFilter::nearest);
      if (!created) return created.error();
      texture = std::move(*created);
    }
    const std::size_t first =
        static_cast<std::size_t>(bounds[1]) * static_cast<std::size_t>(width_px) +
        static_cast<std::size_t>(bounds[0]);
    if (Status uploaded = texture.upload(0, 0, bounds[2], bounds[3], labels.labels.data() + first,
                                         static_cast<std::size_t>(width_px));
        !uploaded) {
      return uploaded.error();
    }
  }
  masks.push_front({submission,
                    width_px,
                    height_px,
                    outline_px,
                    std::move(texture),
                    {bounds[0], bounds[1], bounds[2], bounds[3]}});
  return &masks.front();
}

Status Renderer::Impl::draw_picture(const FrameState& state, const FramePictures& frames,
                                    PixelSize size) {
  const Texture2D* a = nullptr;
  const Texture2D* b = nullptr;
  if (frames.a) {
    auto texture = picture_texture(frames.a);
    if (!texture) return texture.error();
    a = *texture;
  }
  if (frames.b && frames.b != frames.a) {
    auto texture = picture_texture(frames.b);
    if (!texture) return texture.error();
    b = *texture;
  }
  float blend = state.blend;
  if (a == nullptr && b == nullptr) {
    a = b = &missing_picture;
  } else if (a == nullptr) {  // show what there is, alone
    a = b;
    blend = 0;
  } else if (b == nullptr) {
    b = a;
    blend = 0;
  }
  // One frame alone needs one sample a pixel; only a cross-fade needs both.
  const Texture2D* alone = blend <= 0 ? a : blend >= 1 ? b : nullptr;
  const ShaderProgram& program = alone != nullptr ? picture_program : blended_picture_program;
  program.use();
  glUniform4f(program.uniform_location("u_rect_px"), static_cast<float>(picture_rect.x),
              static_cast<float>(picture_rect.y), static_cast<float>(picture_rect.width),
              static_cast<float>(picture_rect.height));
  glUniform2f(program.uniform_location("u_viewport_px"), static_cast<float>(size.width_px),
              static_cast<float>(size.height_px));
  glUniform1i(program.uniform_location("u_frame_a"), 0);
  glUniform4f(program.uniform_location("u_texcoord_rect"), 0, 0, 1, 1);
  SavedTextureBinding saved;
  if (alone != nullptr) {
    alone->bind(0);
  } else {
    glUniform1i(program.uniform_location("u_frame_b"), 1);
    glUniform1f(program.uniform_location("u_blend"), blend);
    b->bind(1);
    a->bind(0);
  }
  empty_vertex_array.bind();
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  return take_gl_errors("drawing the picture");
}

Status Renderer::Impl::draw_masks(const FrameState& state, PixelSize size) {
  const int width = static_cast<int>(picture_rect.width);
  const int height = static_cast<int>(picture_rect.height);
  if (width <= 0 || height <= 0) return Done{};
  const float scale = reference_scale(size);
  const float outline_px = scene.style.mask_outline_px > 0
                               ? std::max(1.0f, std::round(scene.style.mask_outline_px * scale))
                               : 0.0f;

  float palette[16 * 4] = {};
  for (const Category& category : dataset->categories()) {
    const int label = label_of_category(*dataset, category.id);
    if (label == 0) continue;
    const Rgba colour = class_colour(scene, category);
    float* entry = palette + label * 4;
    entry[0] = colour.r * colour.a;
    entry[1] = colour.g * colour.a;
    entry[2] = colour.b * colour.a;
    entry[3] = colour.a;
  }
  mask_program.use();
  glUniform4f(mask_program.uniform_location("u_rect_px"), static_cast<float>(picture_rect.x),
              static_cast<float>(picture_rect.y), static_cast<float>(picture_rect.width),
              static_cast<float>(picture_rect.height));
  glUniform2f(mask_program.uniform_location("u_viewport_px"), static_cast<float>(size.width_px),
              static_cast<float>(size.height_px));
  glUniform4fv(mask_program.uniform_location("u_palette"), 16, palette);
  glUniform1f(mask_program.uniform_location("u_fill_opacity"), scene.style.mask_opacity);
  glUniform1i(mask_program.uniform_location("u_labels"), 0);
  SavedTextureBinding saved;
  empty_vertex_array.bind();
  for (const VisibleSubmission& visible : state.overlays) {
    auto mask = mask_texture(visible.submission, width, height, outline_px);
    if (!mask) return mask.error();
    if ((*mask)->texture.empty()) continue;
    // The program is current again: building a texture may have bound other state.
    mask_program.use();
    glUniform1f(mask_program.uniform_location("u_opacity"), visible.opacity);
    // Only the rectangle that holds the parts is shaded: the rest of the picture has none.
    const int* bounds = (*mask)->bounds;
    glUniform4f(mask_program.uniform_location("u_rect_px"),
                static_cast<float>(picture_rect.x + bounds[0]),
                static_cast<float>(picture_rect.y + bounds[1]), static_cast<float>(bounds[2]),
                static_cast<float>(bounds[3]));
    // The bounds lie in the texture's top left corner (a reused texture may be larger).
    glUniform4f(mask_program.uniform_location("u_texcoord_rect"), 0, 0,
                static_cast<float>(bounds[2]) / static_cast<float>((*mask)->texture.width_px()),
                static_cast<float>(bounds[3]) / static_cast<float>((*mask)->texture.height_px()));
    (*mask)->texture.bind(0);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  }
  return take_gl_errors("drawing masks");
}

void Renderer::Impl::add_boxes(const FrameState& state, const PictureTransform& transform,
                               float scale) {
  const float line = std::max(1.0f, scene.style.box_line_px * scale);
  const float dash = std::max(2.0f, std::round(dash_ref_px * scale));
  for (const VisibleSubmission& visible : state.overlays) {
    const Submission& submission =
        dataset->submissions()[static_cast<std::size_t>(visible.submission)];
    const bool rejected = submission.status == AssignmentStatus::rejected;
    for (const int index : submission.annotations) {
      const Annotation& annotation = dataset->annotations()[static_cast<std::size_t>(index)];
      const Category* category = dataset->category(annotation.category_id);
      if (category == nullptr || class_hidden(scene, category->id)) continue;
      shapes.add_stroke(transform.to_output(annotation.bbox), line, rejected ? dash : 0,
                        class_colour(scene, *category), visible.opacity);
    }
  }
}

void Renderer::Impl::add_cards(const FrameState& state, const PictureTransform& transform,
                               float scale, PixelSize size, double bottom_px) {
  const RectPx free_area{0, 0, static_cast<double>(size.width_px), bottom_px};
  CardPlan plan = plan_cards(*dataset, scene, *layouts, state, transform, size, free_area);
  stats.cards_not_placed = plan.not_placed;
  const float radius = std::round(card_radius_ref_px * scale);
  const float accent = std::max(2.0f, std::round(accent_ref_px * scale));
  for (std::size_t i = 0; i < plan.placed.size(); ++i) {
    const PlacedCard& card = plan.placed[i];
    const CardView& view = plan.views[i];
    const RectPx& rect = card.rect;
    shapes.add_fill(rect, radius, scene.style.card_colour, card.opacity);
    // The accent bar runs down the card's left edge, inside its rounded corners.
    const float inset = std::round(radius * 0.6f);
    shapes.add_fill({rect.x + inset, rect.y + radius, accent, rect.height - 2.0 * radius},
                    accent * 0.5f, view.accent, card.opacity);
    add_leader(card, view.accent, scale);
    for (const CardText& text : view.texts) {
      card_text.add(*text.layout, static_cast<float>(rect.x) + text.x_px,
                    static_cast<float>(rect.y) + text.y_px, text.colour, card.opacity);
    }
  }
  placed = std::move(plan.placed);
}

// A straight line from a card to its worker's boxes, ending in a dot on the boxes, when the card
// sits squarely beside them (sharing rows or columns with them); a card placed elsewhere has none.
void Renderer::Impl::add_leader(const PlacedCard& card, Rgba colour, float scale) {
  const RectPx& a = card.anchor;
  const RectPx& c = card.rect;
  const double thickness = std::max(1.0, std::round(double{leader_ref_px} * scale));
  const double dot = std::max(3.0, std::round(double{leader_dot_ref_px} * scale));
  const double top = std::max(a.y, c.y), bottom = std::min(a.bottom(), c.bottom());
  const double left = std::max(a.x, c.x), right = std::min(a.right(), c.right());
  RectPx line, end;
  if (bottom - top >= thickness && (c.x >= a.right() || c.right() <= a.x)) {
    const double y = std::round((top + bottom) / 2 - thickness / 2);
    const bool card_right = c.x >= a.right();
    const double from = card_right ? a.right() : c.right();
    const double to = card_right ? c.x : a.x;
    line = {from, y, to - from, thickness};
    end = {(card_right ? from : to) - dot / 2, y + thickness / 2 - dot / 2, dot, dot};
  } else if (right - left >= thickness && (c.y >= a.bottom() || c.bottom() <= a.y)) {
    const double x = std::round((left + right) / 2 - thickness / 2);
    const bool card_below = c.y >= a.bottom();
    const double from = card_below ? a.bottom() : c.bottom();
    const double to = card_below ? c.y : a.y;
    line = {x, from, thickness, to - from};
    end = {x + thickness / 2 - dot / 2, (card_below ? from : to) - dot / 2, dot, dot};
  } else {
    return;
  }
  shapes.add_fill(line, 0, colour, card.opacity * 0.9f);
  shapes.add_fill(end, static_cast<float>(dot / 2), colour, card.opacity);
}

double Renderer::Impl::add_hud(const FrameState& state, float scale, PixelSize size) {
  const LoopTotals& totals = state.totals;
  std::string line = "Frame " + std::to_string(state.current_frame) + "  ·  " +
                     std::to_string(totals.tasks) + (totals.tasks == 1 ? " task" : " tasks") +
                     "  ·  " + money(totals.paid_usd) + " paid  ·  " + money(totals.withheld_usd) +
                     " withheld";
  if (totals.work_minutes > 0) {
    line += "  ·  " + std::to_string(static_cast<long>(std::lround(totals.work_minutes))) +
            " min of work";
  }
  if (!scene.title.empty()) line = scene.title + "  ·  " + line;
  const TextStyle style{scene.style.hud_size_px * scale, FontWeight::regular, 1.2f};
  const float margin = std::round(margin_ref_px * scale);
  const float padding = std::round(hud_padding_ref_px * scale);
  const float max_width = static_cast<float>(size.width_px) - 2 * margin - 2 * padding;
  if (max_width < 1) return size.height_px;
  const auto layout = layouts->get(line, style, max_width, 1);
  const float width = std::ceil(layout->width_px) + 2 * padding;
  const float height = std::ceil(layout->height_px) + 2 * padding;
  const float top = static_cast<float>(size.height_px) - margin - height;
  hud_shapes.add_fill({margin, top, width, height}, std::round(6 * scale), scene.style.card_colour,
                      1);
  hud_text.add(*layout, margin + padding, top + padding, scene.style.text_colour, 1);
  return top;
}

// A title or fact card: the scene's background over the whole output at the state's cover, and
// the card's title, text and source centred on it.
void Renderer::Impl::add_text_card(const FrameState& state, float scale, PixelSize size) {
  const float width = static_cast<float>(size.width_px);
  const float height = static_cast<float>(size.height_px);
  if (state.cover > 0) {
    cover_shapes.add_fill({0, 0, width, height}, 0, scene.style.background, state.cover);
  }
  if (!state.text_card) return;
  const ShownTextCard& card = *state.text_card;
  const SceneTextCards& sizes = scene.text_cards;
  const float margin = std::round(margin_ref_px * scale);
  const float max_width = std::min(width * 0.84f, 1560 * scale);
  if (max_width < 1) return;
  const TextStyle title_style{sizes.title_size_px * scale, FontWeight::semibold, 1.15f};
  const TextStyle text_style{sizes.text_size_px * scale, FontWeight::regular, 1.45f};
  const TextStyle source_style{sizes.source_size_px * scale, FontWeight::regular, 1.3f};
  // The title and the text, as one block centred on the screen (a little above the middle);
  // the source at the foot.
  const auto title =
      card.title.empty() ? nullptr : layouts->get(card.title, title_style, max_width, 3);
  const auto text =
      card.text.empty() ? nullptr : layouts->get(card.text, text_style, max_width, 12);
  const float gap = title && text ? std::round(sizes.text_size_px * scale * 0.9f) : 0;
  const float block = (title ? title->height_px : 0) + gap + (text ? text->height_px : 0);
  float y = std::round(std::max(margin, (height - block) * 0.45f));
  const float centre = width / 2;
  if (title) {
    text_card_text.add_centred(*title, centre, y, scene.style.text_colour, card.opacity);
    y += title->height_px + gap;
  }
  if (text) text_card_text.add_centred(*text, centre, y, scene.style.text_colour, card.opacity);
  if (!card.source.empty()) {
    const auto source = layouts->get(card.source, source_style, max_width, 2);
    text_card_text.add_centred(*source, centre, height - 3 * margin - source->height_px,
                               scene.style.label_colour, card.opacity);
  }
}

// A live cue's caption: centred at the top, where neither the totals (at the foot) nor a card's
// panel is pinned, on a panel of the cards' colour, over everything else.
void Renderer::Impl::add_caption(const FrameState& state, float scale, PixelSize size) {
  if (state.caption.empty()) return;
  const float width = static_cast<float>(size.width_px);
  const float margin = std::round(margin_ref_px * scale);
  const float padding = std::round(2 * hud_padding_ref_px * scale);
  const float max_width = std::min(width * 0.7f, 1300 * scale) - 2 * padding;
  if (max_width < 1) return;
  const TextStyle style{scene.text_cards.text_size_px * scale, FontWeight::semibold, 1.3f};
  const auto layout = layouts->get(state.caption, style, max_width, 3);
  const float panel_width = std::ceil(layout->width_px) + 2 * padding;
  const float panel_height = std::ceil(layout->height_px) + 2 * padding;
  const float left = std::round((width - panel_width) / 2);
  cover_shapes.add_fill({left, margin, panel_width, panel_height},
                        std::round(card_radius_ref_px * scale), scene.style.card_colour, 1);
  text_card_text.add_centred(*layout, width / 2, margin + padding, scene.style.text_colour, 1);
}

Status Renderer::draw(const FrameState& state, const FramePictures& pictures, GLuint framebuffer,
                      PixelSize size_px) {
  Impl& impl = *impl_;
  if (size_px.width_px <= 0 || size_px.height_px <= 0) {
    return error_at("", 0, 0, "", "cannot draw into an empty framebuffer");
  }
  log_stale_gl_errors();
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
  glViewport(0, 0, size_px.width_px, size_px.height_px);
  const Rgba background = impl.scene.style.background;
  glClearColor(background.r, background.g, background.b, 1);
  glClear(GL_COLOR_BUFFER_BIT);

  // The picture's place: the dataset's frame size, else the decoded file's, else the masks'.
  int source_width = 0, source_height = 0;
  if (const Frame* frame = impl.dataset->frame(state.frame_a);
      frame != nullptr && frame->width_px > 0 && frame->height_px > 0) {
    source_width = frame->width_px;
    source_height = frame->height_px;
  } else if (const auto& decoded = pictures.a ? pictures.a : pictures.b; decoded) {
    source_width = decoded->source_width_px;
    source_height = decoded->source_height_px;
  } else {
    for (const Annotation& annotation : impl.dataset->annotations()) {
      if (annotation.mask) {
        source_width = annotation.mask->width;
        source_height = annotation.mask->height;
        break;
      }
    }
  }
  if (source_width <= 0 || source_height <= 0) {
    source_width = 3;  // the thesis's 2880x1920 frames' shape
    source_height = 2;
  }
  const PictureTransform transform =
      PictureTransform::make(source_width, source_height, size_px.width_px, size_px.height_px);
  impl.picture_rect = transform.picture;
  const float scale = reference_scale(size_px);
  const SceneLayers& layers = impl.scene.layers;

  GLboolean blend_was_on = glIsEnabled(GL_BLEND);
  GLint blend_source = GL_ONE, blend_destination = GL_ZERO;
  glGetIntegerv(GL_BLEND_SRC_RGB, &blend_source);
  glGetIntegerv(GL_BLEND_DST_RGB, &blend_destination);
  glDisable(GL_BLEND);

  // Under a card's full cover the loop is not drawn at all.
  const bool loop_shows = state.cover < 1;
  Status drawn = Done{};
  if (loop_shows && layers.frame) drawn = impl.draw_picture(state, pictures, size_px);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  if (drawn && loop_shows && layers.masks) drawn = impl.draw_masks(state, size_px);
  if (!loop_shows) impl.placed.clear();

  if (drawn) {
    // Laying out text may fill the glyph atlas and clear it, which moves the glyphs placed before;
    // then the frame's text is placed again, into the emptied atlas.
    for (int attempt = 0; attempt < 2; ++attempt) {
      impl.shapes.clear();
      impl.hud_shapes.clear();
      impl.card_text.clear();
      impl.hud_text.clear();
      impl.cover_shapes.clear();
      impl.text_card_text.clear();
      if (loop_shows) {
        double cards_bottom = size_px.height_px;
        if (layers.hud) cards_bottom = impl.add_hud(state, scale, size_px);
        if (layers.boxes) impl.add_boxes(state, transform, scale);
        if (layers.cards) impl.add_cards(state, transform, scale, size_px, cards_bottom);
      }
      impl.add_text_card(state, scale, size_px);
      impl.add_caption(state, scale, size_px);
      if (!impl.card_text.atlas_cleared() && !impl.hud_text.atlas_cleared() &&
          !impl.text_card_text.atlas_cleared()) {
        break;
      }
    }
    const float width = static_cast<float>(size_px.width_px);
    const float height = static_cast<float>(size_px.height_px);
    drawn = impl.shapes.draw(width, height);
    if (drawn) drawn = impl.card_text.draw(width, height);
    if (drawn) drawn = impl.hud_shapes.draw(width, height);
    if (drawn) drawn = impl.hud_text.draw(width, height);
    if (drawn) drawn = impl.cover_shapes.draw(width, height);
    if (drawn) drawn = impl.text_card_text.draw(width, height);
  }

  glBlendFunc(static_cast<GLenum>(blend_source), static_cast<GLenum>(blend_destination));
  if (blend_was_on == GL_FALSE) glDisable(GL_BLEND);
  glBindVertexArray(0);
  if (drawn) ++impl.stats.frames_drawn;
  return drawn;
}

}  // namespace hitl
