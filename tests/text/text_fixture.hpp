// What the text tests share: the default fonts, loaded once for the whole run, and small readers
// of layouts.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "hitl/text/font_set.hpp"
#include "hitl/text/layout.hpp"

namespace hitl::test {

inline FontSet& test_fonts() {
  static Result<FontSet> fonts = FontSet::load_default();
  if (!fonts) FAIL("the default fonts do not load: " << fonts.error().to_string());
  return *fonts;
}

// Face indices of the default FontSet, in load order.
inline constexpr int inter_regular = 0;
inline constexpr int inter_semibold = 1;
inline constexpr int dejavu_sans = 2;
inline constexpr int droid_sans_fallback = 3;

// The input text each line shows.
inline std::vector<std::string> line_texts(std::string_view text, const TextLayout& layout) {
  std::vector<std::string> out;
  for (const auto& line : layout.lines) {
    out.emplace_back(text.substr(line.begin_byte, line.end_byte - line.begin_byte));
  }
  return out;
}

}  // namespace hitl::test
