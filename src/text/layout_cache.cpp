// A least-recently-used cache of text layouts.
#include "hitl/text/layout_cache.hpp"

#include <algorithm>
#include <cstring>

namespace hitl {

namespace {
// The arguments of layout_text as one string: the numbers' bytes, then the text.
std::string key_of(std::string_view utf8, const TextStyle& style, float max_width_px,
                   int max_lines) {
  const int weight = static_cast<int>(style.weight);
  std::string key(sizeof(float) * 3 + sizeof(int) * 2, '\0');
  char* at = key.data();
  for (const float value : {style.size_px, style.line_height, max_width_px}) {
    std::memcpy(at, &value, sizeof value);
    at += sizeof value;
  }
  for (const int value : {weight, max_lines}) {
    std::memcpy(at, &value, sizeof value);
    at += sizeof value;
  }
  key.append(utf8);
  return key;
}
}  // namespace

LayoutCache::LayoutCache(FontSet& fonts, std::size_t max_entries, std::size_t max_text_bytes)
    : fonts_(&fonts),
      max_entries_(std::max<std::size_t>(max_entries, 1)),
      max_text_bytes_(max_text_bytes) {}

std::shared_ptr<const TextLayout> LayoutCache::get(std::string_view utf8, const TextStyle& style,
                                                   float max_width_px, int max_lines) {
  std::string key = key_of(utf8, style, max_width_px, max_lines);
  if (const auto found = index_.find(key); found != index_.end()) {
    ++hits_;
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->layout;
  }
  ++misses_;
  auto layout = std::make_shared<const TextLayout>(
      layout_text(*fonts_, utf8, style, max_width_px, max_lines));
  if (key.size() > max_text_bytes_) return layout;  // too big to keep
  text_bytes_ += key.size();
  entries_.push_front({std::move(key), layout});
  index_.emplace(entries_.front().key, entries_.begin());
  while (entries_.size() > max_entries_ || text_bytes_ > max_text_bytes_) {
    text_bytes_ -= entries_.back().key.size();
    index_.erase(entries_.back().key);
    entries_.pop_back();
  }
  return layout;
}

void LayoutCache::clear() {
  index_.clear();
  entries_.clear();
  text_bytes_ = 0;
}

}  // namespace hitl
