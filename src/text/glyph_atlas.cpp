// Shelf packing of rasterized glyphs into one coverage image that grows, then clears, when full.
#include "hitl/text/glyph_atlas.hpp"

#include <algorithm>
#include <cstring>

namespace hitl {

namespace {
constexpr int min_side_px = 16;
constexpr int max_side_px = 16384;
constexpr std::size_t max_dirty_rects = 64;  // beyond this, one bounding rect uploads faster

AtlasRect bounding_rect(const AtlasRect& a, const AtlasRect& b) {
  const int left = std::min(a.x, b.x), top = std::min(a.y, b.y);
  const int right = std::max(a.x + a.width, b.x + b.width);
  const int bottom = std::max(a.y + a.height, b.y + b.height);
  return {left, top, right - left, bottom - top};
}
}  // namespace

std::size_t GlyphAtlas::KeyHash::operator()(const GlyphKey& key) const {
  std::uint64_t h = (std::uint64_t{key.glyph_id} << 32) | static_cast<std::uint32_t>(key.size_26_6);
  h ^= static_cast<std::uint64_t>(key.face_index) * 0x9E3779B97F4A7C15ull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return static_cast<std::size_t>(h);
}

GlyphAtlas::GlyphAtlas(FontSet& fonts, int width_px, int height_px, int max_width_px,
                       int max_height_px)
    : fonts_(&fonts),
      max_width_px_(std::clamp(max_width_px, min_side_px, max_side_px)),
      max_height_px_(std::clamp(max_height_px, min_side_px, max_side_px)) {
  width_px_ = std::clamp(width_px, min_side_px, max_width_px_);
  height_px_ = std::clamp(height_px, min_side_px, max_height_px_);
  pixels_.assign(static_cast<std::size_t>(width_px_) * static_cast<std::size_t>(height_px_), 0);
  mark_all_dirty();
}

std::optional<AtlasGlyph> GlyphAtlas::find_or_add(const GlyphKey& key) {
  ++stats_.lookups;
  if (const auto found = entries_.find(key); found != entries_.end()) {
    ++stats_.hits;
    return found->second;
  }
  if (entries_.size() >= max_entries) {
    clear();
    ++stats_.clears;
  }
  AtlasGlyph entry;
  const auto bitmap = fonts_->rasterize_glyph(key.face_index, key.glyph_id, key.size_26_6);
  if (!bitmap || bitmap->width_px == 0 || bitmap->height_px == 0) {
    if (bitmap) {
      entry.bearing_x_px = bitmap->bearing_x_px;
      entry.bearing_y_px = bitmap->bearing_y_px;
    }
    entries_.emplace(key, entry);  // draws nothing; remembered so it is not rasterized again
    return entry;
  }
  if (bitmap->width_px + 2 * padding_px > max_width_px_ ||
      bitmap->height_px + 2 * padding_px > max_height_px_) {
    return std::nullopt;
  }
  auto rect = place(bitmap->width_px, bitmap->height_px);
  while (!rect && grow()) rect = place(bitmap->width_px, bitmap->height_px);
  if (!rect) {
    // Full at the maximum size: start again. The glyph fits in an empty atlas of this size.
    clear();
    ++stats_.clears;
    rect = place(bitmap->width_px, bitmap->height_px);
    if (!rect) return std::nullopt;
  }
  for (int row = 0; row < rect->height; ++row) {
    std::memcpy(
        &pixels_[static_cast<std::size_t>(rect->y + row) * static_cast<std::size_t>(width_px_) +
                 static_cast<std::size_t>(rect->x)],
        bitmap->rows + static_cast<std::ptrdiff_t>(row) * bitmap->pitch_bytes,
        static_cast<std::size_t>(rect->width));
  }
  mark_dirty(*rect);
  entry.rect = *rect;
  entry.bearing_x_px = bitmap->bearing_x_px;
  entry.bearing_y_px = bitmap->bearing_y_px;
  entries_.emplace(key, entry);
  return entry;
}

std::optional<AtlasRect> GlyphAtlas::place(int width, int height) {
  Shelf* best = nullptr;
  for (Shelf& shelf : shelves_) {
    if (height <= shelf.height && shelf.next_x + width + padding_px <= width_px_ &&
        (best == nullptr || shelf.height < best->height)) {
      best = &shelf;
    }
  }
  // A shelf much taller than the glyph would waste its height: open a new one while there is room.
  const bool best_is_snug = best != nullptr && best->height <= height + height / 2 + 2;
  if (!best_is_snug && padding_px + width + padding_px <= width_px_) {
    // Shelf heights are rounded up to 4 pixels so that glyphs of nearby heights share them.
    int shelf_height = (height + 3) / 4 * 4;
    if (next_shelf_y_ + shelf_height + padding_px > height_px_) shelf_height = height;
    if (next_shelf_y_ + shelf_height + padding_px <= height_px_) {
      shelves_.push_back({next_shelf_y_, shelf_height, padding_px});
      next_shelf_y_ += shelf_height + padding_px;
      best = &shelves_.back();
    }
  }
  if (best == nullptr) return std::nullopt;
  const AtlasRect rect{best->next_x, best->y, width, height};
  best->next_x += width + padding_px;
  return rect;
}

bool GlyphAtlas::grow() {
  if (width_px_ == max_width_px_ && height_px_ == max_height_px_) return false;
  int new_width = width_px_, new_height = height_px_;
  // Height first: new shelves go below. A wider atlas lengthens every shelf instead.
  if (height_px_ < max_height_px_ && (height_px_ <= width_px_ || width_px_ == max_width_px_)) {
    new_height = std::min(height_px_ * 2, max_height_px_);
  } else {
    new_width = std::min(width_px_ * 2, max_width_px_);
  }
  std::vector<std::uint8_t> grown(static_cast<std::size_t>(new_width) *
                                  static_cast<std::size_t>(new_height));
  for (int row = 0; row < height_px_; ++row) {
    std::memcpy(&grown[static_cast<std::size_t>(row) * static_cast<std::size_t>(new_width)],
                &pixels_[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_px_)],
                static_cast<std::size_t>(width_px_));
  }
  pixels_ = std::move(grown);
  width_px_ = new_width;
  height_px_ = new_height;
  ++stats_.grows;
  mark_all_dirty();
  return true;
}

