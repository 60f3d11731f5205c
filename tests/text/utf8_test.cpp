// Lossy UTF-8 decoding: every byte sequence decodes, invalid ones to U+FFFD.
#include <catch2/catch.hpp>

#include "hitl/text/utf8.hpp"

using hitl::decode_utf8_lossy;
using hitl::to_valid_utf8;

namespace {
std::u32string code_points_of(std::string_view utf8) {
  std::u32string out;
  for (const auto& decoded : decode_utf8_lossy(utf8).code_points) out += decoded.code_point;
  return out;
}
}  // namespace

TEST_CASE("Valid UTF-8 decodes to its code points with their byte offsets", "[text]") {
  const auto decoded = decode_utf8_lossy("a\xC3\xA3\xE5\x8C\x97\xF0\x9F\x99\x82");
  REQUIRE(decoded.code_points.size() == 4);
  CHECK(decoded.code_points[0].code_point == U'a');
  CHECK(decoded.code_points[1].code_point == U'\u00E3');
  CHECK(decoded.code_points[2].code_point == U'\u5317');
  CHECK(decoded.code_points[3].code_point == U'\U0001F642');
  CHECK(decoded.code_points[1].byte_offset == 1);
  CHECK(decoded.code_points[2].byte_offset == 3);
  CHECK(decoded.code_points[3].byte_offset == 6);
  CHECK(decoded.replaced_sequences == 0);
}

TEST_CASE("A truncated sequence becomes one U+FFFD and decoding goes on after it", "[text]") {
  CHECK(code_points_of("x\xE5\x8Cy") == U"x\uFFFDy");
  CHECK(code_points_of("\xF0\x9F\x99") == U"\uFFFD");
  CHECK(decode_utf8_lossy("x\xE5\x8Cy").code_points[2].byte_offset == 3);
}

TEST_CASE("Stray bytes, overlong forms, surrogates and values past U+10FFFF become U+FFFD",
          "[text]") {
  CHECK(code_points_of("\x80") == U"\uFFFD");
  CHECK(code_points_of("\xFF\xFE") == U"\uFFFD\uFFFD");
  CHECK(code_points_of("\xC0\xAF") == U"\uFFFD\uFFFD");
  CHECK(code_points_of("\xE0\x80\xAF") == U"\uFFFD\uFFFD\uFFFD");
  CHECK(code_points_of("\xED\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");
  CHECK(code_points_of("\xF4\x90\x80\x80") == U"\uFFFD\uFFFD\uFFFD\uFFFD");
  CHECK(decode_utf8_lossy("\xFF\xFE").replaced_sequences == 2);
}

TEST_CASE("Text made valid keeps valid text and replaces the rest", "[text]") {
  CHECK(to_valid_utf8("S\xC3\xA3o Paulo") == "S\xC3\xA3o Paulo");
  CHECK(to_valid_utf8("a\xFF"
                      "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(to_valid_utf8(std::string_view("a\0b", 3)) == std::string("a\0b", 3));
}
