// Sampling COCO run-length masks straight into a label image. A mask is runs of 0 and 1 down the
// columns of the source; the image wants, for each of its pixels, the source pixel under the
// pixel's centre. So each run of 1s visits only the sampled columns it passes through, and in
// each the sampled rows inside it: the work is the runs plus the painted pixels, never the full
// source size.
#include "hitl/render/mask_labels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace hitl {

int label_of_category(const Dataset& dataset, int category_id) {
  const auto& categories = dataset.categories();
  for (std::size_t i = 0; i < categories.size(); ++i) {
    if (categories[i].id == category_id) {
      return std::min(static_cast<int>(i) + 1, max_label);
    }
  }
  return 0;
}

namespace {

// For a source extent of `source` pixels sampled by `output` pixels: the first output pixel whose
// centre falls on or after each source pixel (size source + 1).
std::vector<int> first_sample_at_or_after(int source, int output) {
  std::vector<int> first(static_cast<std::size_t>(source) + 1, output);
  int sample = 0;
  for (int s = 0; s <= source; ++s) {
    // Output pixel k samples source pixel floor((k + 0.5) * source / output).
    while (sample < output && static_cast<int>(std::floor((sample + 0.5) * source / output)) < s) {
      ++sample;
    }
    first[static_cast<std::size_t>(s)] = sample;
  }
  return first;
}

void paint_mask(const MaskRle& mask, std::uint8_t label, LabelImage& image) {
  if (mask.width <= 0 || mask.height <= 0 || !mask.is_consistent()) return;
  const std::vector<int> first_column = first_sample_at_or_after(mask.width, image.width_px);
  const std::vector<int> first_row = first_sample_at_or_after(mask.height, image.height_px);
  const std::uint64_t column_height = static_cast<std::uint64_t>(mask.height);

  std::uint64_t position = 0;  // column-major index of the run's first pixel
  for (std::size_t i = 0; i < mask.counts.size(); ++i) {
    const std::uint64_t run = mask.counts[i];
    if (i % 2 == 1 && run > 0) {
      const std::uint64_t end = position + run;
      for (std::uint64_t column = position / column_height; column * column_height < end;
           ++column) {
        const auto c = static_cast<std::size_t>(column);
        const int x_begin = first_column[c], x_end = first_column[c + 1];
        if (x_begin == x_end) continue;  // no output column samples this source column
        const std::uint64_t column_start = column * column_height;
        const auto row_begin =
            static_cast<std::size_t>(std::max(position, column_start) - column_start);
        const auto row_end =
            static_cast<std::size_t>(std::min(end, column_start + column_height) - column_start);
        for (int y = first_row[row_begin]; y < first_row[row_end]; ++y) {
          std::uint8_t* row = image.labels.data() + static_cast<std::size_t>(y) *
                                                        static_cast<std::size_t>(image.width_px);
          std::fill(row + x_begin, row + x_end, label);
        }
      }
    }
    position += run;
  }
}

}  // namespace

LabelImage make_label_image(const Dataset& dataset, const Scene& scene, int submission,
                            int width_px, int height_px) {
  LabelImage image;
  if (width_px <= 0 || height_px <= 0 || submission < 0 ||
      submission >= static_cast<int>(dataset.submissions().size())) {
    return image;
  }
  image.width_px = width_px;
  image.height_px = height_px;
  image.labels.assign(static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px), 0);

  // Paint in category order so that later categories (the small parts) end on top.
  std::vector<const Annotation*> painted;
  for (const int index : dataset.submissions()[static_cast<std::size_t>(submission)].annotations) {
    const Annotation& annotation = dataset.annotations()[static_cast<std::size_t>(index)];
    if (!annotation.mask || class_hidden(scene, annotation.category_id)) continue;
    if (label_of_category(dataset, annotation.category_id) == 0) continue;
    painted.push_back(&annotation);
  }
  std::stable_sort(painted.begin(), painted.end(), [&](const Annotation* a, const Annotation* b) {
    return label_of_category(dataset, a->category_id) < label_of_category(dataset, b->category_id);
  });
  for (const Annotation* annotation : painted) {
    paint_mask(*annotation->mask,
               static_cast<std::uint8_t>(label_of_category(dataset, annotation->category_id)),
               image);
    ++image.parts;
  }
  int x0 = width_px, y0 = height_px, x1 = -1, y1 = -1;
  for (int y = 0; y < height_px; ++y) {
    const std::uint8_t* row =
        image.labels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px);
    for (int x = 0; x < width_px; ++x) {
      if (row[x] == 0) continue;
      x0 = std::min(x0, x);
      x1 = std::max(x1, x);
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
    }
  }
  if (x1 >= 0) {
    image.bounds[0] = x0;
    image.bounds[1] = y0;
    image.bounds[2] = x1 - x0 + 1;
    image.bounds[3] = y1 - y0 + 1;
  }
  return image;
}

void mark_outlines(LabelImage& image, float width_px) {
  const int w = image.width_px, h = image.height_px;
  if (!(width_px > 0) || w <= 0 || h <= 0) return;
  // Chamfer distances in thirds of a pixel: 3 along a row or column, 4 along a diagonal.
  constexpr std::uint16_t far = std::numeric_limits<std::uint16_t>::max() - 8;
  std::vector<std::uint16_t> distance(image.labels.size(), far);
  const auto at = [&](int x, int y) {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
  };
  // Seeds: labelled pixels with a differently labelled 4-neighbour are one pixel inside an edge.
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const std::uint8_t label = image.labels[at(x, y)];
      if (label == 0) continue;
      const bool edge = (x > 0 && image.labels[at(x - 1, y)] != label) ||
                        (x + 1 < w && image.labels[at(x + 1, y)] != label) ||
                        (y > 0 && image.labels[at(x, y - 1)] != label) ||
                        (y + 1 < h && image.labels[at(x, y + 1)] != label);
      if (edge) distance[at(x, y)] = 3;
    }
  }
  const auto relax = [&](std::size_t i, int x, int y, std::uint16_t step) {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const std::uint16_t through = static_cast<std::uint16_t>(distance[at(x, y)] + step);
    if (through < distance[i]) distance[i] = through;
  };
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const std::size_t i = at(x, y);
      relax(i, x - 1, y, 3);
      relax(i, x - 1, y - 1, 4);
      relax(i, x, y - 1, 3);
      relax(i, x + 1, y - 1, 4);
    }
  }
  for (int y = h - 1; y >= 0; --y) {
    for (int x = w - 1; x >= 0; --x) {
      const std::size_t i = at(x, y);
      relax(i, x + 1, y, 3);
      relax(i, x + 1, y + 1, 4);
      relax(i, x, y + 1, 3);
      relax(i, x - 1, y + 1, 4);
    }
  }
  const auto limit = static_cast<std::uint32_t>(std::lround(width_px * 3.0f));
  for (std::size_t i = 0; i < image.labels.size(); ++i) {
    if (image.labels[i] != 0 && distance[i] <= limit) image.labels[i] |= outline_bit;
  }
}

}  // namespace hitl
