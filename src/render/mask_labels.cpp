// Sampling COCO run-length masks straight into a label image. A mask is runs of 0 and 1 down the
// columns of the source; the image wants, for each of its pixels, the source pixel under the
// pixel's centre. So each run of 1s visits only the sampled columns it passes through, and in
// each the sampled rows inside it: the work is the runs plus the painted pixels, never the full
// source size.
#include "hitl/render/mask_labels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <utility>
#include <vector>

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

// The rectangle painted so far, as inclusive pixel ranges; empty while x_last < x_first.
struct PaintedArea {
  int x_first = std::numeric_limits<int>::max(), x_last = -1;
  int y_first = std::numeric_limits<int>::max(), y_last = -1;
  void add(int x_begin, int x_end, int y_begin, int y_end) {
    x_first = std::min(x_first, x_begin);
    x_last = std::max(x_last, x_end - 1);
    y_first = std::min(y_first, y_begin);
    y_last = std::max(y_last, y_end - 1);
  }
};

void paint_mask(const MaskRle& mask, std::uint8_t label, LabelImage& image, PaintedArea& area) {
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
        if (first_row[row_begin] < first_row[row_end]) {
          area.add(x_begin, x_end, first_row[row_begin], first_row[row_end]);
        }
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
  make_label_image(dataset, scene, submission, width_px, height_px, image);
  return image;
}

