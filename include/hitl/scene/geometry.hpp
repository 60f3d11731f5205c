// Rectangles in output pixels and where the source picture goes in the output.
//
// Output pixels: origin at the top-left corner of the output image, x to the right, y down; a
// pixel (i, j) covers [i, i + 1) x [j, j + 1). Source pixels are the same for the source frame.
#pragma once

#include <algorithm>

#include "hitl/data/dataset.hpp"

namespace hitl {

struct RectPx {
  double x = 0, y = 0, width = 0, height = 0;
  double right() const { return x + width; }
  double bottom() const { return y + height; }
  // True when the interiors share some area (rectangles that only touch do not intersect).
  bool intersects(const RectPx& other) const {
    return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
  }
  bool contains(const RectPx& inner) const {
    return inner.x >= x && inner.y >= y && inner.right() <= right() && inner.bottom() <= bottom();
  }
  // The rectangle with each edge moved out by by_px (in when negative), keeping its centre.
  RectPx grown(double by_px) const {
    return {x - by_px, y - by_px, width + 2 * by_px, height + 2 * by_px};
  }
  friend bool operator==(const RectPx&, const RectPx&) = default;
};

// Where a source picture of source_width x source_height is drawn in an output of
// output_width x output_height: whole, aspect preserved, centred (letterbox or pillarbox), with
// its edges on whole output pixels so that the picture's border is crisp. The aspect ratio is kept
// to within the rounding of one pixel, except that no side is shorter than one pixel; an odd
// leftover pixel goes below or right of the picture. Sizes that are not positive give an empty
// rectangle.
RectPx fit_picture(int source_width_px, int source_height_px, int output_width_px,
                   int output_height_px);

// Maps source pixels into the picture rectangle (the same map for boxes, masks and the frame).
struct PictureTransform {
  RectPx picture;                   // from fit_picture
  double scale_x = 1, scale_y = 1;  // output px per source px; 0 when the picture is empty

  static PictureTransform make(int source_width_px, int source_height_px, int output_width_px,
                               int output_height_px);
  RectPx to_output(const BoxPx& box) const {
    return {picture.x + box.x * scale_x, picture.y + box.y * scale_y, box.width * scale_x,
            box.height * scale_y};
  }
};

}  // namespace hitl
