// COCO's compressed RLE strings and polygon rasterization, following pycocotools' maskApi.c
// step by step so that hitl's masks match what COCO tools compute from the same file.
#include "hitl/data/coco_rle.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "hitl/base/text.hpp"

namespace hitl {

namespace {

constexpr int first_counts_char = 48;    // '0'
constexpr int last_counts_char = 111;    // 'o': 48 + 63, six bits per character
constexpr int max_groups_per_count = 7;  // 35 bits: any difference of two 32-bit counts, signed
constexpr double upsampling = 5;         // pycocotools walks the outline at 5x resolution
constexpr std::int64_t max_outline_steps = std::int64_t{1} << 26;

// The shortest text that reads back as the same double: 1250, 0.5, 1e+300.
std::string format_number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string describe_char(unsigned char c) {
  return quoted(std::string_view(reinterpret_cast<const char*>(&c), 1));
}

// pycocotools rounds with (int)(v + .5), which truncates toward zero: -3.5 becomes -3 where
// lround gives -4. Masks only match COCO tools' pixel for pixel when hitl rounds the same way.
int round_like_pycocotools(double value) {
  return static_cast<int>(value + .5);  // NOLINT(bugprone-incorrect-roundings)
}

// pycocotools' rleFrPoly for one polygon of k = xy.size() / 2 points, already checked to be
// finite and near the image. Returns the run lengths.
std::vector<std::uint32_t> rasterize_polygon(const std::vector<double>& xy, int width_px,
                                             int height_px) {
  const std::size_t k = xy.size() / 2;
  // The outline's corners at 5x resolution.
  std::vector<int> x(k + 1), y(k + 1);
  for (std::size_t j = 0; j < k; ++j) {
    x[j] = round_like_pycocotools(upsampling * xy[j * 2]);
    y[j] = round_like_pycocotools(upsampling * xy[j * 2 + 1]);
  }
  x[k] = x[0];
  y[k] = y[0];

  // Walk the outline one upsampled step at a time; where it moves from one column of upsampled
  // points to the next and that column is a pixel centre, it crosses the pixel column there: keep
  // the first pixel below the crossing, as a column-major index. pycocotools stores all the
  // steps first; looking at each with its predecessor gives the same crossings in less memory.
  const double h = height_px;
  std::vector<std::uint64_t> crossings;
  bool have_previous = false;
  int previous_u = 0, previous_v = 0;
  const auto visit = [&](int u, int v) {
    if (have_previous && u != previous_u) {
      double xd = u < previous_u ? u : u - 1;
      xd = (xd + .5) / upsampling - .5;
      if (std::floor(xd) == xd && xd >= 0 && xd <= width_px - 1) {
        double yd = v < previous_v ? v : previous_v;
        yd = (yd + .5) / upsampling - .5;
        yd = std::ceil(std::clamp(yd, 0.0, h));
        crossings.push_back(static_cast<std::uint64_t>(xd) * static_cast<std::uint64_t>(height_px) +
                            static_cast<std::uint64_t>(yd));
      }
    }
    previous_u = u;
    previous_v = v;
    have_previous = true;
  };
  for (std::size_t j = 0; j < k; ++j) {
    int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
    const int dx = std::abs(xe - xs), dy = std::abs(ys - ye);
    const bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      std::swap(xs, xe);
      std::swap(ys, ye);
    }
    if (dx == 0 && dy == 0) {  // a repeated point: pycocotools computes 0/0 here
      visit(xs, ys);
      continue;
    }
    const double s =
        dx >= dy ? static_cast<double>(ye - ys) / dx : static_cast<double>(xe - xs) / dy;
    if (dx >= dy) {
      for (int d = 0; d <= dx; ++d) {
        const int t = flip ? dx - d : d;
        visit(t + xs, round_like_pycocotools(ys + s * t));
      }
    } else {
      for (int d = 0; d <= dy; ++d) {
        const int t = flip ? dy - d : d;
        visit(round_like_pycocotools(xs + s * t), t + ys);
      }
    }
  }