void GlyphAtlas::clear() {
  entries_.clear();
  shelves_.clear();
  next_shelf_y_ = padding_px;
  std::fill(pixels_.begin(), pixels_.end(), std::uint8_t{0});
  ++generation_;
  mark_all_dirty();
}

void GlyphAtlas::mark_all_dirty() {
  dirty_.assign(1, AtlasRect{0, 0, width_px_, height_px_});
}

void GlyphAtlas::mark_dirty(const AtlasRect& rect) {
  if (!dirty_.empty() && dirty_.front() == AtlasRect{0, 0, width_px_, height_px_}) return;
  if (!dirty_.empty() && dirty_.back().y == rect.y) {  // the same shelf: one rect along it
    dirty_.back() = bounding_rect(dirty_.back(), rect);
    return;
  }
  dirty_.push_back(rect);
  if (dirty_.size() > max_dirty_rects) {
    AtlasRect all = dirty_.front();
    for (const AtlasRect& r : dirty_) all = bounding_rect(all, r);
    dirty_.assign(1, all);
  }
}

std::vector<AtlasRect> GlyphAtlas::take_dirty_rects() {
  std::vector<AtlasRect> taken;
  taken.swap(dirty_);
  return taken;
}

AtlasStats GlyphAtlas::stats() const {
  AtlasStats stats = stats_;
  stats.glyphs = static_cast<int>(entries_.size());
  return stats;
}

}  // namespace hitl
