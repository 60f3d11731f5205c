// The label image of one submission's masks: a class index per output pixel of the picture, what
// the mask shader colours and outlines. Made on the CPU straight from the COCO run-length
// encoding, sampled at the output's resolution, without expanding the full-size mask.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "hitl/data/dataset.hpp"
#include "hitl/scene/scene.hpp"

namespace hitl {

// Class indices in a label image: 0 is no part; a category's index is its place in
// Dataset::categories() plus one, up to max_label (later categories share max_label).
inline constexpr int max_label = 15;
int label_of_category(const Dataset& dataset, int category_id);

struct LabelImage {
  int width_px = 0, height_px = 0;
  std::vector<std::uint8_t> labels;  // rows top first
  int parts = 0;                     // annotations with a mask that were painted
  // The smallest rectangle holding every labelled pixel (x, y, width, height); empty when none.
  int bounds[4] = {0, 0, 0, 0};
  // mark_outlines' working memory, kept so that an image built again into this one (the
  // renderer builds every label image into one) allocates nothing.
  std::vector<std::uint16_t> outline_distance;
  std::vector<std::uint32_t> outline_seeds;
  std::vector<std::pair<int, int>> outline_stamp;
  std::uint8_t at(int x, int y) const {
    return labels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px) +
                  static_cast<std::size_t>(x)];
  }
};

// Paints the masks of `submission` (an index into Dataset::submissions()) into a width_px x
// height_px image covering the whole source frame: output pixel (i, j) takes the class of the
// source pixel under its centre. Classes hidden by the scene are left out. Where masks overlap, the
// later category in Dataset::categories() wins (the mouse's small parts lie on its body).
LabelImage make_label_image(const Dataset& dataset, const Scene& scene, int submission,
                            int width_px, int height_px);
// The same, built into `image`, whose memory is reused: at output sizes a new image costs page
// faults and clearing worth more than painting it.
void make_label_image(const Dataset& dataset, const Scene& scene, int submission, int width_px,
                      int height_px, LabelImage& image);

// Marks the outline of every part: the labelled pixels within width_px of a pixel with another
// label (the distance measured by a 3-4 chamfer, close to the straight-line distance), by setting
// outline_bit in their value. The picture's own border is not an edge. Done once per label image
// on the CPU, so that the shader reads one texel per pixel; only over `bounds`, which holds every
// pixel that can be marked and the shortest chamfer path between any two of them.
inline constexpr std::uint8_t outline_bit = 0x80;
void mark_outlines(LabelImage& image, float width_px);

}  // namespace hitl
