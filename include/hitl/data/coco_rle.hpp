// COCO's mask encodings, compatible with pycocotools (cocodataset/cocoapi, common/maskApi.c).
//
// Compressed RLE: the `counts` string of {"size": [h, w], "counts": "..."}. Each run length is
// written like LEB128 but in groups of 5 bits, least significant first: a character is
// 48 + (group | 0x20 when more groups follow); the last group's bit 0x10 is the sign. From the
// fourth count on (i > 2) the difference to the count two places back is written instead of the
// count itself, which keeps the numbers small for masks that change slowly from column to column.
//
// Polygons: COCO's [[x1, y1, x2, y2, ...], ...] in source pixels, turned into a mask the way
// pycocotools' frPyObjects + merge do (rleFrPoly per polygon, then their union).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

// The counts string pycocotools' rleToString writes for these run lengths.
std::string encode_rle_counts(const std::vector<std::uint32_t>& counts);

// The run lengths of a counts string. Refuses characters outside '0'..'o' (48..111), a string
// that ends inside a number, and runs that come out negative or above 2^32 - 1; the message
// names the character index (0-based) in the string. The error has no file: the caller adds it.
Result<std::vector<std::uint32_t>> decode_rle_counts(std::string_view counts);

// The union of the polygons as a column-major mask of width_px x height_px, pixel for pixel
// what pycocotools gives for the same polygons (its rleFrPoly: the outline is upsampled 5x and
// each column is filled between the outline's crossings). Differences, all on input pycocotools
// mishandles: a repeated point is not divided by zero; points farther than one image size
// (at least 64 px) outside the image, non-finite coordinates and outlines longer than 2^26
// upsampled steps are refused instead of overflowing. Refuses an odd number of coordinates and
// polygons of fewer than 3 points (pycocotools reads a 4-number list as a box, not a polygon). An
// empty list gives an empty mask. Sizes must be 1..65535.
Result<MaskRle> rasterize_polygons(const std::vector<std::vector<double>>& polygons, int width_px,
                                   int height_px);

// The pixels set in either mask (pycocotools' merge without intersect). Both masks must have the
// same size (a programmer mistake otherwise). The result has no empty runs after the first.
MaskRle union_of_masks(const MaskRle& a, const MaskRle& b);

}  // namespace hitl
