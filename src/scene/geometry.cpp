// Fitting the source picture into the output: integer arithmetic, so that the same sizes give the
// same rectangle on every machine and the picture's edges fall on whole output pixels.
#include "hitl/scene/geometry.hpp"

#include <cstdint>

namespace hitl {

namespace {

// numerator / denominator rounded to the nearest integer (halves up); both positive.
std::int64_t rounded_quotient(std::int64_t numerator, std::int64_t denominator) {
  return (2 * numerator + denominator) / (2 * denominator);
}

}  // namespace

RectPx fit_picture(int source_width_px, int source_height_px, int output_width_px,
                   int output_height_px) {
  if (source_width_px <= 0 || source_height_px <= 0 || output_width_px <= 0 ||
      output_height_px <= 0) {
    return {};
  }
  const std::int64_t source_w = source_width_px, source_h = source_height_px;
  const std::int64_t output_w = output_width_px, output_h = output_height_px;
  std::int64_t width = output_w, height = output_h;
  // Compare the aspect ratios by cross-multiplying: output_w / source_w <= output_h / source_h
  // means the width limits the scale (letterbox), otherwise the height does (pillarbox).
  if (output_w * source_h <= output_h * source_w) {
    height = std::clamp<std::int64_t>(rounded_quotient(output_w * source_h, source_w), 1, output_h);
  } else {
    width = std::clamp<std::int64_t>(rounded_quotient(output_h * source_w, source_h), 1, output_w);
  }
  // Odd leftovers put the extra pixel below or right of the picture.
  return {static_cast<double>((output_w - width) / 2), static_cast<double>((output_h - height) / 2),
          static_cast<double>(width), static_cast<double>(height)};
}

PictureTransform PictureTransform::make(int source_width_px, int source_height_px,
                                        int output_width_px, int output_height_px) {
  PictureTransform transform;
  transform.picture =
      fit_picture(source_width_px, source_height_px, output_width_px, output_height_px);
  if (transform.picture.width <= 0) {
    // Nothing to draw into: every box maps to an empty rectangle at the output's origin.
    transform.scale_x = transform.scale_y = 0;
    return transform;
  }
  transform.scale_x = transform.picture.width / source_width_px;
  transform.scale_y = transform.picture.height / source_height_px;
  return transform;
}

}  // namespace hitl