void make_label_image(const Dataset& dataset, const Scene& scene, int submission, int width_px,
                      int height_px, LabelImage& image) {
  image.parts = 0;
  std::fill(std::begin(image.bounds), std::end(image.bounds), 0);
  if (width_px <= 0 || height_px <= 0 || submission < 0 ||
      submission >= static_cast<int>(dataset.submissions().size())) {
    image.width_px = image.height_px = 0;
    image.labels.clear();
    return;
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
  // Painting only ever writes labels above 0, so the painted rectangles' union is exactly the
  // labelled pixels' bounds.
  PaintedArea area;
  for (const Annotation* annotation : painted) {
    paint_mask(*annotation->mask,
               static_cast<std::uint8_t>(label_of_category(dataset, annotation->category_id)),
               image, area);
    ++image.parts;
  }
  if (area.x_last >= 0) {
    image.bounds[0] = area.x_first;
    image.bounds[1] = area.y_first;
    image.bounds[2] = area.x_last - area.x_first + 1;
    image.bounds[3] = area.y_last - area.y_first + 1;
  }
}

void mark_outlines(LabelImage& image, float width_px) {
  const int w = image.width_px, h = image.height_px;
  const int left = image.bounds[0], top = image.bounds[1];
  const int bounds_width = image.bounds[2], bounds_height = image.bounds[3];
  if (!(width_px > 0) || w <= 0 || h <= 0 || bounds_width <= 0 || bounds_height <= 0) return;
  // Chamfer distances in thirds of a pixel: 3 along a row or column, 4 along a diagonal. A seed
  // is at 3; every other pixel at 3 plus its chamfer distance to the nearest seed. A pixel is
  // marked when that is at most `limit`.
  const auto limit = static_cast<int>(std::lround(width_px * 3.0f));
  const auto label_at = [&](int x, int y) {
    return image.labels[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                        static_cast<std::size_t>(x)];
  };
  // Seeds: labelled pixels with a differently labelled 4-neighbour are one pixel inside an edge.
  // Neighbours are read from the whole image: only its own border is not an edge. All are found
  // before any is marked, as marking changes the values compared here.
  std::vector<std::uint32_t>& seeds = image.outline_seeds;
  seeds.clear();
  for (int y = top; y < top + bounds_height; ++y) {
    for (int x = left; x < left + bounds_width; ++x) {
      const std::uint8_t label = label_at(x, y);
      if (label == 0) continue;
      const bool edge =
          (x > 0 && label_at(x - 1, y) != label) || (x + 1 < w && label_at(x + 1, y) != label) ||
          (y > 0 && label_at(x, y - 1) != label) || (y + 1 < h && label_at(x, y + 1) != label);
      if (edge)
        seeds.push_back(static_cast<std::uint32_t>(y) * static_cast<std::uint32_t>(w) +
                        static_cast<std::uint32_t>(x));
    }
  }
  if (seeds.empty() || limit < 3) return;
  const auto seed_at = [&](std::uint32_t seed) {
    return std::pair{static_cast<int>(seed % static_cast<std::uint32_t>(w)),
                     static_cast<int>(seed / static_cast<std::uint32_t>(w))};
  };

  // With nothing in the way, the chamfer distance between two pixels is 3 * max(|dx|, |dy|) +
  // min(|dx|, |dy|). For the usual outline of a pixel or two, each seed reaches a handful of
  // pixels: marking those around every seed costs far less than two passes over the bounds.
  const int reach = (limit - 3) / 3;
  std::vector<std::pair<int, int>>& within = image.outline_stamp;  // (dx, dy) a seed reaches
  within.clear();
  for (int dy = -reach; dy <= reach; ++dy) {
    for (int dx = -reach; dx <= reach; ++dx) {
      const int longer = std::max(std::abs(dx), std::abs(dy));
      const int shorter = std::min(std::abs(dx), std::abs(dy));
      if (3 + 3 * longer + shorter <= limit) within.emplace_back(dx, dy);
    }
  }
  const std::uint64_t area = std::uint64_t(bounds_width) * std::uint64_t(bounds_height);
  if (std::uint64_t{seeds.size()} * within.size() <= 2 * area) {
    for (const std::uint32_t seed : seeds) {
      const auto [x, y] = seed_at(seed);
      for (const auto& [dx, dy] : within) {
        const int nx = x + dx, ny = y + dy;
        if (nx < left || nx >= left + bounds_width || ny < top || ny >= top + bounds_height) {
          continue;
        }
        std::uint8_t& value =
            image.labels[static_cast<std::size_t>(ny) * static_cast<std::size_t>(w) +
                         static_cast<std::size_t>(nx)];
        if (value != 0) value |= outline_bit;
      }
    }
    return;
  }

  // A wide outline: a chamfer distance transform over the bounds. Every seed and every pixel that
  // can be marked is labelled, so inside the bounds; a shortest chamfer path stays inside the box
  // of its two ends, so the distances over the bounds alone are exact. The distances are kept
  // with a border of one `far` pixel all round, so that the passes need no bounds checks.
  constexpr std::uint16_t far = std::numeric_limits<std::uint16_t>::max() - 8;
  const int stride = bounds_width + 2;
  std::vector<std::uint16_t>& distance = image.outline_distance;
  distance.assign(static_cast<std::size_t>(stride) * static_cast<std::size_t>(bounds_height + 2),
                  far);
  // The distance of image pixel (left + x, top + y).
  const auto distance_index = [&](int x, int y) {
    return static_cast<std::size_t>(y + 1) * static_cast<std::size_t>(stride) +
           static_cast<std::size_t>(x + 1);
  };
  for (const std::uint32_t seed : seeds) {
    const auto [x, y] = seed_at(seed);
    distance[distance_index(x - left, y - top)] = 3;
  }
  const auto up = static_cast<std::ptrdiff_t>(stride);
  const auto relax = [&](std::uint16_t* d, std::ptrdiff_t offset, std::uint16_t step) {
    const auto through = static_cast<std::uint16_t>(d[offset] + step);
    if (through < *d) *d = through;
  };
  for (int y = 0; y < bounds_height; ++y) {
    std::uint16_t* d = distance.data() + distance_index(0, y);
    for (int x = 0; x < bounds_width; ++x, ++d) {
      relax(d, -1, 3);
      relax(d, -up - 1, 4);
      relax(d, -up, 3);
      relax(d, -up + 1, 4);
    }
  }
  for (int y = bounds_height - 1; y >= 0; --y) {
    std::uint16_t* d = distance.data() + distance_index(bounds_width - 1, y);
    for (int x = bounds_width - 1; x >= 0; --x, --d) {
      relax(d, 1, 3);
      relax(d, up + 1, 4);
      relax(d, up, 3);
      relax(d, up - 1, 4);
    }
  }
  for (int y = 0; y < bounds_height; ++y) {
    std::uint8_t* row = image.labels.data() +
                        static_cast<std::size_t>(top + y) * static_cast<std::size_t>(w) +
                        static_cast<std::size_t>(left);
    const std::uint16_t* d = distance.data() + distance_index(0, y);
    for (int x = 0; x < bounds_width; ++x) {
      if (row[x] != 0 && d[x] <= limit) row[x] |= outline_bit;
    }
  }
}

}  // namespace hitl
