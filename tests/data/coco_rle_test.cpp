// COCO's compressed RLE strings and polygon masks, checked against vectors derived by hand from
// pycocotools' algorithm (maskApi.c: rleToString, rleFrString, rleFrPoly, rleMerge).
#include <catch2/catch.hpp>

#include "hitl/data/coco_rle.hpp"

using hitl::decode_rle_counts;
using hitl::encode_rle_counts;
using hitl::rasterize_polygons;
using Counts = std::vector<std::uint32_t>;

// A 25x25 mask whose top-left 5x5 pixels are set, taken column by column: each of the first five
// columns is 5 set pixels then 20 unset ones, and the remaining 20 columns are unset:
// counts 0, 5, 20, 5, 20, 5, 20, 5, 20, 5, 520 (20 + 20 x 25).
// Characters are 48 + 5-bit group (+ 0x20 when another group follows); from the fourth count on
// the difference to the count two places back is written:
//   0 -> "0";  5 -> "5";  20 = 0b10100 has the sign bit 0x10 set, so it needs a second group:
//   "d" (48 + 0x20 + 20) then "0";  the next seven differences are 0 -> "0000000";
//   520 - 20 = 500 = 15 x 32 + 20 -> "d" (48 + 0x20 + 20) then "?" (48 + 15).
const Counts top_left_block = {0, 5, 20, 5, 20, 5, 20, 5, 20, 5, 520};

TEST_CASE("RLE counts encode a known mask to the string pycocotools writes", "[coco]") {
  CHECK(encode_rle_counts(top_left_block) == "05d00000000d?");
}

TEST_CASE("RLE counts encode a block in the middle of the mask", "[coco]") {
  // The same 5x5 block at rows and columns 5-9: 5 columns x 25 + 5 unset pixels come first.
  // 130 = 4 x 32 + 2 -> "R" (48 + 0x20 + 2), "4";  390 - 20 = 370 = 11 x 32 + 18, and 18 has
  // the sign bit set -> "b" (48 + 0x20 + 18), ";" (48 + 11).
  CHECK(encode_rle_counts({130, 5, 20, 5, 20, 5, 20, 5, 20, 5, 390}) == "R45d00000000b;");
}

TEST_CASE("RLE counts encode negative differences with a sign bit", "[coco]") {
  // 5 -> "5", 2 -> "2", 30 (sign bit set) -> "n" "0";
  // 1 - 2 = -1: the group 31 with the sign bit ends it -> "O" (48 + 31);
  // 2 - 30 = -28: low group 4, then -1 remains -> "T" (48 + 0x20 + 4), "O".
  CHECK(encode_rle_counts({5, 2, 30, 1, 2}) == "52n0OTO");
}

TEST_CASE("RLE counts decode the strings pycocotools writes", "[coco]") {
  const auto block = decode_rle_counts("05d00000000d?");
  REQUIRE(block.ok());
  CHECK(*block == top_left_block);
  const auto negative = decode_rle_counts("52n0OTO");
  REQUIRE(negative.ok());
  CHECK(*negative == Counts{5, 2, 30, 1, 2});
}

TEST_CASE("RLE counts survive a round trip, extremes included", "[coco]") {
  const std::vector<Counts> cases = {
      {},
      {0},
      {5529600},
      {0, 5529600},
      {4294967295u, 0, 0, 4294967295u},
      {0, 4294967295u, 0, 1, 4294967295u, 7},
      {1,  2,  3,  4,  5,  6,  7,  8,  9,    10,   11,   12,    13,    14,     15,
       16, 17, 18, 19, 20, 31, 32, 33, 1023, 1024, 1025, 65535, 65536, 1048576},
  };
  for (const auto& counts : cases) {
    const std::string encoded = encode_rle_counts(counts);
    const auto decoded = decode_rle_counts(encoded);
    REQUIRE(decoded.ok());
    CHECK(*decoded == counts);
  }
}

TEST_CASE("RLE counts string with a character outside 0..o is refused", "[coco]") {
  const auto decoded = decode_rle_counts("05~");
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message ==
        "character 2 of the counts string is \"~\"; expected only characters from \"0\" to "
        "\"o\"");
}

TEST_CASE("RLE counts string that stops inside a run length is refused", "[coco]") {
  const auto decoded = decode_rle_counts("05d");  // "d" promises another group
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message ==
        "the counts string ends inside the run length that starts at character 2; expected a "
        "last character from \"0\" to \"O\"");
}

TEST_CASE("RLE counts that come out negative are refused", "[coco]") {
  const auto decoded = decode_rle_counts("O");  // -1 as the first count
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message ==
        "run 0 (characters 0 to 0 of the counts string) comes out as -1; expected a run length "
        "from 0 to 4294967295");
}