  // Each crossing toggles the mask; sorted, their differences are the run lengths. Two crossings
  // at the same pixel cancel: the empty run between them is folded into the one before.
  crossings.push_back(static_cast<std::uint64_t>(width_px) * static_cast<std::uint64_t>(height_px));
  std::sort(crossings.begin(), crossings.end());
  std::uint64_t previous = 0;
  for (auto& c : crossings) {
    const std::uint64_t here = c;
    c -= previous;
    previous = here;
  }
  std::vector<std::uint32_t> counts;
  counts.push_back(static_cast<std::uint32_t>(crossings[0]));
  for (std::size_t j = 1; j < crossings.size();) {
    if (crossings[j] > 0) {
      counts.push_back(static_cast<std::uint32_t>(crossings[j++]));
    } else {
      ++j;
      if (j < crossings.size()) counts.back() += static_cast<std::uint32_t>(crossings[j++]);
    }
  }
  return counts;
}

}  // namespace

std::string encode_rle_counts(const std::vector<std::uint32_t>& counts) {
  std::string out;
  out.reserve(counts.size() * 2);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    std::int64_t x = counts[i];
    if (i > 2) x -= counts[i - 2];
    bool more = true;
    while (more) {
      int c = static_cast<int>(x & 0x1f);
      x >>= 5;  // arithmetic: a negative difference keeps its sign
      more = (c & 0x10) ? x != -1 : x != 0;
      if (more) c |= 0x20;
      out += static_cast<char>(c + first_counts_char);
    }
  }
  return out;
}

Result<std::vector<std::uint32_t>> decode_rle_counts(std::string_view text) {
  const auto fail = [](std::string message) { return error_at("", 0, 0, "", std::move(message)); };
  std::vector<std::uint32_t> counts;
  counts.reserve(text.size());  // never more counts than characters
  std::size_t p = 0;
  while (p < text.size()) {
    const std::size_t start = p;
    std::int64_t x = 0;
    int groups = 0;
    bool more = true;
    while (more) {
      if (p >= text.size()) {
        return fail("the counts string ends inside the run length that starts at character " +
                    std::to_string(start) + "; expected a last character from \"0\" to \"O\"");
      }
      const auto ch = static_cast<unsigned char>(text[p]);
      if (ch < first_counts_char || ch > last_counts_char) {
        return fail("character " + std::to_string(p) + " of the counts string is " +
                    describe_char(ch) + "; expected only characters from \"0\" to \"o\"");
      }
      if (groups == max_groups_per_count) {
        return fail("the run length that starts at character " + std::to_string(start) +
                    " goes on for more than " + std::to_string(max_groups_per_count) +
                    " characters; expected a length below 2^32");
      }
      const int c = ch - first_counts_char;
      x |= static_cast<std::int64_t>(c & 0x1f) << (5 * groups);
      more = (c & 0x20) != 0;
      ++p;
      ++groups;
      if (!more && (c & 0x10)) x |= static_cast<std::int64_t>(~std::uint64_t{0} << (5 * groups));
    }
    if (counts.size() > 2) x += counts[counts.size() - 2];
    if (x < 0 || x > std::numeric_limits<std::uint32_t>::max()) {
      return fail("run " + std::to_string(counts.size()) + " (characters " + std::to_string(start) +
                  " to " + std::to_string(p - 1) + " of the counts string) comes out as " +
                  std::to_string(x) + "; expected a run length from 0 to 4294967295");
    }
    counts.push_back(static_cast<std::uint32_t>(x));
  }
  return counts;
}

