// Layouts kept for reuse. Shaping costs about 10 us for a short answer, a quarter of a millisecond
// for a ten-answer card: a card's text is laid out once when it appears, not on every frame.
// Bounded: the least recently used layouts go first, by count and by the bytes of text they hold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "hitl/text/layout.hpp"

namespace hitl {

class LayoutCache {
 public:
  // `fonts` must outlive the cache. Layouts depend on nothing else, so entries never go stale.
  explicit LayoutCache(FontSet& fonts, std::size_t max_entries = 512,
                       std::size_t max_text_bytes = std::size_t{4} << 20);

  // What layout_text would return for these arguments; from the cache when they were laid out
  // recently. The layout stays valid as long as the caller holds it, evicted or not.
  std::shared_ptr<const TextLayout> get(std::string_view utf8, const TextStyle& style,
                                        float max_width_px, int max_lines = no_line_limit);

  FontSet& fonts() const { return *fonts_; }
  std::size_t size() const { return entries_.size(); }
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  void clear();

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const TextLayout> layout;
  };

  FontSet* fonts_;
  std::size_t max_entries_, max_text_bytes_;
  std::size_t text_bytes_ = 0;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views of Entry::key
  std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace hitl