TEST_CASE("RLE counts above 32 bits are refused", "[coco]") {
  // Six empty groups that each promise more ("P" = 48 + 0x20), then 4 << 30 = 2^32.
  const auto too_large = decode_rle_counts("PPPPPP4");
  REQUIRE_FALSE(too_large.ok());
  CHECK_THAT(too_large.error().message, Catch::Contains("comes out as 4294967296"));
  const auto too_long = decode_rle_counts("PPPPPPPP0");
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.error().message ==
        "the run length that starts at character 0 goes on for more than 7 characters; expected "
        "a length below 2^32");
}

TEST_CASE("Polygon square from (1,1) to (3,3) covers the 2x2 pixels inside it", "[coco]") {
  // Traced by hand through rleFrPoly: at 5x the corners are 5 and 15; the top edge crosses the
  // pixel columns 1 and 2 at upsampled x 7 and 12 (pixel centres), giving the first rows ceil(0.6)
  // = 1; the bottom edge gives ceil(2.6) = 3. Crossings 1x5+1=6, 8, 11, 13 and the end 25:
  // runs 6, 2, 3, 2, 12.
  const auto mask = rasterize_polygons({{1, 1, 3, 1, 3, 3, 1, 3}}, 5, 5);
  REQUIRE(mask.ok());
  CHECK(mask->width == 5);
  CHECK(mask->height == 5);
  CHECK(mask->counts == Counts{6, 2, 3, 2, 12});
  CHECK(mask->area() == 4);
  CHECK(mask->bounds() == hitl::BoxPx{1, 1, 2, 2});
}

TEST_CASE("Polygon around the whole image sets every pixel", "[coco]") {
  // Each column is crossed at row 0 and row 4 (= the next column's first pixel); the crossings
  // pair up at 4, 8 and 12, and pycocotools folds those empty runs away: runs 0, 16.
  const auto mask = rasterize_polygons({{0, 0, 4, 0, 4, 4, 0, 4}}, 4, 4);
  REQUIRE(mask.ok());
  CHECK(mask->counts == Counts{0, 16});
}

TEST_CASE("Polygons of one annotation are merged into their union", "[coco]") {
  const auto twice = rasterize_polygons({{1, 1, 3, 1, 3, 3, 1, 3}, {1, 1, 3, 1, 3, 3, 1, 3}}, 5, 5);
  REQUIRE(twice.ok());
  CHECK(twice->counts == Counts{6, 2, 3, 2, 12});
  // A second square at (3,3)-(5,5) adds rows 3 and 4 of columns 3 and 4 (pixels 18, 19, 23, 24).
  const auto two = rasterize_polygons({{1, 1, 3, 1, 3, 3, 1, 3}, {3, 3, 5, 3, 5, 5, 3, 5}}, 5, 5);
  REQUIRE(two.ok());
  CHECK(two->counts == Counts{6, 2, 3, 2, 5, 2, 3, 2});
  CHECK(two->area() == 8);
  CHECK(two->is_consistent());
}

TEST_CASE("Polygon list that is empty gives an empty mask", "[coco]") {
  const auto mask = rasterize_polygons({}, 3, 2);
  REQUIRE(mask.ok());
  CHECK(mask->counts == Counts{6});
  CHECK(mask->area() == 0);
}

TEST_CASE("Polygon with an odd number of coordinates is refused", "[coco]") {
  const auto mask = rasterize_polygons({{1, 1, 3, 1, 3, 3, 1}}, 5, 5);
  REQUIRE_FALSE(mask.ok());
  CHECK(mask.error().message == "polygon 0 has 7 coordinates, an odd number; expected x, y pairs");
}

TEST_CASE("Polygon of two points is refused", "[coco]") {
  const auto mask = rasterize_polygons({{1, 1, 3, 1, 3, 3}, {1, 1, 3, 1}}, 5, 5);
  REQUIRE_FALSE(mask.ok());
  CHECK(mask.error().message == "polygon 1 has 2 points; expected at least 3 (6 coordinates)");
}

TEST_CASE("Polygon points far outside the image are refused", "[coco]") {
  const auto mask = rasterize_polygons({{1, 1, 1e300, 1, 3, 3}}, 5, 5);
  REQUIRE_FALSE(mask.ok());
  CHECK(mask.error().message ==
        "polygon 0, point 1: x = 1e+300 lies far outside the 5x5 image; expected a coordinate in "
        "source pixels near the image");
}

TEST_CASE("Polygon mask size must be 1 to 65535 pixels", "[coco]") {
  CHECK_FALSE(rasterize_polygons({}, 0, 5).ok());
  CHECK_FALSE(rasterize_polygons({}, 5, 65536).ok());
  CHECK(rasterize_polygons({}, 65535, 65535).ok());
}

TEST_CASE("Mask union keeps pixels set in either mask", "[coco]") {
  const hitl::MaskRle a{2, 3, {1, 2, 3}};     // pixels 1 and 2
  const hitl::MaskRle b{2, 3, {0, 1, 3, 2}};  // pixels 0, 4 and 5
  const auto both = hitl::union_of_masks(a, b);
  CHECK(both.counts == Counts{0, 3, 1, 2});
  CHECK(hitl::union_of_masks(a, a).counts == a.counts);
}