Result<MaskRle> rasterize_polygons(const std::vector<std::vector<double>>& polygons, int width_px,
                                   int height_px) {
  const auto fail = [](std::string message) { return error_at("", 0, 0, "", std::move(message)); };
  if (width_px < 1 || height_px < 1 || width_px > 65535 || height_px > 65535) {
    return fail("mask size " + std::to_string(width_px) + "x" + std::to_string(height_px) +
                " is not allowed; expected a width and height from 1 to 65535 pixels");
  }
  const double w = width_px, h = height_px;
  std::int64_t outline_steps = 0;
  for (std::size_t p = 0; p < polygons.size(); ++p) {
    const auto& xy = polygons[p];
    const std::string which = "polygon " + std::to_string(p);
    if (xy.size() % 2 != 0) {
      return fail(which + " has " + std::to_string(xy.size()) +
                  " coordinates, an odd number; expected x, y pairs");
    }
    if (xy.size() < 6) {
      return fail(which + " has " + std::to_string(xy.size() / 2) +
                  " points; expected at least 3 (6 coordinates)");
    }
    for (std::size_t j = 0; j < xy.size(); ++j) {
      // Far outside means more than one image size (at least 64 px) beyond an edge: such
      // points are mistakes, and keeping them near keeps the upsampled outline within int.
      const double side = j % 2 == 0 ? w : h;
      const double margin = std::max(side, 64.0);
      if (!std::isfinite(xy[j]) || xy[j] < -margin || xy[j] > side + margin) {
        return fail(which + ", point " + std::to_string(j / 2) + ": " + (j % 2 == 0 ? "x" : "y") +
                    " = " + format_number(xy[j]) + " lies far outside the " +
                    std::to_string(width_px) + "x" + std::to_string(height_px) +
                    " image; expected a coordinate in source pixels near the image");
      }
    }
    const std::size_t k = xy.size() / 2;
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t next = (j + 1) % k;
      const double dx = std::abs(xy[next * 2] - xy[j * 2]) * upsampling;
      const double dy = std::abs(xy[next * 2 + 1] - xy[j * 2 + 1]) * upsampling;
      outline_steps += static_cast<std::int64_t>(std::max(dx, dy)) + 2;
    }
    if (outline_steps > max_outline_steps) {
      return fail("the polygons' outlines are too long to rasterize (over " +
                  std::to_string(max_outline_steps / 5) +
                  " pixels in all); expected outlines of objects in the image");
    }
  }

  MaskRle mask{width_px,
               height_px,
               {static_cast<std::uint32_t>(static_cast<std::uint64_t>(width_px) *
                                           static_cast<std::uint64_t>(height_px))}};
  for (std::size_t p = 0; p < polygons.size(); ++p) {
    MaskRle one{width_px, height_px, rasterize_polygon(polygons[p], width_px, height_px)};
    mask = p == 0 ? std::move(one) : union_of_masks(mask, one);
  }
  return mask;
}

MaskRle union_of_masks(const MaskRle& a, const MaskRle& b) {
  assert(a.width == b.width && a.height == b.height && "union_of_masks: masks of different sizes");
  // A cursor over one mask's runs: how much is left of the current run and its value.
  struct Cursor {
    const std::vector<std::uint32_t>& counts;
    std::size_t index = 0;
    std::uint64_t left = 0;
    bool value = false;
    bool exhausted = false;

    explicit Cursor(const std::vector<std::uint32_t>& c) : counts(c) {
      if (counts.empty()) {
        exhausted = true;
      } else {
        left = counts[0];
      }
      skip_empty_runs();
    }
    void skip_empty_runs() {
      while (!exhausted && left == 0) {
        if (index + 1 >= counts.size()) {
          exhausted = true;  // past the end: counts as unset
          value = false;
          return;
        }
        left = counts[++index];
        value = !value;
      }
    }
    void take(std::uint64_t n) {
      if (exhausted) return;
      left -= n;
      skip_empty_runs();
    }
  };

  const std::uint64_t total =
      static_cast<std::uint64_t>(a.width) * static_cast<std::uint64_t>(a.height);
  MaskRle out{a.width, a.height, {}};
  Cursor ca(a.counts), cb(b.counts);
  bool current = false;
  std::uint64_t run = 0, position = 0;
  while (position < total) {
    std::uint64_t step = total - position;
    if (!ca.exhausted) step = std::min(step, ca.left);
    if (!cb.exhausted) step = std::min(step, cb.left);
    const bool value = ca.value || cb.value;
    if (value != current) {
      out.counts.push_back(static_cast<std::uint32_t>(run));
      run = 0;
      current = value;
    }
    run += step;
    position += step;
    ca.take(step);
    cb.take(step);
  }
  out.counts.push_back(static_cast<std::uint32_t>(run));
  return out;
}

}  // namespace hitl
